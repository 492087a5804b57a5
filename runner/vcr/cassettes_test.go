package vcr

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInteractionsListsEveryCassetteInOrder(t *testing.T) {
	dir := t.TempDir()
	writeCassette(t, filepath.Join(dir, "live", "op", "b.yaml"), cleanInteraction(t), cleanInteraction(t))
	writeCassette(t, filepath.Join(dir, "emulator", "op", "a.yaml"), cleanInteraction(t))
	writeCassette(t, filepath.Join(dir, ".recording-1", "tmp.yaml"), cleanInteraction(t))
	writeCassette(t, filepath.Join(dir, "emulator", "op", "empty.yaml"))
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("not a cassette"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Interactions(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range got {
		names = append(names, r.String())
		if _, err := r.Key(); err != nil {
			t.Errorf("%s: Key: %v", r, err)
		}
	}
	want := "emulator/op/a.yaml#0 live/op/b.yaml#0 live/op/b.yaml#1"
	if strings.Join(names, " ") != want {
		t.Errorf("Interactions = %v, want %s", names, want)
	}
}

func TestInteractionsNamesTheBrokenFile(t *testing.T) {
	tests := []struct{ content, want string }{
		{"version: 1\ninteractions: {", "not valid YAML"},
		{"version: 3\ninteractions: []\n", "version 3"},
		{"version: 1\ninteractions:\n  - null\n", "interaction 0 is empty"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		path := filepath.Join(dir, "sub", "broken.yaml")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Interactions(dir)
		if err == nil || !strings.Contains(err.Error(), "broken.yaml") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Interactions on %q: error %v, want one naming broken.yaml and saying %q", tt.content, err, tt.want)
		}
	}
}
