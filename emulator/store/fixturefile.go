package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// DefaultAccount is the account a fixture record belongs to when it names
// none: the account of the emulator's default access key.
const DefaultAccount = "1234567890123456"

const (
	fixtureListKey  = "securityGroups"
	fixtureRulesKey = "rules" // a group's list of rules
)

// LoadFile reads a fixture file, YAML or JSON, chosen by the extension
// (.json, .yaml, .yml) or else by the first character ({ means JSON).
func LoadFile(path string) ([]Group, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("store: reading the fixture file: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes a fixture, YAML or JSON as LoadFile decides; name is the
// file name, used to choose the format and in messages. The groups are
// checked as Replace checks them, so a parsed fixture always loads.
func Parse(name string, data []byte) ([]Group, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if isJSON(name, data) {
		var raw json.RawMessage
		if err := json.Unmarshal(data, &raw); err != nil {
			var syn *json.SyntaxError
			if errors.As(err, &syn) {
				line, col := position(data, syn.Offset-1) // Offset counts the bad byte itself
				return nil, fmt.Errorf("%s:%d:%d: not valid JSON: %v", name, line, col, err)
			}
			return nil, fmt.Errorf("%s: not valid JSON: %v", name, err)
		}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("%s: the file is empty; expected a mapping with the key %s", name, fixtureListKey)
		}
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if err := dec.Decode(new(yaml.Node)); err != io.EOF {
		return nil, fmt.Errorf("%s: more than one YAML document; put all groups under one %s list", name, fixtureListKey)
	}
	records, err := fixtureRecords(name, &doc)
	if err != nil {
		return nil, err
	}
	return decodeRecords(name, records)
}

// isJSON decides the format of a fixture.
func isJSON(name string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return true
	case ".yaml", ".yml":
		return false
	}
	t := bytes.TrimLeft(data, " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

// fixtureRecords returns the items of the top-level list.
func fixtureRecords(name string, doc *yaml.Node) ([]*yaml.Node, error) {
	root := doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: the file must be a mapping with the key %s, found %s", name, root.Line, fixtureListKey, describeNode(root))
	}
	var list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		switch {
		case k.Value != fixtureListKey:
			return nil, fmt.Errorf("%s:%d: unknown top-level key %q; the only key is %s", name, k.Line, k.Value, fixtureListKey)
		case list != nil:
			return nil, fmt.Errorf("%s:%d: %s appears twice", name, k.Line, fixtureListKey)
		}
		list = resolve(root.Content[i+1])
	}
	if list == nil {
		return nil, fmt.Errorf("%s:%d: the key %s is missing; list the groups under it", name, root.Line, fixtureListKey)
	}
	if list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d: %s must be a list of groups, found %s", name, list.Line, fixtureListKey, describeNode(list))
	}
	return list.Content, nil
}

// position turns the 0-based offset of a byte into its 1-based line and column.
func position(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	return line, int(offset) - bytes.LastIndexByte(before, '\n')
}
