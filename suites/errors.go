package suites

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/specs"
	"github.com/ecs-conformance/ecs-conformance/suites/matchers"
)

func describeErrors(op *specs.Operation, s func() *session) {
	Describe("error codes", Label("area:errors"), func() {
		var entries []TableEntry
		for i := range op.Errors {
			e := &op.Errors[i]
			b := op.Behaviour(e.Behaviour)
			// The catalogue spec of a code counts in the area of its behaviour too
			// (an auth code is an auth spec), so --label-filter finds it there.
			labels := append(Labels{"area:" + b.Area}, errorLabel(op, e.Code)...)
			labels = append(labels, behaviours(op, strings.TrimPrefix(e.Behaviour, op.Operation+"."))...)
			if e.Trigger.Fault != "" {
				labels = append(labels, "faults")
			}
			text := fmt.Sprintf("%s is answered with HTTP %d for %s", e.Code, e.Status, lowerFirst(e.Trigger.Description))
			entries = append(entries, Entry(text, labels, e))
		}

		DescribeTable("every code of the catalogue is provoked by its trigger and answered as documented",
			func(e *specs.ErrorCode) {
				resp := s().provoke(e)
				Expect(resp).To(s().failWith(e.Code))
				for _, h := range e.Headers {
					Expect(resp.Header.Get(h)).NotTo(BeEmpty(), "%s without its header %s", e.Code, h)
				}
				if len(e.Fields) > 0 {
					var body map[string]any
					Expect(json.Unmarshal(resp.Body, &body)).To(Succeed())
					for _, f := range e.Fields {
						Expect(body).To(HaveKeyWithValue(f, Not(BeEmpty())), "%s without its %s", e.Code, f)
						// The members the envelope requires of the field carry a value.
						member, _ := body[f].(map[string]any)
						for _, m := range requiredStrings(op.ErrorEnvelope.Lookup(f)) {
							Expect(member).To(HaveKeyWithValue(m, Not(BeEmpty())), "%s: %s.%s is empty", e.Code, f, m)
						}
					}
				}
			},
			entries,
		)

		if e := op.Error("Throttling.User"); e != nil && has(op, "errors.throttling-retry-headers") {
			It("answers Throttling.User with retry headers the SDKs can read", append(Labels{"faults"}, behaviours(op, "errors.throttling-retry-headers", "errors.throttling")...), func() {
				resp := s().provoke(e)
				Expect(resp).To(s().failWith(e.Code))
				for _, h := range e.Headers {
					Expect(resp.Header.Get(h)).To(MatchRegexp(rateLimitForm), "%s: %s is not Name:Value pairs with an integer TimeLeft", e.Code, h)
				}
			})
		}

		It("answers every success with a RequestId of its own", behaviours(op, "errors.request-id-unique"), func() {
			a, b := s().send(s().base()), s().send(s().base())
			Expect(a.StatusCode).To(Equal(http.StatusOK), "a valid request was refused: %s", a.Body)
			ids := []string{decodePage(op, a).requestID, decodePage(op, b).requestID}
			Expect(ids[0]).NotTo(BeEmpty(), "a success without RequestId")
			Expect(ids[0]).NotTo(Equal(ids[1]), "two requests share RequestId %s", ids[0])
			c, _ := s().invalid()
			ids = append(ids, decodeError(s().send(c)).RequestId)
			Expect(ids[2]).NotTo(BeElementOf(ids[:2]), "an error shares its RequestId with a success")
		})

		DescribeTable("answers in the Format an RPC request asks, in any letter case",
			func(format string) {
				if s().scheme != client.SchemeRPC {
					Skip("Format is a parameter of RPC-style requests only")
				}
				xml := strings.EqualFold(format, "XML")
				c := s().base()
				c.format = format
				ok := s().send(c)
				Expect(ok.StatusCode).To(Equal(http.StatusOK), "Format=%s was refused: %s", format, ok.Body)
				bad, code := s().invalid()
				bad.format = format
				refused := s().send(bad)
				for _, r := range []*client.Response{ok, refused} {
					ct := strings.ToLower(r.Header.Get("Content-Type"))
					if xml {
						Expect(strings.TrimSpace(string(r.Body))).To(HavePrefix("<?xml"), "Format=%s answered %s", format, clip(string(r.Body)))
						Expect(ct).To(ContainSubstring("xml"), "Format=%s answered XML as %q", format, ct)
						continue
					}
					Expect(json.Valid(r.Body)).To(BeTrue(), "Format=%s answered %s", format, clip(string(r.Body)))
					Expect(ct).To(ContainSubstring("json"), "Format=%s answered JSON as %q", format, ct)
				}
				if xml {
					Expect(string(refused.Body)).To(And(ContainSubstring("<Error>"), ContainSubstring("<Code>"+code+"</Code>")))
				} else {
					Expect(refused).To(s().failWith(code))
				}
			},
			formatEntries(op),
		)

		It("answers every error as a JSON envelope with a distinct RequestId", behaviours(op, "errors.envelope", "errors.request-id-unique"), func() {
			c, code := s().invalid()
			a, b := s().send(c), s().send(c)
			Expect(a).To(s().failWith(code))
			Expect(strings.ToLower(a.Header.Get("Content-Type"))).To(ContainSubstring("json"), "media types ignore letter case; this one names no JSON")
			Expect(a).To(matchers.MatchSchema(op, matchers.SchemaError))
			ea, eb := decodeError(a), decodeError(b)
			Expect(ea.RequestId).NotTo(Equal(eb.RequestId), "two requests share a RequestId")
			Expect(ea.Recommend).To(ContainSubstring(ea.Code), "Recommend does not point at the code")
		})

		It("answers XML when an RPC request asks Format=XML", behaviours(op, "errors.xml-on-request"), func() {
			if s().scheme != "rpc" {
				Skip("Format is a parameter of RPC-style requests only")
			}
			c := s().base()
			c.format = "XML"
			resp := s().send(c)
			Expect(resp.StatusCode).To(Equal(http.StatusOK))
			Expect(strings.TrimSpace(string(resp.Body))).To(HavePrefix("<?xml"))
			bad, code := s().invalid()
			bad.format = "XML"
			resp = s().send(bad)
			Expect(string(resp.Body)).To(And(ContainSubstring("<Error>"), ContainSubstring("<Code>"+code+"</Code>")))
		})
	})
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// rateLimitForm is the value of the x-ratelimit headers as the SDKs parse it:
// Name:Value pairs, comma-separated, one of them an integer TimeLeft.
const rateLimitForm = `^([A-Za-z]+:[^,:]*,)*TimeLeft:\d+(,[A-Za-z]+:[^,:]*)*$`

// formatEntries spells each value of the Format common parameter in lower,
// upper and title case, as clients do (json, JSON) and as the contract
// allows (any letter case).
func formatEntries(op *specs.Operation) []TableEntry {
	var out []TableEntry
	for _, p := range op.CommonParameters {
		if p.Name != "Format" {
			continue
		}
		for _, v := range p.Constraints.Enum {
			for _, spelling := range []string{strings.ToLower(v), strings.ToUpper(v), strings.ToUpper(v[:1]) + strings.ToLower(v[1:])} {
				out = append(out, Entry("Format="+spelling, behaviours(op, "errors.format-any-case", "errors.xml-on-request"), spelling))
			}
		}
	}
	return out
}

// requiredStrings names the required string members of an object element.
func requiredStrings(e *specs.Element) []string {
	var out []string
	if e == nil {
		return nil
	}
	for _, f := range e.Fields {
		if f.Required && f.Type == specs.ElemString {
			out = append(out, f.Name)
		}
	}
	return out
}
