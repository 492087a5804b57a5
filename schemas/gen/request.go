package gen

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// requestSchema is the schema of the decoded parameter object: every wire
// parameter under its own name, integers and booleans as JSON integers and
// booleans, a json-array as an array of strings and a list (Tag.N.Key) as an
// array of objects in the order of N. Unknown members are allowed because the
// contract ignores unknown parameters.
func requestSchema(op *specs.Operation) (object, error) {
	props := object{}
	required := []string{}
	for i := range op.Parameters {
		p := &op.Parameters[i]
		s, err := parameterSchema(p, "parameters."+p.Name)
		if err != nil {
			return nil, err
		}
		props[p.Name] = s
		if p.Required {
			required = append(required, p.Name)
		}
	}
	root := object{
		"$schema":     draft07,
		"$comment":    generatedComment(op),
		"title":       op.Operation + " request parameters",
		"description": op.Summary + " This schema validates the decoded parameter object; unknown parameters are allowed because the contract ignores them.",
		"type":        "object",
		"properties":  props,
	}
	if len(required) > 0 {
		root["required"] = required
	}
	if mixed := mixedPaging(op); mixed != nil {
		root["not"] = mixed
	}
	return root, nil
}

// mixedPaging forbids a request that sends parameters of both paging modes,
// which the contract answers with its mixed_error. An operation that does
// not page has no modes to mix: nil.
func mixedPaging(op *specs.Operation) object {
	pg := op.Paging
	if pg == nil {
		return nil
	}
	anyOf := func(names []string) object {
		alts := []any{}
		for _, n := range names {
			alts = append(alts, object{"required": []string{n}})
		}
		return object{"anyOf": alts}
	}
	pageNumber := []string{pg.PageNumber.NumberParam, pg.PageNumber.SizeParam}
	return object{
		"description": fmt.Sprintf("Parameters of both paging modes (any of %s with any of %s) are answered with %s.",
			strings.Join(pg.NextToken.SelectedBy, ", "), strings.Join(pageNumber, ", "), pg.MixedError),
		"allOf": []any{anyOf(pg.NextToken.SelectedBy), anyOf(pageNumber)},
	}
}

// parameterSchema is the schema of one parameter's decoded value.
func parameterSchema(p *specs.Parameter, path string) (object, error) {
	c := p.Constraints
	used := map[string]bool{}
	s := object{"description": parameterDescription(p)}
	if p.Deprecated {
		s["deprecated"] = true
	}
	switch p.Type {
	case specs.TypeString:
		s["type"] = "string"
		if err := stringConstraints(s, c, used); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	case specs.TypeInteger:
		s["type"] = "integer"
		if c.Minimum != nil {
			s["minimum"], used["minimum"] = *c.Minimum, true
		}
		if c.Maximum != nil {
			s["maximum"], used["maximum"] = *c.Maximum, true
		}
	case specs.TypeBoolean:
		s["type"] = "boolean"
	case specs.TypeJSONArray:
		items := object{"type": "string"}
		if c.ItemPattern != "" {
			pat, err := anchored(c.ItemPattern)
			if err != nil {
				return nil, fmt.Errorf("%s: item_pattern: %w", path, err)
			}
			items["pattern"], used["item_pattern"] = pat, true
		}
		s["type"], s["items"] = "array", items
		if c.MaxItems != nil {
			s["maxItems"], used["max_items"] = *c.MaxItems, true
		}
	case specs.TypeList:
		items, err := listItemSchema(p, path)
		if err != nil {
			return nil, err
		}
		s["type"], s["items"] = "array", items
		if c.MinIndex != nil && c.MaxIndex != nil {
			if *c.MaxIndex < *c.MinIndex {
				return nil, fmt.Errorf("%s: max_index %d is below min_index %d", path, *c.MaxIndex, *c.MinIndex)
			}
			s["maxItems"] = *c.MaxIndex - *c.MinIndex + 1
		}
		used["min_index"], used["max_index"] = c.MinIndex != nil, c.MaxIndex != nil
	default:
		return nil, fmt.Errorf("%s: parameter type %q is unknown to the generator", path, p.Type)
	}
	if p.Type != specs.TypeList && len(p.Fields) > 0 {
		return nil, fmt.Errorf("%s: fields apply to list parameters only, but the parameter is %s", path, p.Type)
	}
	if err := unusedConstraints(c, used); err != nil {
		return nil, fmt.Errorf("%s: %w for a %s parameter", path, err, p.Type)
	}
	for _, v := range []struct{ key, text string }{{"default", p.Default}, {"examples", p.Example}} {
		if v.text == "" {
			continue
		}
		val, err := typedParameterValue(p.Type, v.text)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", path, v.key, err)
		}
		if v.key == "examples" {
			s[v.key] = []any{val}
		} else {
			s[v.key] = val
		}
	}
	return s, nil
}

// parameterDescription adds to the contract's description what a reader of
// the schema alone would otherwise miss.
func parameterDescription(p *specs.Parameter) string {
	d := p.Description
	if p.Deprecated && p.DeprecationNote != "" {
		d += " Deprecated: " + p.DeprecationNote
	}
	if p.Hidden {
		d += " Not in the documentation's parameter table."
	}
	return d
}

// stringConstraints puts a string parameter's constraints into s.
func stringConstraints(s object, c specs.Constraints, used map[string]bool) error {
	if c.MinLength != nil {
		s["minLength"], used["min_length"] = *c.MinLength, true
	}
	if c.MaxLength != nil {
		s["maxLength"], used["max_length"] = *c.MaxLength, true
	}
	if c.Pattern != "" {
		p, err := anchored(c.Pattern)
		if err != nil {
			return err
		}
		s["pattern"], used["pattern"] = p, true
	}
	if len(c.Enum) > 0 {
		used["enum"] = true
		if c.EnumCaseInsensitive {
			// JSON Schema's enum is case-sensitive; a case-insensitive
			// pattern says the same and keeps the enum's values readable.
			if c.Pattern != "" {
				return fmt.Errorf("a case-insensitive enum becomes a pattern and cannot be combined with pattern")
			}
			s["pattern"] = "^" + foldedAlternatives(c.Enum) + "$"
		} else {
			s["enum"] = append([]string{}, c.Enum...)
		}
	}
	used["enum_case_insensitive"] = c.EnumCaseInsensitive
	if len(c.ForbiddenPrefixes) > 0 {
		used["forbidden_prefixes"] = true
		s["not"] = object{
			"description": "The value must not start with " + strings.Join(c.ForbiddenPrefixes, " or ") + ", in any letter case.",
			"pattern":     "^" + foldedAlternatives(c.ForbiddenPrefixes),
		}
	}
	return nil
}

// unusedConstraints reports a constraint that is set but was not put into
// the schema: the generator would otherwise drop it silently.
func unusedConstraints(c specs.Constraints, used map[string]bool) error {
	set := map[string]bool{
		"min_length":            c.MinLength != nil,
		"max_length":            c.MaxLength != nil,
		"minimum":               c.Minimum != nil,
		"maximum":               c.Maximum != nil,
		"enum":                  len(c.Enum) > 0,
		"enum_case_insensitive": c.EnumCaseInsensitive,
		"pattern":               c.Pattern != "",
		"forbidden_prefixes":    len(c.ForbiddenPrefixes) > 0,
		"max_items":             c.MaxItems != nil,
		"item_pattern":          c.ItemPattern != "",
		"min_index":             c.MinIndex != nil,
		"max_index":             c.MaxIndex != nil,
	}
	var extra []string
	for _, k := range sortedKeys(set) {
		if set[k] && !used[k] {
			extra = append(extra, k)
		}
	}
	if len(extra) > 0 {
		return fmt.Errorf("constraint %s does not apply", strings.Join(extra, ", "))
	}
	return nil
}

// listItemSchema is the schema of one item of a list parameter (the members
// of Tag.N). Two spellings of one field (Key and its alias key) in the same
// item are rejected; a required field may be sent under any of its spellings.
func listItemSchema(p *specs.Parameter, path string) (object, error) {
	if len(p.Fields) == 0 {
		return nil, fmt.Errorf("%s: a list parameter needs fields", path)
	}
	props := object{}
	aliases := map[string][]string{} // field → its aliases
	for i := range p.Fields {
		f := &p.Fields[i]
		if f.Type == specs.TypeList || f.Type == specs.TypeJSONArray {
			return nil, fmt.Errorf("%s.%s: a list field must be a scalar, not %s", path, f.Name, f.Type)
		}
		s, err := parameterSchema(f, path+"."+f.Name)
		if err != nil {
			return nil, err
		}
		props[f.Name] = s
		if f.AliasOf != "" {
			aliases[f.AliasOf] = append(aliases[f.AliasOf], f.Name)
		}
	}
	item := object{"type": "object", "properties": props}
	deps := object{}
	var required []string
	var either []any
	for i := range p.Fields {
		f := &p.Fields[i]
		if f.AliasOf != "" {
			target := props[f.AliasOf]
			if target == nil {
				return nil, fmt.Errorf("%s.%s: alias_of names %q, which is not a field of the list", path, f.Name, f.AliasOf)
			}
			// dependencies keeps the failure on the item itself; allOf
			// of several not-schemas would bury it under an allOf error.
			deps[f.Name] = object{
				"description": fmt.Sprintf("%s and %s are two spellings of one field; send one of them.", f.AliasOf, f.Name),
				"not":         object{"required": []string{f.AliasOf}},
			}
			if f.Required {
				return nil, fmt.Errorf("%s.%s: mark the field %s required, not its alias", path, f.Name, f.AliasOf)
			}
			continue
		}
		if !f.Required {
			continue
		}
		if len(aliases[f.Name]) == 0 {
			required = append(required, f.Name)
			continue
		}
		alts := []any{object{"required": []string{f.Name}}}
		for _, a := range aliases[f.Name] {
			alts = append(alts, object{"required": []string{a}})
		}
		either = append(either, object{"anyOf": alts})
	}
	if len(deps) > 0 {
		item["dependencies"] = deps
	}
	if len(required) > 0 {
		item["required"] = required
	}
	switch len(either) {
	case 0:
	case 1:
		item["anyOf"] = either[0].(object)["anyOf"]
	default:
		item["allOf"] = either
	}
	return item, nil
}

// typedParameterValue turns a default or example into the decoded type.
func typedParameterValue(typ, text string) (any, error) {
	switch typ {
	case specs.TypeJSONArray:
		var v []string
		if err := json.Unmarshal([]byte(text), &v); err != nil {
			return nil, fmt.Errorf("%q is not a JSON array of strings: %v", text, err)
		}
		return v, nil
	case specs.TypeList:
		return nil, fmt.Errorf("a list parameter takes no default or example; give them on its fields")
	case specs.TypeInteger:
		if _, err := strconv.ParseInt(text, 10, 64); err != nil {
			return nil, fmt.Errorf("%q is not a decimal integer", text)
		}
	}
	return typedExample(typ, text)
}
