// Command fixturegen writes the emulator's default fixture,
// emulator/store/fixtures/default.json. The data is made up but shaped like
// a real account's: region-specific ID prefixes, several VPCs and
// classic-network groups, both group types, several resource groups,
// service-managed groups, names that prefix one another and overlapping
// tags. A fixed seed and no clock make every run write the same bytes.
//
// Run it through go generate ./emulator/store; the facts planted here are
// the constants of emulator/store/fixturefacts.go.
package main

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"os"
	"slices"

	"github.com/ecs-conformance/ecs-conformance/emulator/store"
)

func main() {
	out := flag.String("o", "fixtures/default.json", "file to write")
	flag.Parse()
	data, err := build()
	if err == nil {
		err = writeIfChanged(*out, data)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fixturegen:", err)
		os.Exit(1)
	}
}

// build returns the fixture file's bytes.
func build() ([]byte, error) {
	groups := generate()
	// Written as the API lists them: by account, region, then ID descending.
	slices.SortFunc(groups, func(a, b store.Group) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Region, b.Region), cmp.Compare(b.ID, a.ID))
	})
	return store.Marshal(groups)
}

// writeIfChanged leaves the file alone, timestamp included, when it already
// holds data.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	return os.WriteFile(path, data, 0o644)
}
