package schemas

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/xeipuuv/gojsonschema"

	"github.com/ecs-conformance/ecs-conformance/schemas/internal/layout"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// compiled is one schema file, compiled on first use and then shared:
// compiling costs far more than validating, so it never happens per call.
type compiled struct {
	name   string
	once   sync.Once
	schema *gojsonschema.Schema
}

func (c *compiled) get() *gojsonschema.Schema {
	c.once.Do(func() {
		src, err := files.ReadFile(c.name)
		if err == nil {
			c.schema, err = gojsonschema.NewSchema(gojsonschema.NewBytesLoader(src))
		}
		if err != nil {
			// The files are generated and embedded; one that does not
			// compile is a build defect the tests of this package catch.
			panic(fmt.Sprintf("schemas: embedded schema %s does not compile: %v", c.name, err))
		}
	})
	return c.schema
}

// The schemas handed out so far, by file name. An entry is made on the first
// request for its file and compiles on its own first use, so an operation
// nobody validates costs nothing, and each file compiles once however many
// goroutines ask for it.
var (
	compiledMu sync.Mutex
	compiledBy = map[string]*compiled{}
)

// schemaOf returns the schema of one document kind of op; mode is empty
// except for the strict per-mode response schemas. The error says what is
// missing and how to get it.
func schemaOf(op *specs.Operation, kind, mode string) (*compiled, error) {
	if op == nil {
		return nil, errNoOperation
	}
	name := layout.FileName(op.Operation, kind, mode)
	compiledMu.Lock()
	defer compiledMu.Unlock()
	if c := compiledBy[name]; c != nil {
		return c, nil
	}
	if _, err := fs.Stat(files, name); err != nil {
		return nil, fmt.Errorf("schemas: %s has no embedded %s schema (%s); add the operation's contract to specs/ecs and run go generate ./schemas", op.Operation, kind, name)
	}
	c := &compiled{name: name}
	compiledBy[name] = c
	return c, nil
}

// modeSchemaOf returns the strict response schema of one paging mode of op.
func modeSchemaOf(op *specs.Operation, mode string) (*compiled, error) {
	if op == nil {
		return nil, errNoOperation
	}
	modes := layout.Modes(op)
	switch {
	case len(modes) == 0:
		return nil, fmt.Errorf("schemas: %s does not page, so it has no schema per paging mode; validate its answers with Response", op.Operation)
	case !slices.Contains(modes, mode):
		return nil, fmt.Errorf("schemas: paging mode %q is unknown; %s pages in %s", mode, op.Operation, quoteAll(modes))
	}
	return schemaOf(op, layout.KindResponse, mode)
}

// errNoOperation is what every validator says when handed a nil operation,
// typically the result of specs.Lookup for an action without a contract.
var errNoOperation = errors.New("schemas: the operation is nil; pass the contract of the operation, specs.Lookup(action), and check that the action has one")

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, " or ")
}
