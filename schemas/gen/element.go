package gen

import (
	"fmt"
	"math"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// object is one JSON Schema (or any JSON object) under construction.
type object = map[string]any

// formatPatterns translates the contract's string formats into patterns.
// gojsonschema's own "date-time" format wants RFC 3339 with seconds, while the
// contract's date-time (see specs.Element.Format) has optional seconds, so the
// format travels as a pattern that every draft-07 validator applies alike.
var formatPatterns = map[string]string{
	"date-time": `^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$`,
}

// elementSchema is the schema of one response element. mode is the paging
// mode whose mode-bound fields count as required; empty means none of them.
func elementSchema(e *specs.Element, mode, path string) (object, error) {
	s := object{"description": e.Description}
	if e.Deprecated {
		s["deprecated"] = true
	}
	if e.Type != specs.ElemString && (e.Pattern != "" || len(e.Enum) > 0 || e.Format != "") {
		return nil, fmt.Errorf("%s: pattern, enum and format apply to strings only, but the element is %s", path, e.Type)
	}
	if e.Type != specs.ElemObject && len(e.Fields) > 0 {
		return nil, fmt.Errorf("%s: fields apply to objects only, but the element is %s", path, e.Type)
	}
	if e.Type != specs.ElemArray && e.Items != nil {
		return nil, fmt.Errorf("%s: items apply to arrays only, but the element is %s", path, e.Type)
	}
	switch e.Type {
	case specs.ElemObject:
		s["type"] = "object"
		props := object{}
		required := []string{}
		for i := range e.Fields {
			f := &e.Fields[i]
			if _, dup := props[f.Name]; dup {
				return nil, fmt.Errorf("%s: field %q is listed twice", path, f.Name)
			}
			child, err := elementSchema(f, mode, path+"."+f.Name)
			if err != nil {
				return nil, err
			}
			props[f.Name] = child
			if f.Required && (f.Mode == "" || f.Mode == mode) {
				required = append(required, f.Name)
			}
		}
		if len(props) > 0 {
			s["properties"] = props
		}
		if len(required) > 0 {
			s["required"] = required
		}
	case specs.ElemArray:
		if e.Items == nil {
			return nil, fmt.Errorf("%s: an array element needs items", path)
		}
		items, err := elementSchema(e.Items, mode, path+"[]")
		if err != nil {
			return nil, err
		}
		s["type"] = "array"
		s["items"] = items
	case specs.ElemString:
		s["type"] = "string"
		if e.Format != "" {
			p, ok := formatPatterns[e.Format]
			if !ok {
				return nil, fmt.Errorf("%s: format %q is unknown to the generator; known: %s", path, e.Format, strings.Join(sortedKeys(formatPatterns), ", "))
			}
			if e.Pattern != "" {
				return nil, fmt.Errorf("%s: give either a format or a pattern, not both", path)
			}
			s["pattern"] = p
		}
		if e.Pattern != "" {
			p, err := anchored(e.Pattern)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			s["pattern"] = p
		}
		if len(e.Enum) > 0 {
			s["enum"] = append([]string{}, e.Enum...)
		}
	case specs.ElemInteger:
		s["type"] = "integer"
		s["minimum"] = int64(math.MinInt32)
		s["maximum"] = int64(math.MaxInt32)
	case specs.ElemInt64:
		s["type"] = "integer"
		s["minimum"] = int64(math.MinInt64)
		s["maximum"] = int64(math.MaxInt64)
	case specs.ElemBoolean:
		s["type"] = "boolean"
	default:
		return nil, fmt.Errorf("%s: element type %q is unknown to the generator", path, e.Type)
	}
	if e.Example != "" {
		ex, err := typedExample(e.Type, e.Example)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if ex != nil {
			s["examples"] = []any{ex}
		}
	}
	return s, nil
}

// typedExample turns the contract's textual example into a JSON value of the
// element's type, so that the schema's examples validate against it. Objects
// and arrays carry no example. Parameter types string, integer and boolean
// share their spelling with the element types and come here too.
func typedExample(typ, text string) (any, error) {
	switch typ {
	case specs.ElemString:
		return text, nil
	case specs.ElemInteger, specs.ElemInt64:
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("example %q is not a decimal integer", text)
		}
		return n, nil
	case specs.ElemBoolean:
		b, err := strconv.ParseBool(text)
		if err != nil {
			return nil, fmt.Errorf("example %q is not true or false", text)
		}
		return b, nil
	}
	return nil, nil
}

// anchored returns a pattern that matches only whole values, as the contract
// means its patterns, while JSON Schema's pattern matches anywhere. It also
// proves that Go, the engine gojsonschema uses, compiles the pattern, and
// that ECMA-262 tools read it alike (portablePattern).
func anchored(p string) (string, error) {
	if _, err := regexp.Compile(p); err != nil {
		return "", fmt.Errorf("pattern %q does not compile as a Go regular expression: %v", p, err)
	}
	if err := portablePattern(p); err != nil {
		return "", err
	}
	re, err := syntax.Parse(p, syntax.Perl)
	if err != nil {
		return "", fmt.Errorf("pattern %q: %v", p, err)
	}
	// Without the m flag ^ and $ parse as begin and end of text; a pattern
	// that is one concatenation between them is anchored as written, while
	// ^a|b$ (an alternation) is not.
	if re.Op == syntax.OpConcat && len(re.Sub) >= 2 &&
		re.Sub[0].Op == syntax.OpBeginText && re.Sub[len(re.Sub)-1].Op == syntax.OpEndText {
		return p, nil
	}
	return "^(?:" + p + ")$", nil
}
