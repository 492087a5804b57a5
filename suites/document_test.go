package suites

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"
	"github.com/xeipuuv/gojsonschema"

	"github.com/ecs-conformance/ecs-conformance/internal/buildinfo"
	"github.com/ecs-conformance/ecs-conformance/report"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// docSpec is the report of one It of DescribeSecurityGroups, labelled as
// the suite labels its specs.
func docSpec(text string, state types.SpecState, msg string, labels ...string) types.SpecReport {
	return types.SpecReport{
		ContainerHierarchyTexts:  []string{"DescribeSecurityGroups", "pagination"},
		ContainerHierarchyLabels: [][]string{{"op:DescribeSecurityGroups"}, {"area:pagination"}},
		LeafNodeType:             types.NodeTypeIt,
		LeafNodeText:             text,
		LeafNodeLabels:           labels,
		State:                    state,
		Failure:                  types.Failure{Message: msg, Location: types.CodeLocation{FileName: "suites/pagination.go", LineNumber: 42}},
	}
}

// sampleReport holds one spec of each outcome; the failed one carries an
// exchange as recordExchanges attaches it.
func sampleReport(t *testing.T) types.Report {
	walk := "behaviour:DescribeSecurityGroups.paging.walk-complete"
	tokenMode := "behaviour:DescribeSecurityGroups.paging.next-token-mode"
	ex, err := json.Marshal(report.Exchange{
		Request:  report.Request{Method: "POST", URL: "http://127.0.0.1:8080/?RegionId=cn-hangzhou", Header: map[string][]string{"Authorization": {"REDACTED"}}},
		Response: &report.Response{Status: 400, Header: map[string][]string{"Content-Type": {"application/json"}}, Body: `{"Code":"InvalidParameter"}`},
	})
	if err != nil {
		t.Fatal(err)
	}
	failed := docSpec("walks every page", types.SpecStateFailed, "Expected 10 groups, got 9", walk)
	failed.ReportEntries = types.ReportEntries{{Name: exchangeEntry, Value: types.WrapEntryValue(string(ex))}}
	return types.Report{
		SuiteDescription: "conformance",
		SuiteConfig:      types.SuiteConfig{FocusStrings: []string{"pag"}},
		SpecReports: []types.SpecReport{
			docSpec("pages", types.SpecStatePassed, "", tokenMode),
			failed,
			docSpec("needs the fixture", types.SpecStateSkipped, "needs the default fixture", tokenMode),
			docSpec("deviates", types.SpecStateSkipped, KnownDeviationPrefix+" of DescribeSecurityGroups.paging.walk-complete (until 2027-01-01): mock", walk),
			docSpec("left out", types.SpecStateSkipped, ""),
		},
	}
}

func sampleRun() report.Run {
	return report.Run{Target: "my-mock", Endpoint: "127.0.0.1:8080", Mode: "live", Schemes: []string{"v3"}, Region: "cn-hangzhou",
		Date: time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC), Tool: buildinfo.Read(), Contract: report.Contract{Digest: specs.Digest()}}
}

// validate checks a results document against the schema checked in beside
// the report package.
func validate(t *testing.T, data []byte) {
	t.Helper()
	res, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(report.ResultsSchema), gojsonschema.NewBytesLoader(data))
	if err != nil {
		t.Fatalf("validating: %v", err)
	}
	for _, e := range res.Errors() {
		t.Errorf("results do not match results.schema.json: %s", e)
	}
}

func TestResultsDocument(t *testing.T) {
	doc := NewDocument(sampleReport(t), sampleRun())
	var b bytes.Buffer
	if err := doc.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	validate(t, b.Bytes())

	op := doc.Operations[0]
	want := map[string]string{"pages": StatusPassed, "walks every page": StatusFailed, "needs the fixture": StatusSkipped, "deviates": StatusKnownDeviation, "left out": StatusNotRun}
	for _, s := range op.Specs {
		leaf := s.Text[strings.LastIndex(s.Text, "pagination ")+len("pagination "):]
		if s.Status != want[leaf] {
			t.Errorf("%q is %s, want %s", s.Text, s.Status, want[leaf])
		}
		switch s.Status {
		case StatusFailed:
			if s.Exchange == nil || s.Exchange.Response.Status != 400 || s.Location != "suites/pagination.go:42" {
				t.Errorf("the failed spec lost its exchange or location: %+v", s)
			}
		case StatusSkipped, StatusKnownDeviation:
			if s.Message == "" {
				t.Errorf("%q has no reason", s.Text)
			}
		}
	}
	if doc.Run.Filters.Focus[0] != "pag" || doc.Run.Target != "my-mock" || doc.Format != report.Format {
		t.Errorf("run = %+v", doc.Run)
	}
}

// TestResultsSchemaRejects: the schema is no rubber stamp; each of these
// documents breaks it.
func TestResultsSchemaRejects(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(d *report.Document)
	}{
		{"an endpoint with its scheme", func(d *report.Document) { d.Run.Endpoint = "http://127.0.0.1:8080" }},
		{"no scheme", func(d *report.Document) { d.Run.Schemes = []string{} }},
		{"an unknown mode", func(d *report.Document) { d.Run.Mode = "mock" }},
		{"an unknown status", func(d *report.Document) { d.Operations[0].Behaviours[0].Status = "ok" }},
		{"a digest that is not one", func(d *report.Document) { d.Run.Contract.Digest = "v1" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := NewDocument(sampleReport(t), sampleRun())
			tt.mutate(&doc)
			var b bytes.Buffer
			if err := doc.WriteJSON(&b); err != nil {
				t.Fatal(err)
			}
			res, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(report.ResultsSchema), gojsonschema.NewBytesLoader(b.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if res.Valid() {
				t.Error("the schema accepts it")
			}
		})
	}
}

func TestWriteFile(t *testing.T) {
	doc := NewDocument(sampleReport(t), sampleRun())
	dir := t.TempDir()
	for _, kind := range []string{report.KindResults, report.KindHTML, report.KindMarkdown} {
		path := filepath.Join(dir, "out", strings.ReplaceAll(kind, " ", "-"))
		if err := doc.WriteFile(path, kind); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		data, err := os.ReadFile(path)
		if err != nil || !bytes.Contains(data, []byte("walks every page")) {
			t.Errorf("%s: %v; it does not name the failed spec:\n%s", kind, err, data)
		}
		if err := doc.WriteFile(filepath.Join(path, "under-a-file"), kind); err == nil {
			t.Errorf("%s: writing under a regular file succeeded", kind)
		}
	}
}
