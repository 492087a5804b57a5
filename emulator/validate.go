package emulator

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// validator checks business parameters with the rules of one operation's
// contract, compiled once by newValidator: parameters are walked in contract
// order and the first broken rule answers, with the code the contract gives.
//
// Rules applied to every parameter: sent twice → the operation's syntax code
// (handler.syntax) naming it; absent or empty → not sent (MissingError if
// required); then the type
// (integer: optional '-' and at most 18 digits; boolean: true/false in any
// case; json-array: a JSON array of strings, "[]" counting as not sent;
// list: Name.N.Field with N decimal in min_index..max_index and Field one of
// the list's fields), then the constraints. A failure answers the
// parameter's InvalidError (the syntax code when it has none), with
// {Parameter} naming the wire name (Tag.3.Key for a list field). In a list, a
// field and its alias for the same N, or a later field without the item's
// first field (a Value without its Key), are the syntax code.
type validator struct {
	rules []rule
	lists map[string]int // list name → index in rules
	index map[string]int // parameter name → index in rules
	pool  sync.Pool      // of *values with len(rules) values, all zero
	// unique is true when no two rules share a name (index has them all).
	unique bool
}

// values holds the result of one validate; release hands it back.
type values struct{ v []value }

type rule struct {
	name               string
	kind               string
	required           bool
	missing, invalid   Code
	minLen, maxLen     int // -1: unbounded
	min, max           int64
	hasMin, hasMax     bool
	enum               []string
	enumFold           bool
	pattern            *regexp.Regexp
	prefixes           []string // lower case
	maxItems           int      // -1: unbounded
	itemPattern        *regexp.Regexp
	minIndex, maxIndex int
	fields             []rule // list fields, in contract order
	slots              []int  // per field: its slot (an alias shares its target's)
	slotNames          []string
	// known, when set, is a further check of a valid value (the region exists).
	known func(string) bool
}

// value is one parameter after validation; set is false when not sent.
type value struct {
	set   bool
	s     string
	n     int64
	b     bool
	items []string   // json-array
	list  []listItem // list, by index ascending
}

// listItem is one N of a list; fields holds each slot's value ("" if absent).
type listItem struct {
	index  int
	fields []string
}

func newValidator(op *specs.Operation, table errorTable) (*validator, error) {
	v := &validator{lists: map[string]int{}, index: map[string]int{}}
	for i := range op.Parameters {
		r, err := compileRule(&op.Parameters[i], table)
		if err != nil {
			return nil, fmt.Errorf("emulator: parameter %s of %s: %w", op.Parameters[i].Name, op.Operation, err)
		}
		if r.kind == specs.TypeList {
			v.lists[r.name] = i
		}
		v.index[r.name] = i
		v.rules = append(v.rules, r)
	}
	v.unique = len(v.index) == len(v.rules)
	return v, nil
}

func compileRule(p *specs.Parameter, table errorTable) (rule, error) {
	r := rule{name: p.Name, kind: p.Type, required: p.Required, minLen: -1, maxLen: -1, maxItems: -1,
		missing: Code(p.MissingError), invalid: Code(p.InvalidError)}
	if r.invalid == "" {
		r.invalid = codeSyntax
	}
	if p.Required && r.missing == "" {
		return r, fmt.Errorf("it is required but names no missing_error")
	}
	for _, c := range []Code{r.missing, r.invalid} {
		if c != "" && c != codeSyntax && table[c] == nil {
			return r, fmt.Errorf("its error %q is not in the contract's errors", c)
		}
	}
	switch p.Type {
	case specs.TypeString, specs.TypeInteger, specs.TypeBoolean, specs.TypeJSONArray, specs.TypeList:
	default:
		return r, fmt.Errorf("type %q is unknown to the emulator", p.Type)
	}
	c := p.Constraints
	if c.MinLength != nil {
		r.minLen = *c.MinLength
	}
	if c.MaxLength != nil {
		r.maxLen = *c.MaxLength
	}
	if c.Minimum != nil {
		r.min, r.hasMin = *c.Minimum, true
	}
	if c.Maximum != nil {
		r.max, r.hasMax = *c.Maximum, true
	}
	r.enum, r.enumFold = c.Enum, c.EnumCaseInsensitive
	var err error
	if c.Pattern != "" {
		if r.pattern, err = regexp.Compile(c.Pattern); err != nil {
			return r, fmt.Errorf("pattern: %w", err)
		}
	}
	if c.ItemPattern != "" {
		if r.itemPattern, err = regexp.Compile(c.ItemPattern); err != nil {
			return r, fmt.Errorf("item_pattern: %w", err)
		}
	}
	for _, pre := range c.ForbiddenPrefixes {
		r.prefixes = append(r.prefixes, strings.ToLower(pre))
	}
	if c.MaxItems != nil {
		r.maxItems = *c.MaxItems
	}
	r.minIndex, r.maxIndex = 1, 1<<30
	if c.MinIndex != nil {
		r.minIndex = *c.MinIndex
	}
	if c.MaxIndex != nil {
		r.maxIndex = *c.MaxIndex
	}
	if p.Type == specs.TypeList {
		return compileFields(r, p, table)
	}
	return r, nil
}

// listKeys are the wire names of one list's fields found in a request.
type listKeys struct {
	rule int
	keys []string
}

// validate checks params and returns the value of each rule, by index. The
// values must be handed back with release once read (and not read after).
func (v *validator) validate(params url.Values) (*values, *apiError) {
	var buckets []listKeys
	var bucketArr [2]listKeys
	var keyArr [8]string // the keys of the first list found, usually enough
	// sent marks the rules whose name is a parameter of the request, so
	// that the walk below looks up only those.
	var sentArr [64]bool
	sent := sentArr[:]
	if len(v.rules) > len(sentArr) {
		sent = make([]bool, len(v.rules))
	}
	for k := range params {
		if i, ok := v.index[k]; ok {
			sent[i] = true
		}
		if i := strings.IndexByte(k, '.'); i > 0 {
			if li, ok := v.lists[k[:i]]; ok {
				j := 0
				for j < len(buckets) && buckets[j].rule != li {
					j++
				}
				if j == len(buckets) {
					if buckets == nil {
						buckets = bucketArr[:0]
						buckets = append(buckets, listKeys{rule: li, keys: keyArr[:0]})
					} else {
						buckets = append(buckets, listKeys{rule: li})
					}
				}
				buckets[j].keys = append(buckets[j].keys, k)
			}
		}
	}
	set, _ := v.pool.Get().(*values)
	if set == nil {
		set = &values{v: make([]value, len(v.rules))}
	}
	vals := set.v
	for i := range v.rules {
		r := &v.rules[i]
		if r.kind == specs.TypeList {
			var keys []string
			for j := range buckets {
				if buckets[j].rule == i {
					keys = buckets[j].keys
				}
			}
			items, e := r.checkList(params, keys)
			if e != nil {
				v.release(set)
				return nil, e
			}
			vals[i] = value{set: len(items) > 0, list: items}
			continue
		}
		var vs []string
		if sent[i] || !v.unique {
			vs = params[r.name]
		}
		if len(vs) > 1 {
			v.release(set)
			return nil, errParam(codeSyntax, r.name)
		}
		if len(vs) == 0 || vs[0] == "" {
			if r.required {
				v.release(set)
				return nil, errParam(r.missing, r.name)
			}
			continue
		}
		val, ok := r.parse(vs[0])
		if !ok || (r.known != nil && !r.known(vs[0])) {
			v.release(set)
			return nil, errParam(r.invalid, r.name)
		}
		vals[i] = val
	}
	return set, nil
}

// release zeroes the values of a validate, so that they hold no request's
// data, and keeps them for the next request.
func (v *validator) release(set *values) {
	clear(set.v)
	v.pool.Put(set)
}

func (r *rule) parse(s string) (value, bool) {
	val := value{set: true, s: s}
	switch r.kind {
	case specs.TypeInteger:
		n, ok := parseInt(s)
		if !ok || (r.hasMin && n < r.min) || (r.hasMax && n > r.max) {
			return val, false
		}
		val.n = n
	case specs.TypeBoolean:
		switch {
		case strings.EqualFold(s, "true"):
			val.b = true
		case strings.EqualFold(s, "false"):
		default:
			return val, false
		}
	case specs.TypeJSONArray:
		items, ok := r.parseArray(s)
		if !ok {
			return val, false
		}
		val.items, val.set = items, len(items) > 0
	default:
		return val, r.checkString(s)
	}
	return val, true
}

// parseInt accepts an optional '-' and 1 to 18 decimal digits: anything
// longer is outside every range the contract gives, and cannot overflow.
func parseInt(s string) (int64, bool) {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func (r *rule) parseArray(s string) ([]string, bool) {
	if t := strings.TrimLeft(s, " \t\r\n"); !strings.HasPrefix(t, "[") {
		return nil, false
	}
	var items []string
	if err := json.Unmarshal([]byte(s), &items); err != nil {
		return nil, false
	}
	if r.maxItems >= 0 && len(items) > r.maxItems {
		return nil, false
	}
	for _, it := range items {
		if r.itemPattern != nil && !r.itemPattern.MatchString(it) {
			return nil, false
		}
	}
	return items, true
}

func (r *rule) checkString(s string) bool {
	if r.minLen >= 0 || r.maxLen >= 0 {
		n := utf8.RuneCountInString(s)
		if (r.minLen >= 0 && n < r.minLen) || (r.maxLen >= 0 && n > r.maxLen) {
			return false
		}
	}
	if len(r.enum) > 0 {
		found := false
		for _, e := range r.enum {
			if e == s || (r.enumFold && strings.EqualFold(e, s)) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	for _, pre := range r.prefixes {
		if len(s) >= len(pre) && strings.EqualFold(s[:len(pre)], pre) {
			return false
		}
	}
	return r.pattern == nil || r.pattern.MatchString(s)
}
