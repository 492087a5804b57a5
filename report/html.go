package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"
)

//go:embed html.tmpl
var htmlSource string

// page is parsed once; the template is part of the binary, so a parse error
// is a bug caught by every test that renders.
var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"statusLabel": statusLabel,
	"date":        func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 MST") },
	"join":        strings.Join,
	"headers":     headerLines,
	"anchor":      anchor,
	"short":       func(op, id string) string { return strings.TrimPrefix(id, op+".") },
	"pair": func(name string, c Catalogue, op string) catalogueRow {
		return catalogueRow{Name: name, C: c, Op: op}
	},
}).Parse(htmlSource))

// WriteHTML writes the report as one self-contained HTML page: its style is
// inline and it loads nothing, so it can be attached to a CI run, mailed or
// opened from disk.
func (d *Document) WriteHTML(w io.Writer) error {
	if err := page.Execute(w, d); err != nil {
		return fmt.Errorf("report: rendering the HTML report: %w", err)
	}
	return nil
}

// catalogueRow is one row of the coverage table.
type catalogueRow struct {
	Name string
	C    Catalogue
	Op   string
}

// statusLabel is how a status reads to a person.
func statusLabel(status string) string {
	switch status {
	case StatusPassed:
		return "passed"
	case StatusFailed:
		return "failed"
	case StatusKnownDeviation:
		return "known deviation"
	case StatusSkipped:
		return "skipped"
	case StatusNotRun:
		return "not run"
	}
	return status
}

// headerLines prints headers one per line, sorted, as on the wire.
func headerLines(h map[string][]string) string {
	var names []string
	for n := range h {
		names = append(names, n)
	}
	slices.Sort(names)
	var b strings.Builder
	for _, n := range names {
		for _, v := range h[n] {
			fmt.Fprintf(&b, "%s: %s\n", n, v)
		}
	}
	return b.String()
}

// anchor turns a name into an HTML id.
func anchor(parts ...string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.Join(parts, "-")) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}
