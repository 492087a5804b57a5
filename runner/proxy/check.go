package proxy

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/runner/vcr"
	"github.com/ecs-conformance/ecs-conformance/schemas"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// checked is what the contract checks need to know of one API request.
type checked struct {
	n      int // the request's number in its recording
	action string
	method string
	op     *specs.Operation // nil: no contract, nothing checked
	xml    bool             // an RPC request that asked for XML answers
}

// checkRequest validates the business parameters of an API request
// against its operation's request contract.
func checkRequest(c *checked, r *http.Request, body []byte) []Violation {
	if c.op == nil {
		return nil
	}
	params, err := vcr.BusinessParams(r, body)
	if err != nil {
		return []Violation{{Request: c.n, Action: c.action, Method: c.method, Rule: "syntax", Message: err.Error()}}
	}
	c.xml = strings.EqualFold(formatOf(r, body), "XML")
	res := schemas.WireRequest(c.op, params)
	return violations(c, 0, res)
}

// formatOf is the RPC Format parameter of a request, query or body.
func formatOf(r *http.Request, body []byte) string {
	if f := r.URL.Query().Get("Format"); f != "" {
		return f
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/x-www-form-urlencoded" {
		if i := strings.Index(string(body), "Format="); i >= 0 {
			rest := string(body)[i+len("Format="):]
			f, _, _ := strings.Cut(rest, "&")
			return f
		}
	}
	return ""
}

// checkResponse validates an answer: a success against the operation's
// response schema, an error against its error envelope (Code one of its
// catalogue, every field present). An XML answer to a request that asked
// for XML is not checked: the schemas describe JSON.
func checkResponse(c *checked, status int, header http.Header, body []byte) []Violation {
	if c.op == nil {
		return nil
	}
	if ct, _, _ := mime.ParseMediaType(header.Get("Content-Type")); c.xml && strings.Contains(ct, "xml") {
		return nil
	}
	var res schemas.Result
	var err error
	switch {
	case status >= 200 && status < 300:
		res, err = schemas.Response(c.op, body)
	case status >= 400:
		res, err = schemas.ErrorEnvelope(c.op, body)
	default:
		return []Violation{{Request: c.n, Action: c.action, Method: c.method, Status: status, Rule: "status", Value: fmt.Sprint(status), Message: "the service answers 2xx or an error status (4xx, 5xx)"}}
	}
	if err != nil {
		return []Violation{{Request: c.n, Action: c.action, Method: c.method, Status: status, Rule: "json", Value: clipValue(string(body)), Message: err.Error()}}
	}
	return violations(c, status, res)
}

func violations(c *checked, status int, res schemas.Result) []Violation {
	out := make([]Violation, 0, len(res.Violations))
	for _, v := range res.Violations {
		out = append(out, Violation{Request: c.n, Action: c.action, Method: c.method, Status: status,
			Parameter: v.Path, Rule: v.Rule, Value: clipValue(valueText(v.Value)), Message: v.Message})
	}
	return out
}

// valueText shows a decoded value as it would be written on the wire.
func valueText(v any) string {
	switch v := v.(type) {
	case nil:
		return "(absent)"
	case string:
		return v
	case json.Number:
		return v.String()
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// clipValue keeps a report readable and bounded: a value longer than 200
// bytes is cut.
func clipValue(s string) string {
	const max = 200
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return fmt.Sprintf("%s… (%d more bytes)", s[:cut], len(s)-cut)
}
