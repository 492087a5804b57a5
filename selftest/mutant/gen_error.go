package mutant

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Error mutants: every code of the catalogue answered with another status
// (a 200 among them), another code, a reworded message, an envelope missing
// RequestId, HostId or Recommend, without the headers and fields the
// contract says the code carries, or under another content type.

func errorMutants(op *specs.Operation) []Mutant {
	var out []Mutant
	for i := range op.Errors {
		e := &op.Errors[i]
		add := func(deviation, breaks string, f func(x *Exchange)) {
			out = append(out, Mutant{
				Name:   fmt.Sprintf("%s/%s.%s/%s", ClassError, op.Operation, e.Code, deviation),
				Class:  ClassError,
				Breaks: fmt.Sprintf("%s %s", e.Code, breaks),
				Hint:   "error:" + e.Code,
				Mutate: anyAction(op, func(x *Exchange) {
					if x.Code() == e.Code {
						f(x)
					}
				}),
			})
		}
		edit := func(f func(m map[string]any) bool) func(x *Exchange) {
			return func(x *Exchange) { x.Edit(f) }
		}
		add("status-200", "is answered with HTTP 200", func(x *Exchange) { x.Status = http.StatusOK })
		add(fmt.Sprintf("status-%d", otherStatus(e.Status)), fmt.Sprintf("is answered with HTTP %d instead of %d", otherStatus(e.Status), e.Status), func(x *Exchange) { x.Status = otherStatus(e.Status) })
		other := otherCode(op, e)
		add("code-lower-case", "is spelt in lower case", edit(func(m map[string]any) bool {
			m["Code"] = strings.ToLower(e.Code)
			return e.Code != strings.ToLower(e.Code)
		}))
		add("code-"+slug(other), "is answered as "+other, edit(func(m map[string]any) bool { m["Code"] = other; return true }))
		add("message-prefixed", "has its message prefixed", edit(func(m map[string]any) bool {
			msg, _ := m["Message"].(string)
			m["Message"] = "Error: " + msg
			return true
		}))
		add("message-reworded", "has its message reworded", edit(func(m map[string]any) bool {
			msg, _ := m["Message"].(string)
			m["Message"] = reword(msg)
			return true
		}))
		for _, member := range []string{"RequestId", "HostId", "Recommend"} {
			add(strings.ToLower(member)+"-missing", "lacks "+member, edit(func(m map[string]any) bool {
				_, ok := m[member]
				delete(m, member)
				return ok
			}))
		}
		for _, h := range e.Headers {
			add("header-"+slug(h)+"-missing", "lacks its header "+h, func(x *Exchange) { x.Header.Del(h) })
		}
		for _, f := range e.Fields {
			add("field-"+slug(f)+"-missing", "lacks its "+f, edit(func(m map[string]any) bool {
				_, ok := m[f]
				delete(m, f)
				return ok
			}))
		}
		for _, ct := range []string{"text/plain;charset=utf-8", "text/xml;charset=utf-8"} {
			add("content-type-"+slug(strings.SplitN(ct, ";", 2)[0]), "is served as "+ct, func(x *Exchange) { x.Header.Set("Content-Type", ct) })
		}
	}
	return out
}

// anyAction applies f to the exchanges of op and to those of no known
// operation (an unknown Action is answered by op's gateway all the same).
func anyAction(op *specs.Operation, f func(x *Exchange)) Mutation {
	return func(x *Exchange) {
		if x.Op == nil || x.Op.Operation == op.Operation {
			x.Op = op
			f(x)
		}
	}
}

// otherStatus is a plausible wrong status for one of the code's.
func otherStatus(s int) int {
	switch s {
	case 400:
		return 404
	case 403:
		return 401
	case 404:
		return 400
	case 500:
		return 502
	case 503:
		return 500
	}
	return 400
}

// otherCode is another code of the catalogue, of the same status when one
// has it: what a mock answers that lumps two errors together.
func otherCode(op *specs.Operation, e *specs.ErrorCode) string {
	fallback := ""
	for _, o := range op.Errors {
		if o.Code == e.Code {
			continue
		}
		if o.Status == e.Status {
			return o.Code
		}
		if fallback == "" {
			fallback = o.Code
		}
	}
	return fallback
}

// reword changes a message's opening words.
func reword(msg string) string {
	if rest, ok := strings.CutPrefix(msg, "The "); ok {
		return "This " + rest
	}
	if rest, ok := strings.CutPrefix(msg, "Specified "); ok {
		return "The specified " + rest
	}
	return "The " + msg
}
