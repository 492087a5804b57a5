package specs

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed ecs/*.yaml
var files embed.FS

// Path of the embedded contract of DescribeSecurityGroups, relative to this package.
const DescribeSecurityGroupsFile = "ecs/DescribeSecurityGroups.yaml"

var (
	dsgOnce sync.Once
	dsgOp   *Operation
	dsgErr  error
)

// DescribeSecurityGroups returns the embedded contract, loaded once. It
// panics if the embedded file is invalid: that is a build defect the tests of
// this package catch, never a condition a caller can handle.
func DescribeSecurityGroups() *Operation {
	dsgOnce.Do(func() {
		data, err := files.ReadFile(DescribeSecurityGroupsFile)
		if err != nil {
			dsgErr = err
			return
		}
		dsgOp, dsgErr = Parse(DescribeSecurityGroupsFile, data)
	})
	if dsgErr != nil {
		panic(fmt.Sprintf("specs: embedded contract is invalid: %v", dsgErr))
	}
	return dsgOp
}

// Parse decodes and checks one contract. name is used in error messages only.
func Parse(name string, data []byte) (*Operation, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("%s: the file is empty; expected a contract mapping with key %q first", name, "operation")
	}
	if errs := checkRequired(name, root.Content[0], reflect.TypeOf(Operation{}), ""); len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var op Operation
	if err := dec.Decode(&op); err != nil {
		return nil, fmt.Errorf("%s: %s", name, strings.ReplaceAll(err.Error(), "yaml: unmarshal errors:\n  ", ""))
	}
	if err := dec.Decode(new(any)); err != io.EOF {
		return nil, fmt.Errorf("%s: more than one YAML document; put one contract per file", name)
	}
	if err := op.Check(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &op, nil
}

// checkRequired walks the YAML tree beside the Go type and reports every
// mapping that lacks a key whose field is tagged spec:"required".
func checkRequired(file string, n *yaml.Node, t reflect.Type, path string) []error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var errs []error
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return []error{fmt.Errorf("%s:%d: %s must be a mapping, got %s", file, n.Line, orRoot(path), kindName(n))}
		}
		present := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			present[n.Content[i].Value] = n.Content[i+1]
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			key := strings.Split(f.Tag.Get("yaml"), ",")[0]
			if key == "" || key == "-" {
				continue
			}
			child, ok := present[key]
			if !ok {
				if f.Tag.Get("spec") == "required" {
					errs = append(errs, fmt.Errorf("%s:%d: %s is missing the required key %q", file, n.Line, orRoot(path), key))
				}
				continue
			}
			errs = append(errs, checkRequired(file, child, f.Type, join(path, key))...)
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return nil // the typed decode reports the mismatch with its line
		}
		for i, c := range n.Content {
			errs = append(errs, checkRequired(file, c, t.Elem(), fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return errs
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func orRoot(path string) string {
	if path == "" {
		return "the contract"
	}
	return path
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("the scalar %q", n.Value)
	}
	return "something else"
}
