package suites

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
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

func describeValidation(op *specs.Operation, s func() *session) {
	Describe("validation", Label("area:validation"), func() {
		var invalid, valid []TableEntry
		for _, c := range valueCases(op) {
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
				labels = append(labels, behaviours(op, strings.TrimPrefix(id, op.Operation+"."))...)
			}
			if c.code != "" {
				invalid = append(invalid, Entry(fmt.Sprintf("%s for %s %s", c.code, c.param, c.why), errorLabel(op, c.code), labels, c))
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
				Expect(s().send(req)).To(s().failWith(c.code))
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

		if has(op, "validation.precedence") {
			It("answers the error of the parameter listed first when two are invalid", behaviours(op, "validation.precedence"), func() {
				first, second, ok := precedencePair(op)
				if !ok {
					Skip("the contract has no two parameters whose invalid values answer different codes")
				}
				req := s().base()
				for _, c := range []valueCase{second, first} {
					for k, v := range c.params {
						req = req.With(k, v[0])
					}
				}
				Expect(s().send(req)).To(s().failWith(first.code),
					"%s is listed before %s in the contract", first.param, second.param)
			})
		}

		if has(op, "validation.empty-value-absent") {
			It("treats a parameter sent empty as not sent", behaviours(op, "validation.empty-value-absent"), func() {
				want := s().send(s().base())
				req := s().base()
				for _, p := range optionalScalars(op) {
					req = req.With(p, "")
				}
				Expect(s().send(req)).To(matchers.MatchAnswer(want), "sent empty: %v", optionalScalars(op))
			})
		}

		It("ignores a parameter the contract does not name", behaviours(op, "validation.unknown-parameter-ignored"), func() {
			want := s().send(s().base())
			Expect(s().send(s().base().With("NoSuchParameter", "x"))).To(matchers.MatchAnswer(want))
		})
	})
}

// optionalScalars names the optional string and enum parameters a request
// may send empty: not lists, not hidden or ignored ones, not the token of a
// paging mode, not those the session resolves.
func optionalScalars(op *specs.Operation) []string {
	var names []string
	for _, p := range op.Parameters {
		if p.Required || p.Hidden || p.Ignored || p.Type != specs.TypeString || isToken(op, p.Name) || resolved(op, p.Name) {
			continue
		}
		names = append(names, p.Name)
	}
	return names
}

func isToken(op *specs.Operation, name string) bool {
	return op.Paging != nil && name == op.Paging.NextToken.TokenParam
}

func resolved(op *specs.Operation, name string) bool {
	for _, r := range op.Requests.Resolve {
		if r.Param == name {
			return true
		}
	}
	return false
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
func valueCases(op *specs.Operation) []valueCase {
	var out []valueCase
	for _, p := range op.Parameters {
		if isToken(op, p.Name) {
			continue // tokens have their own specs
		}
		if p.Name == regionParam {
			// The region is the target's: only values its pattern refuses
			// are cases, a well-formed one may or may not be served.
			out = append(out, slices.DeleteFunc(scalarCases(p), func(c valueCase) bool { return c.code == "" })...)
			continue
		}
		if p.Type == specs.TypeList {
			out = append(out, listCases(op, p)...)
			continue
		}
		cases := scalarCases(p)
		if resolved(op, p.Name) {
			// A well-formed value of a parameter read from the target names
			// nothing the target holds: only malformed ones are cases.
			cases = slices.DeleteFunc(cases, func(c valueCase) bool { return c.code == "" })
		}
		out = append(out, cases...)
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

func listCases(op *specs.Operation, p specs.Parameter) []valueCase {
	var out []valueCase
	// The index and key rules of a list are behaviours of their own where
	// the contract states them; otherwise the list's validation behaviours.
	index, needsKey := op.Operation+".validation.tag-index-range", op.Operation+".validation.tag-value-needs-key"
	if op.Behaviour(index) == nil || op.Behaviour(needsKey) == nil {
		index, needsKey = "", ""
	}
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
	// The length bounds of each field, the other fields valid.
	for _, f := range p.Fields {
		if f.AliasOf != "" || f.Constraints.MaxLength == nil {
			continue
		}
		n := *f.Constraints.MaxLength
		with := func(length int) url.Values {
			v := url.Values{fmt.Sprintf("%s.1.%s", p.Name, f.Name): {strings.Repeat("k", length)}}
			if f.Name != p.Fields[0].Name {
				v.Set(fmt.Sprintf("%s.1.%s", p.Name, p.Fields[0].Name), "k")
			}
			return v
		}
		out = append(out,
			valueCase{params: with(n + 1), code: or(f.InvalidError, p.InvalidError), why: fmt.Sprintf("with a %s of %d characters (above the maximum)", f.Name, n+1), param: p.Name},
			valueCase{params: with(n), why: fmt.Sprintf("with a %s of %d characters (the maximum)", f.Name, n), param: p.Name})
	}
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
func precedencePair(op *specs.Operation) (first, second valueCase, ok bool) {
	var picked []valueCase
	for _, c := range valueCases(op) {
		if c.code == "" || len(c.params) != 1 {
			continue
		}
		if len(picked) == 0 || (picked[0].code != c.code && picked[0].param != c.param) {
			picked = append(picked, c)
		}
		if len(picked) == 2 {
			return picked[0], picked[1], true
		}
	}
	return first, second, false
}
