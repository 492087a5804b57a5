package proxy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
)

// Error codes of the proxy's own answers. The "Conformance." prefix keeps
// them apart from every code the real service answers.
const (
	codeNoRecordedInteraction = "Conformance.NoRecordedInteraction"
	codeInvalidRequest        = "Conformance.InvalidRequest"
	codeNoRecording           = "Conformance.NoRecording"
	codeUpstream              = "Conformance.UpstreamUnavailable"
	codeControl               = "Conformance.Control"
)

// hostID is the HostId of the proxy's own errors.
const hostID = "conformance-proxy"

// Recommendations: the service puts a troubleshooting link in Recommend;
// the proxy says what to do.
const (
	recommendFix      = "Fix the request as the Message says."
	recommendName     = "Name the recording of each test with the " + RecordingHeader + " header, or start the proxy with -recording NAME."
	recommendRecord   = "Record the client's traffic once with `conformance proxy -mode record -upstream URL -cassettes DIR` (against ecsemu or the real cloud) and commit the cassettes; then play them back with -mode playback."
	recommendRerecord = "Re-record the recording (-mode record) after the client changed what it sends; restart a playback with POST " + ControlPrefix + "recordings/start."
)

// recommendFor is the Recommend of a playback miss, by what the diagnosis
// found.
func recommendFor(d vcr.Diagnosis) string {
	switch d.Reason {
	case vcr.ReasonContext:
		return "Set or drop the " + vcr.ContextHeader + " header as the Message says, or replay the control call that set the context when the recording was made."
	case vcr.ReasonScheme:
		return "Sign as the recording was signed, or " + recommendRerecord
	}
	return recommendRerecord
}

// envelope is the Alibaba Cloud error body, with every field the service
// sends, so the SDKs decode it as they decode the service's errors.
type envelope struct {
	RequestId string
	HostId    string
	Code      string
	Message   string
	Recommend string
}

// writeError answers with an error in the Alibaba envelope. RequestIds count
// up from 1, so a client's logs point at the proxy's n-th own error.
func (p *Proxy) writeError(w http.ResponseWriter, status int, code, message, recommend string) {
	p.mu.Lock()
	p.requests++
	n := p.requests
	p.mu.Unlock()
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(envelope{RequestId: fmt.Sprintf("00000000-0000-4000-9000-%012X", n), HostId: hostID, Code: code, Message: message, Recommend: recommend}); err != nil {
		panic(err) // five strings always encode
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	w.Write(body.Bytes())
}
