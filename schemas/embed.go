package schemas

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
)

// Only the JSON Schemas: the OpenAPI documents beside them are for tools in
// other languages, and nothing here validates against them.
//
//go:embed *.schema.json
var files embed.FS

// Names returns the embedded schema file names, sorted.
func Names() []string {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		panic(fmt.Sprintf("schemas: the embedded files cannot be listed: %v", err))
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// Source returns the bytes of one embedded schema file, for reports and for
// tools that want to hand the schema to another validator.
func Source(name string) ([]byte, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("schemas: no embedded schema %q; Names lists them", name)
	}
	return b, nil
}
