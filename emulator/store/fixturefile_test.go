package store

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// rec is a valid YAML record with fields replaced or added by overrides
// ("SecurityGroupType: other") or removed (without("RegionId")).
func rec(id string, overrides ...string) string {
	fields := []string{
		"SecurityGroupId: " + id,
		"RegionId: cn-hangzhou",
		"SecurityGroupType: normal",
		"CreationTime: 2024-05-01T08:30:00Z",
	}
	for _, o := range overrides {
		key, _, _ := strings.Cut(o, ":")
		i := slices.IndexFunc(fields, func(f string) bool { return strings.HasPrefix(f, strings.TrimPrefix(key, "-")+":") })
		switch {
		case strings.HasPrefix(key, "-"):
			fields = slices.Delete(fields, i, i+1)
		case i >= 0:
			fields[i] = o
		default:
			fields = append(fields, o)
		}
	}
	return "  - " + strings.Join(fields, "\n    ") + "\n"
}

// without removes a field from a record.
func without(field string) string { return "-" + field + ":" }

func yamlFile(records ...string) string { return "securityGroups:\n" + strings.Join(records, "") }

func TestParseErrors(t *testing.T) {
	const id = "sg-bp1aaaaaaaaaaaaaaaaa"
	const id2 = "sg-bp1bbbbbbbbbbbbbbbbb"
	cases := []struct {
		name, file, data string
		want             []string // substrings of the error
	}{
		{"empty file", "f.yaml", "", []string{"f.yaml: the file is empty"}},
		{"a list at the top", "f.yaml", "- a\n", []string{"f.yaml:1: the file must be a mapping with the key securityGroups, found a list"}},
		{"unknown top-level key", "f.yaml", "groups: []\n", []string{`f.yaml:1: unknown top-level key "groups"`}},
		{"no list", "f.yaml", "securityGroups: 3\n", []string{"f.yaml:1: securityGroups must be a list of groups, found the integer \"3\""}},
		{"null list", "f.yaml", "securityGroups:\n", []string{"securityGroups must be a list"}},
		{"two documents", "f.yaml", yamlFile(rec(id)) + "---\nsecurityGroups: []\n", []string{"more than one YAML document"}},
		{"YAML syntax", "f.yaml", "securityGroups: [\n", []string{"f.yaml: yaml:"}},
		{"record not a mapping", "f.yaml", "securityGroups:\n  - sg-bp1a\n", []string{"f.yaml:2: securityGroups[0]: a group must be a mapping of fields"}},
		{"unknown field", "f.yaml", yamlFile(rec(id, "Colour: red")), []string{"f.yaml:6: securityGroups[0] (" + id + `): unknown field "Colour"; the fields are AccountId, AvailableInstanceAmount`}},
		{"field in the wrong case", "f.yaml", yamlFile(rec(id, "VpcID: vpc-bp1x")), []string{`unknown field "VpcID"; did you mean VpcId?`}},
		{"field twice", "f.yaml", yamlFile(rec(id) + "    RegionId: cn-shanghai\n"), []string{"f.yaml:6: securityGroups[0] (" + id + "): RegionId appears twice"}},
		{"no ID", "f.yaml", yamlFile(rec(id, without("SecurityGroupId"))), []string{"securityGroups[0]: SecurityGroupId is required"}},
		{"no region", "f.yaml", yamlFile(rec(id, without("RegionId"))), []string{"(" + id + "): RegionId is required"}},
		{"no type", "f.yaml", yamlFile(rec(id, without("SecurityGroupType"))), []string{"(" + id + "): SecurityGroupType is required"}},
		{"no creation time", "f.yaml", yamlFile(rec(id, without("CreationTime"))), []string{"(" + id + "): CreationTime is required"}},
		{"bad type", "fixtures.yaml", yamlFile(rec(id), rec(id2), rec("sg-bp1c"), rec("sg-bp1d", "SecurityGroupType: other")),
			[]string{`fixtures.yaml:16: securityGroups[3] (sg-bp1d): SecurityGroupType "other" is not normal or enterprise`}},
		{"bad ID", "f.yaml", yamlFile(rec("sg-BP1")), []string{`f.yaml:2: securityGroups[0] (sg-BP1): SecurityGroupId "sg-BP1" is not sg- followed by`}},
		{"duplicate ID", "f.yaml", yamlFile(rec(id), rec(id2), rec(id)), []string{"f.yaml:10: securityGroups[2] (" + id + "): SecurityGroupId duplicates securityGroups[0]"}},
		{"duplicate ID after a broken record", "f.yaml", yamlFile(rec("sg-x", "Bad: 1"), rec(id), rec(id)),
			[]string{`securityGroups[0] (sg-x): unknown field "Bad"`, "securityGroups[2] (" + id + "): SecurityGroupId duplicates securityGroups[1]"}},
		{"time with a space", "f.yaml", yamlFile(rec(id, `CreationTime: "2024-05-01 08:30:00"`)), []string{`CreationTime "2024-05-01 08:30:00" is not a UTC time`}},
		{"time with an offset", "f.yaml", yamlFile(rec(id, "CreationTime: 2024-05-01T08:30:00+08:00")), []string{`CreationTime "2024-05-01T08:30:00+08:00" is not a UTC time`}},
		{"time as a date", "f.yaml", yamlFile(rec(id, "CreationTime: 2024-05-01")), []string{`CreationTime "2024-05-01" is not a UTC time`}},
		{"time as a number", "f.yaml", yamlFile(rec(id, "CreationTime: 1714552200")), []string{"CreationTime must be a string, found the integer"}},
		{"name as a number", "f.yaml", yamlFile(rec(id, "SecurityGroupName: 123")), []string{`SecurityGroupName must be a string, found the integer "123"; quote it`}},
		{"name as a list", "f.yaml", yamlFile(rec(id, "SecurityGroupName: [a]")), []string{"SecurityGroupName must be a string, found a list"}},
		{"boolean as a string", "f.yaml", yamlFile(rec(id, `ServiceManaged: "true"`)), []string{`ServiceManaged must be a boolean (true or false), found the string "true"`}},
		{"boolean as yes", "f.yaml", yamlFile(rec(id, "ServiceManaged: yes")), []string{"ServiceManaged must be a boolean"}},
		{"service ID quoted", "f.yaml", yamlFile(rec(id, "ServiceManaged: true", `ServiceID: "12345678910"`)), []string{"ServiceID must be an integer"}},
		{"service ID unmanaged", "f.yaml", yamlFile(rec(id, "ServiceID: 12345678910")), []string{"f.yaml:6: securityGroups[0] (" + id + "): ServiceID 12345678910 is set but ServiceManaged is false"}},
		{"count beyond int32", "f.yaml", yamlFile(rec(id, "RuleCount: 3000000000")), []string{"RuleCount 3000000000 is out of range [-2147483648, 2147483647]"}},
		{"count decimal", "f.yaml", yamlFile(rec(id, "RuleCount: 1.5")), []string{`RuleCount must be an integer, found the decimal number "1.5"`}},
		{"negative count", "f.yaml", yamlFile(rec(id, "EcsCount: -2")), []string{"f.yaml:6: securityGroups[0] (" + id + "): EcsCount -2 is negative"}},
		{"account not digits", "f.yaml", yamlFile(rec(id, "AccountId: acme")), []string{`AccountId "acme" is not an account ID`}},
		{"bad VPC", "f.yaml", yamlFile(rec(id, "VpcId: bp1x")), []string{`f.yaml:6: securityGroups[0] (` + id + `): VpcId "bp1x" is not vpc-`}},
		{"tags not a list", "f.yaml", yamlFile(rec(id, "Tags: {TagKey: a}")), []string{"Tags must be a list of {TagKey, TagValue}, found a mapping"}},
		{"tag not a mapping", "f.yaml", yamlFile(rec(id, "Tags: [env]")), []string{`Tags[0] must be a mapping {TagKey, TagValue}, found the string "env"`}},
		{"tag unknown field", "f.yaml", yamlFile(rec(id, "Tags: [{Key: env}]")), []string{`Tags[0]: unknown field "Key"; a tag has TagKey and TagValue`}},
		{"tag without key", "f.yaml", yamlFile(rec(id, "Tags: [{TagKey: a}, {TagValue: prod}]")), []string{"Tags[1].TagKey is required"}},
		{"tag value as a number", "f.yaml", yamlFile(rec(id, "Tags: [{TagKey: a, TagValue: 1}]")), []string{"Tags[0].TagValue must be a string"}},
		{"tag key repeated", "f.yaml", yamlFile(rec(id, "Tags: [{TagKey: a}, {TagKey: a, TagValue: b}]")), []string{`f.yaml:6: securityGroups[0] (` + id + `): Tags[1].TagKey "a" repeats Tags[0]`}},
		{"JSON syntax", "f.json", "{\"securityGroups\": [\n  {\"SecurityGroupId\": \"sg-a\",}\n]}", []string{"f.json:2:30: not valid JSON: invalid character '}'"}},
		{"YAML in a .json file", "f.json", yamlFile(rec(id)), []string{"f.json:1:1: not valid JSON"}},
		{"JSON unknown field", "f.json", `{"securityGroups": [{"SecurityGroupId": "` + id + `", "securitygroupname": "x"}]}`,
			[]string{`f.json:1: securityGroups[0] (` + id + `): unknown field "securitygroupname"; did you mean SecurityGroupName?`}},
		{"JSON duplicate key", "f.json", `{"securityGroups": [{"SecurityGroupId": "` + id + `", "SecurityGroupId": "` + id2 + `"}]}`, []string{"SecurityGroupId appears twice"}},
		{"JSON quoted number", "f.json", `{"securityGroups": [{"SecurityGroupId": "` + id + `", "RuleCount": "3"}]}`, []string{"RuleCount must be an integer"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			groups, err := Parse(tc.file, []byte(tc.data))
			if err == nil {
				t.Fatalf("Parse accepted it: %+v", groups)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\ndoes not contain\n%s", err, w)
				}
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	want := Group{Account: DefaultAccount, Region: "cn-hangzhou", ID: "sg-bp1aaaaaaaaaaaaaaaaa", Type: TypeNormal,
		CreationTime: time.Date(2024, 5, 1, 8, 30, 0, 0, time.UTC)}
	withTags := want
	withTags.Tags = []Tag{{Key: "env", Value: "prod"}, {Key: "shared", Value: ""}}
	full := Group{Account: SecondAccount, Region: "cn-shanghai", ID: "sg-uf6aaaaaaaaaaaaaaaaa", Name: "web", Description: "<b> & 描述",
		Type: TypeEnterprise, VpcID: "vpc-uf6x", ResourceGroupID: "rg-acfmx", CreationTime: time.Date(2023, 11, 20, 2, 14, 0, 0, time.UTC),
		ServiceManaged: true, ServiceID: 12345678910, EcsCount: 1, AvailableInstanceAmount: 2, RuleCount: 4, GroupToGroupRuleCount: 3, InnerAccessPolicy: InnerDrop}
	cases := []struct {
		name, file, data string
		want             []Group
	}{
		{"minimal YAML, account defaulted", "f.yaml", yamlFile(rec(want.ID)), []Group{want}},
		{"empty list", "f.yaml", "securityGroups: []\n", []Group{}},
		{"time without seconds", "f.yml", yamlFile(rec(want.ID, "CreationTime: 2024-05-01T08:30Z")), []Group{want}},
		{"quoted time", "f.yaml", yamlFile(rec(want.ID, `CreationTime: "2024-05-01T08:30:00Z"`)), []Group{want}},
		{"nulls are absent", "f.yaml", yamlFile(rec(want.ID, "AccountId: null", "VpcId: ~", "Tags: null", "ServiceManaged: null")), []Group{want}},
		{"unquoted account ID", "f.yaml", yamlFile(rec(want.ID, "AccountId: 1234567890123456")), []Group{want}},
		{"tags, value defaulted", "f.yaml", yamlFile(rec(want.ID, "Tags: [{TagKey: env, TagValue: prod}, {TagKey: shared}]")), []Group{withTags}},
		{"anchors and aliases", "f.yaml", yamlFile(rec(want.ID, "RegionId: &r cn-hangzhou"), rec("sg-bp1b", "RegionId: *r")),
			[]Group{want, func() Group { g := want; g.ID = "sg-bp1b"; return g }()}},
		{"every field, JSON", "f.json", `{"securityGroups": [{"SecurityGroupId": "sg-uf6aaaaaaaaaaaaaaaaa", "AccountId": "6543210987654321",
			"RegionId": "cn-shanghai", "SecurityGroupName": "web", "Description": "<b> & \u63cf\u8ff0", "SecurityGroupType": "enterprise",
			"VpcId": "vpc-uf6x", "CreationTime": "2023-11-20T02:14Z", "ResourceGroupId": "rg-acfmx", "ServiceManaged": true,
			"ServiceID": 12345678910, "EcsCount": 1, "AvailableInstanceAmount": 2, "RuleCount": 4, "GroupToGroupRuleCount": 3, "InnerAccessPolicy": "Drop"}]}`, []Group{full}},
		{"JSON sniffed without an extension", "fixture", "\n  " + `{"securityGroups": [{"SecurityGroupId": "sg-bp1aaaaaaaaaaaaaaaaa", "RegionId": "cn-hangzhou",
			"SecurityGroupType": "normal", "CreationTime": "2024-05-01T08:30:00Z"}]}`, []Group{want}},
		{"byte-order mark", "f.yaml", "\xef\xbb\xbf" + yamlFile(rec(want.ID)), []Group{want}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.file, []byte(tc.data))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Parse:\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestLoadFile(t *testing.T) {
	example, err := LoadFile(filepath.Join("fixtures", "example.yaml"))
	if err != nil {
		t.Fatalf("the example fixture does not load: %v", err)
	}
	if len(example) != 3 || example[0].Account != DefaultAccount || example[2].Account != SecondAccount || !example[1].ServiceManaged ||
		len(example[0].Rules) != 3 || example[0].RuleCount != 3 || example[0].GroupToGroupRuleCount != 1 {
		t.Errorf("the example fixture decoded to %+v", example)
	}
	if _, err := NewMemory(example); err != nil {
		t.Errorf("the example fixture does not make a store: %v", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "broken.yml")
	if err := os.WriteFile(path, []byte(yamlFile(rec("sg-bp1a", "SecurityGroupType: other"))), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(path); err == nil || !strings.HasPrefix(err.Error(), path+":4: securityGroups[0] (sg-bp1a)") {
		t.Errorf("LoadFile of a broken file: %v", err)
	}
	if _, err := LoadFile(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "reading the fixture file") {
		t.Errorf("LoadFile of a missing file: %v", err)
	}
}

func TestParseCapsErrors(t *testing.T) {
	var recs []string
	for i := range 30 {
		recs = append(recs, rec(fmt.Sprintf("sg-bp1%d", i), "SecurityGroupType: other"))
	}
	_, err := Parse("f.yaml", []byte(yamlFile(recs...)))
	if err == nil || strings.Count(err.Error(), "is not normal or enterprise") != maxReported || !strings.Contains(err.Error(), "and 10 more errors") {
		t.Errorf("30 bad records: %v", err)
	}
}
