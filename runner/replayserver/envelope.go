package replayserver

import (
	"net/http"

	"github.com/ecs-conformance/ecs-conformance/runner/ownerror"
	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
)

// Error codes of the replay server's own answers. The "Conformance." prefix
// keeps them apart from every code the real service answers.
const (
	codeNoRecordedInteraction = ownerror.CodeNoRecordedInteraction
	codeInvalidRequest        = ownerror.CodeInvalidRequest
)

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

// writeError answers with an error in the Alibaba envelope.
func (s *Server) writeError(w http.ResponseWriter, status int, code, message, recommend string) {
	s.errs.Write(w, status, code, message, recommend)
}
