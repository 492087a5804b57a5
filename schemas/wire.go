package schemas

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// DecodeWire turns wire parameters of op (the form-decoded query or body)
// into the decoded parameter object that Request validates, driven by the
// types in op's contract:
//
//	MaxResults=10                     → "MaxResults": int64(10)
//	DryRun=True                       → "DryRun": true (any letter case)
//	SecurityGroupIds=["sg-a","sg-b"]  → "SecurityGroupIds": []any{"sg-a", "sg-b"}
//	Tag.1.Key=k&Tag.3.Value=v         → "Tag": []any{map{"Key": "k"}, map{"Value": "v"}} (in order of N)
//
// An empty value counts as not sent and a parameter the contract does not
// name is kept as a string (the schema ignores it). What cannot be decoded —
// an integer that is not one, a value sent twice, a Tag.N whose N is not a
// number in the contract's range — is left out of the object and reported as
// a violation whose Path is the wire name; decoding never panics. A nil op
// decodes nothing and is reported as a violation with Rule "operation".
func DecodeWire(op *specs.Operation, values url.Values) (map[string]any, []Violation) {
	if op == nil {
		return map[string]any{}, []Violation{noOperation()}
	}
	d := decodeWire(op, values)
	return d.params, d.violations
}

// WireRequest decodes wire parameters of op and validates the result.
// Violations of the schema are reported under wire names: item 0 of Tag is
// Tag.<its N>. An op without a schema (nil, or a contract never generated)
// is reported as a violation at the root, so the request cannot pass.
func WireRequest(op *specs.Operation, values url.Values) Result {
	if op == nil {
		return Result{Violations: []Violation{noOperation()}}
	}
	d := decodeWire(op, values)
	res, err := Request(op, d.params)
	if err != nil {
		// DecodeWire builds only strings, numbers, booleans, slices and
		// maps, so the schema is what is missing.
		return Result{Violations: []Violation{{Rule: "operation", Message: err.Error()}}}
	}
	reported := map[string]bool{}
	for _, v := range d.violations {
		reported[v.Path] = true
	}
	out := append([]Violation{}, d.violations...)
	for _, v := range res.Violations {
		v.Path = d.wirePath(v.Path)
		if !reported[v.Path] { // the decoder already said why it is absent
			out = append(out, v)
		}
	}
	sortViolations(out)
	return Result{Violations: out}
}

func noOperation() Violation {
	return Violation{Rule: "operation", Message: errNoOperation.Error()}
}

// decoded is the outcome of decoding, with what is needed to map paths in
// the object back to wire names.
type decoded struct {
	params     map[string]any
	violations []Violation
	listN      map[string][]int // list name → wire N of each array item
}

func decodeWire(op *specs.Operation, values url.Values) *decoded {
	d := &decoded{params: map[string]any{}, listN: map[string][]int{}}
	items := map[string]map[int]map[string]any{} // list → N → item
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		value, ok := d.single(name, values[name])
		if !ok {
			continue
		}
		if p := op.Parameter(name); p != nil {
			if p.Type == specs.TypeList {
				d.fail(name, "syntax", value, "%s is a list; send it as %s.N.<%s>", name, name, fieldNames(p))
				continue
			}
			if v, ok := d.scalar(name, p, value); ok {
				d.params[name] = v
			}
			continue
		}
		list, n, field := listMember(op, name)
		if list == nil {
			d.params[name] = value // unknown parameters are ignored by contract
			continue
		}
		if !d.index(name, list, n) {
			continue
		}
		f := listField(list, field)
		v, ok := d.scalar(name, f, value)
		if !ok {
			continue
		}
		if items[list.Name] == nil {
			items[list.Name] = map[int]map[string]any{}
		}
		if items[list.Name][n] == nil {
			items[list.Name][n] = map[string]any{}
		}
		items[list.Name][n][field] = v
	}
	for list, byN := range items {
		ns := make([]int, 0, len(byN))
		for n := range byN {
			ns = append(ns, n)
		}
		sort.Ints(ns)
		arr := make([]any, len(ns))
		for i, n := range ns {
			arr[i] = byN[n]
		}
		d.params[list] = arr
		d.listN[list] = ns
	}
	return d
}

// single picks the one value of a parameter; empty values count as not sent.
func (d *decoded) single(name string, vals []string) (string, bool) {
	var sent []string
	for _, v := range vals {
		if v != "" {
			sent = append(sent, v)
		}
	}
	switch len(sent) {
	case 0:
		return "", false
	case 1:
		return sent[0], true
	}
	d.fail(name, "duplicate", sent, "%s is sent %d times; send it once", name, len(sent))
	return "", false
}

// scalar decodes one value by its parameter type.
func (d *decoded) scalar(name string, p *specs.Parameter, s string) (any, bool) {
	switch p.Type {
	case specs.TypeInteger:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			d.fail(name, "type", s, "%s must be a decimal integer", name)
			return nil, false
		}
		return n, true
	case specs.TypeBoolean:
		switch {
		case strings.EqualFold(s, "true"):
			return true, true
		case strings.EqualFold(s, "false"):
			return false, true
		}
		d.fail(name, "type", s, "%s must be true or false", name)
		return nil, false
	case specs.TypeJSONArray:
		v, err := decodeJSON([]byte(s))
		if err != nil {
			d.fail(name, "type", s, `%s must be a JSON array such as ["a","b"]`, name)
			return nil, false
		}
		return v, true // the schema checks that it is an array of strings
	}
	return s, true
}

// index checks N of a list member against the contract's range.
func (d *decoded) index(name string, list *specs.Parameter, n int) bool {
	c := list.Constraints
	switch {
	case n < 0:
		d.fail(name, "index", name, "N in %s.N must be a whole number%s", list.Name, indexRange(c))
	case c.MinIndex != nil && n < *c.MinIndex, c.MaxIndex != nil && n > *c.MaxIndex:
		d.fail(name, "index", n, "N in %s.N must be%s", list.Name, indexRange(c))
	default:
		return true
	}
	return false
}

func indexRange(c specs.Constraints) string {
	switch {
	case c.MinIndex != nil && c.MaxIndex != nil:
		return fmt.Sprintf(" from %d to %d", *c.MinIndex, *c.MaxIndex)
	case c.MinIndex != nil:
		return fmt.Sprintf(" at least %d", *c.MinIndex)
	case c.MaxIndex != nil:
		return fmt.Sprintf(" at most %d", *c.MaxIndex)
	}
	return ""
}

func (d *decoded) fail(path, rule string, value any, format string, a ...any) {
	d.violations = append(d.violations, Violation{Path: path, Rule: rule, Value: value, Message: fmt.Sprintf(format, a...)})
}

// wirePath maps a path in the decoded object to wire names: Tag.0.Key is
// Tag.<N of item 0>.Key. Other paths are wire names already.
func (d *decoded) wirePath(path string) string {
	list, rest, _ := strings.Cut(path, ".")
	ns := d.listN[list]
	if ns == nil {
		return path
	}
	idx, tail, _ := strings.Cut(rest, ".")
	i, err := strconv.Atoi(idx)
	if err != nil || i < 0 || i >= len(ns) {
		return path
	}
	wire := list + "." + strconv.Itoa(ns[i])
	if tail == "" {
		return wire
	}
	return wire + "." + tail
}

// listMember splits Name.N.Field when Name is a list parameter and Field one
// of its fields; N is -1 when it is not a plain decimal number.
func listMember(op *specs.Operation, name string) (list *specs.Parameter, n int, field string) {
	parts := strings.SplitN(name, ".", 3)
	if len(parts) != 3 {
		return nil, 0, ""
	}
	list = op.Parameter(parts[0])
	if list == nil || list.Type != specs.TypeList || listField(list, parts[2]) == nil {
		return nil, 0, ""
	}
	n = -1
	if isDigits(parts[1]) {
		if v, err := strconv.Atoi(parts[1]); err == nil {
			n = v
		}
	}
	return list, n, parts[2]
}

func listField(list *specs.Parameter, name string) *specs.Parameter {
	for i := range list.Fields {
		if list.Fields[i].Name == name {
			return &list.Fields[i]
		}
	}
	return nil
}

func fieldNames(list *specs.Parameter) string {
	names := make([]string, len(list.Fields))
	for i, f := range list.Fields {
		names[i] = f.Name
	}
	return strings.Join(names, "|")
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
