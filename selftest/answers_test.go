package selftest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// contract supplies the documented status and message of the errors a
// mutant answers instead of the right one, so that the substitution is the
// only deviation: a wrong code must not also come with a garbled envelope.
var contract = specs.Lookup("DescribeSecurityGroups")

// onPage applies edit to every successful JSON answer.
func onPage(edit func(params url.Values, page map[string]any) bool) mutation {
	return func(_ *http.Request, params url.Values, status int, h http.Header, body []byte) (int, http.Header, []byte) {
		if status != http.StatusOK {
			return status, h, body
		}
		return status, h, editJSON(body, func(m map[string]any) bool { return edit(params, m) })
	}
}

// onError applies f to every error answer with the code ("" for any code).
func onError(code string, f func(params url.Values, status int, h http.Header, body []byte) (int, http.Header, []byte)) mutation {
	return func(_ *http.Request, params url.Values, status int, h http.Header, body []byte) (int, http.Header, []byte) {
		if status == http.StatusOK || (code != "" && errorCode(body) != code) {
			return status, h, body
		}
		return f(params, status, h, body)
	}
}

// acceptInstead answers an empty page where the upstream refused with code
// (and when holds, if given): the endpoint lets through what it must refuse.
// The page is empty because the proxy cannot ask the upstream for the real
// one: requests are signed. A 200 where an error is due is the deviation.
func acceptInstead(code string, when func(url.Values) bool) mutation {
	return onError(code, func(params url.Values, status int, h http.Header, body []byte) (int, http.Header, []byte) {
		if when != nil && !when(params) {
			return status, h, body
		}
		return http.StatusOK, h, emptyPage(params, requestID(body))
	})
}

// errorInstead answers the contract's error code where the upstream
// answered otherwise, keeping the RequestId of the upstream's answer.
func errorInstead(code string, body []byte) (int, []byte) {
	e := contract.Error(code)
	if e == nil {
		panic("selftest: " + code + " is not in the contract")
	}
	id := requestID(body)
	return e.Status, encodeJSON(map[string]any{
		"RequestId": id,
		"HostId":    "ecs.aliyuncs.com",
		"Code":      code,
		"Message":   e.Message,
		"Recommend": recommend(code, id),
	})
}

func recommend(code, requestID string) string {
	return fmt.Sprintf("https://api.aliyun.com/troubleshoot?q=%s&product=Ecs&requestId=%s", code, requestID)
}

// emptyPage is a successful answer with no groups, in the paging mode the
// parameters select, as the emulator writes one.
func emptyPage(params url.Values, requestID string) []byte {
	m := map[string]any{"RequestId": requestID, "RegionId": params.Get("RegionId")}
	setGroups(m, []any{})
	if !tokenMode(params) {
		m["TotalCount"] = 0
		m["PageNumber"] = intParam(params, "PageNumber", 1)
		m["PageSize"] = intParam(params, "PageSize", 10)
	}
	return encodeJSON(m)
}

func intParam(params url.Values, name string, def int) int {
	if n, err := strconv.Atoi(params.Get(name)); err == nil {
		return n
	}
	return def
}

// tokenMode says the request selected NextToken paging, as the contract
// defines it: MaxResults or NextToken sent.
func tokenMode(params url.Values) bool {
	for _, name := range contract.Paging.NextToken.SelectedBy {
		if params.Get(name) != "" {
			return true
		}
	}
	return false
}

func dryRun(params url.Values) bool { return strings.EqualFold(params.Get("DryRun"), "true") }

// envelope is what mutants read of an error body.
type envelope struct{ RequestId, Code string }

func decodeEnvelope(body []byte) envelope {
	var e envelope
	_ = json.Unmarshal(body, &e)
	return e
}

func errorCode(body []byte) string { return decodeEnvelope(body).Code }

func requestID(body []byte) string { return decodeEnvelope(body).RequestId }

// isValidationError says the contract files code under a bad parameter
// (validation or paging), the errors DryRun must not hide.
func isValidationError(code string) bool {
	e := contract.Error(code)
	if e == nil {
		return false
	}
	b := contract.Behaviour(e.Behaviour)
	return b != nil && (b.Area == "validation" || b.Area == "pagination")
}

// tagFilters counts the distinct tag filters (Tag.N.Key) a request sends.
func tagFilters(params url.Values) int {
	n := 0
	for k := range params {
		parts := strings.Split(k, ".")
		if len(parts) == 3 && parts[0] == "Tag" && strings.EqualFold(parts[2], "Key") {
			n++
		}
	}
	return n
}

// str reads a string field of a decoded group.
func str(item any, field string) string {
	m, _ := item.(map[string]any)
	s, _ := m[field].(string)
	return s
}
