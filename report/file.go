package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Kinds of report a Document renders to.
const (
	KindResults  = "results"
	KindHTML     = "HTML report"
	KindMarkdown = "Markdown report"
)

// Render writes the report of one kind.
func (d *Document) Render(w io.Writer, kind string) error {
	switch kind {
	case KindResults:
		return d.WriteJSON(w)
	case KindHTML:
		return d.WriteHTML(w)
	case KindMarkdown:
		return d.WriteMarkdown(w)
	}
	return fmt.Errorf("report: no report of kind %q", kind)
}

// WriteJSON writes the results document, indented.
func (d *Document) WriteJSON(w io.Writer) error {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return fmt.Errorf("report: encoding the results: %w", err)
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// WriteFile renders the report of one kind to path, creating its folder.
// The report is rendered in full before the file is touched, so a rendering
// error leaves no half-written file.
func (d *Document) WriteFile(path, kind string) error {
	var b bytes.Buffer
	if err := d.Render(&b, kind); err != nil {
		return err
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("writing the %s: %w", kind, err)
		}
	}
	// $GITHUB_STEP_SUMMARY is appended to by every step of a job: append to
	// it too, rather than replace what earlier steps wrote there.
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if kind == KindMarkdown && path == os.Getenv("GITHUB_STEP_SUMMARY") {
		flags = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return fmt.Errorf("writing the %s: %w", kind, err)
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		f.Close()
		return fmt.Errorf("writing the %s to %s: %w", kind, path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing the %s to %s: %w", kind, path, err)
	}
	return nil
}
