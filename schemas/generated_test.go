package schemas_test

import (
	"bytes"
	"os"
	"reflect"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/schemas"
	"github.com/ecs-conformance/ecs-conformance/schemas/gen"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// The checked-in files must be what the generator makes of the contract
// now, so that editing the contract without regenerating fails go test.
func TestCheckedInSchemasAreGenerated(t *testing.T) {
	files, err := gen.Generate(specs.Lookup("DescribeSecurityGroups"))
	if err != nil {
		t.Fatal(err)
	}
	drift, err := gen.Check(".", files)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range drift {
		t.Errorf("%s; run go generate ./schemas", d)
	}
	if !reflect.DeepEqual(schemas.Names(), files.Names()) {
		t.Errorf("embedded %v, generated %v", schemas.Names(), files.Names())
	}
	for _, name := range files.Names() {
		embedded, err := schemas.Source(name)
		if err != nil {
			t.Fatal(err)
		}
		onDisk, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(embedded, onDisk) {
			t.Errorf("%s: the embedded copy differs from the file; rebuild", name)
		}
	}
}

// Every embedded file compiles, and a file that does not exist is an error.
func TestEverySchemaCompiles(t *testing.T) {
	checks := map[string]func() (schemas.Result, error){
		"request":     func() (schemas.Result, error) { return schemas.Request(map[string]any{}) },
		"response":    func() (schemas.Result, error) { return schemas.Response([]byte(`{}`)) },
		"next-token":  func() (schemas.Result, error) { return schemas.ResponseForMode(schemas.ModeNextToken, []byte(`{}`)) },
		"page-number": func() (schemas.Result, error) { return schemas.ResponseForMode(schemas.ModePageNumber, []byte(`{}`)) },
		"error":       func() (schemas.Result, error) { return schemas.ErrorEnvelope([]byte(`{}`)) },
	}
	if len(checks) != len(schemas.Names()) {
		t.Errorf("%d validators for %d files: a file is not reachable", len(checks), len(schemas.Names()))
	}
	for name, check := range checks {
		res, err := check()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !res.Has("RequestId", "required") && !res.Has("RegionId", "required") {
			t.Errorf("%s: an empty object should miss a required member, got:\n%s", name, orValid(res))
		}
	}
	if _, err := schemas.Source("nope.schema.json"); err == nil {
		t.Error("Source of an unknown file: want an error")
	}
}

// Validators share compiled schemas; under -race this proves the sharing
// (and the compile-once path) is safe.
func TestConcurrentValidation(t *testing.T) {
	body, err := os.ReadFile("testdata/response-10.json")
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			res, err := schemas.ResponseForMode(schemas.ModeNextToken, body)
			if err == nil && !res.OK() {
				err = res
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
