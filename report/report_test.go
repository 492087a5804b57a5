package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// sample is a document with one spec of each status; its texts carry
// characters HTML and Markdown give meaning to.
func sample() *Document {
	spec := func(text, status, msg string) Spec {
		return Spec{Text: text, Status: status, Message: msg, Areas: []string{"auth"}, Behaviours: []string{"Op.auth.x"}}
	}
	failed := spec("answers <script>alert(1)</script> | pipes", StatusFailed, "Expected\n    <int>: 9\nto equal 10 ``` fence")
	failed.Location = "suites/auth.go:42"
	failed.Exchange = &Exchange{
		Request:  Request{Method: "POST", URL: "http://127.0.0.1:8080/?RegionId=cn-hangzhou", Header: map[string][]string{"Authorization": {"REDACTED"}, "X-Acs-Action": {"Op"}}},
		Response: &Response{Status: 400, Header: map[string][]string{"Content-Type": {"application/json"}}, Body: `{"Code":"<b>"}`},
	}
	return &Document{
		Format: Format,
		Run: Run{Target: "my-mock", Endpoint: "127.0.0.1:8080", Mode: "live", Schemes: []string{"v3"}, Region: "cn-hangzhou",
			Date: time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC), Contract: Contract{Digest: "sha256:00"}},
		SuiteFailures: []string{},
		Operations: []Operation{{
			Operation: "Op", Version: "2014-05-26",
			Areas: []Tally{{Area: "auth", Passed: 1, Failed: 1, Skipped: 1, KnownDeviations: 1}},
			Total: Tally{Area: "total", Passed: 1, Failed: 1, Skipped: 1, KnownDeviations: 1},
			Behaviours: []Behaviour{
				{ID: "Op.auth.x", Area: "auth", Status: StatusFailed, Specs: []string{"a"}},
				{ID: "Op.auth.y", Area: "auth", Assumed: true, Status: StatusKnownDeviation, Reason: "our mock (MOCK-12)", Specs: []string{"b"}},
			},
			Specs: []Spec{
				spec("passes", StatusPassed, ""),
				failed,
				spec("skips", StatusSkipped, "needs the default fixture"),
				spec("deviates", StatusKnownDeviation, "known deviation of Op.auth.y: our mock (MOCK-12)"),
			},
		}},
	}
}

func TestHTML(t *testing.T) {
	var b bytes.Buffer
	if err := sample().WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		"<title>ECS conformance: my-mock (live, v3)</title>",
		`<p class="verdict bad" id="verdict">Does not conform: 1 failed</p>`,
		`<dd id="run-endpoint">127.0.0.1:8080</dd>`,
		"answers &lt;script&gt;alert(1)&lt;/script&gt; | pipes", // escaped, never markup
		"Authorization: REDACTED",
		"HTTP 400",
		`<span class="badge known-deviation">known deviation</span>`,
		"our mock (MOCK-12)",
		"needs the default fixture",
		"suites/auth.go:42",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, never := range []string{"<script>", `"<b>"`, "http-equiv", "<link", "src="} {
		if strings.Contains(page, never) {
			t.Errorf("the page holds %q: it must escape what it shows and load nothing", never)
		}
	}
}

func TestMarkdown(t *testing.T) {
	var b bytes.Buffer
	if err := sample().WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{
		"## ECS conformance: my-mock — **1 failed**",
		"1 passed · 1 failed · 1 known deviations · 1 skipped · 0 not run",
		"| **total** | 1 | 1 | 1 | 1 | 0 |",
		"<summary>answers &lt;script&gt;alert(1)&lt;/script&gt; | pipes</summary>",
		"''' fence", // a fence inside a message cannot close the block
		"| deviates | known deviation of Op.auth.y: our mock (MOCK-12) |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the summary lacks %q:\n%s", want, md)
		}
	}
}

// TestMarkdownIsBounded: a run with hundreds of failures still gives a
// summary GitHub shows (1 MiB per step) and a person reads.
func TestMarkdownIsBounded(t *testing.T) {
	d := sample()
	op := &d.Operations[0]
	for i := range 500 {
		op.Specs = append(op.Specs, Spec{Text: fmt.Sprintf("fails %d", i), Status: StatusFailed, Message: strings.Repeat("x", 10000)})
	}
	var b bytes.Buffer
	if err := d.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	if b.Len() > 100_000 || !strings.Contains(b.String(), "…and 481 more") {
		t.Errorf("summary of %d bytes; want under 100 kB, naming the failures left out", b.Len())
	}
}
