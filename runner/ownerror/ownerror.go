// Package ownerror writes the answers the replay server and the proxy give
// of their own (no recording, a bad request, a control call refused) in the
// Alibaba Cloud error envelope, so every SDK decodes them as it decodes the
// service's errors. The codes carry the "Conformance." prefix, which keeps
// them apart from every code the real service answers.
package ownerror

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
)

// Codes both servers answer.
const (
	CodeNoRecordedInteraction = "Conformance.NoRecordedInteraction"
	CodeInvalidRequest        = "Conformance.InvalidRequest"
)

// envelope has every field the service sends: the legacy SDK and the CLI
// print Recommend, and the contract's error schema requires it.
type envelope struct {
	RequestId string
	HostId    string
	Code      string
	Message   string
	Recommend string
}

// Writer writes one server's errors. RequestIds count up from 1 under the
// server's own prefix, so a client's logs point at the server's n-th own
// error and say which server it was.
type Writer struct {
	HostID string
	// RequestIDPrefix is the RequestId before its 12 hex digits of count,
	// e.g. "00000000-0000-4000-8000-".
	RequestIDPrefix string

	mu sync.Mutex
	n  int64
}

// Write answers with status and the envelope of code, message and recommend.
func (e *Writer) Write(w http.ResponseWriter, status int, code, message, recommend string) {
	e.mu.Lock()
	e.n++
	n := e.n
	e.mu.Unlock()
	// Keys such as "a=1&b=2" read better without HTML escaping.
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(envelope{RequestId: fmt.Sprintf("%s%012X", e.RequestIDPrefix, n), HostId: e.HostID,
		Code: code, Message: message, Recommend: recommend}); err != nil {
		panic(err) // five strings always encode
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	w.Write(body.Bytes())
}
