package gen

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// freshContract loads a private copy of DescribeSecurityGroups' contract that
// a test may change; specs.Lookup returns a shared one.
func freshContract(t *testing.T) *specs.Operation {
	t.Helper()
	ops, err := specs.LoadFS(os.DirFS(filepath.Join("..", "..", "specs", specs.Dir)))
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range ops {
		if op.Operation == "DescribeSecurityGroups" {
			return op
		}
	}
	t.Fatal("the contract set has no DescribeSecurityGroups")
	return nil
}

func TestGenerateIsDeterministicAndCanonical(t *testing.T) {
	a, err := Generate(freshContract(t))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate(freshContract(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 6 {
		t.Errorf("want 6 files (5 schemas, 1 OpenAPI document), got %v", a.Names())
	}
	for _, name := range a.Names() {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s: two runs differ", name)
		}
		if !bytes.HasSuffix(a[name], []byte("}\n")) {
			t.Errorf("%s: no trailing newline", name)
		}
		// Decoding and re-encoding gives the same bytes only if keys are
		// sorted and the formatting is the canonical one.
		var v any
		dec := json.NewDecoder(bytes.NewReader(a[name]))
		dec.UseNumber() // keep the int64 bounds exact
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s: not JSON: %v", name, err)
		}
		again, err := encode(v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, a[name]) {
			t.Errorf("%s: not in canonical form", name)
		}
	}
}

func TestGenerateRefusesWhatItCannotExpress(t *testing.T) {
	tests := []struct {
		name   string
		change func(op *specs.Operation)
		want   string
	}{
		{"unknown element type", func(op *specs.Operation) { op.Response.Fields[0].Type = "uuid" }, `element type "uuid"`},
		{"unknown format", func(op *specs.Operation) { op.Response.Fields[0].Format = "email" }, `format "email" is unknown`},
		{"format and pattern", func(op *specs.Operation) { op.Item().Lookup("CreationTime").Pattern = "^x$" }, "either a format or a pattern"},
		{"pattern on an integer", func(op *specs.Operation) { op.Response.Lookup("TotalCount").Pattern = "^1$" }, "strings only"},
		{"integer example not a number", func(op *specs.Operation) { op.Response.Lookup("TotalCount").Example = "many" }, `"many" is not a decimal integer`},
		{"unknown parameter type", func(op *specs.Operation) { op.Parameter("VpcId").Type = "map" }, `parameter type "map"`},
		{"constraint that does not apply", func(op *specs.Operation) { n := 3; op.Parameter("VpcId").Constraints.MaxItems = &n }, "constraint max_items does not apply"},
		{"pattern Go cannot compile", func(op *specs.Operation) { op.Parameter("VpcId").Constraints.Pattern = "(?<=x)" }, "does not compile"},
		{"pattern only RE2 reads", func(op *specs.Operation) { op.Parameter("VpcId").Constraints.Pattern = "(?i)^vpc-" }, "not read alike by RE2 and ECMA-262"},
		{"list without an index range", func(op *specs.Operation) { op.Parameter("Tag").Constraints.MaxIndex = nil }, "needs min_index and max_index for the OpenAPI document"},
		{"method OpenAPI cannot describe", func(op *specs.Operation) { op.Methods = append(op.Methods, "PATCH") }, `"PATCH" cannot be described`},
		{"enum both ways", func(op *specs.Operation) {
			c := &op.Parameter("SecurityGroupType").Constraints
			c.EnumCaseInsensitive, c.Pattern = true, "^n"
		}, "cannot be combined with pattern"},
		{"alias of nothing", func(op *specs.Operation) { op.Parameter("Tag").Fields[2].AliasOf = "Name" }, `alias_of names "Name"`},
		{"absent field unknown", func(op *specs.Operation) {
			op.Paging.NextToken.AbsentFields = append(op.Paging.NextToken.AbsentFields, "Total")
		}, `"Total", which is not a top-level response field`},
		{"absent field of its own mode", func(op *specs.Operation) {
			op.Paging.PageNumber.AbsentFields = append(op.Paging.PageNumber.AbsentFields, "TotalCount")
		}, "belongs to that mode"},
		{"nested mode", func(op *specs.Operation) { op.Item().Lookup("VpcId").Mode = "page-number" }, "top-level response fields only"},
		{"unknown mode", func(op *specs.Operation) { op.Response.Lookup("NextToken").Mode = "cursor" }, `mode "cursor"`},
		{"envelope without Code", func(op *specs.Operation) { op.ErrorEnvelope.Lookup("Code").Name = "ErrorCode" }, `field "Code"`},
		{"mode without paging", func(op *specs.Operation) { op.Paging = nil }, `mode "next-token" is set, but the operation has no paging section`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := freshContract(t)
			tt.change(op)
			_, err := Generate(op)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("want an error containing %q, got %v", tt.want, err)
			}
		})
	}
}

// unpaged is a contract without paging: DescribeSecurityGroups' with its
// paging section and mode-bound fields removed.
func unpaged(t *testing.T) *specs.Operation {
	op := freshContract(t)
	op.Paging = nil
	for i := range op.Response.Fields {
		op.Response.Fields[i].Mode = ""
	}
	return op
}

// An operation that does not page gets request, response and error schemas
// and nothing about paging modes.
func TestGenerateWithoutPaging(t *testing.T) {
	files, err := Generate(unpaged(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"DescribeSecurityGroups.error.schema.json", "DescribeSecurityGroups.openapi.json", "DescribeSecurityGroups.request.schema.json", "DescribeSecurityGroups.response.schema.json"}
	if got := files.Names(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("files %v, want %v", got, want)
	}
	for name, member := range map[string]string{
		"DescribeSecurityGroups.request.schema.json":  "not",         // no mixed paging modes
		"DescribeSecurityGroups.response.schema.json": "definitions", // no per-mode additions
	} {
		var root map[string]any
		if err := json.Unmarshal(files[name], &root); err != nil {
			t.Fatal(err)
		}
		if _, ok := root[member]; ok {
			t.Errorf("%s: has %q, which only an operation that pages needs", name, member)
		}
		if strings.Contains(root["description"].(string), "paging mode") || strings.Contains(root["title"].(string), "paging") {
			t.Errorf("%s: its title or description speaks of paging", name)
		}
	}
}

// The files of a set are the union of each operation's, and every
// operation's error is reported, named.
func TestGenerateSet(t *testing.T) {
	paged := freshContract(t)
	other := unpaged(t)
	other.Operation = "DescribeOther"
	files, err := GenerateSet([]*specs.Operation{paged, other})
	if err != nil {
		t.Fatal(err)
	}
	one, _ := Generate(paged)
	if len(files) != len(one)+4 || files["DescribeOther.error.schema.json"] == nil || files["DescribeOther.openapi.json"] == nil {
		t.Errorf("set files %v: want %s's %d and DescribeOther's 4", files.Names(), paged.Operation, len(one))
	}
	if !bytes.Equal(files["DescribeSecurityGroups.request.schema.json"], one["DescribeSecurityGroups.request.schema.json"]) {
		t.Error("a file of the set differs from the operation's own")
	}

	broken := unpaged(t)
	broken.Operation = "DescribeBroken"
	broken.Response.Fields[0].Type = "uuid"
	twin := freshContract(t)
	_, err = GenerateSet([]*specs.Operation{paged, broken, twin})
	for _, want := range []string{`DescribeBroken: response.`, `element type "uuid"`, "DescribeSecurityGroups: DescribeSecurityGroups.", "generated twice"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want an error containing %q, got %v", want, err)
		}
	}
	if _, err := GenerateSet(nil); err == nil || !strings.Contains(err.Error(), "no operation") {
		t.Errorf("an empty set: got %v, want an error", err)
	}
}

func TestAnchored(t *testing.T) {
	tests := []struct{ in, want string }{
		{`^sg-[0-9a-z*]+$`, `^sg-[0-9a-z*]+$`},
		{`sg-[0-9a-z]+`, `^(?:sg-[0-9a-z]+)$`},
		{`^a|b$`, `^(?:^a|b$)$`},
		{`^a\$`, `^(?:^a\$)$`},
		{`^\p{L}[\p{L}\p{N}._-]*$`, `^\p{L}[\p{L}\p{N}._-]*$`},
	}
	for _, tt := range tests {
		got, err := anchored(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("anchored(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// A required list field may come under any of its spellings.
func TestRequiredListFieldAcceptsItsAlias(t *testing.T) {
	op := freshContract(t)
	op.Parameter("Tag").Fields[0].Required = true // Key, aliased by key
	s, err := parameterSchema(op.Parameter("Tag"), "Tag")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(s["items"].(object)["anyOf"])
	if want := `[{"required":["Key"]},{"required":["key"]}]`; string(got) != want {
		t.Fatalf("anyOf = %s, want %s", got, want)
	}
}

func TestCheckAndWrite(t *testing.T) {
	files, err := Generate(freshContract(t))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	written, removed, err := Write(dir, files)
	if err != nil || len(written) != len(files) || len(removed) != 0 {
		t.Fatalf("first write: wrote %v removed %v err %v", written, removed, err)
	}
	if written, _, _ := Write(dir, files); len(written) != 0 {
		t.Errorf("an unchanged file was rewritten: %v", written)
	}
	if drift, err := Check(dir, files); err != nil || len(drift) != 0 {
		t.Fatalf("fresh files: drift %v, err %v", drift, err)
	}

	names := files.Names()
	edited, missing := names[0], names[1]
	orig := files[edited]
	hand := bytes.Replace(orig, []byte(`"type": "object"`), []byte(`"type": "array"`), 1)
	mustWrite(t, filepath.Join(dir, edited), hand)
	if err := os.Remove(filepath.Join(dir, missing)); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(dir, "Old.response.schema.json"), []byte("{}\n"))
	mustWrite(t, filepath.Join(dir, "notes.txt"), []byte("not ours\n"))

	drift, err := Check(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{edited: "differs", missing: "missing", "Old.response.schema.json": "extra"}
	if len(drift) != len(want) {
		t.Fatalf("want %d drifts, got %v", len(want), drift)
	}
	for _, d := range drift {
		if want[d.Name] != d.Problem {
			t.Errorf("%s: got %q, want %q", d.Name, d.Problem, want[d.Name])
		}
		if d.Problem == "differs" && !strings.Contains(d.Detail, "line ") {
			t.Errorf("differs without the line: %s", d)
		}
	}

	written, removed, err = Write(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	if len(written) != 2 || len(removed) != 1 || removed[0] != "Old.response.schema.json" {
		t.Errorf("repair: wrote %v, removed %v", written, removed)
	}
	if drift, _ := Check(dir, files); len(drift) != 0 {
		t.Errorf("after repair: %v", drift)
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
		t.Errorf("a file that is not a schema was touched: %v", err)
	}
}

func mustWrite(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
