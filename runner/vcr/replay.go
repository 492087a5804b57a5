package vcr

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v2/cassette"
)

// MissingCassetteError is returned by Open in Replay mode when the cassette
// file does not exist.
type MissingCassetteError struct {
	File          string
	RecordCommand string
}

func (e *MissingCassetteError) Error() string {
	return fmt.Sprintf("vcr: cassette %s does not exist, so this spec cannot be replayed; record it with %s", e.File, e.RecordCommand)
}

// MissError is returned by a replaying Recorder for a request that no unused
// recorded interaction matches.
type MissError struct {
	File string // the cassette
	Sent Key    // the request that found no match
	// Closest is the index of the recorded interaction nearest to Sent, -1
	// when the cassette has none; Diff says how it differs (recorded side
	// first). When Replayed is true, Closest matches Sent exactly but has
	// already answered an earlier request.
	Closest       int
	Diff          []string
	Replayed      bool
	RecordCommand string
}

func (e *MissError) Error() string {
	switch {
	case e.Closest < 0:
		return fmt.Sprintf("vcr: no recorded interaction matches %s: cassette %s holds none; if the spec now sends requests it did not send when recorded, re-record with %s",
			e.Sent, e.File, e.RecordCommand)
	case e.Replayed:
		return fmt.Sprintf("vcr: %s#%d matches %s but already answered an earlier request; each recorded interaction answers once, in order, so the spec sends this request more often than when it was recorded; re-record with %s",
			e.File, e.Closest, e.Sent, e.RecordCommand)
	}
	return fmt.Sprintf("vcr: no recorded interaction in %s matches %s; closest: %s#%d differs in: %s; if the change is intended, re-record with %s",
		e.File, e.Sent, e.File, e.Closest, strings.Join(e.Diff, "; "), e.RecordCommand)
}

// replay answers req from the cassette through go-vcr, and explains a miss.
func (r *Recorder) replay(req *http.Request) (*http.Response, error) {
	body, err := readBody(req)
	if err != nil {
		return nil, err
	}
	sent, err := CanonicalKey(req, body)
	if err != nil {
		return nil, fmt.Errorf("vcr: cannot replay %s %s: %w", req.Method, req.URL.Redacted(), err)
	}
	// One lookup at a time: match relies on the lookup state, and go-vcr
	// itself serializes lookups on its cassette anyway.
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return nil, fmt.Errorf("vcr: request %s sent after Stop of the replay of %s", sent, r.file)
	}
	r.lookup = lookup{sent: sent.String()}
	for i, used := range r.used {
		if !used {
			r.lookup.pending = append(r.lookup.pending, i)
		}
	}
	resp, err := r.answer(withBody(req, body))
	if r.lookup.desync != nil {
		return nil, r.lookup.desync
	}
	if errors.Is(err, cassette.ErrInteractionNotFound) {
		return nil, r.miss(sent)
	}
	if err != nil {
		return nil, fmt.Errorf("vcr: replaying %s from %s: %w", sent, r.file, err)
	}
	return ownResponse(resp, req), nil
}

// match is the go-vcr matcher. It compares the precomputed key of the
// interaction go-vcr offers with the sent key, and marks the interaction used
// on a match, mirroring go-vcr's own bookkeeping. It checks that the offered
// request is the one the mirror expects, so a change in go-vcr's iteration
// fails loudly instead of replaying the wrong answer.
func (r *Recorder) match(_ *http.Request, offered cassette.Request) bool {
	l := &r.lookup
	if l.desync != nil {
		return false
	}
	if l.pos >= len(l.pending) {
		l.desync = fmt.Errorf("vcr: go-vcr offered more interactions of %s than are unused; its replay bookkeeping no longer works as this package expects (go-vcr v2.3.0)", r.file)
		return false
	}
	i := l.pending[l.pos]
	l.pos++
	want := r.loaded[i].Request
	if offered.Method != want.Method || offered.URL != want.URL || offered.Body != want.Body {
		l.desync = fmt.Errorf("vcr: go-vcr offered an interaction of %s out of order (expected #%d); its replay bookkeeping no longer works as this package expects (go-vcr v2.3.0)", r.file, i)
		return false
	}
	if r.keyStr[i] != l.sent {
		return false
	}
	r.used[i] = true
	return true
}

// miss builds the error for a request nothing matched: an exact match that
// was already used, else the closest unused interaction, else the closest of
// all.
func (r *Recorder) miss(sent Key) error {
	e := &MissError{File: r.file, Sent: sent, Closest: -1, RecordCommand: r.command}
	s := sent.String()
	for i, k := range r.keyStr {
		if r.used[i] && k == s {
			e.Closest, e.Replayed = i, true
			return e
		}
	}
	var unused []Key
	var index []int
	for i, k := range r.keys {
		if !r.used[i] {
			unused, index = append(unused, k), append(index, i)
		}
	}
	if len(unused) == 0 {
		unused, index = r.keys, nil
	}
	best, diff := Closest(sent, unused)
	if best >= 0 {
		e.Closest, e.Diff = best, diff
		if index != nil {
			e.Closest = index[best]
		}
	}
	return e
}
