package store

import (
	"bytes"
	"encoding/json"
)

// fileRecord is a group as a fixture file writes it, fields in the order
// a reader expects. Optional zero values are left out; Parse restores them.
type fileRecord struct {
	SecurityGroupID         string     `json:"SecurityGroupId"`
	AccountID               string     `json:"AccountId"`
	RegionID                string     `json:"RegionId"`
	SecurityGroupName       string     `json:"SecurityGroupName,omitempty"`
	Description             string     `json:"Description,omitempty"`
	SecurityGroupType       string     `json:"SecurityGroupType"`
	VpcID                   string     `json:"VpcId,omitempty"`
	CreationTime            string     `json:"CreationTime"`
	ResourceGroupID         string     `json:"ResourceGroupId,omitempty"`
	ServiceManaged          bool       `json:"ServiceManaged,omitempty"`
	ServiceID               int64      `json:"ServiceID,omitempty"`
	EcsCount                int32      `json:"EcsCount,omitempty"`
	AvailableInstanceAmount int32      `json:"AvailableInstanceAmount,omitempty"`
	RuleCount               int32      `json:"RuleCount,omitempty"`
	GroupToGroupRuleCount   int32      `json:"GroupToGroupRuleCount,omitempty"`
	InnerAccessPolicy       string     `json:"InnerAccessPolicy,omitempty"`
	Tags                    []fileTag  `json:"Tags,omitempty"`
	Rules                   []fileRule `json:"rules,omitempty"`
}

// fileRule is a rule as a fixture file writes it: the peer fields named
// after the direction, optional zero values left out.
type fileRule struct {
	SecurityGroupRuleID  string `json:"SecurityGroupRuleId"`
	Direction            string `json:"Direction"`
	IPProtocol           string `json:"IpProtocol"`
	PortRange            string `json:"PortRange"`
	SourcePortRange      string `json:"SourcePortRange,omitempty"`
	SourceCidrIP         string `json:"SourceCidrIp,omitempty"`
	Ipv6SourceCidrIP     string `json:"Ipv6SourceCidrIp,omitempty"`
	SourceGroupID        string `json:"SourceGroupId,omitempty"`
	SourcePrefixListID   string `json:"SourcePrefixListId,omitempty"`
	SourcePrefixListName string `json:"SourcePrefixListName,omitempty"`
	DestCidrIP           string `json:"DestCidrIp,omitempty"`
	Ipv6DestCidrIP       string `json:"Ipv6DestCidrIp,omitempty"`
	DestGroupID          string `json:"DestGroupId,omitempty"`
	DestPrefixListID     string `json:"DestPrefixListId,omitempty"`
	DestPrefixListName   string `json:"DestPrefixListName,omitempty"`
	NicType              string `json:"NicType,omitempty"`
	Policy               string `json:"Policy,omitempty"`
	Priority             int32  `json:"Priority,omitempty"`
	Description          string `json:"Description,omitempty"`
	CreateTime           string `json:"CreateTime,omitempty"`
}

func toFileRule(r Rule) fileRule {
	f := fileRule{SecurityGroupRuleID: r.ID, Direction: r.Direction, IPProtocol: r.Protocol, PortRange: r.PortRange,
		SourcePortRange: r.SourcePortRange, NicType: r.NicType, Policy: r.Policy, Priority: r.Priority, Description: r.Description}
	if !r.CreateTime.IsZero() {
		f.CreateTime = r.CreateTime.UTC().Format(CreationTimeLayout)
	}
	if r.Direction == DirectionEgress {
		f.DestCidrIP, f.Ipv6DestCidrIP, f.DestGroupID, f.DestPrefixListID, f.DestPrefixListName = r.CidrIP, r.IPv6CidrIP, r.GroupID, r.PrefixListID, r.PrefixListName
	} else {
		f.SourceCidrIP, f.Ipv6SourceCidrIP, f.SourceGroupID, f.SourcePrefixListID, f.SourcePrefixListName = r.CidrIP, r.IPv6CidrIP, r.GroupID, r.PrefixListID, r.PrefixListName
	}
	return f
}

type fileTag struct {
	TagKey   string `json:"TagKey"`
	TagValue string `json:"TagValue"`
}

// Marshal writes groups as a JSON fixture file that Parse reads back to the
// same groups, in the order given; the account is always written. It is how
// the default fixture is produced, and how a caller can save a store's data.
func Marshal(groups []Group) ([]byte, error) {
	recs := make([]fileRecord, len(groups))
	for i, g := range groups {
		r := fileRecord{
			SecurityGroupID: g.ID, AccountID: g.Account, RegionID: g.Region,
			SecurityGroupName: g.Name, Description: g.Description, SecurityGroupType: g.Type,
			VpcID: g.VpcID, CreationTime: g.CreationTime.UTC().Format(CreationTimeLayout),
			ResourceGroupID: g.ResourceGroupID, ServiceManaged: g.ServiceManaged, ServiceID: g.ServiceID,
			EcsCount: g.EcsCount, AvailableInstanceAmount: g.AvailableInstanceAmount,
			RuleCount: g.RuleCount, GroupToGroupRuleCount: g.GroupToGroupRuleCount,
			InnerAccessPolicy: g.InnerAccessPolicy,
		}
		for _, t := range g.Tags {
			r.Tags = append(r.Tags, fileTag{t.Key, t.Value})
		}
		for _, rule := range g.Rules {
			r.Rules = append(r.Rules, toFileRule(rule))
		}
		recs[i] = r
	}
	// One group per line, then one rule per line: the file stays short and
	// a diff shows whole groups and whole rules.
	var buf bytes.Buffer
	buf.WriteString(`{"` + fixtureListKey + `": [`)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep <, > and & readable in descriptions
	for i := range recs {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString("\n  ")
		rules := recs[i].Rules
		recs[i].Rules = nil
		if err := enc.Encode(&recs[i]); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1) // Encode ends each value with a newline
		if rules == nil {
			continue
		}
		buf.Truncate(buf.Len() - 1) // the record's closing brace
		buf.WriteString(`,"` + fixtureRulesKey + `":[`)
		for j := range rules {
			if j > 0 {
				buf.WriteByte(',')
			}
			buf.WriteString("\n    ")
			if err := enc.Encode(&rules[j]); err != nil {
				return nil, err
			}
			buf.Truncate(buf.Len() - 1)
		}
		buf.WriteString("\n  ]}")
	}
	buf.WriteString("\n]}\n")
	return buf.Bytes(), nil
}
