package gen

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// openAPI generates op's document and decodes it as a reader would.
func openAPI(t *testing.T, op *specs.Operation) map[string]any {
	t.Helper()
	files, err := Generate(op)
	if err != nil {
		t.Fatal(err)
	}
	b := files[op.Operation+".openapi.json"]
	if b == nil {
		t.Fatalf("no OpenAPI document among %v", files.Names())
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// at follows a path of keys through decoded JSON; nil when absent.
func at(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Every wire parameter of the contract is in the document with the
// constraints the JSON Schemas have, in the place it travels.
func TestOpenAPIParameters(t *testing.T) {
	doc := openAPI(t, freshContract(t))
	params := at(doc, "components", "parameters").(map[string]any)
	tests := []struct {
		key  string // under components/parameters
		path []string
		want string // JSON of the value at path
	}{
		{"query.RegionId", []string{"schema", "pattern"}, `"^[a-z]{2,}-[a-z0-9-]+$"`},
		{"query.MaxResults", []string{"schema"}, `{"default":10,"example":10,"maximum":100,"minimum":1,"type":"integer"}`},
		{"query.PageSize", []string{"deprecated"}, `true`},
		{"query.SecurityGroupType", []string{"schema", "enum"}, `["normal","enterprise"]`},
		{"query.SecurityGroupIds", []string{"content", "application/json", "schema", "maxItems"}, `100`},
		{"query.SecurityGroupIds", []string{"content", "application/json", "schema", "items", "pattern"}, `"^sg-[0-9a-z*]{1,61}$"`},
		{"query.SecurityGroupName", []string{"schema", "minLength"}, `2`},
		{"query.SecurityGroupName", []string{"schema", "not", "pattern"}, `"^(?:[hH][tT][tT][pP]://|[hH][tT][tT][pP][sS]://)"`},
		// The example of a \p{L} pattern goes into the description (Spectral).
		{"query.SecurityGroupName", []string{"schema", "example"}, `null`},
		{"query.DryRun", []string{"schema", "anyOf", "1", "pattern"}, `"^(?:[tT][rR][uU][eE]|[fF][aA][lL][sS][eE])$"`},
		{"query.DryRun", []string{"schema", "default"}, `false`},
		{"query.Tag.1.Key", []string{"schema", "maxLength"}, `128`},
		{"query.Tag.20.value", []string{"deprecated"}, `true`},
		{"query.Tag.21.Key", nil, `null`},
		{"query.Action", []string{"schema", "enum"}, `["DescribeSecurityGroups"]`},
		{"query.Version", []string{"schema", "example"}, `"2014-05-26"`},
		{"header.x-acs-action", []string{"schema", "enum"}, `["DescribeSecurityGroups"]`},
		{"header.x-acs-date", []string{"in"}, `"header"`},
	}
	for _, tt := range tests {
		var v any = params[tt.key]
		for _, k := range tt.path {
			if list, ok := v.([]any); ok {
				i, _ := strconv.Atoi(k)
				v = list[i]
				continue
			}
			v = at(v, k)
		}
		if got := jsonOf(v); got != tt.want {
			t.Errorf("%s %v = %s, want %s", tt.key, tt.path, got, tt.want)
		}
	}

	// A list of N items and F fields is N*F parameters; every business and
	// common parameter is referenced by the path and is a form field.
	op := freshContract(t)
	want := 0
	for _, p := range op.Parameters {
		if p.Type == specs.TypeList {
			want += (*p.Constraints.MaxIndex - *p.Constraints.MinIndex + 1) * len(p.Fields)
		} else {
			want++
		}
	}
	want += len(op.CommonParameters)
	fields := at(doc, "components", "requestBodies", formBodyName, "content", mediaForm, "schema", "properties").(map[string]any)
	refs := at(doc, "paths", "/", "parameters").([]any)
	if len(fields) != want || len(refs) != want+len(v3Headers) || len(params) != len(refs) {
		t.Errorf("%d form fields, %d path parameters, %d components; want %d, %d, %d", len(fields), len(refs), len(params), want, want+len(v3Headers), want+len(v3Headers))
	}
}

// A GET requires what a valid request needs; a POST, which may carry it in
// the query or the form body, requires nothing in either.
func TestOpenAPIRequiredPerMethod(t *testing.T) {
	doc := openAPI(t, freshContract(t))
	get := at(doc, "paths", "/", "get", "parameters").([]any)
	var required []string
	for _, p := range get {
		if at(p, "required") == true {
			required = append(required, at(p, "name").(string))
		}
	}
	if !slices.Equal(required, []string{"RegionId"}) {
		t.Errorf("GET requires %v, want [RegionId]", required)
	}
	if at(doc, "paths", "/", "post", "parameters") != nil {
		t.Error("POST overrides path parameters; it should require none")
	}
	if at(doc, "paths", "/", "post", "requestBody", "$ref") != "#/components/requestBodies/"+formBodyName {
		t.Error("POST has no form body")
	}
	if at(doc, "components", "requestBodies", formBodyName, "required") != false {
		t.Error("the form body is required; a POST may carry everything in the query")
	}
	if id := at(doc, "paths", "/", "post", "operationId"); id != "DescribeSecurityGroupsPost" {
		t.Errorf("operationId %v", id)
	}
}

// The answers are the 200 and exactly one per documented error status,
// each allowing the codes of that status only.
func TestOpenAPIResponses(t *testing.T) {
	op := freshContract(t)
	doc := openAPI(t, op)
	responses := at(doc, "paths", "/", "get", "responses").(map[string]any)
	byStatus := map[string][]string{}
	for _, e := range op.Errors {
		s := strconv.Itoa(e.Status)
		byStatus[s] = append(byStatus[s], e.Code)
	}
	var want []string
	for s := range byStatus {
		want = append(want, s)
	}
	want = append(want, "200")
	sort.Strings(want)
	var got []string
	for s := range responses {
		got = append(got, s)
	}
	sort.Strings(got)
	if !slices.Equal(got, want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	if ref := at(responses["200"], "content", mediaJSON, "schema", "$ref"); ref != "#/components/schemas/DescribeSecurityGroupsResponse" {
		t.Errorf("200 schema %v", ref)
	}
	for status, codes := range byStatus {
		allOf := at(responses[status], "content", mediaJSON, "schema", "allOf").([]any)
		if got := jsonOf(at(allOf[1], "properties", "Code", "enum")); got != jsonOf(codes) {
			t.Errorf("%s allows codes %s, want %s", status, got, jsonOf(codes))
		}
	}
	if at(responses["400"], "content", mediaXML) == nil {
		t.Error("no XML answer, which Format=XML asks for")
	}
	if f := at(doc, "components", "schemas", "DescribeSecurityGroupsResponse", "properties", "SecurityGroups", "properties", "SecurityGroup", "items", "properties", "ServiceID", "format"); f != "int64" {
		t.Errorf("ServiceID format %v, want int64", f)
	}
}

// Another operation gets its own Action and Version, and one without paging
// says nothing about paging modes.
func TestOpenAPIOfAnotherOperation(t *testing.T) {
	op := unpaged(t)
	op.Operation = "DescribeOther"
	doc := openAPI(t, op)
	if got := jsonOf(at(doc, "components", "parameters", "query.Action", "schema")); !strings.Contains(got, `"enum":["DescribeOther"]`) || !strings.Contains(got, `"example":"DescribeOther"`) {
		t.Errorf("Action schema %s", got)
	}
	for _, method := range []string{"get", "post"} {
		desc := at(doc, "paths", "/", method, "description").(string)
		if strings.Contains(desc, "paging") || strings.Contains(desc, "NotSupported") {
			t.Errorf("%s description speaks of paging: %s", method, desc)
		}
	}
	if d := at(doc, "paths", "/", "get", "responses", "200", "description").(string); strings.Contains(d, "paging") {
		t.Errorf("200 description speaks of paging: %s", d)
	}
}

// The document holds OpenAPI 3.0 only: no JSON Schema keyword the dialect
// lacks, only portable patterns, every $ref resolving, and every example
// valid against its schema.
func TestOpenAPIIsOneDialect(t *testing.T) {
	doc := openAPI(t, freshContract(t))
	examples := 0
	var visit func(path string, v any)
	visit = func(path string, v any) {
		switch n := v.(type) {
		case map[string]any:
			for _, k := range []string{"$schema", "$comment", "examples", "definitions", "dependencies"} {
				if _, ok := n[k]; ok {
					t.Errorf("%s: %q is no OpenAPI 3.0 keyword", path, k)
				}
			}
			if ref, ok := n["$ref"].(string); ok {
				keys := strings.Split(strings.TrimPrefix(ref, "#/"), "/")
				if at(doc, keys...) == nil {
					t.Errorf("%s: $ref %s resolves to nothing", path, ref)
				}
			}
			if p, ok := n["pattern"].(string); ok {
				if err := portablePattern(p); err != nil {
					t.Errorf("%s: %v", path, err)
				}
			}
			if ex, ok := n["example"]; ok && n["schema"] == nil && !strings.HasSuffix(path, "/properties") {
				examples++
				checkExample(t, path, n, ex)
			}
			for k, child := range n {
				if b, ok := child.(bool); ok && k == "not" {
					t.Errorf("%s: boolean schema %v", path, b)
				}
				visit(path+"/"+k, child)
			}
		case []any:
			for i, child := range n {
				visit(fmt.Sprintf("%s/%d", path, i), child)
			}
		}
	}
	visit("#", doc)
	if examples < 30 {
		t.Errorf("only %d examples checked; the walk misses schemas", examples)
	}
}

// checkExample validates an OpenAPI schema's example with a draft-04
// validator, which reads the keywords the generator writes alike.
func checkExample(t *testing.T, path string, schema map[string]any, example any) {
	t.Helper()
	s := map[string]any{}
	for k, v := range schema {
		if k != "example" && k != "deprecated" && k != "format" {
			s[k] = v
		}
	}
	compiled, err := gojsonschema.NewSchema(gojsonschema.NewGoLoader(s))
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	res, err := compiled.Validate(gojsonschema.NewGoLoader(example))
	if err != nil || !res.Valid() {
		t.Errorf("%s: example %v breaks its schema: %v %v", path, example, err, res.Errors())
	}
}
