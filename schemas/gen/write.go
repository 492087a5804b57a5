package gen

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/schemas/internal/layout"
)

// Drift is one difference between generated files and a directory.
type Drift struct {
	Name    string
	Problem string // "missing", "extra" or "differs"
	Detail  string // for "differs": where the first difference is
}

func (d Drift) String() string {
	if d.Detail == "" {
		return d.Name + ": " + d.Problem
	}
	return d.Name + ": " + d.Problem + " (" + d.Detail + ")"
}

// Check compares files with dir without writing anything. Every generated
// file must be there with identical bytes, and no other *.schema.json or
// *.openapi.json file may be: the schemas package embeds whatever schema
// matches, so a stale file would be served, and a stale OpenAPI document
// would be handed to other tools. It needs no git.
func Check(dir string, files Files) ([]Drift, error) {
	onDisk, err := schemaFiles(dir)
	if err != nil {
		return nil, err
	}
	var drift []Drift
	for _, name := range files.Names() {
		got, err := os.ReadFile(filepath.Join(dir, name))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			drift = append(drift, Drift{Name: name, Problem: "missing"})
		case err != nil:
			return nil, err
		case !bytes.Equal(got, files[name]):
			drift = append(drift, Drift{Name: name, Problem: "differs", Detail: firstDifference(got, files[name])})
		}
	}
	for _, name := range onDisk {
		if _, ok := files[name]; !ok {
			drift = append(drift, Drift{Name: name, Problem: "extra", Detail: "not produced by the generator; remove it or regenerate"})
		}
	}
	sort.Slice(drift, func(i, j int) bool { return drift[i].Name < drift[j].Name })
	return drift, nil
}

// Write makes dir hold exactly files among its generated-looking files
// (*.schema.json, *.openapi.json): it writes what
// changed (through a temporary file and a rename, so a reader never sees half
// a file) and removes generated-looking files the generator no longer makes.
// It returns the names it wrote and removed.
func Write(dir string, files Files) (written, removed []string, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	for _, name := range files.Names() {
		path := filepath.Join(dir, name)
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, files[name]) {
			continue
		}
		if err := writeFile(path, files[name]); err != nil {
			return written, removed, err
		}
		written = append(written, name)
	}
	onDisk, err := schemaFiles(dir)
	if err != nil {
		return written, removed, err
	}
	for _, name := range onDisk {
		if _, ok := files[name]; ok {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return written, removed, err
		}
		removed = append(removed, name)
	}
	return written, removed, nil
}

func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".specgen-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// schemaFiles lists the generator-owned file names in dir; a missing dir
// holds none.
func schemaFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && layout.Generated(e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// firstDifference names the first line where got and want part.
func firstDifference(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if i >= len(g) || i >= len(w) || gl != wl {
			return fmt.Sprintf("line %d: on disk %s, generated %s", i+1, quoteLine(g, i), quoteLine(w, i))
		}
	}
	return "same lines, different bytes"
}

func quoteLine(lines []string, i int) string {
	if i >= len(lines) {
		return "<end of file>"
	}
	l := strings.TrimSpace(lines[i])
	if len(l) > 60 {
		l = l[:60] + "…"
	}
	return fmt.Sprintf("%q", l)
}
