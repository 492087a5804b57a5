package vcr

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v2/cassette"
)

// ContextHeader is the request header with which a client asks a replaying
// server for the answers recorded under a context: a comma-separated list
// of context labels, e.g. "internalError". Without it only answers recorded
// in no context are served, so an ordinary client never gets the
// InternalError a fault spec provoked on purpose.
const ContextHeader = "X-Conformance-Context"

// ControlPrefix is the path of the emulator's control endpoints. A recorded
// call there is a control interaction, not an API call: it is served only to
// a request for the same control call, and it changes the context of the
// interactions after it.
const ControlPrefix = "/_emulator/"

// Context labels: what a control call had changed when an interaction was
// recorded. The fault labels are the fields of POST /_emulator/faults that
// change answers (latency does not); ContextFixtures means the data had been
// replaced with POST /_emulator/fixtures.
const (
	ContextThrottle      = "throttle"
	ContextInternalError = "internalError"
	ContextUnavailable   = "unavailable"
	ContextFixtures      = "fixtures"
)

// Context is a canonical set of context labels: sorted, comma-separated,
// "" for none (the default fixture, no faults).
type Context string

// ParseContext reads a ContextHeader value: labels separated by commas or
// spaces, in any order and case-sensitive, duplicates dropped.
func ParseContext(header string) Context {
	labels := strings.FieldsFunc(header, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	slices.Sort(labels)
	return Context(strings.Join(slices.Compact(labels), ","))
}

// IsControl reports whether a recorded request was a control call.
func IsControl(r cassette.Request) bool {
	u, err := url.Parse(r.URL)
	return err == nil && strings.HasPrefix(u.Path, ControlPrefix)
}

// Contexts returns, for each interaction of one cassette in recorded order,
// the context it was recorded in, and the context in force after it (which
// differs only after a control call that succeeded). A cassette starts in no
// context: every recording starts from the emulator's default state.
//
//	POST /_emulator/faults {"internalError":1}  → after: internalError
//	POST /_emulator/fixtures ...                → after: fixtures (+ faults in force)
//	POST /_emulator/reset                       → after: "" (reset clears both)
//
// The faults in force are read from the answer, which reports them whole.
func Contexts(interactions []*cassette.Interaction) (during, after []Context) {
	during = make([]Context, len(interactions))
	after = make([]Context, len(interactions))
	var faults []string
	fixtures := false
	for i, in := range interactions {
		during[i] = contextOf(faults, fixtures)
		if IsControl(in.Request) && in.Response.Code >= 200 && in.Response.Code < 300 {
			u, _ := url.Parse(in.Request.URL)
			switch strings.TrimPrefix(u.Path, ControlPrefix) {
			case "reset":
				faults, fixtures = nil, false
			case "fixtures":
				fixtures = true
			case "faults":
				if in.Request.Method == "POST" {
					faults = faultLabels(in.Response.Body)
				}
			}
		}
		after[i] = contextOf(faults, fixtures)
	}
	return during, after
}

// faultLabels names the faults a /_emulator/faults answer reports as in
// force (a probability above zero).
func faultLabels(body string) []string {
	var f struct {
		Throttle      float64 `json:"throttle"`
		InternalError float64 `json:"internalError"`
		Unavailable   float64 `json:"unavailable"`
	}
	if err := json.Unmarshal([]byte(body), &f); err != nil {
		return nil
	}
	var out []string
	for _, l := range []struct {
		label string
		p     float64
	}{{ContextThrottle, f.Throttle}, {ContextInternalError, f.InternalError}, {ContextUnavailable, f.Unavailable}} {
		if l.p > 0 {
			out = append(out, l.label)
		}
	}
	return out
}

func contextOf(faults []string, fixtures bool) Context {
	labels := slices.Clone(faults)
	if fixtures {
		labels = append(labels, ContextFixtures)
	}
	return ParseContext(strings.Join(labels, ","))
}
