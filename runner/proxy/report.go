package proxy

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Report is the client-conformance report of one recording: what the
// client sent that broke the contract, and what came back that drifted
// from it. An SDK author reads it in CI to see that a change still speaks
// the contract.
type Report struct {
	Recording string `json:"recording"`
	Mode      Mode   `json:"mode"`
	// Requests counts the API requests seen; ControlCalls the calls to the
	// emulator's control endpoints (not checked).
	Requests     int `json:"requests"`
	ControlCalls int `json:"controlCalls"`
	// Unchecked counts API requests whose operation has no contract in
	// this build (nor their answers are checked).
	Unchecked int `json:"unchecked"`
	// BrokenRequests counts requests with at least one violation; Drifted
	// answers with at least one; Unmatched playback requests that no
	// recording answered.
	BrokenRequests int `json:"brokenRequests"`
	Drifted        int `json:"driftedResponses"`
	Unmatched      int `json:"unmatched"`
	// Unplayed counts, in playback, the recorded interactions the client
	// did not ask for: it sends fewer requests than when recorded.
	Unplayed int `json:"unplayed,omitempty"`
	// Cassette is the cassette written (record mode); File the report.
	Cassette string `json:"cassette,omitempty"`
	File     string `json:"-"`
	// The lists hold at most MaxReportEntries each; Omitted counts the rest.
	RequestViolations []Violation `json:"requestViolations"`
	ResponseDrift     []Violation `json:"responseDrift"`
	UnmatchedRequests []Miss      `json:"unmatchedRequests,omitempty"`
	Omitted           int         `json:"omitted,omitempty"`

	mu sync.Mutex
}

// Violation is one way one request or answer broke the contract.
type Violation struct {
	// Request numbers the request in the recording, from 1.
	Request int    `json:"request"`
	Action  string `json:"action"`
	Method  string `json:"method"`
	// Status is the answer's HTTP status (drift only).
	Status int `json:"status,omitempty"`
	// Parameter is the wire name of the parameter (Tag.1.Key), or the
	// path in the answer (SecurityGroups.SecurityGroup.0.VpcId); "" is the
	// whole document.
	Parameter string `json:"parameter"`
	Rule      string `json:"rule"`
	Value     string `json:"value"`
	Message   string `json:"message"`
}

// Miss is a playback request that no recording answered.
type Miss struct {
	Request   int    `json:"request"`
	Action    string `json:"action"`
	Reason    string `json:"reason"`
	Diagnosis string `json:"diagnosis"`
}

func newReport(name string, mode Mode) *Report {
	return &Report{Recording: name, Mode: mode, RequestViolations: []Violation{}, ResponseDrift: []Violation{}}
}

// next numbers a request and counts it.
func (r *Report) next(control bool) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if control {
		r.ControlCalls++
	} else {
		r.Requests++
	}
	return r.Requests + r.ControlCalls
}

func (r *Report) unchecked() {
	r.mu.Lock()
	r.Unchecked++
	r.mu.Unlock()
}

// addRequest records the violations of one request.
func (r *Report) addRequest(vs []Violation) {
	if len(vs) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.BrokenRequests++
	r.RequestViolations = r.appendBounded(r.RequestViolations, vs)
}

// addResponse records the drift of one answer.
func (r *Report) addResponse(vs []Violation) {
	if len(vs) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Drifted++
	r.ResponseDrift = r.appendBounded(r.ResponseDrift, vs)
}

func (r *Report) addMiss(m Miss) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Unmatched++
	if len(r.UnmatchedRequests) < MaxReportEntries {
		r.UnmatchedRequests = append(r.UnmatchedRequests, m)
	} else {
		r.Omitted++
	}
}

func (r *Report) appendBounded(list, vs []Violation) []Violation {
	for _, v := range vs {
		if len(list) == MaxReportEntries {
			r.Omitted++
			continue
		}
		list = append(list, v)
	}
	return list
}

// OK reports whether nothing broke the contract and every playback request
// was answered.
func (r *Report) OK() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.BrokenRequests == 0 && r.Drifted == 0 && r.Unmatched == 0
}

// Summary is the report in one line, naming the first violations.
func (r *Report) Summary() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := fmt.Sprintf("recording %s (%s): %d requests, %d broke the request contract, %d answers drifted from the response schemas",
		r.Recording, r.Mode, r.Requests, r.BrokenRequests, r.Drifted)
	if r.Mode == ModePlayback {
		s += fmt.Sprintf(", %d unmatched, %d recorded answers not asked for", r.Unmatched, r.Unplayed)
	}
	if r.Unchecked > 0 {
		s += fmt.Sprintf(", %d of operations without a contract (unchecked)", r.Unchecked)
	}
	var first []string
	for _, v := range r.RequestViolations {
		if len(first) == 3 {
			break
		}
		first = append(first, fmt.Sprintf("#%d %s %s=%s", v.Request, v.Rule, v.Parameter, v.Value))
	}
	for _, v := range r.ResponseDrift {
		if len(first) == 5 {
			break
		}
		first = append(first, fmt.Sprintf("#%d answer %s %s", v.Request, v.Rule, orRoot(v.Parameter)))
	}
	if len(first) > 0 {
		s += " (" + strings.Join(first, "; ") + ")"
	}
	if r.File != "" {
		s += "; report " + r.File
	}
	return s
}

func orRoot(p string) string {
	if p == "" {
		return "(root)"
	}
	return p
}

// write saves the report as dir/NAME.json, creating folders.
func (r *Report) write(dir string) (string, error) {
	r.mu.Lock()
	data, err := json.MarshalIndent(r, "", "  ")
	r.mu.Unlock()
	if err != nil {
		return "", err
	}
	file := filepath.Join(dir, filepath.FromSlash(r.Recording)+".json")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return "", fmt.Errorf("proxy: creating the report folder: %w", err)
	}
	if err := os.WriteFile(file, append(data, '\n'), 0o644); err != nil {
		return "", fmt.Errorf("proxy: writing the report of %s: %w", r.Recording, err)
	}
	return file, nil
}
