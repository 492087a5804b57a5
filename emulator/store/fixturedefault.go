package store

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:generate go run ./internal/fixturegen -o fixtures/default.json

// DefaultFixtureFile is the path of the default fixture in this package.
const DefaultFixtureFile = "fixtures/default.json"

//go:embed fixtures/default.json
var defaultFixture []byte

var decodeDefault = sync.OnceValues(func() ([]Group, error) {
	return parseCanonical(DefaultFixtureFile, defaultFixture)
})

// Default returns the groups of the embedded default fixture, decoded once;
// each call returns a copy of its own. It panics if the embedded file is
// invalid: that is a build defect the tests catch, not a condition a caller
// can handle.
func Default() []Group {
	groups, err := decodeDefault()
	if err != nil {
		panic(fmt.Sprintf("store: the embedded default fixture is invalid; regenerate it with go generate ./emulator/store: %v", err))
	}
	return cloneGroups(groups)
}
