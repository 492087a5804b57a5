// Package layout names the files that schemas/gen writes — the JSON Schemas
// the schemas package embeds, and one OpenAPI document per operation for
// tools in other languages — so that the writer and the readers cannot
// disagree.
// It is a package of its own, rather than part of schemas, so that the
// generator can build while the schema files are still missing: the runtime
// package cannot, because its go:embed pattern must match at least one file.
package layout

import (
	"strings"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Kinds of schema file, one per kind of document validated.
const (
	KindRequest  = "request"
	KindResponse = "response"
	KindError    = "error"
)

// Suffix ends every generated JSON Schema file name, OpenAPISuffix every
// generated OpenAPI document; Check treats any file with either as owned by
// the generator.
const (
	Suffix        = ".schema.json"
	OpenAPISuffix = ".openapi.json"
)

// Generated reports whether a file name is one the generator owns.
func Generated(name string) bool {
	return strings.HasSuffix(name, Suffix) || strings.HasSuffix(name, OpenAPISuffix)
}

// OpenAPIFileName is the name of one operation's OpenAPI document:
// DescribeSecurityGroups.openapi.json.
func OpenAPIFileName(operation string) string {
	return operation + OpenAPISuffix
}

// Modes returns the paging modes that have a strict response schema of their
// own for op, in the order the files are generated: both for an operation
// that pages, none for one that does not.
func Modes(op *specs.Operation) []string {
	if op.Paging == nil {
		return nil
	}
	return []string{specs.ModeNextToken, specs.ModePageNumber}
}

// FileName is the name of the schema of one operation's document kind; mode
// is empty except for the strict per-mode response schemas:
// DescribeSecurityGroups.response.next-token.schema.json.
func FileName(operation, kind, mode string) string {
	name := operation + "." + kind
	if mode != "" {
		name += "." + mode
	}
	return name + Suffix
}
