package matchers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/onsi/gomega/gcustom"
	"github.com/onsi/gomega/types"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
)

// MatchAnswer succeeds when a *client.Response answers as want did: the same
// HTTP status and the same JSON body but for RequestId, which differs per
// request (and wherever the body repeats it, as an error's Recommend link
// does). Key order and number spelling do not count.
func MatchAnswer(want *client.Response) types.GomegaMatcher {
	return gcustom.MakeMatcher(func(actual *client.Response) (bool, error) {
		if actual == nil || want == nil {
			return false, fmt.Errorf("MatchAnswer needs two responses")
		}
		if actual.StatusCode != want.StatusCode {
			return false, nil
		}
		a, err := withoutRequestID(actual.Body)
		if err != nil {
			return false, err
		}
		w, err := withoutRequestID(want.Body)
		if err != nil {
			return false, fmt.Errorf("the expected answer: %w", err)
		}
		return reflect.DeepEqual(a, w), nil
	}).WithTemplate("Expected the same answer as the request it is compared with (HTTP {{.Data.StatusCode}}, body but RequestId equal), got HTTP {{.Actual.StatusCode}}\nbody: {{format .Actual.Body 1}}\nexpected body: {{format .Data.Body 1}}", want)
}

func withoutRequestID(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("the body is not JSON: %v\n%s", err, clip(body))
	}
	m, ok := v.(map[string]any)
	if !ok {
		return v, nil
	}
	id, _ := m["RequestId"].(string)
	delete(m, "RequestId")
	if id == "" {
		return m, nil
	}
	return forgetString(m, id), nil
}

// forgetString removes s from every string of a decoded JSON value.
func forgetString(v any, s string) any {
	switch t := v.(type) {
	case string:
		return strings.ReplaceAll(t, s, "")
	case map[string]any:
		for k, e := range t {
			t[k] = forgetString(e, s)
		}
	case []any:
		for i, e := range t {
			t[i] = forgetString(e, s)
		}
	}
	return v
}
