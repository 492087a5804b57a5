package gen

import (
	"fmt"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// codeField is the envelope member that carries the error code; its enum is
// the errors catalogue.
const codeField = "Code"

// errorSchema is the schema of the error envelope, with Code restricted to
// the codes of the catalogue.
func errorSchema(op *specs.Operation) (object, error) {
	root, err := elementSchema(&op.ErrorEnvelope, "", "error_envelope")
	if err != nil {
		return nil, err
	}
	props, _ := root["properties"].(object)
	code, _ := props[codeField].(object)
	if code == nil || code["type"] != "string" {
		return nil, fmt.Errorf("error_envelope: needs a string field %q to hold the error code", codeField)
	}
	if len(op.Errors) == 0 {
		return nil, fmt.Errorf("errors: the catalogue is empty, so no Code could be valid")
	}
	codes := make([]string, len(op.Errors))
	for i, e := range op.Errors {
		codes[i] = e.Code
	}
	code["enum"] = codes
	decorate(root, op, op.Operation+" error envelope",
		" Code is one of the errors catalogue. Unknown fields are allowed, because gateways add fields.")
	return root, nil
}
