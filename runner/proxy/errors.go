package proxy

import (
	"net/http"

	"github.com/ecs-conformance/ecs-conformance/runner/ownerror"
	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
)

// Error codes of the proxy's own answers. The "Conformance." prefix keeps
// them apart from every code the real service answers.
const (
	codeNoRecordedInteraction = ownerror.CodeNoRecordedInteraction
	codeInvalidRequest        = ownerror.CodeInvalidRequest
	codeNoRecording           = "Conformance.NoRecording"
	codeUpstream              = "Conformance.UpstreamUnavailable"
	codeControl               = "Conformance.Control"
)

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

// writeError answers with an error in the Alibaba envelope.
func (p *Proxy) writeError(w http.ResponseWriter, status int, code, message, recommend string) {
	p.errs.Write(w, status, code, message, recommend)
}
