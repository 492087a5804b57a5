package schemas

import (
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/xeipuuv/gojsonschema"
)

// Violation is one way a document breaks its schema.
type Violation struct {
	// Path is the dotted path of the offending member, array indexes
	// included: "SecurityGroups.SecurityGroup.0.ServiceID". For a missing
	// member it is the path the member should have; "" is the document
	// itself. WireRequest reports wire names instead (Tag.1.Key).
	Path string
	// Rule is the JSON Schema keyword that failed (type, enum, required,
	// pattern, minimum, maximum, minLength, maxLength, maxItems, not, ...),
	// "forbidden" for a member that must be absent, from the wire decoder
	// "syntax", "duplicate" or "index", or "operation" when the operation
	// given has no contract or schema.
	Rule string
	// Value is the offending value as decoded (json.Number for numbers);
	// nil for a missing member.
	Value any
	// Message says what was expected.
	Message string
}

// String renders the violation on one line: path, rule, value, message.
func (v Violation) String() string {
	path := v.Path
	if path == "" {
		path = "(root)"
	}
	return fmt.Sprintf("%s: %s: %s: %s", path, v.Rule, renderValue(v.Value), v.Message)
}

// Result is the outcome of one validation; no violations means valid.
type Result struct {
	Violations []Violation
}

// OK reports whether the document is valid.
func (r Result) OK() bool { return len(r.Violations) == 0 }

// Error lists the violations one per line; it is empty when OK.
func (r Result) Error() string {
	lines := make([]string, len(r.Violations))
	for i, v := range r.Violations {
		lines[i] = v.String()
	}
	return strings.Join(lines, "\n")
}

// rules maps gojsonschema's error types to JSON Schema keywords.
var rules = map[string]string{
	"false":                           "forbidden",
	"required":                        "required",
	"invalid_type":                    "type",
	"number_any_of":                   "anyOf",
	"number_one_of":                   "oneOf",
	"number_all_of":                   "allOf",
	"number_not":                      "not",
	"missing_dependency":              "dependencies",
	"const":                           "const",
	"enum":                            "enum",
	"array_no_additional_items":       "additionalItems",
	"array_min_items":                 "minItems",
	"array_max_items":                 "maxItems",
	"unique":                          "uniqueItems",
	"contains":                        "contains",
	"array_min_properties":            "minProperties",
	"array_max_properties":            "maxProperties",
	"additional_property_not_allowed": "additionalProperties",
	"invalid_property_pattern":        "patternProperties",
	"invalid_property_name":           "propertyNames",
	"string_gte":                      "minLength",
	"string_lte":                      "maxLength",
	"pattern":                         "pattern",
	"format":                          "format",
	"multiple_of":                     "multipleOf",
	"number_gte":                      "minimum",
	"number_gt":                       "exclusiveMinimum",
	"number_lte":                      "maximum",
	"number_lt":                       "exclusiveMaximum",
	"condition_then":                  "then",
	"condition_else":                  "else",
}

// convert turns gojsonschema's result into violations sorted by path and
// rule, so that messages and tests do not depend on map iteration order.
func convert(res *gojsonschema.Result) Result {
	if res.Valid() {
		return Result{}
	}
	errs := res.Errors()
	out := make([]Violation, 0, len(errs))
	for _, e := range errs {
		v := Violation{
			Path:    e.Field(),
			Rule:    rules[e.Type()],
			Value:   e.Value(),
			Message: e.Description(),
		}
		if v.Path == gojsonschema.STRING_CONTEXT_ROOT {
			v.Path = ""
		}
		if v.Rule == "" {
			v.Rule = e.Type()
		}
		v.Message = message(v.Rule, e.Details(), v.Message)
		// gojsonschema places a missing member's error on its parent;
		// point at the member itself, which is what a reader looks for.
		if v.Rule == "required" || v.Rule == "additionalProperties" {
			if prop, ok := e.Details()["property"].(string); ok {
				v.Path = join(v.Path, prop)
			}
			if v.Rule == "required" {
				v.Value = nil
			}
		}
		out = append(out, v)
	}
	sortViolations(out)
	return Result{Violations: out}
}

// message replaces gojsonschema's wording where it misleads: bounds come
// as floats (2.147483647e+09) and a false schema as "False always fails".
func message(rule string, details gojsonschema.ErrorDetails, fallback string) string {
	bound := func(key string) string {
		if f, ok := details[key].(*big.Float); ok {
			return f.Text('f', -1)
		}
		return fmt.Sprint(details[key])
	}
	switch rule {
	case "forbidden":
		return "must be absent here"
	case "minimum":
		return "must be at least " + bound("min")
	case "maximum":
		return "must be at most " + bound("max")
	case "exclusiveMinimum":
		return "must be greater than " + bound("min")
	case "exclusiveMaximum":
		return "must be less than " + bound("max")
	}
	return fallback
}

func sortViolations(vs []Violation) {
	sort.SliceStable(vs, func(i, j int) bool {
		if vs[i].Path != vs[j].Path {
			return vs[i].Path < vs[j].Path
		}
		return vs[i].Rule < vs[j].Rule
	})
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// renderValue shows a value compactly: JSON, cut at 80 bytes.
func renderValue(v any) string {
	if v == nil {
		return "<absent>"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}
