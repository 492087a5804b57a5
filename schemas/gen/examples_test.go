package gen

import (
	"fmt"
	"sort"
	"testing"

	"github.com/xeipuuv/gojsonschema"
)

// Every example and default the generator copies from the contract must
// satisfy the schema it sits in: an example that breaks its own constraints
// is a contract defect, and readers copy examples.
func TestExamplesSatisfyTheirSchemas(t *testing.T) {
	op := freshContract(t)
	docs := map[string]object{}
	var err error
	if docs["request"], err = requestSchema(op); err != nil {
		t.Fatal(err)
	}
	modes, err := responseModes(op)
	if err != nil {
		t.Fatal(err)
	}
	if docs["response"], err = responseSchema(op, modes); err != nil {
		t.Fatal(err)
	}
	if docs["error"], err = errorSchema(op); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for name, doc := range docs {
		walk(doc, name, func(path string, s object) {
			var values []any
			if ex, ok := s["examples"].([]any); ok {
				values = append(values, ex...)
			}
			if d, ok := s["default"]; ok {
				values = append(values, d)
			}
			if len(values) == 0 {
				return
			}
			standalone := object{"$schema": draft07}
			for k, v := range s {
				standalone[k] = v
			}
			schema, err := gojsonschema.NewSchema(gojsonschema.NewGoLoader(standalone))
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			for _, v := range values {
				res, err := schema.Validate(gojsonschema.NewGoLoader(v))
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				checked++
				if !res.Valid() {
					t.Errorf("%s: example %v breaks its schema: %v", path, v, res.Errors())
				}
			}
		})
	}
	if checked < 30 {
		t.Errorf("only %d examples checked; the walk misses schemas", checked)
	}
}

// walk visits every schema object below s, properties and items included.
func walk(s object, path string, visit func(string, object)) {
	visit(path, s)
	if props, ok := s["properties"].(object); ok {
		names := make([]string, 0, len(props))
		for n := range props {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			if child, ok := props[n].(object); ok {
				walk(child, fmt.Sprintf("%s.%s", path, n), visit)
			}
		}
	}
	if items, ok := s["items"].(object); ok {
		walk(items, path+"[]", visit)
	}
}
