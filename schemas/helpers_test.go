package schemas_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/schemas"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// dsg is the operation whose documents testdata holds: the documentation's
// example, a recorded page and captured error bodies of DescribeSecurityGroups.
var dsg = specs.Lookup("DescribeSecurityGroups")

// readJSON decodes a testdata file keeping numbers exact.
func readJSON(t *testing.T, name string) any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, b)
}

func decode(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("testdata is not JSON: %v", err)
	}
	return v
}

func encode(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// edit changes a decoded document at a dotted path (array indexes as
// numbers): set replaces or adds the member, a nil edit removes it.
type edit struct {
	path  string
	value any
	del   bool
}

func set(path string, v any) edit { return edit{path: path, value: v} }
func del(path string) edit        { return edit{path: path, del: true} }

func apply(t *testing.T, doc any, edits ...edit) any {
	t.Helper()
	for _, e := range edits {
		parts := strings.Split(e.path, ".")
		parent := doc
		for _, p := range parts[:len(parts)-1] {
			parent = child(t, parent, p, e.path)
		}
		last := parts[len(parts)-1]
		switch c := parent.(type) {
		case map[string]any:
			if e.del {
				if _, ok := c[last]; !ok {
					t.Fatalf("edit %s: nothing to delete", e.path)
				}
				delete(c, last)
			} else {
				c[last] = e.value
			}
		case []any:
			i, err := strconv.Atoi(last)
			if err != nil || i >= len(c) || e.del {
				t.Fatalf("edit %s: cannot edit array member %q", e.path, last)
			}
			c[i] = e.value
		default:
			t.Fatalf("edit %s: parent is %T", e.path, parent)
		}
	}
	return doc
}

func child(t *testing.T, v any, key, path string) any {
	t.Helper()
	switch c := v.(type) {
	case map[string]any:
		if n, ok := c[key]; ok {
			return n
		}
	case []any:
		if i, err := strconv.Atoi(key); err == nil && i < len(c) {
			return c[i]
		}
	}
	t.Fatalf("edit %s: no member %q", path, key)
	return nil
}

// has reports whether res holds a violation with this path and rule.
func has(res schemas.Result, path, rule string) bool {
	for _, v := range res.Violations {
		if v.Path == path && v.Rule == rule {
			return true
		}
	}
	return false
}

// expectOnly fails unless res holds a violation at path with rule and every
// violation is at path: an edit must break exactly what it targets.
func expectOnly(t *testing.T, res schemas.Result, path, rule string) {
	t.Helper()
	if !has(res, path, rule) {
		t.Fatalf("want a %q violation at %q, got:\n%s", rule, path, orValid(res))
	}
	for _, v := range res.Violations {
		if v.Path != path {
			t.Errorf("unexpected violation elsewhere: %s", v)
		}
	}
}

func orValid(res schemas.Result) string {
	if res.OK() {
		return "(valid)"
	}
	return res.Error()
}
