package report

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Bounds of the Markdown summary: GitHub shows at most 1 MiB of a step's
// summary, and a reader wants the first failures, not all of them; the
// HTML report and the results file have everything.
const (
	mdMaxFailures  = 20
	mdMaxMessage   = 1500
	mdMaxReasons   = 30
	mdMaxListNames = 15
)

// WriteMarkdown writes a summary for a CI job page ($GITHUB_STEP_SUMMARY):
// the verdict and the run, per operation a table by area, the coverage, the
// first failures with their messages, and the deviations and skips with
// their reasons.
func (d *Document) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	t := d.Totals()
	verdict := "no failures"
	switch {
	case t.Failed > 0 || len(d.SuiteFailures) > 0:
		verdict = fmt.Sprintf("**%d failed**", t.Failed)
		if n := len(d.SuiteFailures); n > 0 {
			verdict += fmt.Sprintf(", **%d suite failure(s)**", n)
		}
	case d.DryRun:
		verdict = "dry run: nothing was sent"
	}
	fmt.Fprintf(&b, "## ECS conformance: %s — %s\n\n", mdText(d.Run.Target), verdict)
	fmt.Fprintf(&b, "%d passed · %d failed · %d known deviations · %d skipped · %d not run\n\n",
		t.Passed, t.Failed, t.KnownDeviations, t.Skipped, t.NotRun)
	fmt.Fprintf(&b, "| endpoint | mode | signature | region | date | tool |\n|---|---|---|---|---|---|\n")
	fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n\n", mdCode(d.Run.Endpoint), mdText(d.Run.Mode), mdText(strings.Join(d.Run.Schemes, ", ")),
		mdText(d.Run.Region), d.Run.Date.UTC().Format(time.RFC3339), mdText(d.Run.Tool.String()))
	if f := d.Run.Filters; len(f.Focus)+len(f.Skip) > 0 || f.LabelFilter != "" {
		fmt.Fprintf(&b, "Filters: focus `%s`, skip `%s`, label filter `%s`\n\n", mdCode(strings.Join(f.Focus, " | ")), mdCode(strings.Join(f.Skip, " | ")), mdCode(f.LabelFilter))
	}
	for _, f := range d.SuiteFailures {
		fmt.Fprintf(&b, "> **suite failure:** %s\n\n", mdText(clipText(f, mdMaxMessage)))
	}
	for i := range d.Operations {
		d.Operations[i].markdown(&b)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (op *Operation) markdown(b *strings.Builder) {
	fmt.Fprintf(b, "### %s (API %s)\n\n", op.Operation, op.Version)
	fmt.Fprintf(b, "| area | passed | failed | known deviations | skipped | not run |\n|---|---:|---:|---:|---:|---:|\n")
	for _, a := range append(append([]Tally(nil), op.Areas...), op.Total) {
		name := mdText(a.Area)
		if a.Area == "total" {
			name = "**total**"
		}
		fmt.Fprintf(b, "| %s | %d | %d | %d | %d | %d |\n", name, a.Passed, a.Failed, a.KnownDeviations, a.Skipped, a.NotRun)
	}
	b.WriteString("\n")
	for _, c := range []struct {
		name string
		cat  Catalogue
	}{{"behaviours", op.Coverage.Behaviours}, {"error codes", op.Coverage.Errors}, {"parameters", op.Coverage.Parameters}, {"filters", op.Coverage.Filters}} {
		fmt.Fprintf(b, "- %s: %d/%d exercised, %d passed", c.name, len(c.cat.Exercised), c.cat.Total, len(c.cat.Passed))
		if len(c.cat.Failed) > 0 {
			fmt.Fprintf(b, "; failing: %s", mdNames(op.Operation, c.cat.Failed))
		}
		if len(c.cat.Gaps) > 0 {
			fmt.Fprintf(b, "; gaps: %s", mdNames(op.Operation, c.cat.Gaps))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	if failed := op.SpecsWith(StatusFailed); len(failed) > 0 {
		fmt.Fprintf(b, "#### Failures (%d)\n\n", len(failed))
		for i, s := range failed {
			if i == mdMaxFailures {
				fmt.Fprintf(b, "…and %d more: see the HTML report or the results file.\n\n", len(failed)-i)
				break
			}
			fmt.Fprintf(b, "<details><summary>%s</summary>\n\n", htmlText(s.Text))
			if s.Location != "" {
				fmt.Fprintf(b, "`%s`\n\n", mdCode(s.Location))
			}
			fmt.Fprintf(b, "```\n%s\n```\n", fence(clipText(s.Message, mdMaxMessage)))
			if e := s.Exchange; e != nil {
				fmt.Fprintf(b, "\nRequest: `%s %s`", mdCode(e.Request.Method), mdCode(e.Request.URL))
				if e.Response != nil {
					fmt.Fprintf(b, " → HTTP %d\n\n```\n%s\n```\n", e.Response.Status, fence(clipText(e.Response.Body, mdMaxMessage)))
				} else if e.Error != "" {
					fmt.Fprintf(b, " → no answer: %s\n", mdText(e.Error))
				}
			}
			b.WriteString("\n</details>\n\n")
		}
	}
	reasons(b, "Known deviations", op.SpecsWith(StatusKnownDeviation))
	reasons(b, "Skipped", op.SpecsWith(StatusSkipped))
}

// reasons lists specs with the reason they did not pass or fail.
func reasons(b *strings.Builder, title string, list []Spec) {
	if len(list) == 0 {
		return
	}
	fmt.Fprintf(b, "<details><summary>%s (%d)</summary>\n\n| spec | reason |\n|---|---|\n", title, len(list))
	for i, s := range list {
		if i == mdMaxReasons {
			fmt.Fprintf(b, "| …and %d more | |\n", len(list)-i)
			break
		}
		fmt.Fprintf(b, "| %s | %s |\n", mdText(s.Text), mdText(clipText(s.Message, 300)))
	}
	b.WriteString("\n</details>\n\n")
}

// mdNames lists contract items without the operation prefix, bounded.
func mdNames(op string, names []string) string {
	var out []string
	for i, n := range names {
		if i == mdMaxListNames {
			out = append(out, fmt.Sprintf("and %d more", len(names)-i))
			break
		}
		out = append(out, "`"+mdCode(strings.TrimPrefix(n, op+"."))+"`")
	}
	return strings.Join(out, ", ")
}

// mdText makes s safe in a table cell or a line of Markdown: one line,
// pipes escaped, HTML-significant characters escaped.
func mdText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "&", "&amp;", "`", "'", "*", `\*`, "_", `\_`).Replace(s)
}

// mdCode makes s safe inside a `code span` of a table cell.
func mdCode(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.NewReplacer("`", "'", "|", `\|`).Replace(s)
}

// htmlText escapes s for the HTML of a <summary>.
func htmlText(s string) string {
	return strings.NewReplacer("<", "&lt;", ">", "&gt;", "&", "&amp;").Replace(strings.Join(strings.Fields(s), " "))
}

// fence keeps a message from closing its code fence early.
func fence(s string) string { return strings.ReplaceAll(s, "```", "'''") }

// clipText bounds s to about n bytes, on a rune boundary.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + " …(cut)"
}
