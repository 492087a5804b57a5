package schemas_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/schemas"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// The documentation's example carries NextToken and the page-number fields
// together; the permissive schema must accept it and both strict ones refuse.
func TestDocumentationExample(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "doc-example-response.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := schemas.Response(dsg, body)
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() {
		t.Fatalf("the documentation's example fails the permissive schema:\n%s", res)
	}
	for mode, forbidden := range map[string][]string{
		specs.ModeNextToken:  {"PageNumber", "PageSize", "TotalCount"},
		specs.ModePageNumber: {"NextToken"},
	} {
		res, err := schemas.ResponseForMode(dsg, mode, body)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range forbidden {
			if !has(res, f, "forbidden") {
				t.Errorf("%s: want %s forbidden, got:\n%s", mode, f, orValid(res))
			}
		}
		if len(res.Violations) != len(forbidden) {
			t.Errorf("%s: want %d violations, got:\n%s", mode, len(forbidden), res)
		}
	}
}

// bases are valid documents the bad responses are made from.
func bases(t *testing.T) map[string]func() any {
	return map[string]func() any{
		"doc": func() any { return readJSON(t, "doc-example-response.json") },
		specs.ModeNextToken: func() any {
			return apply(t, readJSON(t, "doc-example-response.json"), del("TotalCount"), del("PageNumber"), del("PageSize"))
		},
		specs.ModePageNumber: func() any { return apply(t, readJSON(t, "doc-example-response.json"), del("NextToken")) },
		"ten":                func() any { return readJSON(t, "response-10.json") },
	}
}

func TestValidResponses(t *testing.T) {
	b := bases(t)
	tests := []struct {
		name, base, mode string
		edits            []edit
	}{
		{name: "next-token page", base: specs.ModeNextToken, mode: specs.ModeNextToken},
		{name: "page-number page", base: specs.ModePageNumber, mode: specs.ModePageNumber},
		{name: "ten groups, token paging", base: "ten", mode: specs.ModeNextToken},
		{name: "ten groups, permissive", base: "ten"},
		{name: "last token page without NextToken", base: specs.ModeNextToken, mode: specs.ModeNextToken, edits: []edit{del("NextToken")}},
		{name: "last token page with empty NextToken", base: specs.ModeNextToken, mode: specs.ModeNextToken, edits: []edit{set("NextToken", "")}},
		{name: "empty page", base: specs.ModePageNumber, mode: specs.ModePageNumber, edits: []edit{set("SecurityGroups.SecurityGroup", []any{}), set("TotalCount", json.Number("0"))}},
		{name: "group without tags", base: "doc", edits: []edit{set("SecurityGroups.SecurityGroup.0.Tags.Tag", []any{})}},
		{name: "optional members absent", base: "doc", edits: []edit{
			del("SecurityGroups.SecurityGroup.0.ServiceID"), del("SecurityGroups.SecurityGroup.0.VpcId"),
			del("SecurityGroups.SecurityGroup.0.EcsCount"), del("SecurityGroups.SecurityGroup.0.Description")}},
		{name: "CreationTime without seconds", base: "doc", edits: []edit{set("SecurityGroups.SecurityGroup.0.CreationTime", "2021-08-31T03:12Z")}},
		{name: "unknown members", base: "doc", edits: []edit{set("Extra", "x"), set("SecurityGroups.SecurityGroup.0.Ipv6", true)}},
		{name: "ServiceID at the int64 maximum", base: "doc", edits: []edit{set("SecurityGroups.SecurityGroup.0.ServiceID", json.Number("9223372036854775807"))}},
		{name: "ServiceID as in the documentation", base: "doc", edits: []edit{set("SecurityGroups.SecurityGroup.0.ServiceID", json.Number("12345678910"))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := encode(t, apply(t, b[tt.base](), tt.edits...))
			res, err := validate(tt.mode, body)
			if err != nil {
				t.Fatal(err)
			}
			if !res.OK() {
				t.Fatalf("want valid, got:\n%s", res)
			}
		})
	}
}

func TestBadResponses(t *testing.T) {
	const sg0 = "SecurityGroups.SecurityGroup.0"
	b := bases(t)
	tests := []struct {
		name, base, mode string
		edits            []edit
		path, rule       string
	}{
		{"RequestId missing", "doc", "", []edit{del("RequestId")}, "RequestId", "required"},
		{"RequestId a number", "doc", "", []edit{set("RequestId", json.Number("7"))}, "RequestId", "type"},
		{"RegionId a number", "doc", "", []edit{set("RegionId", json.Number("1"))}, "RegionId", "type"},
		{"RegionId missing", "doc", "", []edit{del("RegionId")}, "RegionId", "required"},
		{"SecurityGroups an array", "doc", "", []edit{set("SecurityGroups", []any{})}, "SecurityGroups", "type"},
		{"SecurityGroups missing", "doc", "", []edit{del("SecurityGroups")}, "SecurityGroups", "required"},
		{"SecurityGroups.SecurityGroup missing", "doc", "", []edit{del("SecurityGroups.SecurityGroup")}, "SecurityGroups.SecurityGroup", "required"},
		{"SecurityGroups.SecurityGroup an object", "doc", "", []edit{set("SecurityGroups.SecurityGroup", map[string]any{})}, "SecurityGroups.SecurityGroup", "type"},
		{"group a string", "doc", "", []edit{set(sg0, "sg-1")}, sg0, "type"},
		{"SecurityGroupType other", "doc", "", []edit{set(sg0+".SecurityGroupType", "other")}, sg0 + ".SecurityGroupType", "enum"},
		{"SecurityGroupType missing", "doc", "", []edit{del(sg0 + ".SecurityGroupType")}, sg0 + ".SecurityGroupType", "required"},
		{"SecurityGroupId without sg-", "doc", "", []edit{set(sg0+".SecurityGroupId", "vpc-bp67acfmxazb4p")}, sg0 + ".SecurityGroupId", "pattern"},
		{"SecurityGroupId missing", "doc", "", []edit{del(sg0 + ".SecurityGroupId")}, sg0 + ".SecurityGroupId", "required"},
		{"ServiceID a string", "doc", "", []edit{set(sg0+".ServiceID", "12345678910")}, sg0 + ".ServiceID", "type"},
		{"ServiceID 1.5", "doc", "", []edit{set(sg0+".ServiceID", json.Number("1.5"))}, sg0 + ".ServiceID", "type"},
		{"ServiceID beyond int64", "doc", "", []edit{set(sg0+".ServiceID", json.Number("9223372036854775808"))}, sg0 + ".ServiceID", "maximum"},
		{"CreationTime yesterday", "doc", "", []edit{set(sg0+".CreationTime", "yesterday")}, sg0 + ".CreationTime", "pattern"},
		{"CreationTime with an offset", "doc", "", []edit{set(sg0+".CreationTime", "2021-08-31T11:12:29+08:00")}, sg0 + ".CreationTime", "pattern"},
		{"CreationTime with fractions", "doc", "", []edit{set(sg0+".CreationTime", "2021-08-31T03:12:29.5Z")}, sg0 + ".CreationTime", "pattern"},
		{"CreationTime missing", "doc", "", []edit{del(sg0 + ".CreationTime")}, sg0 + ".CreationTime", "required"},
		{"RuleCount a string", "doc", "", []edit{set(sg0+".RuleCount", "5")}, sg0 + ".RuleCount", "type"},
		{"ServiceManaged a string", "doc", "", []edit{set(sg0+".ServiceManaged", "false")}, sg0 + ".ServiceManaged", "type"},
		{"EcsCount beyond int32", "doc", "", []edit{set(sg0+".EcsCount", json.Number("2147483648"))}, sg0 + ".EcsCount", "maximum"},
		{"AvailableInstanceAmount below int32", "doc", "", []edit{set(sg0+".AvailableInstanceAmount", json.Number("-2147483649"))}, sg0 + ".AvailableInstanceAmount", "minimum"},
		{"GroupToGroupRuleCount null", "doc", "", []edit{set(sg0+".GroupToGroupRuleCount", nil)}, sg0 + ".GroupToGroupRuleCount", "type"},
		{"Tags missing", "doc", "", []edit{del(sg0 + ".Tags")}, sg0 + ".Tags", "required"},
		{"Tags.Tag an object", "doc", "", []edit{set(sg0+".Tags.Tag", map[string]any{"TagKey": "k", "TagValue": "v"})}, sg0 + ".Tags.Tag", "type"},
		{"Tags.Tag missing", "doc", "", []edit{del(sg0 + ".Tags.Tag")}, sg0 + ".Tags.Tag", "required"},
		{"TagKey missing", "doc", "", []edit{del(sg0 + ".Tags.Tag.0.TagKey")}, sg0 + ".Tags.Tag.0.TagKey", "required"},
		{"TagValue a number", "doc", "", []edit{set(sg0+".Tags.Tag.0.TagValue", json.Number("3"))}, sg0 + ".Tags.Tag.0.TagValue", "type"},
		{"deep in the sixth group", "ten", "", []edit{del("SecurityGroups.SecurityGroup.5.Tags.Tag.2.TagKey")}, "SecurityGroups.SecurityGroup.5.Tags.Tag.2.TagKey", "required"},
		{"TotalCount a string", "doc", "", []edit{set("TotalCount", "20")}, "TotalCount", "type"},
		{"NextToken a number", "doc", "", []edit{set("NextToken", json.Number("5"))}, "NextToken", "type"},
		{"TotalCount in next-token mode", specs.ModeNextToken, specs.ModeNextToken, []edit{set("TotalCount", json.Number("20"))}, "TotalCount", "forbidden"},
		{"PageNumber in next-token mode", specs.ModeNextToken, specs.ModeNextToken, []edit{set("PageNumber", json.Number("1"))}, "PageNumber", "forbidden"},
		{"NextToken in page-number mode", specs.ModePageNumber, specs.ModePageNumber, []edit{set("NextToken", "e71d8a535bd9cc11")}, "NextToken", "forbidden"},
		{"PageSize missing in page-number mode", specs.ModePageNumber, specs.ModePageNumber, []edit{del("PageSize")}, "PageSize", "required"},
		{"TotalCount missing in page-number mode", specs.ModePageNumber, specs.ModePageNumber, []edit{del("TotalCount")}, "TotalCount", "required"},
		{"wrappers checked in strict modes too", specs.ModeNextToken, specs.ModeNextToken, []edit{set(sg0+".Tags.Tag", "none")}, sg0 + ".Tags.Tag", "type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := encode(t, apply(t, b[tt.base](), tt.edits...))
			res, err := validate(tt.mode, body)
			if err != nil {
				t.Fatal(err)
			}
			expectOnly(t, res, tt.path, tt.rule)
		})
	}
}

func TestRootNotAnObject(t *testing.T) {
	res, err := schemas.Response(dsg, []byte(`[1,2]`))
	if err != nil {
		t.Fatal(err)
	}
	expectOnly(t, res, "", "type")
	if !strings.HasPrefix(res.Error(), "(root): type: [1,2]: ") {
		t.Errorf("the root is not named in %q", res.Error())
	}
}

func TestNotJSONIsAnError(t *testing.T) {
	for _, body := range []string{"", "{", "<Error/>", `{"a":1} {"b":2}`, `{"a":1}}`} {
		for name, fn := range map[string]func([]byte) (schemas.Result, error){
			"Response":      func(b []byte) (schemas.Result, error) { return schemas.Response(dsg, b) },
			"ErrorEnvelope": func(b []byte) (schemas.Result, error) { return schemas.ErrorEnvelope(dsg, b) },
			"next-token":    func(b []byte) (schemas.Result, error) { return schemas.ResponseForMode(dsg, specs.ModeNextToken, b) },
		} {
			if _, err := fn([]byte(body)); err == nil {
				t.Errorf("%s(%q): want an error, got none", name, body)
			}
		}
	}
	if _, err := schemas.Response(dsg, []byte("{}  \n")); err != nil {
		t.Errorf("trailing white space is still one document: %v", err)
	}
}

func TestUnknownModeIsAnError(t *testing.T) {
	_, err := schemas.ResponseForMode(dsg, "offset", []byte(`{}`))
	if err == nil || !strings.Contains(err.Error(), specs.ModeNextToken) {
		t.Fatalf("want an error naming the known modes, got %v", err)
	}
}

func TestErrorListsEveryViolation(t *testing.T) {
	doc := apply(t, readJSON(t, "doc-example-response.json"),
		del("RequestId"), set("SecurityGroups.SecurityGroup.0.ServiceID", "12345678910"))
	res, err := schemas.Response(dsg, encode(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`RequestId: required: <absent>: `,
		`SecurityGroups.SecurityGroup.0.ServiceID: type: "12345678910": `,
	}
	lines := strings.Split(res.Error(), "\n")
	if len(lines) != len(want) {
		t.Fatalf("want %d lines, got:\n%s", len(want), res)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d: want prefix %q, got %q", i, w, lines[i])
		}
	}
}

func validate(mode string, body []byte) (schemas.Result, error) {
	if mode == "" {
		return schemas.Response(dsg, body)
	}
	return schemas.ResponseForMode(dsg, mode, body)
}
