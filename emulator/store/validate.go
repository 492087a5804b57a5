package store

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits a group must respect. They are the service's own: a fixture that
// breaks one describes a group the real API could never answer with.
const (
	maxIDSuffix       = 61  // SecurityGroupId is sg- and 1 to 61 characters (contract pattern)
	maxNameRunes      = 128 // SecurityGroupName
	maxDescRunes      = 256 // Description
	maxTagsPerGroup   = 20  // tags a resource can carry
	maxTagKeyRunes    = 128 // Tag.N.Key
	maxTagValueRunes  = 128 // Tag.N.Value
	maxAccountIDDigit = 32
)

// maxReported bounds how many problems one error lists, so that a
// broken million-group file does not produce a million-line message.
const maxReported = 20

// checkGroup reports the first thing wrong with one group as a *fieldError,
// naming the field by its API name and saying what a valid value is.
func checkGroup(g *Group) error {
	switch {
	case g.ID == "":
		return fieldErr("SecurityGroupId", "SecurityGroupId is required")
	case !validGroupID(g.ID):
		return fieldErr("SecurityGroupId", "SecurityGroupId %q is not sg- followed by 1 to %d lowercase letters and digits", g.ID, maxIDSuffix)
	case g.Account == "":
		return fieldErr("AccountId", "AccountId is required")
	case !isDigits(g.Account) || len(g.Account) > maxAccountIDDigit:
		return fieldErr("AccountId", "AccountId %q is not an account ID of 1 to %d digits", g.Account, maxAccountIDDigit)
	case g.Region == "":
		return fieldErr("RegionId", "RegionId is required")
	case !validRegion(g.Region):
		return fieldErr("RegionId", "RegionId %q is not a region ID such as cn-hangzhou (lowercase letters, a dash, then lowercase letters, digits and dashes)", g.Region)
	case g.Type == "":
		return fieldErr("SecurityGroupType", "SecurityGroupType is required")
	case g.Type != TypeNormal && g.Type != TypeEnterprise:
		return fieldErr("SecurityGroupType", "SecurityGroupType %q is not %s or %s", g.Type, TypeNormal, TypeEnterprise)
	case g.CreationTime.IsZero():
		return fieldErr("CreationTime", "CreationTime is required")
	case utf8.RuneCountInString(g.Name) > maxNameRunes:
		return fieldErr("SecurityGroupName", "SecurityGroupName is %d characters long; the limit is %d", utf8.RuneCountInString(g.Name), maxNameRunes)
	case utf8.RuneCountInString(g.Description) > maxDescRunes:
		return fieldErr("Description", "Description is %d characters long; the limit is %d", utf8.RuneCountInString(g.Description), maxDescRunes)
	case g.VpcID != "" && !validPrefixedID(g.VpcID, "vpc-"):
		return fieldErr("VpcId", "VpcId %q is not vpc- followed by lowercase letters and digits; leave it empty for a classic-network group", g.VpcID)
	case g.ResourceGroupID != "" && !validPrefixedID(g.ResourceGroupID, "rg-"):
		return fieldErr("ResourceGroupId", "ResourceGroupId %q is not rg- followed by lowercase letters and digits", g.ResourceGroupID)
	case g.ServiceID < 0:
		return fieldErr("ServiceID", "ServiceID %d is negative", g.ServiceID)
	case g.ServiceID != 0 && !g.ServiceManaged:
		return fieldErr("ServiceID", "ServiceID %d is set but ServiceManaged is false; only a managed group has a managing service", g.ServiceID)
	case g.InnerAccessPolicy != "" && g.InnerAccessPolicy != InnerAccept && g.InnerAccessPolicy != InnerDrop:
		return fieldErr("InnerAccessPolicy", "InnerAccessPolicy %q is not %s or %s", g.InnerAccessPolicy, InnerAccept, InnerDrop)
	}
	for _, c := range []struct {
		name string
		v    int32
	}{
		{"EcsCount", g.EcsCount},
		{"AvailableInstanceAmount", g.AvailableInstanceAmount},
		{"RuleCount", g.RuleCount},
		{"GroupToGroupRuleCount", g.GroupToGroupRuleCount},
	} {
		if c.v < 0 {
			return fieldErr(c.name, "%s %d is negative", c.name, c.v)
		}
	}
	if g.GroupToGroupRuleCount > g.RuleCount {
		return fieldErr("GroupToGroupRuleCount", "GroupToGroupRuleCount %d exceeds RuleCount %d; it counts a subset of the rules", g.GroupToGroupRuleCount, g.RuleCount)
	}
	if err := checkTags(g.Tags); err != nil {
		return &fieldError{"Tags", err}
	}
	return checkRules(g)
}

func fieldErr(field, format string, args ...any) error {
	return &fieldError{field, fmt.Errorf(format, args...)}
}

// checkTags reports the first invalid tag, naming it by position.
func checkTags(tags []Tag) error {
	if len(tags) > maxTagsPerGroup {
		return fmt.Errorf("Tags holds %d tags; a group carries at most %d", len(tags), maxTagsPerGroup)
	}
	for i, t := range tags {
		switch {
		case t.Key == "":
			return fmt.Errorf("Tags[%d].TagKey is required", i)
		case utf8.RuneCountInString(t.Key) > maxTagKeyRunes:
			return fmt.Errorf("Tags[%d].TagKey is longer than %d characters", i, maxTagKeyRunes)
		case utf8.RuneCountInString(t.Value) > maxTagValueRunes:
			return fmt.Errorf("Tags[%d].TagValue is longer than %d characters", i, maxTagValueRunes)
		}
		for j := range i {
			if tags[j].Key == t.Key {
				return fmt.Errorf("Tags[%d].TagKey %q repeats Tags[%d]; a key appears once per group", i, t.Key, j)
			}
		}
	}
	return nil
}

// fieldError is a problem with one field of a group. Field is the API name
// of the field (Tags for any tag), which lets a fixture error point at the
// line that holds it; the message already names it.
type fieldError struct {
	Field string
	Err   error
}

func (e *fieldError) Error() string { return e.Err.Error() }
func (e *fieldError) Unwrap() error { return e.Err }

// errorList gathers errors up to maxReported and counts the rest.
type errorList struct {
	errs []error
	more int
}

func (l *errorList) add(err error) {
	if len(l.errs) < maxReported {
		l.errs = append(l.errs, err)
	} else {
		l.more++
	}
}

func (l *errorList) err() error {
	if l.more > 0 {
		return errors.Join(append(l.errs, fmt.Errorf("... and %d more errors", l.more))...)
	}
	return errors.Join(l.errs...)
}

// validateGroups checks every group, that IDs (of groups and of rules) are
// unique across all accounts and regions as the cloud's are, and that the
// groups rules name exist. name names group j in a message
// about another (groups[2]); wrap adds where group i is to an error about
// it. Errors come in the order of the groups. It returns the positions of
// the groups sorted by ID descending, which it needs to find duplicates
// without a map of every ID and which a snapshot is built in.
func validateGroups(groups []Group, name func(j int) string, wrap func(i int, err error) error, errs *errorList) []int32 {
	type problem struct {
		i   int
		err error
	}
	var problems []problem
	bad := map[int]bool{}
	for i := range groups {
		if err := checkGroup(&groups[i]); err != nil {
			problems = append(problems, problem{i, err})
			bad[i] = true
		}
	}
	order := sortByID(groups)
	// Equal IDs are adjacent, lowest position first: each later one duplicates it.
	for k, first := 1, 0; k < len(order); k++ {
		if groups[order[k]].ID != groups[order[first]].ID {
			first = k
			continue
		}
		if i := int(order[k]); !bad[i] {
			problems = append(problems, problem{i, fieldErr("SecurityGroupId",
				"SecurityGroupId duplicates %s; IDs are unique across accounts and regions", name(int(order[first])))})
			bad[i] = true
		}
	}
	checkRulePeers(groups, order, bad, func(i int, err error) {
		problems = append(problems, problem{i, err})
		bad[i] = true
	})
	slices.SortStableFunc(problems, func(a, b problem) int { return cmp.Compare(a.i, b.i) })
	for _, p := range problems {
		errs.add(wrap(p.i, p.err))
	}
	return order
}

// sortByID returns the positions of groups ordered by ID descending, equal
// IDs by position. It sorts small (ID, position) pairs rather than groups
// or positions into groups: a million comparisons then read memory in
// sequence instead of jumping across the groups.
func sortByID(groups []Group) []int32 {
	type keyed struct {
		id string
		i  int32
	}
	ks := make([]keyed, len(groups))
	for i := range groups {
		ks[i] = keyed{groups[i].ID, int32(i)}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return cmp.Or(cmp.Compare(b.id, a.id), cmp.Compare(a.i, b.i)) })
	order := make([]int32, len(ks))
	for k := range ks {
		order[k] = ks[k].i
	}
	return order
}

// groupLabel names group i of a list in messages: groups[3] (sg-bp1...).
func groupLabel(list string, i int, id string) string {
	if id != "" {
		return fmt.Sprintf("%s[%d] (%s)", list, i, id)
	}
	return fmt.Sprintf("%s[%d]", list, i)
}

func validGroupID(id string) bool {
	rest, ok := strings.CutPrefix(id, "sg-")
	return ok && len(rest) >= 1 && len(rest) <= maxIDSuffix && isLowerAlnum(rest)
}

func validPrefixedID(id, prefix string) bool {
	rest, ok := strings.CutPrefix(id, prefix)
	return ok && rest != "" && isLowerAlnum(rest)
}

// validRegion mirrors the contract's RegionId pattern ^[a-z]{2,}-[a-z0-9-]+$.
func validRegion(r string) bool {
	head, tail, ok := strings.Cut(r, "-")
	if !ok || len(head) < 2 || tail == "" {
		return false
	}
	for i := 0; i < len(head); i++ {
		if head[i] < 'a' || head[i] > 'z' {
			return false
		}
	}
	for i := 0; i < len(tail); i++ {
		if c := tail[i]; c != '-' && !isLowerAlnumByte(c) {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isLowerAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isLowerAlnumByte(s[i]) {
			return false
		}
	}
	return true
}

func isLowerAlnumByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }
