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

	"github.com/ecs-conformance/ecs-conformance/runner/ownerror"
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
	// Dir is the root of the cassette tree; every *.yaml (and *.yaml.gz) below it is served.
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
	index     *vcr.Index

	errs ownerror.Writer // the server's own errors

	mu   sync.Mutex
	next map[string]int // key string and context → position of the next answer among its matches
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
	s := &Server{errs: ownerror.Writer{HostID: "replay-server", RequestIDPrefix: "00000000-0000-4000-8000-"}, validate: opts.Validate, maxBody: cmp.Or(opts.MaxBodyBytes, DefaultMaxBodyBytes), maxParams: cmp.Or(opts.MaxParams, DefaultMaxParams),
		next: map[string]int{}}
	for _, rec := range recorded {
		if code := rec.Interaction.Response.Code; code < 100 || code > 599 {
			return nil, fmt.Errorf("replayserver: %s: recorded status code %d is not an HTTP status; fix or re-record the cassette", rec, code)
		}
	}
	if s.index, err = vcr.NewIndex(recorded); err != nil {
		return nil, fmt.Errorf("replayserver: %w", err)
	}
	return s, nil
}

// Len returns the number of recorded interactions served.
func (s *Server) Len() int { return s.index.Len() }

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
		s.writeError(w, http.StatusBadRequest, codeInvalidRequest, fmt.Sprintf("cannot read the request body: %v", err), recommendFix)
		return
	}
	if n := countParams(r.URL.RawQuery) + countParams(string(body)); n > s.maxParams {
		s.writeError(w, http.StatusBadRequest, codeInvalidRequest, fmt.Sprintf("the request has up to %d parameters; the replay server matches requests of at most %d (no recording has more)", n, s.maxParams), recommendFix)
		return
	}
	key, err := vcr.CanonicalKey(r, body)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, codeInvalidRequest, err.Error(), recommendFix)
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

	ctx := vcr.ParseContext(strings.Join(r.Header.Values(vcr.ContextHeader), ","))
	e, ok := s.take(key, ctx)
	if !ok {
		s.writeMiss(w, key, ctx, invalid)
		return
	}
	resp := e.Interaction.Response
	h := w.Header()
	for name, values := range resp.Headers {
		switch http.CanonicalHeaderKey(name) {
		case "Content-Length", "Transfer-Encoding", "Connection", "Date":
			// The server computes its own.
			continue
		}
		h[name] = append([]string(nil), values...)
	}
	h.Set(InteractionHeader, e.Recorded.String())
	if invalid != nil {
		h.Set(InvalidRequestHeader, oneLine(invalid.Error()))
	}
	w.WriteHeader(resp.Code)
	io.WriteString(w, resp.Body)
}

// take returns the next recorded answer for key in the client's context,
// cycling through the interactions that may give it.
func (s *Server) take(key vcr.Key, ctx vcr.Context) (*vcr.Entry, bool) {
	matches := s.index.Matches(key, ctx)
	if len(matches) == 0 {
		return nil, false
	}
	k := string(ctx) + "\x00" + key.String()
	s.mu.Lock()
	pos := s.next[k] % len(matches)
	s.next[k] = (pos + 1) % len(matches)
	s.mu.Unlock()
	return s.index.Entry(matches[pos]), true
}

// writeMiss answers a request that no recording matches, with the shared
// diagnosis: what differs (context, scheme, action, method, case or
// parameters) from the nearest API interaction.
func (s *Server) writeMiss(w http.ResponseWriter, key vcr.Key, ctx vcr.Context, invalid error) {
	d := s.index.Diagnose(key, ctx)
	msg := fmt.Sprintf("no recorded interaction matches %s; %s", vcr.Clip(key.String(), maxShownKey), d)
	if invalid != nil {
		s.writeError(w, http.StatusBadRequest, codeInvalidRequest, fmt.Sprintf("the request is invalid: %s; and %s", vcr.Clip(oneLine(invalid.Error()), maxShownKey), msg), recommendFix)
		return
	}
	s.writeError(w, http.StatusNotFound, codeNoRecordedInteraction, msg, recommendFor(d))
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
