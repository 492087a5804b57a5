package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCheckedInFixtureIsCurrent fails when fixtures/default.json differs
// from what the generator writes: run go generate ./emulator/store.
func TestCheckedInFixtureIsCurrent(t *testing.T) {
	want, err := build()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "default.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("fixtures/default.json is stale or edited by hand; run go generate ./emulator/store")
	}
}

// TestDeterministic builds twice: no clock, no map order, no global random
// source may leak into the fixture.
func TestDeterministic(t *testing.T) {
	a, err := build()
	if err != nil {
		t.Fatal(err)
	}
	b, err := build()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two builds differ")
	}
}

func TestWriteIfChanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.json")
	for _, data := range []string{"one", "one", "two"} {
		if err := writeIfChanged(path, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != data {
			t.Errorf("file holds %q after writing %q", got, data)
		}
	}
}
