package store

import (
	"bytes"
	"encoding/json"
)

// fileRecord is a group as a fixture file writes it, fields in the order
// a reader expects. Optional zero values are left out; Parse restores them.
type fileRecord struct {
	SecurityGroupID         string    `json:"SecurityGroupId"`
	AccountID               string    `json:"AccountId"`
	RegionID                string    `json:"RegionId"`
	SecurityGroupName       string    `json:"SecurityGroupName,omitempty"`
	Description             string    `json:"Description,omitempty"`
	SecurityGroupType       string    `json:"SecurityGroupType"`
	VpcID                   string    `json:"VpcId,omitempty"`
	CreationTime            string    `json:"CreationTime"`
	ResourceGroupID         string    `json:"ResourceGroupId,omitempty"`
	ServiceManaged          bool      `json:"ServiceManaged,omitempty"`
	ServiceID               int64     `json:"ServiceID,omitempty"`
	EcsCount                int32     `json:"EcsCount,omitempty"`
	AvailableInstanceAmount int32     `json:"AvailableInstanceAmount,omitempty"`
	RuleCount               int32     `json:"RuleCount,omitempty"`
	GroupToGroupRuleCount   int32     `json:"GroupToGroupRuleCount,omitempty"`
	Tags                    []fileTag `json:"Tags,omitempty"`
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
		}
		for _, t := range g.Tags {
			r.Tags = append(r.Tags, fileTag{t.Key, t.Value})
		}
		recs[i] = r
	}
	// One group per line: the file stays short and a diff shows whole groups.
	var buf bytes.Buffer
	buf.WriteString(`{"` + fixtureListKey + `": [`)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep <, > and & readable in descriptions
	for i := range recs {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString("\n  ")
		if err := enc.Encode(&recs[i]); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1) // Encode ends each value with a newline
	}
	buf.WriteString("\n]}\n")
	return buf.Bytes(), nil
}
