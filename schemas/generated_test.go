package schemas_test

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/schemas"
	"github.com/ecs-conformance/ecs-conformance/schemas/gen"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// The checked-in files must be what the generator makes of every contract
// now, so that editing a contract, adding one or removing one without
// regenerating fails go test.
func TestCheckedInSchemasAreGenerated(t *testing.T) {
	files, err := gen.GenerateSet(specs.Operations())
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
	var schemaNames []string
	for _, name := range files.Names() {
		if strings.HasSuffix(name, ".schema.json") {
			schemaNames = append(schemaNames, name)
		}
	}
	if !reflect.DeepEqual(schemas.Names(), schemaNames) {
		t.Errorf("embedded %v, generated schemas %v", schemas.Names(), schemaNames)
	}
	for _, name := range schemaNames {
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

// validators lists, for one operation, every validator that reaches a file
// of its own, named after the file; an operation that pages has one per mode.
func validators(op *specs.Operation) map[string]func([]byte) (schemas.Result, error) {
	v := map[string]func([]byte) (schemas.Result, error){
		op.Operation + ".request.schema.json": func([]byte) (schemas.Result, error) {
			return schemas.Request(op, map[string]any{})
		},
		op.Operation + ".response.schema.json": func(b []byte) (schemas.Result, error) { return schemas.Response(op, b) },
		op.Operation + ".error.schema.json":    func(b []byte) (schemas.Result, error) { return schemas.ErrorEnvelope(op, b) },
	}
	if op.Paging != nil {
		for _, mode := range []string{specs.ModeNextToken, specs.ModePageNumber} {
			v[op.Operation+".response."+mode+".schema.json"] = func(b []byte) (schemas.Result, error) {
				return schemas.ResponseForMode(op, mode, b)
			}
		}
	}
	return v
}

// Every embedded file of every operation is reachable through a validator
// taking that operation, and compiles.
func TestEverySchemaCompiles(t *testing.T) {
	reached := 0
	for _, op := range specs.Operations() {
		for name, check := range validators(op) {
			t.Run(name, func(t *testing.T) {
				if _, err := schemas.Source(name); err != nil {
					t.Fatalf("no embedded file for this validator: %v", err)
				}
				res, err := check([]byte(`{}`))
				if err != nil {
					t.Fatal(err)
				}
				if !has(res, "RequestId", "required") && !has(res, "RegionId", "required") {
					t.Errorf("an empty object should miss a required member, got:\n%s", orValid(res))
				}
			})
			reached++
		}
	}
	if reached != len(schemas.Names()) {
		t.Errorf("%d validators for %d files: a file is not reachable", reached, len(schemas.Names()))
	}
	if _, err := schemas.Source("nope.schema.json"); err == nil {
		t.Error("Source of an unknown file: want an error")
	}
}

// What a validator cannot serve is an error that says what is wrong, never a
// panic and never a silent pass.
func TestOperationsWithoutASchema(t *testing.T) {
	unpaged := *dsg
	unpaged.Paging = nil
	ungenerated := *dsg
	ungenerated.Operation = "DescribeNothing"
	calls := map[string]func() error{
		"Response":      func() error { _, err := schemas.Response(&ungenerated, []byte(`{}`)); return err },
		"ErrorEnvelope": func() error { _, err := schemas.ErrorEnvelope(&ungenerated, []byte(`{}`)); return err },
		"Request":       func() error { _, err := schemas.Request(&ungenerated, map[string]any{}); return err },
		"ResponseForMode": func() error {
			_, err := schemas.ResponseForMode(&ungenerated, specs.ModeNextToken, []byte(`{}`))
			return err
		},
		"WireRequest": func() error { return errorOf(schemas.WireRequest(&ungenerated, nil)) },
	}
	for name, call := range calls {
		if err := call(); err == nil || !strings.Contains(err.Error(), "DescribeNothing has no embedded") || !strings.Contains(err.Error(), "go generate ./schemas") {
			t.Errorf("%s of an operation never generated: got %v, want an error naming it and go generate", name, err)
		}
	}
	nils := map[string]func() error{
		"Response":        func() error { _, err := schemas.Response(nil, []byte(`{}`)); return err },
		"ErrorEnvelope":   func() error { _, err := schemas.ErrorEnvelope(nil, []byte(`{}`)); return err },
		"Request":         func() error { _, err := schemas.Request(nil, map[string]any{}); return err },
		"ResponseForMode": func() error { _, err := schemas.ResponseForMode(nil, specs.ModeNextToken, []byte(`{}`)); return err },
		"WireRequest":     func() error { return errorOf(schemas.WireRequest(nil, nil)) },
		"DecodeWire": func() error {
			_, vs := schemas.DecodeWire(nil, nil)
			return errorOf(schemas.Result{Violations: vs})
		},
	}
	for name, call := range nils {
		if err := call(); err == nil || !strings.Contains(err.Error(), "specs.Lookup(action)") {
			t.Errorf("%s(nil): got %v, want an error that says to pass specs.Lookup(action)", name, err)
		}
	}
	if _, err := schemas.ResponseForMode(&unpaged, specs.ModeNextToken, []byte(`{}`)); err == nil || !strings.Contains(err.Error(), "does not page") {
		t.Errorf("ResponseForMode of an operation without paging: got %v, want an error saying it does not page", err)
	}
	// The refusal above depends on the contract, not on what was asked
	// before: the paging operation still validates per mode.
	if _, err := schemas.ResponseForMode(dsg, specs.ModeNextToken, []byte(`{}`)); err != nil {
		t.Errorf("ResponseForMode of %s: %v", dsg.Operation, err)
	}
}

func errorOf(r schemas.Result) error {
	if r.OK() {
		return nil
	}
	return r
}

// Validators share compiled schemas; under -race this proves the sharing
// (and the compile-once path) is safe, for several operations' files at once.
func TestConcurrentValidation(t *testing.T) {
	body, err := os.ReadFile("testdata/response-10.json")
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 16)
	for range 8 {
		go func() {
			res, err := schemas.ResponseForMode(dsg, specs.ModeNextToken, body)
			if err == nil && !res.OK() {
				err = res
			}
			errs <- err
		}()
		go func() {
			var err error
			for _, op := range specs.Operations() {
				if _, err = schemas.ErrorEnvelope(op, []byte(`{}`)); err != nil {
					break
				}
			}
			errs <- err
		}()
	}
	for range 16 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
