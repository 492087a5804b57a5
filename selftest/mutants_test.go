package selftest_test

import (
	"cmp"
	"encoding/json"
	"github.com/ecs-conformance/ecs-conformance/selftest/mutant"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// handMutant is one deviation from the contract that a mock of
// DescribeSecurityGroups could plausibly have. area is the contract area the
// deviation belongs to; the suite must catch it with a spec of that area.
type handMutant struct {
	name, area string
	mutate     mutation
}

// areas are the contract's areas; every one must have mutants.
var areas = []string{"pagination", "filtering", "validation", "errors", "dryrun", "auth", "schema"}

// mutants are small on purpose: each changes one thing, so that the specs
// that catch it show which part of the suite guards that part of the
// contract.
var mutants = []handMutant{
	// pagination
	{"token pages in ascending ID order", "pagination", onPage(func(p url.Values, m map[string]any) bool {
		items, _ := groups(m)
		if !tokenMode(p) || len(items) < 2 {
			return false
		}
		slices.Reverse(items)
		return true
	})},
	{"the last token page echoes the NextToken it was asked for", "pagination", onPage(func(p url.Values, m map[string]any) bool {
		if !tokenMode(p) || m["NextToken"] != nil {
			return false
		}
		// A request without a token gets one that was never issued.
		m["NextToken"] = cmp.Or(p.Get("NextToken"), "e71d8a535bd9cc11")
		return true
	})},
	{"a page followed by another loses its last group (off by one)", "pagination", onPage(func(_ url.Values, m map[string]any) bool {
		items, _ := groups(m)
		if tok, _ := m["NextToken"].(string); tok == "" || len(items) == 0 {
			return false
		}
		setGroups(m, items[:len(items)-1])
		return true
	})},
	{"TotalCount one too high", "pagination", onPage(func(p url.Values, m map[string]any) bool {
		n, ok := m["TotalCount"].(json.Number)
		if tokenMode(p) || !ok {
			return false
		}
		v, _ := n.Int64()
		m["TotalCount"] = v + 1
		return true
	})},
	{"TotalCount in token paging", "pagination", onPage(func(p url.Values, m map[string]any) bool {
		items, ok := groups(m)
		if !tokenMode(p) || !ok {
			return false
		}
		m["TotalCount"] = len(items)
		return true
	})},
	{"PageSize reported as 20 when not sent", "pagination", onPage(func(p url.Values, m map[string]any) bool {
		if tokenMode(p) || p.Get("PageSize") != "" {
			return false
		}
		m["PageSize"] = 20
		return true
	})},
	{"a foreign NextToken ends the list instead of InValidParameter.NextToken", "pagination",
		acceptInstead("InValidParameter.NextToken", nil)},

	// filtering
	{"VpcId filter loses the first match", "filtering", onPage(func(p url.Values, m map[string]any) bool {
		items, _ := groups(m)
		if p.Get("VpcId") == "" || len(items) == 0 {
			return false
		}
		setGroups(m, items[1:])
		return true
	})},
	{"tag filters joined without DISTINCT: a group once per matching tag", "filtering", onPage(func(p url.Values, m map[string]any) bool {
		items, _ := groups(m)
		n := tagFilters(p)
		if n < 2 || len(items) == 0 {
			return false
		}
		var joined []any
		for _, it := range items {
			for range n {
				joined = append(joined, it)
			}
		}
		setGroups(m, joined)
		return true
	})},
	{"SecurityGroupIds read only up to its 50th ID", "filtering", onPage(func(p url.Values, m map[string]any) bool {
		var ids []string
		items, _ := groups(m)
		if json.Unmarshal([]byte(p.Get("SecurityGroupIds")), &ids) != nil || len(ids) <= 50 {
			return false
		}
		kept := slices.DeleteFunc(slices.Clone(items), func(it any) bool { return !slices.Contains(ids[:50], str(it, "SecurityGroupId")) })
		setGroups(m, kept)
		return len(kept) != len(items)
	})},

	// validation
	{"MaxResults above 100 accepted", "validation", acceptInstead("InvalidParameter.MaxResults", func(p url.Values) bool {
		n, err := strconv.Atoi(p.Get("MaxResults"))
		return err == nil && n > 100
	})},
	{"a parameter sent twice: the first value wins", "validation", acceptInstead("InvalidParameter", func(p url.Values) bool {
		for _, v := range p {
			if len(v) > 1 {
				return true
			}
		}
		return false
	})},
	{"VpcId sent empty filters for groups without a VPC", "validation", onPage(func(p url.Values, m map[string]any) bool {
		items, _ := groups(m)
		if v, sent := p["VpcId"]; !sent || v[0] != "" {
			return false
		}
		setGroups(m, slices.DeleteFunc(slices.Clone(items), func(it any) bool { return str(it, "VpcId") != "" }))
		return true
	})},
	{"InvalidSecurityGroupName.Malformed reworded", "validation", onError("InvalidSecurityGroupName.Malformed", func(_ url.Values, st int, h http.Header, b []byte) (int, http.Header, []byte) {
		return st, h, editJSON(b, func(m map[string]any) bool {
			m["Message"] = "The specified SecurityGroupName is invalid."
			return true
		})
	})},

	// errors
	{"InValidParameter.NextToken spelt InvalidParameter.NextToken", "errors", onError("InValidParameter.NextToken", func(_ url.Values, st int, h http.Header, b []byte) (int, http.Header, []byte) {
		return st, h, editJSON(b, func(m map[string]any) bool {
			m["Code"] = "InvalidParameter.NextToken"
			m["Recommend"] = recommend("InvalidParameter.NextToken", requestID(b))
			return true
		})
	})},
	{"InvalidAccessKeyId.NotFound with HTTP 400 instead of 404", "errors", onError("InvalidAccessKeyId.NotFound", func(_ url.Values, _ int, h http.Header, b []byte) (int, http.Header, []byte) {
		return http.StatusBadRequest, h, b
	})},
	{"error envelope without Recommend", "errors", onError("", func(_ url.Values, st int, h http.Header, b []byte) (int, http.Header, []byte) {
		return st, h, editJSON(b, func(m map[string]any) bool {
			delete(m, "Recommend")
			return true
		})
	})},
	{"one RequestId for every answer", "errors", func(_ *http.Request, _ url.Values, st int, h http.Header, b []byte) (int, http.Header, []byte) {
		return st, h, editJSON(b, func(m map[string]any) bool {
			m["RequestId"] = "5A3C1D2E-0000-4000-8000-000000000000"
			return true
		})
	}},
	{"errors served as text/plain", "errors", onError("", func(_ url.Values, st int, h http.Header, b []byte) (int, http.Header, []byte) {
		h.Set("Content-Type", "text/plain;charset=utf-8")
		return st, h, b
	})},
	{"Throttling.User without the x-ratelimit headers", "errors", onError("Throttling.User", func(_ url.Values, st int, h http.Header, b []byte) (int, http.Header, []byte) {
		h.Del("x-ratelimit-user-api")
		h.Del("x-ratelimit-user")
		return st, h, b
	})},

	// dryrun
	{"DryRun answered with a page", "dryrun", acceptInstead("DryRunOperation", nil)},
	{"DryRun answered before validation", "dryrun", onError("", func(p url.Values, st int, h http.Header, b []byte) (int, http.Header, []byte) {
		if !dryRun(p) || !isValidationError(errorCode(b)) {
			return st, h, b
		}
		st, b = errorInstead("DryRunOperation", b)
		return st, h, b
	})},
	{"DryRun answered before the signature is checked", "dryrun", onError("SignatureDoesNotMatch", func(p url.Values, st int, h http.Header, b []byte) (int, http.Header, []byte) {
		if !dryRun(p) {
			return st, h, b
		}
		st, b = errorInstead("DryRunOperation", b)
		return st, h, b
	})},

	// auth
	{"a replayed SignatureNonce accepted", "auth", acceptInstead("SignatureNonceUsed", nil)},
	{"SignatureDoesNotMatch without the server's string-to-sign", "auth", onError("SignatureDoesNotMatch", func(_ url.Values, st int, h http.Header, b []byte) (int, http.Header, []byte) {
		return st, h, editJSON(b, func(m map[string]any) bool {
			msg, _ := m["Message"].(string)
			first, _, found := strings.Cut(msg, " server ")
			m["Message"] = first
			return found
		})
	})},
	{"parameters in a form body ignored", "auth", func(r *http.Request, p url.Values, st int, h http.Header, b []byte) (int, http.Header, []byte) {
		if st != http.StatusOK || !isForm(r) || r.ContentLength == 0 {
			return st, h, b
		}
		// A mock reading only the query finds no RegionId.
		st, b = errorInstead("MissingParameter.RegionId", b)
		return st, h, b
	}},
	{"STS security tokens unsupported", "auth", func(r *http.Request, p url.Values, st int, h http.Header, b []byte) (int, http.Header, []byte) {
		if r.Header.Get("x-acs-security-token") == "" && p.Get("SecurityToken") == "" {
			return st, h, b
		}
		st, b = errorInstead("InvalidAccessKeyId.NotFound", b)
		return st, h, b
	}},

	// schema
	{"ServiceID as a string", "schema", onPage(func(_ url.Values, m map[string]any) bool {
		return eachGroup(m, func(g map[string]any) bool {
			n, ok := g["ServiceID"].(json.Number)
			if ok {
				g["ServiceID"] = n.String()
			}
			return ok
		})
	})},
	{"a single tag as an object, not an array (XML-to-JSON artefact)", "schema", onPage(func(_ url.Values, m map[string]any) bool {
		return eachGroup(m, func(g map[string]any) bool {
			tags, _ := g["Tags"].(map[string]any)
			list, _ := tags["Tag"].([]any)
			if len(list) != 1 {
				return false
			}
			tags["Tag"] = list[0]
			return true
		})
	})},
	{"CreationTime in +08:00", "schema", onPage(func(_ url.Values, m map[string]any) bool {
		china := time.FixedZone("CST", 8*60*60)
		return eachGroup(m, func(g map[string]any) bool {
			t, err := time.Parse(time.RFC3339, str(g, "CreationTime"))
			if err == nil {
				g["CreationTime"] = t.In(china).Format(time.RFC3339)
			}
			return err == nil
		})
	})},
	{"an empty result without the SecurityGroup array", "schema", onPage(func(_ url.Values, m map[string]any) bool {
		items, ok := groups(m)
		if !ok || len(items) > 0 {
			return false
		}
		m["SecurityGroups"] = map[string]any{}
		return true
	})},
}

// eachGroup applies f to every group of a page and reports whether it
// changed any.
func eachGroup(m map[string]any, f func(g map[string]any) bool) bool {
	items, _ := groups(m)
	changed := false
	for _, it := range items {
		if g, ok := it.(map[string]any); ok && f(g) {
			changed = true
		}
	}
	return changed
}

// handWritten wraps the table above as mutants of class hand, hinted at
// their area, for the generated harness.
func handWritten() []mutant.Mutant {
	out := make([]mutant.Mutant, 0, len(mutants))
	for _, m := range mutants {
		mutate := m.mutate
		out = append(out, mutant.Mutant{
			Name:   mutant.ClassHand + "/" + slugName(m.name),
			Class:  mutant.ClassHand,
			Breaks: m.name,
			Hint:   "area:" + m.area,
			Mutate: func(x *mutant.Exchange) {
				x.Status, x.Header, x.Answer = mutate(x.Req, x.Params, x.Status, x.Header, x.Answer)
			},
		})
	}
	return out
}

func slugName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '.' {
			b.WriteRune(r)
		} else if !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}
