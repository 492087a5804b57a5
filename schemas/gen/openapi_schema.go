package gen

import (
	"fmt"
	"math"
	"strings"
)

// toOpenAPISchema translates a JSON Schema (draft-07) built by this package
// into OpenAPI 3.0's Schema Object, which is a dialect of draft-05 plus its
// own keywords: one example instead of examples, no $schema or $comment,
// no boolean schemas, integer widths as formats. What has no translation is
// an error naming where it sits, so a new keyword cannot vanish silently.
func toOpenAPISchema(s object, path string) (object, error) {
	out := object{}
	for _, k := range sortedKeys(s) {
		v := s[k]
		switch k {
		case "$schema", "$comment":
			// Document-level bookkeeping; the document says it once in info.
		case "examples":
			list, ok := v.([]any)
			if !ok || len(list) != 1 {
				return nil, fmt.Errorf("%s: examples must hold exactly one value to become OpenAPI's example, got %v", path, v)
			}
			out["example"] = list[0]
		case "properties":
			props := object{}
			for name, child := range v.(object) {
				c, err := openAPIChild(child, path+"."+name)
				if err != nil {
					return nil, err
				}
				props[name] = c
			}
			out[k] = props
		case "items", "not":
			c, err := openAPIChild(v, path+"/"+k)
			if err != nil {
				return nil, err
			}
			out[k] = c
		case "allOf", "anyOf", "oneOf":
			var list []any
			for i, child := range v.([]any) {
				c, err := openAPIChild(child, fmt.Sprintf("%s/%s/%d", path, k, i))
				if err != nil {
					return nil, err
				}
				list = append(list, c)
			}
			out[k] = list
		case "type", "description", "title", "required", "enum", "pattern", "deprecated", "default",
			"minimum", "maximum", "minLength", "maxLength", "maxItems", "minItems", "$ref":
			out[k] = v
		default:
			return nil, fmt.Errorf("%s: the JSON Schema keyword %q has no OpenAPI 3.0 translation in the generator", path, k)
		}
	}
	integerFormat(out)
	unicodeExample(out)
	return out, nil
}

// unicodeExample moves the example of a schema whose pattern uses a Unicode
// property escape (\p{L}) into its description. JSON Schema and OpenAPI
// apply patterns with ECMA-262's u flag, as Prism does, but Spectral checks
// examples without it (stoplightio/spectral#2419), where \p{L} is the text
// "p{L}": the example would be reported as breaking its own pattern.
func unicodeExample(s object) {
	pattern, _ := s["pattern"].(string)
	ex, ok := s["example"]
	if !ok || !(strings.Contains(pattern, `\p{`) || strings.Contains(pattern, `\P{`)) {
		return
	}
	delete(s, "example")
	note := fmt.Sprintf("For example %v.", ex)
	if d, _ := s["description"].(string); d != "" {
		note = d + " " + note
	}
	s["description"] = note
}

// openAPIChild translates a subschema; the false schema (a member that must
// be absent) becomes not: {}, which OpenAPI 3.0 reads the same way.
func openAPIChild(v any, path string) (object, error) {
	switch c := v.(type) {
	case bool:
		if c {
			return object{}, nil
		}
		return object{"not": object{}}, nil
	case object:
		return toOpenAPISchema(c, path)
	}
	return nil, fmt.Errorf("%s: a subschema must be an object or a boolean, got %T", path, v)
}

// integerFormat writes the bounds of a 32- or 64-bit integer element as
// OpenAPI's int32 and int64 formats: the int64 bounds do not survive a
// JavaScript number, which is what JSON tools in Node parse them into.
func integerFormat(s object) {
	if s["type"] != "integer" {
		return
	}
	lo, hi := s["minimum"], s["maximum"]
	switch {
	case lo == int64(math.MinInt32) && hi == int64(math.MaxInt32):
		s["format"] = "int32"
	case lo == int64(math.MinInt64) && hi == int64(math.MaxInt64):
		s["format"] = "int64"
	default:
		return
	}
	delete(s, "minimum")
	delete(s, "maximum")
}
