package suites

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/ecs-conformance/ecs-conformance/specs"
	"github.com/ecs-conformance/ecs-conformance/suites/matchers"
)

// valueCase is one value of one parameter, derived from the contract's
// constraints: an invalid one with the code it must provoke, or a valid
// boundary value that must be accepted.
type valueCase struct {
	params url.Values
	code   string // "" for a value that must be accepted
	why    string
	param  string
	// behaviour, when set, is the one behaviour the case checks; otherwise
	// the case checks its code's behaviour and the parameter's validation ones.
	behaviour string
}

func describeValidation(s func() *session) {
	Describe("validation", Label("area:validation"), func() {
		var invalid, valid []TableEntry
		for _, c := range valueCases() {
			// A value case checks the behaviour that states its parameter's
			// error, whether the value must be refused or accepted.
			code := c.code
			if code == "" {
				code = op.Parameter(c.param).InvalidError
			}
			labels := Labels{"param:" + c.param}
			ids := []string{c.behaviour}
			if c.behaviour == "" {
				ids = []string{op.Error(code).Behaviour}
				for _, b := range op.Parameter(c.param).Behaviours {
					if op.Behaviour(b).Area == "validation" && b != ids[0] {
						ids = append(ids, b)
					}
				}
			}
			for _, id := range ids {
				labels = append(labels, behaviours(strings.TrimPrefix(id, op.Operation+"."))...)
			}
			if c.code != "" {
				invalid = append(invalid, Entry(fmt.Sprintf("%s for %s %s", c.code, c.param, c.why), errorLabel(c.code), labels, c))
			} else {
				valid = append(valid, Entry(fmt.Sprintf("%s %s", c.param, c.why), labels, c))
			}
		}

		DescribeTable("rejects a value the contract forbids with its error",
			func(c valueCase) {
				req := s().base()
				for k, v := range c.params {
					req = req.With(k, v[0])
				}
				Expect(s().send(req)).To(matchers.HaveAPIError(op.Error(c.code), string(s().env.Scheme)))
			},
			invalid,
		)

		DescribeTable("accepts a value the contract allows",
			func(c valueCase) {
				req := s().base()
				for k, v := range c.params {
					req = req.With(k, v[0])
				}
				resp := s().send(req)
				Expect(resp.StatusCode).To(Equal(http.StatusOK), "a valid %s was refused: %s", c.param, resp.Body)
			},
			valid,
		)

		It("answers the error of the parameter listed first when two are invalid", behaviours("validation.precedence"), func() {
			first, second := precedencePair()
			req := s().base()
			for _, c := range []valueCase{second, first} {
				for k, v := range c.params {
					req = req.With(k, v[0])
				}
			}
			Expect(s().send(req)).To(matchers.HaveAPIError(op.Error(first.code), string(s().env.Scheme)),
				"%s is listed before %s in the contract", first.param, second.param)
		})

		It("treats a parameter sent empty as not sent", behaviours("validation.empty-value-absent"), func() {
			want := s().page(s().base().With("MaxResults", "20")).ids
			Expect(s().page(s().base().With("MaxResults", "20").With("VpcId", "").With("SecurityGroupType", "")).ids).To(Equal(want))
		})

		It("ignores a parameter the contract does not name", behaviours("validation.unknown-parameter-ignored"), func() {
			want := s().page(s().base().With("MaxResults", "20")).ids
			Expect(s().page(s().base().With("MaxResults", "20").With("NoSuchParameter", "x")).ids).To(Equal(want))
		})

		It("accepts the deprecated and hidden parameters", behaviours("validation.deprecated-accepted"), func() {
			req := s().base().With("MaxResults", "20")
			want := s().page(req).ids
			for _, p := range op.Parameters {
				if p.Hidden || p.Ignored {
					req = req.With(p.Name, sample(p))
				}
			}
			req = req.With("IsQueryEcsCount", "true")
			Expect(s().page(req).ids).To(Equal(want))
		})

		It("answers InvalidParameter for a parameter sent twice", errorLabel("InvalidParameter"), behaviours("validation.parameter-syntax"), func() {
			req := s().base()
			req.params["VpcId"] = []string{"vpc-a000000000000000a", "vpc-b000000000000000b"}
			Expect(s().send(req)).To(matchers.HaveAPIError(op.Error("InvalidParameter"), string(s().env.Scheme)))
		})
	})
}

// sample is a value of p's type that passes its constraints.
func sample(p specs.Parameter) string {
	switch p.Type {
	case specs.TypeInteger:
		return "1"
	case specs.TypeBoolean:
		return "false"
	}
	if p.Example != "" {
		return p.Example
	}
	return "x"
}

// valueCases derives the value catalogue from every parameter's constraints.
func valueCases() []valueCase {
	var out []valueCase
	for _, p := range op.Parameters {
		if p.Name == "RegionId" || p.Name == op.Paging.NextToken.TokenParam {
			continue // the region is the target's; tokens have their own specs
		}
		if p.Type == specs.TypeList {
			out = append(out, listCases(p)...)
			continue
		}
		out = append(out, scalarCases(p)...)
	}
	return out
}

func one(name, value string) url.Values { return url.Values{name: {value}} }

func scalarCases(p specs.Parameter) []valueCase {
	var out []valueCase
	bad := func(v, why string) {
		out = append(out, valueCase{params: one(p.Name, v), code: p.InvalidError, why: why, param: p.Name})
	}
	good := func(v, why string) { out = append(out, valueCase{params: one(p.Name, v), why: why, param: p.Name}) }
	c := p.Constraints
	switch p.Type {
	case specs.TypeInteger:
		bad("abc", `"abc" (not an integer)`)
		bad("1.5", `"1.5" (not an integer)`)
		if c.Minimum != nil {
			bad(strconv.FormatInt(*c.Minimum-1, 10), fmt.Sprintf("%d (below the minimum)", *c.Minimum-1))
			good(strconv.FormatInt(*c.Minimum, 10), fmt.Sprintf("at its minimum %d", *c.Minimum))
		}
		if c.Maximum != nil {
			bad(strconv.FormatInt(*c.Maximum+1, 10), fmt.Sprintf("%d (above the maximum)", *c.Maximum+1))
			good(strconv.FormatInt(*c.Maximum, 10), fmt.Sprintf("at its maximum %d", *c.Maximum))
		}
	case specs.TypeBoolean:
		bad("maybe", `"maybe" (not a boolean)`)
		good("False", `"False" (booleans ignore letter case)`)
	case specs.TypeJSONArray:
		bad("sg-a,sg-b", "that is not a JSON array")
		bad(`{"id":"sg-a"}`, "that is a JSON object")
		bad(`[1,2]`, "holding numbers")
		if c.MaxItems != nil {
			bad(idArray(*c.MaxItems+1), fmt.Sprintf("with %d items (above the maximum)", *c.MaxItems+1))
			good(idArray(*c.MaxItems), fmt.Sprintf("with %d items (the maximum)", *c.MaxItems))
		}
		for _, v := range p.Samples.Invalid {
			item, _ := json.Marshal([]string{v})
			bad(string(item), fmt.Sprintf("with the item %q, which breaks the item pattern", v))
		}
	case specs.TypeString:
		if len(c.Enum) > 0 {
			bad("not-"+c.Enum[0], fmt.Sprintf("%q (outside %v)", "not-"+c.Enum[0], c.Enum))
			for _, e := range c.Enum {
				good(e, fmt.Sprintf("%q (in the enum)", e))
			}
		}
		for _, v := range p.Samples.Invalid {
			bad(v, fmt.Sprintf("%q (breaks the pattern)", v))
		}
		for _, v := range p.Samples.Valid {
			good(v, fmt.Sprintf("%q (a valid sample)", v))
		}
		// Lengths are built from a valid sample so that only the length is wrong.
		base := "a"
		if len(p.Samples.Valid) > 0 {
			base = p.Samples.Valid[0]
		}
		if c.MinLength != nil && *c.MinLength > 1 {
			n := *c.MinLength
			bad(ofLength(base, n-1), fmt.Sprintf("of %d characters (below the minimum)", n-1))
			good(ofLength(base, n), fmt.Sprintf("of %d characters (the minimum)", n))
		}
		if c.MaxLength != nil {
			n := *c.MaxLength
			bad(ofLength(base, n+1), fmt.Sprintf("of %d characters (above the maximum)", n+1))
			good(ofLength(base, n), fmt.Sprintf("of %d characters (the maximum)", n))
		}
		for _, prefix := range c.ForbiddenPrefixes {
			bad(prefix+"example", fmt.Sprintf("starting with %s", prefix))
		}
	}
	return out
}

// ofLength cuts or pads (with 'a') base to n characters.
func ofLength(base string, n int) string {
	r := []rune(base)
	if len(r) >= n {
		return string(r[:n])
	}
	return base + strings.Repeat("a", n-len(r))
}

func listCases(p specs.Parameter) []valueCase {
	var out []valueCase
	index := op.Operation + ".validation.tag-index-range"
	needsKey := op.Operation + ".validation.tag-value-needs-key"
	bad := func(v url.Values, why string) {
		out = append(out, valueCase{params: v, code: p.InvalidError, why: why, param: p.Name, behaviour: index})
	}
	good := func(v url.Values, why string) {
		out = append(out, valueCase{params: v, why: why, param: p.Name, behaviour: index})
	}
	c := p.Constraints
	key := func(n string) string { return fmt.Sprintf("%s.%s.Key", p.Name, n) }
	if c.MinIndex != nil {
		bad(one(key(strconv.Itoa(*c.MinIndex-1)), "k"), fmt.Sprintf("with N=%d (below the range)", *c.MinIndex-1))
	}
	if c.MaxIndex != nil {
		bad(one(key(strconv.Itoa(*c.MaxIndex+1)), "k"), fmt.Sprintf("with N=%d (above the range)", *c.MaxIndex+1))
		bad(one(key("999999999"), "k"), "with N=999999999")
		good(one(key(strconv.Itoa(*c.MaxIndex)), "k"), fmt.Sprintf("with N=%d (the top of the range)", *c.MaxIndex))
	}
	bad(one(key("x"), "k"), "with N not a number")
	out = append(out,
		valueCase{params: one(p.Name+".1.Value", "v"), code: p.InvalidError, why: "with a Value and no Key", param: p.Name, behaviour: needsKey},
		valueCase{params: url.Values{p.Name + ".1.Key": {"k"}, p.Name + ".1.key": {"k"}}, code: p.InvalidError, why: "with both spellings of Key for one N", param: p.Name, behaviour: needsKey})
	return out
}

func idArray(n int) string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("sg-unknown%012d", i)
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

// precedencePair returns invalid values of the first two parameters, in
// contract order, whose invalid values have different codes.
func precedencePair() (first, second valueCase) {
	var picked []valueCase
	for _, c := range valueCases() {
		if c.code == "" || len(c.params) != 1 {
			continue
		}
		if len(picked) == 0 || (picked[0].code != c.code && picked[0].param != c.param) {
			picked = append(picked, c)
		}
		if len(picked) == 2 {
			break
		}
	}
	return picked[0], picked[1]
}
