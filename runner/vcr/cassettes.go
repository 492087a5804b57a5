package vcr

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v2/cassette"
	"gopkg.in/yaml.v3"
)

// cassetteVersion is the only go-vcr v2 cassette format.
const cassetteVersion = 1

// Recorded is one interaction of a cassette file.
type Recorded struct {
	// File is the cassette's path relative to the directory listed, with
	// forward slashes: "<target>/<scheme>/<slug>.yaml", e.g. "emulator/v3/<slug>.yaml".
	File string
	// Index is the interaction's position in the cassette, from 0.
	Index       int
	Interaction *cassette.Interaction
}

// String names the interaction as "<file>#<index>", the form error messages
// use.
func (r Recorded) String() string { return fmt.Sprintf("%s#%d", r.File, r.Index) }

// Key returns the canonical key of the recorded request.
func (r Recorded) Key() (Key, error) {
	k, err := RecordedKey(r.Interaction.Request)
	if err != nil {
		return Key{}, fmt.Errorf("%s: %w", r, err)
	}
	return k, nil
}

// Interactions lists every interaction of every cassette (*.yaml, *.yml,
// and their compressed *.gz forms) under dir, files in lexical order and interactions in recorded order, so a
// test elsewhere can check every recorded response, for example against the
// response schemas. Hidden directories are skipped. An error names the file
// that could not be read or parsed.
func Interactions(dir string) ([]Recorded, error) {
	var out []Recorded
	err := eachCassette(dir, true, func(rel string, interactions []*cassette.Interaction) {
		for i, in := range interactions {
			out = append(out, Recorded{File: rel, Index: i, Interaction: in})
		}
	})
	if err != nil {
		return nil, fmt.Errorf("vcr: listing cassettes under %s: %w", dir, err)
	}
	return out, nil
}

// eachCassette loads every cassette under dir, in lexical order, and hands
// fn its slash-separated path relative to dir and its interactions.
// skipHidden passes over hidden directories (a listing wants them out of the
// way; a secret scan does not).
func eachCassette(dir string, skipHidden bool, fn func(rel string, interactions []*cassette.Interaction)) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skipHidden && path != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !IsCassetteFile(d.Name()) {
			return nil
		}
		interactions, err := loadCassette(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		fn(filepath.ToSlash(rel), interactions)
		return nil
	})
}

// IsCassetteFile tells whether a file name is a cassette's, in either of
// its stored forms (<name>.yaml or .yml, plain or gzipped), and not hidden.
func IsCassetteFile(name string) bool {
	name = strings.TrimSuffix(name, compressedExt)
	return !strings.HasPrefix(name, ".") && (strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml"))
}

// cassetteFile is the on-disk shape of a go-vcr v2 cassette. Decoding into
// it, rather than into cassette.Cassette, avoids copying that type's mutex.
type cassetteFile struct {
	Version      int                     `yaml:"version"`
	Interactions []*cassette.Interaction `yaml:"interactions"`
}

// loadCassette reads one cassette file, plain or compressed; errors name the
// file and say what is wrong with it.
func loadCassette(path string) ([]*cassette.Interaction, error) {
	data, err := readCassetteFile(path)
	if err != nil {
		return nil, err
	}
	var c cassetteFile
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("cassette %s is not valid YAML: %w", path, err)
	}
	if c.Version != cassetteVersion {
		return nil, fmt.Errorf("cassette %s has version %d; this runner reads go-vcr v2 cassettes (version: %d); re-record it", path, c.Version, cassetteVersion)
	}
	for i, in := range c.Interactions {
		if in == nil {
			return nil, fmt.Errorf("cassette %s: interaction %d is empty", path, i)
		}
	}
	return c.Interactions, nil
}
