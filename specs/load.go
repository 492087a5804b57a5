package specs

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:embed ecs/*.yaml
var files embed.FS

// Dir is the folder of the embedded contract set; CommonFile is the file in it
// that every operation shares.
const (
	Dir        = "ecs"
	CommonFile = "common.yaml"
)

var (
	setOnce sync.Once
	setOps  []*Operation
	setErr  error
)

// Operations returns every embedded operation contract, sorted by name,
// loaded and checked once. It panics if the embedded set is invalid: that is
// a build defect the tests of this package catch, never a condition a caller
// can handle.
func Operations() []*Operation {
	setOnce.Do(func() {
		sub, err := fs.Sub(files, Dir)
		if err != nil {
			setErr = err
			return
		}
		setOps, setErr = LoadFS(sub)
	})
	if setErr != nil {
		panic(fmt.Sprintf("specs: embedded contract set is invalid: %v", setErr))
	}
	return setOps
}

// Lookup returns the embedded contract of action, or nil when there is none.
func Lookup(action string) *Operation {
	for _, op := range Operations() {
		if op.Operation == action {
			return op
		}
	}
	return nil
}

// Actions lists the names of the embedded operations, sorted.
func Actions() []string {
	var names []string
	for _, op := range Operations() {
		names = append(names, op.Operation)
	}
	return names
}

// LoadFS loads a contract set: CommonFile and one <Operation>.yaml per
// operation at the root of fsys.
func LoadFS(fsys fs.FS) ([]*Operation, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	set := map[string][]byte{}
	for _, name := range names {
		if set[name], err = fs.ReadFile(fsys, name); err != nil {
			return nil, err
		}
	}
	return ParseSet(set)
}

// ParseSet decodes and checks a contract set given as file name → content:
// CommonFile and one file per operation, named after it. Errors name the file
// and, where the YAML gives one, the line.
func ParseSet(set map[string][]byte) ([]*Operation, error) {
	common, ok := set[CommonFile]
	if !ok {
		return nil, fmt.Errorf("specs: the contract set has no %s; it holds what every operation shares (error envelope, gateway codes)", CommonFile)
	}
	var shared Common
	if err := decodeStrict(CommonFile, common, &shared); err != nil {
		return nil, err
	}
	var names []string
	for name := range set {
		if name != CommonFile {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("specs: the contract set holds only %s; add one <Operation>.yaml per operation", CommonFile)
	}
	sort.Strings(names)
	var (
		ops  []*Operation
		errs []error
	)
	for _, name := range names {
		op, err := parseOperation(name, set[name], common)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ops = append(ops, op)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if err := checkSet(ops); err != nil {
		return nil, err
	}
	return ops, nil
}

// parseOperation decodes one operation file and completes it with the shared
// file, expanded for this operation. Expansion replaces text inside lines
// only, so the shared file's line numbers stay true in error messages.
func parseOperation(name string, data, common []byte) (*Operation, error) {
	var op Operation
	if err := decodeStrict(name, data, &op); err != nil {
		return nil, err
	}
	if want := op.Operation + ".yaml"; name != want {
		return nil, fmt.Errorf("%s: holds the contract of %s; name the file %s", name, op.Operation, want)
	}
	var shared Common
	expanded := bytes.ReplaceAll(common, []byte("{operation}"), []byte(op.Operation))
	if err := decodeStrict(CommonFile, expanded, &shared); err != nil {
		return nil, err
	}
	if op.Product != shared.Product || op.Version != shared.Version {
		return nil, fmt.Errorf("%s: product %s version %s differs from %s's %s %s; one contract set describes one product and version",
			name, op.Product, op.Version, CommonFile, shared.Product, shared.Version)
	}
	var dup []error
	for _, e := range shared.Errors {
		if op.Error(e.Code) != nil {
			dup = append(dup, fmt.Errorf("%s: error %q is also in %s; every operation shares it, so keep it there only", name, e.Code, CommonFile))
		}
		e.Shared = true
		op.Errors = append(op.Errors, e)
	}
	for _, b := range shared.Behaviours {
		if op.Behaviour(b.ID) != nil {
			dup = append(dup, fmt.Errorf("%s: behaviour %q is also in %s; keep it there only", name, b.ID, CommonFile))
		}
		b.Shared = true
		op.Behaviours = append(op.Behaviours, b)
	}
	if len(dup) > 0 {
		return nil, errors.Join(dup...)
	}
	op.ErrorEnvelope = shared.ErrorEnvelope
	op.CommonParameters = shared.CommonParameters
	op.File = name
	if err := op.Check(); err != nil {
		return nil, fmt.Errorf("%s (with %s): %w", name, CommonFile, err)
	}
	return &op, nil
}

// decodeStrict decodes one YAML document into v: every key tagged
// spec:"required" present, no unknown key, one document only.
func decodeStrict(name string, data []byte, v any) error {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if len(root.Content) == 0 {
		return fmt.Errorf("%s: the file is empty; expected a contract mapping", name)
	}
	if errs := checkRequired(name, root.Content[0], reflect.TypeOf(v), ""); len(errs) > 0 {
		return errors.Join(errs...)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %s", name, strings.ReplaceAll(err.Error(), "yaml: unmarshal errors:\n  ", ""))
	}
	if err := dec.Decode(new(any)); err != io.EOF {
		return fmt.Errorf("%s: more than one YAML document; put one contract per file", name)
	}
	return nil
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
