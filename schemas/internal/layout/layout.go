// Package layout names the schema files that schemas/gen writes and the
// schemas package embeds, so that the writer and the reader cannot disagree.
// It is a package of its own, rather than part of schemas, so that the
// generator can build while the schema files are still missing: the runtime
// package cannot, because its go:embed pattern must match at least one file.
package layout

import "github.com/ecs-conformance/ecs-conformance/specs"

// Kinds of schema file, one per kind of document validated.
const (
	KindRequest  = "request"
	KindResponse = "response"
	KindError    = "error"
)

// Suffix ends every generated file name; Check treats any file with it as
// owned by the generator.
const Suffix = ".schema.json"

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
