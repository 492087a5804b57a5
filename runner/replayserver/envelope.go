package replayserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
)

// Error codes of the replay server's own answers. The "Conformance." prefix
// keeps them apart from every code the real service answers.
const (
	codeNoRecordedInteraction = "Conformance.NoRecordedInteraction"
	codeInvalidRequest        = "Conformance.InvalidRequest"
)

// hostID is the HostId of the server's own errors.
const hostID = "replay-server"

// envelope is the Alibaba Cloud error body, as the SDKs parse it, with
// every field the service sends: the legacy SDK and the CLI print
// Recommend, and the contract's error schema requires it.
type envelope struct {
	RequestId string
	HostId    string
	Code      string
	Message   string
	Recommend string
}

// Recommendations of the server's own errors. The service puts a
// troubleshooting link there; ours say what to do, since no page explains a
// missing recording.
const (
	recommendFix    = "Fix the request as the Message says; the replay server answers only requests that a cassette recorded."
	recommendRecord = "Record this client's own traffic once with `conformance proxy -mode record -upstream URL -cassettes DIR` (against ecsemu or the real cloud), commit the cassettes, and play them back with `conformance proxy -mode playback` or `conformance replay-server -cassettes DIR`."
)

// recommendFor is the Recommend of a miss, by what the diagnosis found.
func recommendFor(d vcr.Diagnosis) string {
	switch d.Reason {
	case vcr.ReasonContext:
		return "Set or drop the " + vcr.ContextHeader + " header as the Message says: answers recorded after a control call (faults, fixtures) are served only to a client that asks for them."
	case vcr.ReasonScheme:
		return "Serve a cassette root that holds both signature schemes (-cassettes cassettes), or sign as the recordings were signed; " + recommendRecord
	}
	return recommendRecord
}

// writeError answers with an error in the Alibaba envelope. RequestIds count
// up from 1, so a client's logs point at the server's n-th own error.
func (s *Server) writeError(w http.ResponseWriter, status int, code, message, recommend string) {
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
		Recommend: recommend,
	}); err != nil {
		// Encoding five strings cannot fail.
		panic(err)
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	w.Write(body.Bytes())
}
