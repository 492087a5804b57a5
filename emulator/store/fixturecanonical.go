package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// parseCanonical decodes a JSON fixture as Marshal writes it, with
// encoding/json instead of the line-tracking decoder of Parse: the default
// fixture holds thousands of rules, and building a YAML node tree of them
// costs every process that starts an emulator a second or more. The groups
// are checked as Replace checks them; what the file-format checks of Parse
// would find (a field of the wrong kind, a count that does not match the
// rules) the embedded file cannot hold, which TestDefaultDecodesAsParse
// verifies by decoding it both ways.
func parseCanonical(name string, data []byte) ([]Group, error) {
	var file struct {
		SecurityGroups []fileRecord `json:"securityGroups"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&file); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	groups := make([]Group, len(file.SecurityGroups))
	for i := range file.SecurityGroups {
		g, err := file.SecurityGroups[i].group()
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", name, groupLabel(fixtureListKey, i, file.SecurityGroups[i].SecurityGroupID), err)
		}
		groups[i] = g
	}
	var errs errorList
	validateGroups(groups, func(j int) string { return fmt.Sprintf("%s[%d]", fixtureListKey, j) }, func(i int, err error) error {
		return fmt.Errorf("%s: %s: %w", name, groupLabel(fixtureListKey, i, groups[i].ID), err)
	}, &errs)
	if err := errs.err(); err != nil {
		return nil, err
	}
	return groups, nil
}

// group is the inverse of Marshal's record of a group.
func (f *fileRecord) group() (Group, error) {
	g := Group{
		Account: f.AccountID, Region: f.RegionID, ID: f.SecurityGroupID, Name: f.SecurityGroupName,
		Description: f.Description, Type: f.SecurityGroupType, VpcID: f.VpcID, ResourceGroupID: f.ResourceGroupID,
		ServiceManaged: f.ServiceManaged, ServiceID: f.ServiceID, EcsCount: f.EcsCount,
		AvailableInstanceAmount: f.AvailableInstanceAmount, RuleCount: f.RuleCount, GroupToGroupRuleCount: f.GroupToGroupRuleCount,
		InnerAccessPolicy: f.InnerAccessPolicy,
	}
	if g.Account == "" {
		g.Account = DefaultAccount
	}
	var err error
	if g.CreationTime, err = parseUTC("CreationTime", f.CreationTime); err != nil {
		return g, err
	}
	for _, t := range f.Tags {
		g.Tags = append(g.Tags, Tag{t.TagKey, t.TagValue})
	}
	for i := range f.Rules {
		r, err := f.Rules[i].rule()
		if err != nil {
			return g, fmt.Errorf("%s: %w", ruleLabel(i, f.Rules[i].SecurityGroupRuleID), err)
		}
		g.Rules = append(g.Rules, r)
	}
	return g, nil
}

// rule is the inverse of toFileRule.
func (f *fileRule) rule() (Rule, error) {
	r := Rule{ID: f.SecurityGroupRuleID, Direction: f.Direction, Protocol: f.IPProtocol, PortRange: f.PortRange,
		SourcePortRange: f.SourcePortRange, NicType: f.NicType, Policy: f.Policy, Priority: f.Priority, Description: f.Description}
	source := f.SourceCidrIP + f.Ipv6SourceCidrIP + f.SourceGroupID + f.SourcePrefixListID + f.SourcePrefixListName
	dest := f.DestCidrIP + f.Ipv6DestCidrIP + f.DestGroupID + f.DestPrefixListID + f.DestPrefixListName
	switch {
	case r.Direction == DirectionEgress && source != "", r.Direction != DirectionEgress && dest != "":
		return r, fmt.Errorf("a peer field of the other direction")
	case r.Direction == DirectionEgress:
		r.CidrIP, r.IPv6CidrIP, r.GroupID, r.PrefixListID, r.PrefixListName = f.DestCidrIP, f.Ipv6DestCidrIP, f.DestGroupID, f.DestPrefixListID, f.DestPrefixListName
	default:
		r.CidrIP, r.IPv6CidrIP, r.GroupID, r.PrefixListID, r.PrefixListName = f.SourceCidrIP, f.Ipv6SourceCidrIP, f.SourceGroupID, f.SourcePrefixListID, f.SourcePrefixListName
	}
	var err error
	if f.CreateTime != "" {
		r.CreateTime, err = parseUTC("CreateTime", f.CreateTime)
	}
	return r, err
}

func parseUTC(field, s string) (time.Time, error) {
	for _, layout := range creationTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%s %q is not a UTC time written yyyy-MM-ddThh:mm:ssZ (seconds optional)", field, s)
}
