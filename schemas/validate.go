package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/xeipuuv/gojsonschema"

	"github.com/ecs-conformance/ecs-conformance/schemas/internal/layout"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Response validates a successful answer of op. For an operation that pages
// the schema is the permissive one, which accepts either paging mode. The
// error is non-nil when op has no schema or body is not JSON at all; a JSON
// body that breaks the schema gives a Result with violations and a nil error.
func Response(op *specs.Operation, body []byte) (Result, error) {
	c, err := schemaOf(op, layout.KindResponse, "")
	if err != nil {
		return Result{}, err
	}
	return validateBytes(c, body)
}

// ResponseForMode validates a successful answer of op against the strict
// schema of one paging mode, specs.ModeNextToken or specs.ModePageNumber. The
// error is non-nil when op does not page, the mode is unknown, or body is not
// JSON at all.
func ResponseForMode(op *specs.Operation, mode string, body []byte) (Result, error) {
	c, err := modeSchemaOf(op, mode)
	if err != nil {
		return Result{}, err
	}
	return validateBytes(c, body)
}

// ErrorEnvelope validates the body of an error answer of op: the envelope
// every operation shares, with Code one of op's catalogue. The error is
// non-nil when op has no schema or body is not JSON at all.
func ErrorEnvelope(op *specs.Operation, body []byte) (Result, error) {
	c, err := schemaOf(op, layout.KindError, "")
	if err != nil {
		return Result{}, err
	}
	return validateBytes(c, body)
}

// Request validates a decoded parameter object of op: parameter names as
// keys, integers and booleans as Go numbers and bools, JSON-array parameters
// (SecurityGroupIds) as slices of strings, lists (Tag) as slices of maps (see
// DecodeWire, which builds one from wire parameters). Any value encoding/json
// can marshal is accepted; the error is non-nil when op has no schema or
// params cannot be encoded as JSON.
func Request(op *specs.Operation, params map[string]any) (Result, error) {
	c, err := schemaOf(op, layout.KindRequest, "")
	if err != nil {
		return Result{}, err
	}
	b, err := json.Marshal(params)
	if err != nil {
		return Result{}, fmt.Errorf("schemas: the parameter object cannot be encoded as JSON: %w", err)
	}
	return validateBytes(c, b)
}

// validateBytes decodes body once (numbers kept exact as json.Number, which
// is what gojsonschema expects) and validates the decoded tree. Handing
// gojsonschema the tree through a raw loader skips its Go loader, which would
// marshal and decode the document a second time.
func validateBytes(c *compiled, body []byte) (Result, error) {
	doc, err := decodeJSON(body)
	if err != nil {
		return Result{}, err
	}
	return validateDocument(c, doc), nil
}

func validateDocument(c *compiled, doc any) Result {
	res, err := c.get().Validate(gojsonschema.NewRawLoader(doc))
	if err != nil {
		// A raw loader cannot fail to load; keep the error visible anyway.
		return Result{Violations: []Violation{{Rule: "internal", Message: err.Error()}}}
	}
	return convert(res)
}

// decodeJSON decodes exactly one JSON value; trailing data is an error, as
// it would be for json.Unmarshal.
func decodeJSON(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("schemas: the body is empty; expected a JSON document")
		}
		return nil, fmt.Errorf("schemas: the body is not JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("schemas: the body is not one JSON document: data follows it at byte %d", dec.InputOffset())
	}
	return doc, nil
}
