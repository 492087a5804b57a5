package replayserver

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
)

// Headers the server adds to its answers.
const (
	// InteractionHeader names the recorded interaction that answered,
	// as "<file>#<index>".
	InteractionHeader = "X-Conformance-Interaction"
	// InvalidRequestHeader carries the Validate error of a request that was
	// served from a recording anyway.
	InvalidRequestHeader = "X-Conformance-Invalid-Request"
)

// Options configure New.
type Options struct {
	// Dir is the root of the cassette tree; every *.yaml below it is served.
	Dir string
	// Validate, when set, checks each request's business parameters (query
	// and form body merged, without the RPC common parameters and
	// credentials; see vcr.BusinessParams) against the contract of action,
	// the operation the request calls (its Action parameter or x-acs-action
	// header; "" when it names none). Its error should say which parameter
	// is wrong and why, or that action has no contract.
	Validate func(action string, params url.Values) error
	// MaxBodyBytes bounds a request body (0: DefaultMaxBodyBytes);
	// DescribeSecurityGroups bodies are a few hundred bytes.
	MaxBodyBytes int64
	// MaxParams bounds the parameters of a request, query and body
	// together (0: DefaultMaxParams). A request over it is refused before
	// it is matched: comparing thousands of parameters with every
	// recording cost more CPU than serving hundreds of matches.
	MaxParams int
}

// Server is an http.Handler answering from recorded interactions. It is safe
// for concurrent use.
type Server struct {
	validate  func(string, url.Values) error
	maxBody   int64
	maxParams int
	entries   []entry
	keys      []vcr.Key
	byKey     map[string][]int // key string → indices into entries, in load order

	mu       sync.Mutex
	next     map[string]int // key string → position in byKey of the next answer
	requests uint64         // numbers the RequestIds of the server's own errors
}

// entry is one loaded interaction.
type entry struct {
	name   string // "<file>#<index>"
	status int
	header http.Header
	body   string
}

// New loads every cassette under opts.Dir. An error names the cassette and
// interaction that could not be loaded; an empty tree is an error too, since
// a server that can answer nothing is a misconfiguration.
func New(opts Options) (*Server, error) {
	if opts.Dir == "" {
		return nil, errors.New(`replayserver: Options.Dir is empty; set it to the cassette directory, e.g. "cassettes"`)
	}
	recorded, err := vcr.Interactions(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("replayserver: %w", err)
	}
	if len(recorded) == 0 {
		return nil, fmt.Errorf("replayserver: no recorded interactions under %s; record cassettes first (make record)", opts.Dir)
	}
	if opts.MaxBodyBytes < 0 || opts.MaxParams < 0 {
		return nil, fmt.Errorf("replayserver: MaxBodyBytes %d and MaxParams %d must not be negative (0 keeps the defaults)", opts.MaxBodyBytes, opts.MaxParams)
	}
	s := &Server{validate: opts.Validate, maxBody: cmp.Or(opts.MaxBodyBytes, DefaultMaxBodyBytes), maxParams: cmp.Or(opts.MaxParams, DefaultMaxParams),
		byKey: map[string][]int{}, next: map[string]int{}}
	for _, rec := range recorded {
		key, err := rec.Key()
		if err != nil {
			return nil, fmt.Errorf("replayserver: %w", err)
		}
		resp := rec.Interaction.Response
		if resp.Code < 100 || resp.Code > 599 {
			return nil, fmt.Errorf("replayserver: %s: recorded status code %d is not an HTTP status; fix or re-record the cassette", rec, resp.Code)
		}
		s.byKey[key.String()] = append(s.byKey[key.String()], len(s.entries))
		s.entries = append(s.entries, entry{name: rec.String(), status: resp.Code, header: resp.Headers, body: resp.Body})
		s.keys = append(s.keys, key)
	}
	return s, nil
}

// Len returns the number of recorded interactions served.
func (s *Server) Len() int { return len(s.entries) }

// Reset makes every key answer with its first recorded interaction again.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.next)
}

// ServeHTTP answers r from the recorded interaction with the same key.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.maxBody))
	if err != nil {
		s.writeError(w, http.StatusBadRequest, codeInvalidRequest, fmt.Sprintf("cannot read the request body: %v", err))
		return
	}
	if n := countParams(r.URL.RawQuery) + countParams(string(body)); n > s.maxParams {
		s.writeError(w, http.StatusBadRequest, codeInvalidRequest, fmt.Sprintf("the request has up to %d parameters; the replay server matches requests of at most %d (no recording has more)", n, s.maxParams))
		return
	}
	key, err := vcr.CanonicalKey(r, body)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, codeInvalidRequest, err.Error())
		return
	}
	var invalid error
	if s.validate != nil {
		params, err := vcr.BusinessParams(r, body)
		if err == nil {
			err = s.validate(key.Action(), params)
		}
		invalid = err
	}

	e, ok := s.take(key)
	if !ok {
		s.writeMiss(w, key, invalid)
		return
	}
	h := w.Header()
	for name, values := range e.header {
		switch http.CanonicalHeaderKey(name) {
		case "Content-Length", "Transfer-Encoding", "Connection", "Date":
			// The server computes its own.
			continue
		}
		h[name] = append([]string(nil), values...)
	}
	h.Set(InteractionHeader, e.name)
	if invalid != nil {
		h.Set(InvalidRequestHeader, oneLine(invalid.Error()))
	}
	w.WriteHeader(e.status)
	io.WriteString(w, e.body)
}

// take returns the next recorded answer for key, cycling through the
// interactions that share it.
func (s *Server) take(key vcr.Key) (entry, bool) {
	k := key.String()
	indices := s.byKey[k]
	if len(indices) == 0 {
		return entry{}, false
	}
	s.mu.Lock()
	pos := s.next[k]
	s.next[k] = (pos + 1) % len(indices)
	s.mu.Unlock()
	return s.entries[indices[pos]], true
}

// writeMiss answers a request that no recording matches.
func (s *Server) writeMiss(w http.ResponseWriter, key vcr.Key, invalid error) {
	msg := fmt.Sprintf("no recorded interaction matches %s", clip(key.String(), maxShownKey))
	if i, diff := vcr.Closest(key, s.keys); i >= 0 {
		msg += fmt.Sprintf("; closest: %s differs in: %s", s.entries[i].name, clipDiffs(diff))
	}
	if invalid != nil {
		s.writeError(w, http.StatusBadRequest, codeInvalidRequest, fmt.Sprintf("the request is invalid: %s; and %s", clip(oneLine(invalid.Error()), maxShownKey), msg))
		return
	}
	s.writeError(w, http.StatusNotFound, codeNoRecordedInteraction, msg)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
