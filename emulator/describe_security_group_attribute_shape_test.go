package emulator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator/store"
	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// jsonKeys returns the member names of a JSON object in the order written.
func jsonKeys(t testing.TB, raw json.RawMessage) []string {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not a JSON object: %.80s", raw)
	}
	var keys []string
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := d.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

// checkShape checks one JSON object against an element of the contract:
// its members are the element's fields, in the contract's order, each
// required one present, each of the declared type and enum; it descends
// into objects and arrays.
func checkShape(t testing.TB, path string, e *specs.Element, raw json.RawMessage) {
	t.Helper()
	switch e.Type {
	case specs.ElemObject:
		keys := jsonKeys(t, raw)
		var members map[string]json.RawMessage
		json.Unmarshal(raw, &members)
		var order []string
		for i := range e.Fields {
			f := &e.Fields[i]
			v, ok := members[f.Name]
			if !ok {
				if f.Required {
					t.Errorf("%s.%s is required and missing", path, f.Name)
				}
				continue
			}
			order = append(order, f.Name)
			checkShape(t, path+"."+f.Name, f, v)
		}
		if !slices.Equal(keys, order) {
			t.Errorf("%s: members %v; the contract's fields in its order are %v", path, keys, order)
		}
	case specs.ElemArray:
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil || items == nil {
			t.Errorf("%s is not an array: %.80s", path, raw)
		}
		for i, it := range items {
			checkShape(t, path+"["+strconv.Itoa(i)+"]", e.Items, it)
		}
	case specs.ElemString:
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Errorf("%s is not a string: %s", path, raw)
			return
		}
		if len(e.Enum) > 0 && !slices.Contains(e.Enum, s) {
			t.Errorf("%s is %q, not one of %v", path, s, e.Enum)
		}
		if e.Format == "date-time" {
			if _, err := time.Parse(CreationTimeLayout, s); err != nil {
				t.Errorf("%s %q is not a UTC date-time", path, s)
			}
		}
	default:
		t.Fatalf("%s: the test knows no element type %q", path, e.Type)
	}
}

// TestAttributeShape checks answers against the contract's response tree,
// by both schemes, with and without Attribute, for groups of every kind.
func TestAttributeShape(t *testing.T) {
	s := newTestServer(t, nil)
	vpc, classic, most, none := fixtureGroups(t, s)
	contract := attrContract()
	for _, sc := range []client.Scheme{client.SchemeV3, client.SchemeRPC} {
		c := defaultClient(t, s, sc)
		for _, g := range []store.Group{vpc, classic, most, none} {
			for _, attribute := range []string{"", "snapshotPolicyIds"} {
				kv := []string{"RegionId", g.Region, "SecurityGroupId", g.ID, "MaxResults", "10"}
				if attribute != "" {
					kv = append(kv, "Attribute", attribute)
				}
				resp := askAttr(t, c, kv...)
				if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json;charset=utf-8" {
					t.Fatalf("%s %s: %d %s %s", sc, g.ID, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Body)
				}
				checkShape(t, contract.Response.Name, &contract.Response, resp.Body)
				a := wantAttr(t, resp)
				if (a.SnapshotPolicyIds != nil) != (attribute != "") || a.SnapshotPolicyIds != nil && a.SnapshotPolicyIds.SnapshotPolicyID == nil {
					t.Errorf("%s Attribute %q: SnapshotPolicyIds %+v", g.ID, attribute, a.SnapshotPolicyIds)
				}
				if a.SecurityGroupID != g.ID || a.RegionID != g.Region || !uuidForm(a.RequestID) {
					t.Errorf("%s: echoes %s in %s, RequestId %q", g.ID, a.SecurityGroupID, a.RegionID, a.RequestID)
				}
				for _, r := range a.Permissions.Permission {
					if n, err := strconv.Atoi(r.Priority); err != nil || n < 1 || n > 100 {
						t.Errorf("%s: rule %s has Priority %q, not a decimal 1..100", g.ID, r.SecurityGroupRuleID, r.Priority)
					}
				}
			}
		}
	}
}

// TestAttributeXML asks for XML by RPC: a well-formed document of the
// contract's element names, holding what the JSON answer holds.
func TestAttributeXML(t *testing.T) {
	s := newTestServer(t, nil)
	c := defaultClient(t, s, client.SchemeRPC)
	vpc, _, _, none := fixtureGroups(t, s)
	for _, g := range []store.Group{vpc, none} {
		kv := params("RegionId", g.Region, "SecurityGroupId", g.ID, "MaxResults", "10", "Attribute", "snapshotPolicyIds")
		resp := do(t, c, client.Request{Action: attrAction, Params: kv, Tamper: client.Tamper{Format: "XML"}})
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/xml") {
			t.Fatalf("%d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Body)
		}
		if err := xmlWellFormed(resp.Body); err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, resp.Body)
		}
		var doc struct {
			XMLName           xml.Name
			SecurityGroupID   string `xml:"SecurityGroupId"`
			InnerAccessPolicy string
			NextToken         string
			Permissions       struct {
				Permission []struct {
					SecurityGroupRuleID string `xml:"SecurityGroupRuleId"`
					Priority            string
				}
			}
			SnapshotPolicyIds *struct{}
		}
		if err := xml.Unmarshal(resp.Body, &doc); err != nil {
			t.Fatal(err)
		}
		j := wantAttr(t, askAttr(t, c, "RegionId", g.Region, "SecurityGroupId", g.ID, "MaxResults", "10"))
		var ids []string
		for _, p := range doc.Permissions.Permission {
			ids = append(ids, p.SecurityGroupRuleID)
		}
		if doc.XMLName.Local != attrAction+"Response" || doc.SecurityGroupID != g.ID || doc.InnerAccessPolicy != j.InnerAccessPolicy ||
			!slices.Equal(ids, ruleIDs(j.Permissions.Permission)) || (doc.NextToken != "") != (j.NextToken != nil) || doc.SnapshotPolicyIds == nil {
			t.Errorf("%s: the XML answer differs from the JSON one:\n%s", g.ID, resp.Body)
		}
	}
	resp := do(t, c, client.Request{Action: attrAction, Params: params("RegionId", "cn-hangzhou", "SecurityGroupId", "sg-doesnotexist0000000"), Tamper: client.Tamper{Format: "XML"}})
	var e struct{ Code string }
	if resp.StatusCode != 404 || xml.Unmarshal(resp.Body, &e) != nil || e.Code != "InvalidSecurityGroupId.NotFound" {
		t.Errorf("an XML error: %d %s", resp.StatusCode, resp.Body)
	}
}

// TestAttributeForTerraform sends what the alicloud provider sends (see
// examples/terraform/NOTES.md): after listing groups by page number, one
// RPC POST per group with RegionId and SecurityGroupId in a form body,
// Format=json; it reads SecurityGroupId (the same string) and
// InnerAccessPolicy (exactly Accept or Drop). Its alicloud_security_group_rules
// data source adds NicType and Direction, empty when not set, and parses
// each Priority as an integer.
func TestAttributeForTerraform(t *testing.T) {
	s := newTestServer(t, nil)
	c := defaultClient(t, s, client.SchemeRPC)
	var ids []string
	for page := 1; ; page++ {
		var p struct {
			SecurityGroups struct {
				SecurityGroup []struct{ SecurityGroupID string }
			}
		}
		resp := do(t, c, client.Request{Action: "DescribeSecurityGroups", InBody: true, Tamper: client.Tamper{Format: "json"},
			Params: params("RegionId", store.FixtureRegion, "PageNumber", strconv.Itoa(page), "PageSize", "50")})
		if err := json.Unmarshal(resp.Body, &p); err != nil || resp.StatusCode != 200 {
			t.Fatalf("page %d: %d %s", page, resp.StatusCode, resp.Body)
		}
		for _, g := range p.SecurityGroups.SecurityGroup {
			ids = append(ids, g.SecurityGroupID)
		}
		if len(p.SecurityGroups.SecurityGroup) < 50 {
			break
		}
	}
	if len(ids) != store.FixtureRegionGroups {
		t.Fatalf("listed %d groups; the fixture has %d", len(ids), store.FixtureRegionGroups)
	}
	for i, id := range ids {
		variants := [][]string{nil}
		if i%20 == 0 { // the rules data source, for a sample of the groups
			variants = append(variants, []string{"NicType", "", "Direction", ""})
		}
		for _, extra := range variants {
			p := params(append([]string{"RegionId", store.FixtureRegion, "SecurityGroupId", id}, extra...)...)
			resp := do(t, c, client.Request{Action: attrAction, InBody: true, Tamper: client.Tamper{Format: "json"}, Params: p})
			var a struct {
				SecurityGroupID   any `json:"SecurityGroupId"`
				InnerAccessPolicy any
				Permissions       struct{ Permission []struct{ Priority any } }
			}
			if err := json.Unmarshal(resp.Body, &a); err != nil || resp.StatusCode != 200 {
				t.Fatalf("%s: %d %s", id, resp.StatusCode, resp.Body)
			}
			if a.SecurityGroupID != id || (a.InnerAccessPolicy != "Accept" && a.InnerAccessPolicy != "Drop") {
				t.Errorf("%s: SecurityGroupId %#v, InnerAccessPolicy %#v", id, a.SecurityGroupID, a.InnerAccessPolicy)
			}
			for _, r := range a.Permissions.Permission {
				if ps, ok := r.Priority.(string); !ok {
					t.Errorf("%s: Priority %#v is not a string", id, r.Priority)
				} else if _, err := strconv.Atoi(ps); err != nil {
					t.Errorf("%s: Priority %q does not parse as an integer", id, ps)
				}
			}
		}
	}
}
