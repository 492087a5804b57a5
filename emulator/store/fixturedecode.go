package store

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Layouts of CreationTime: the contract's date-time, seconds optional.
var creationTimeLayouts = []string{"2006-01-02T15:04:05Z", "2006-01-02T15:04Z"}

// CreationTimeLayout is how the API and fixture files write CreationTime.
const CreationTimeLayout = "2006-01-02T15:04:05Z"

// recordField decodes one field of a fixture record. A null value never
// reaches it: null means absent.
type recordField func(r *record, field string, n *yaml.Node) error

// groupField is a recordField that only needs the group.
type groupField func(g *Group, field string, n *yaml.Node) error

func (f groupField) field(r *record, field string, n *yaml.Node) error { return f(&r.group, field, n) }

var recordFields = map[string]recordField{
	"SecurityGroupId":         stringField(func(g *Group) *string { return &g.ID }),
	"RegionId":                stringField(func(g *Group) *string { return &g.Region }),
	"AccountId":               groupField(accountField).field,
	"SecurityGroupName":       stringField(func(g *Group) *string { return &g.Name }),
	"Description":             stringField(func(g *Group) *string { return &g.Description }),
	"SecurityGroupType":       stringField(func(g *Group) *string { return &g.Type }),
	"VpcId":                   stringField(func(g *Group) *string { return &g.VpcID }),
	"ResourceGroupId":         stringField(func(g *Group) *string { return &g.ResourceGroupID }),
	"CreationTime":            groupField(timeField).field,
	"ServiceManaged":          groupField(boolField).field,
	"ServiceID":               groupField(serviceIDField).field,
	"InnerAccessPolicy":       stringField(func(g *Group) *string { return &g.InnerAccessPolicy }),
	"EcsCount":                int32Field(func(g *Group) *int32 { return &g.EcsCount }),
	"AvailableInstanceAmount": int32Field(func(g *Group) *int32 { return &g.AvailableInstanceAmount }),
	"RuleCount":               int32Field(func(g *Group) *int32 { return &g.RuleCount }),
	"GroupToGroupRuleCount":   int32Field(func(g *Group) *int32 { return &g.GroupToGroupRuleCount }),
	"Tags":                    groupField(tagsField).field,
	fixtureRulesKey:           rulesField,
}

// record is a decoded fixture record and where its parts were.
type record struct {
	group Group
	line  int
	lines map[string]int  // field name → line
	nulls map[string]bool // fields given as null, which count as absent
}

// decodeRecords turns the items of the securityGroups list into groups,
// applies defaults and checks them; it reports up to maxReported problems.
func decodeRecords(name string, items []*yaml.Node) ([]Group, error) {
	var errs errorList
	recs := make([]record, 0, len(items))
	index := make([]int, 0, len(items)) // position of recs[k] in the file's list
	for i, item := range items {
		item = resolve(item)
		r, err := decodeRecord(item)
		if err != nil {
			errs.add(fmt.Errorf("%s:%d: %s: %w", name, errLine(err, item.Line), groupLabel(fixtureListKey, i, scalarField(item, "SecurityGroupId")), err))
			continue
		}
		if r.group.Account == "" {
			r.group.Account = DefaultAccount
		}
		recs = append(recs, r)
		index = append(index, i)
	}
	groups := make([]Group, len(recs))
	for k := range recs {
		groups[k] = recs[k].group
	}
	// Indices in messages are the file's, even when earlier records failed.
	label := func(k int) string { return fmt.Sprintf("%s[%d]", fixtureListKey, index[k]) }
	validateGroups(groups, label, func(k int, err error) error {
		line := recs[k].line
		var fe *fieldError
		if errors.As(err, &fe) {
			line = recs[k].lineOf(fe.Field, line)
		}
		return fmt.Errorf("%s:%d: %s: %w", name, line, groupLabel(fixtureListKey, index[k], groups[k].ID), err)
	}, &errs)
	if err := errs.err(); err != nil {
		return nil, err
	}
	return groups, nil
}

// lineOf returns the line of a field (rules[2].PortRange), else of what
// holds it (rules[2], then rules), else fallback.
func (r *record) lineOf(field string, fallback int) int {
	for {
		if l, ok := r.lines[field]; ok {
			return l
		}
		i := strings.LastIndexAny(field, ".[")
		if i < 0 {
			return fallback
		}
		field = field[:i]
	}
}

// decodeRecord decodes one mapping into a group, field by field, so that
// every error can say which field was wrong.
func decodeRecord(n *yaml.Node) (record, error) {
	r := record{line: n.Line, lines: map[string]int{}, nulls: map[string]bool{}}
	if n.Kind != yaml.MappingNode {
		return r, &lineError{n.Line, fmt.Errorf("a group must be a mapping of fields, found %s", describeNode(n))}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		field, ok := recordFields[k.Value]
		switch {
		case !ok:
			return r, &lineError{k.Line, unknownField(k.Value, recordFields)}
		case r.lines[k.Value] != 0:
			return r, &lineError{k.Line, fmt.Errorf("%s appears twice", k.Value)}
		}
		r.lines[k.Value] = k.Line
		if isNull(v) {
			r.nulls[k.Value] = true
			continue
		}
		if err := field(&r, k.Value, v); err != nil {
			return r, &lineError{errLine(err, v.Line), err}
		}
	}
	return r, countRules(&r)
}

// lineError carries the line of the node a decoding error is about.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string { return e.err.Error() }
func (e *lineError) Unwrap() error { return e.err }

func errLine(err error, fallback int) int {
	var le *lineError
	if errors.As(err, &le) {
		return le.line
	}
	return fallback
}

func unknownField[F any](name string, known map[string]F) error {
	names := make([]string, 0, len(known))
	for k := range known {
		if strings.EqualFold(k, name) {
			return fmt.Errorf("unknown field %q; did you mean %s?", name, k)
		}
		names = append(names, k)
	}
	slices.Sort(names)
	return fmt.Errorf("unknown field %q; the fields are %s", name, strings.Join(names, ", "))
}

func stringField(at func(*Group) *string) recordField {
	return func(r *record, field string, n *yaml.Node) error {
		s, err := scalar(field, n, "!!str")
		*at(&r.group) = s
		return err
	}
}

// accountField takes the account ID quoted or not: unquoted, YAML reads
// sixteen digits as a number, and people will write it that way.
func accountField(g *Group, field string, n *yaml.Node) error {
	s, err := scalar(field, n, "!!str", "!!int")
	g.Account = s
	return err
}

func timeField(g *Group, field string, n *yaml.Node) error {
	t, err := utcTime(field, n)
	g.CreationTime = t
	return err
}

// utcTime reads a time in one of creationTimeLayouts.
func utcTime(field string, n *yaml.Node) (time.Time, error) {
	// YAML tags an unquoted date-time as a timestamp; the text is what counts.
	s, err := scalar(field, n, "!!str", "!!timestamp")
	if err != nil {
		return time.Time{}, err
	}
	for _, layout := range creationTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%s %q is not a UTC time written yyyy-MM-ddThh:mm:ssZ (seconds optional)", field, s)
}

func boolField(g *Group, field string, n *yaml.Node) error {
	s, err := scalar(field, n, "!!bool")
	if err != nil {
		return err
	}
	g.ServiceManaged, err = strconv.ParseBool(strings.ToLower(s))
	if err != nil {
		return fmt.Errorf("%s %q is not true or false", field, s)
	}
	return nil
}

func serviceIDField(g *Group, field string, n *yaml.Node) error {
	v, err := integer(field, n, math.MinInt64, math.MaxInt64)
	g.ServiceID = v
	return err
}

func int32Field(at func(*Group) *int32) recordField {
	return func(r *record, field string, n *yaml.Node) error {
		v, err := integer(field, n, math.MinInt32, math.MaxInt32)
		*at(&r.group) = int32(v)
		return err
	}
}

func tagsField(g *Group, field string, n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return fmt.Errorf("%s must be a list of {TagKey, TagValue}, found %s", field, describeNode(n))
	}
	tags := make([]Tag, 0, len(n.Content))
	for i, item := range n.Content {
		item = resolve(item)
		at := fmt.Sprintf("%s[%d]", field, i)
		if item.Kind != yaml.MappingNode {
			return fmt.Errorf("%s must be a mapping {TagKey, TagValue}, found %s", at, describeNode(item))
		}
		var t Tag
		seen := map[string]bool{}
		for j := 0; j+1 < len(item.Content); j += 2 {
			k, v := item.Content[j], resolve(item.Content[j+1])
			var dst *string
			switch k.Value {
			case "TagKey":
				dst = &t.Key
			case "TagValue":
				dst = &t.Value
			default:
				return fmt.Errorf("%s: unknown field %q; a tag has TagKey and TagValue", at, k.Value)
			}
			if seen[k.Value] {
				return fmt.Errorf("%s: %s appears twice", at, k.Value)
			}
			seen[k.Value] = true
			if isNull(v) {
				continue
			}
			s, err := scalar(at+"."+k.Value, v, "!!str")
			if err != nil {
				return err
			}
			*dst = s
		}
		if !seen["TagKey"] {
			return fmt.Errorf("%s.TagKey is required", at)
		}
		tags = append(tags, t)
	}
	g.Tags = tags
	return nil
}

// scalar returns the text of n if it is a scalar with one of the tags.
func scalar(field string, n *yaml.Node, tags ...string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", fmt.Errorf("%s must be %s, found %s", field, aTagName(tags[0]), describeNode(n))
	}
	if !slices.Contains(tags, n.ShortTag()) {
		hint := ""
		if tags[0] == "!!str" {
			hint = "; quote it"
		}
		return "", fmt.Errorf("%s must be %s, found %s%s", field, aTagName(tags[0]), describeNode(n), hint)
	}
	return n.Value, nil
}

// integer returns the value of an integer scalar within [lo, hi].
func integer(field string, n *yaml.Node, lo, hi int64) (int64, error) {
	s, err := scalar(field, n, "!!int")
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseInt(s, 0, 64)
	if err != nil || v < lo || v > hi {
		return 0, fmt.Errorf("%s %s is out of range [%d, %d]", field, s, lo, hi)
	}
	return v, nil
}

// scalarField returns the text of a scalar field of a mapping, for labels.
func scalarField(n *yaml.Node, key string) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if v := resolve(n.Content[i+1]); n.Content[i].Value == key && v.Kind == yaml.ScalarNode {
			return v.Value
		}
	}
	return ""
}

// resolve follows YAML aliases to the node they stand for.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

func tagName(tag string) string {
	switch tag {
	case "!!str":
		return "string"
	case "!!int":
		return "integer"
	case "!!bool":
		return "boolean (true or false)"
	case "!!timestamp":
		return "timestamp"
	case "!!float":
		return "decimal number"
	case "!!null":
		return "null"
	}
	return tag
}

// aTagName is tagName with its article.
func aTagName(tag string) string {
	if tag == "!!int" {
		return "an integer"
	}
	return "a " + tagName(tag)
}

func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("the %s %q", tagName(n.ShortTag()), n.Value)
	}
	return "something else"
}
