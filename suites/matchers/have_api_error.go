package matchers

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/onsi/gomega/types"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/schemas"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// HaveAPIError succeeds when a *client.Response is op's answer for the error
// e: its HTTP status, Code and Message (placeholders such as {StringToSign}
// match any text; scheme picks the V3 wording where the contract has one), a
// RequestId, and a body matching op's error schema.
func HaveAPIError(op *specs.Operation, e *specs.ErrorCode, scheme string) types.GomegaMatcher {
	return &apiErrorMatcher{op: op, want: e, scheme: scheme}
}

type apiErrorMatcher struct {
	op       *specs.Operation
	want     *specs.ErrorCode
	scheme   string
	problems []string
}

// envelope is the part of an error body the matcher reads.
type envelope struct {
	RequestId, HostId, Code, Message, Recommend string
}

func (m *apiErrorMatcher) Match(actual any) (bool, error) {
	r, ok := actual.(*client.Response)
	if !ok || r == nil {
		return false, fmt.Errorf("HaveAPIError expects a *client.Response, got %T", actual)
	}
	if m.want == nil {
		return false, fmt.Errorf("HaveAPIError: the expected error code is not in the contract")
	}
	m.problems = nil
	if r.StatusCode != m.want.Status {
		m.problems = append(m.problems, fmt.Sprintf("HTTP status: got %d, want %d", r.StatusCode, m.want.Status))
	}
	var env envelope
	if err := json.Unmarshal(r.Body, &env); err != nil {
		m.problems = append(m.problems, fmt.Sprintf("body is not a JSON error envelope (%v): %s", err, clip(r.Body)))
		return false, nil
	}
	if env.Code != m.want.Code {
		m.problems = append(m.problems, fmt.Sprintf("Code: got %q, want %q", env.Code, m.want.Code))
	}
	if re := MessagePattern(m.want, m.scheme); !re.MatchString(env.Message) {
		m.problems = append(m.problems, fmt.Sprintf("Message: got %q, want %q", env.Message, m.want.Render(m.scheme, nil)))
	}
	if env.RequestId == "" {
		m.problems = append(m.problems, "RequestId: missing or empty")
	}
	if env.HostId == "" {
		m.problems = append(m.problems, "HostId: missing or empty")
	}
	if ct := r.Header.Get("Content-Type"); !strings.Contains(strings.ToLower(ct), "json") {
		m.problems = append(m.problems, fmt.Sprintf("Content-Type: got %q, want a JSON media type", ct))
	}
	if res, err := schemas.ErrorEnvelope(m.op, r.Body); err != nil || !res.OK() {
		m.problems = append(m.problems, fmt.Sprintf("error schema: %v%s", err, res.Error()))
	}
	return len(m.problems) == 0, nil
}

func (m *apiErrorMatcher) FailureMessage(actual any) string {
	r, _ := actual.(*client.Response)
	body := ""
	if r != nil {
		body = clip(r.Body)
	}
	return fmt.Sprintf("Expected the contract's %s error (%d), but:\n  %s\nbody: %s",
		m.want.Code, m.want.Status, strings.Join(m.problems, "\n  "), body)
}

func (m *apiErrorMatcher) NegatedFailureMessage(any) string {
	return fmt.Sprintf("Expected any answer but the %s error", m.want.Code)
}

var placeholder = regexp.MustCompile(`\\\{[A-Za-z]+\\\}`)

// MessagePattern turns a contract message into an anchored regular
// expression in which each {Placeholder} matches any text.
func MessagePattern(e *specs.ErrorCode, scheme string) *regexp.Regexp {
	return regexp.MustCompile(`^` + placeholder.ReplaceAllString(regexp.QuoteMeta(e.Render(scheme, nil)), `(?s:.*)`) + `$`)
}
