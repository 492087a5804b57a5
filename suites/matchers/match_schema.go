package matchers

import (
	"fmt"

	"github.com/onsi/gomega/gcustom"
	"github.com/onsi/gomega/types"

	"github.com/ecs-conformance/ecs-conformance/internal/client"
	"github.com/ecs-conformance/ecs-conformance/schemas"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Schema kinds MatchSchema knows: the page schema of a paging mode, the
// response schema of any answer, the error envelope.
const (
	SchemaNextTokenPage  = specs.ModeNextToken
	SchemaPageNumberPage = specs.ModePageNumber
	SchemaAnyPage        = "response"
	SchemaError          = "error"
)

// MatchSchema succeeds when a response body ([]byte or *client.Response)
// validates against op's generated schema of the given kind.
func MatchSchema(op *specs.Operation, kind string) types.GomegaMatcher {
	return gcustom.MakeMatcher(func(actual any) (bool, error) {
		body, err := bodyOf(actual)
		if err != nil {
			return false, err
		}
		var res schemas.Result
		switch kind {
		case SchemaNextTokenPage, SchemaPageNumberPage:
			res, err = schemas.ResponseForMode(op, kind, body)
		case SchemaAnyPage:
			res, err = schemas.Response(op, body)
		case SchemaError:
			res, err = schemas.ErrorEnvelope(op, body)
		default:
			return false, fmt.Errorf("MatchSchema: unknown schema kind %q", kind)
		}
		if err != nil {
			return false, fmt.Errorf("the body is not JSON: %v\n%s", err, clip(body))
		}
		if !res.OK() {
			return false, fmt.Errorf("%s", res.Error())
		}
		return true, nil
	}).WithTemplate("Expected the body to match the {{.Data}} schema, but:\n{{.Failure}}\nbody: {{format .Actual 1}}", op.Operation+" "+kind)
}

func bodyOf(actual any) ([]byte, error) {
	switch a := actual.(type) {
	case []byte:
		return a, nil
	case string:
		return []byte(a), nil
	case *client.Response:
		if a == nil {
			return nil, fmt.Errorf("no response")
		}
		return a.Body, nil
	}
	return nil, fmt.Errorf("expected []byte, string or *client.Response, got %T", actual)
}

func clip(b []byte) string {
	if len(b) > 512 {
		return string(b[:512]) + "…"
	}
	return string(b)
}
