package schemas

import (
	"fmt"
	"sync"

	"github.com/xeipuuv/gojsonschema"

	"github.com/ecs-conformance/ecs-conformance/schemas/internal/layout"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Paging modes accepted by ResponseForMode.
const (
	ModeNextToken  = specs.ModeNextToken
	ModePageNumber = specs.ModePageNumber
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

// catalogue holds the schema of each document kind of the operation.
type catalogue struct {
	request, response, errorEnvelope *compiled
	modes                            map[string]*compiled
}

var (
	catalogueOnce sync.Once
	docs          catalogue
)

// schemasOf returns the catalogue, naming its files on first use. The
// schemas themselves compile later, each on its own first use.
func schemasOf() *catalogue {
	catalogueOnce.Do(func() {
		dsg := specs.Lookup("DescribeSecurityGroups")
		op := dsg.Operation
		embedded := map[string]bool{}
		for _, n := range Names() {
			embedded[n] = true
		}
		file := func(kind, mode string) *compiled {
			name := layout.FileName(op, kind, mode)
			if !embedded[name] {
				panic(fmt.Sprintf("schemas: %s is not embedded; run go generate ./schemas", name))
			}
			return &compiled{name: name}
		}
		docs.request = file(layout.KindRequest, "")
		docs.response = file(layout.KindResponse, "")
		docs.errorEnvelope = file(layout.KindError, "")
		docs.modes = map[string]*compiled{}
		for _, m := range layout.Modes(dsg) {
			docs.modes[m] = file(layout.KindResponse, m)
		}
	})
	return &docs
}
