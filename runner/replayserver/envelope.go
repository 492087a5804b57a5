package replayserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
)

// Error codes of the replay server's own answers. The "Conformance." prefix
// keeps them apart from every code the real service answers.
const (
	codeNoRecordedInteraction = "Conformance.NoRecordedInteraction"
	codeInvalidRequest        = "Conformance.InvalidRequest"
)

// hostID is the HostId of the server's own errors.
const hostID = "replay-server"

// envelope is the Alibaba Cloud error body, as the SDKs parse it.
type envelope struct {
	RequestId string
	HostId    string
	Code      string
	Message   string
}

// writeError answers with an error in the Alibaba envelope. RequestIds count
// up from 1, so a client's logs point at the server's n-th own error.
func (s *Server) writeError(w http.ResponseWriter, status int, code, message string) {
	s.mu.Lock()
	s.requests++
	n := s.requests
	s.mu.Unlock()
	// Keys such as "a=1&b=2" read better without HTML escaping.
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(envelope{
		RequestId: fmt.Sprintf("00000000-0000-4000-8000-%012X", n),
		HostId:    hostID,
		Code:      code,
		Message:   message,
	}); err != nil {
		// Encoding four strings cannot fail.
		panic(err)
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	w.Write(body.Bytes())
}
