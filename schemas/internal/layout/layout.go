// Package layout names the schema files that schemas/gen writes and the
// schemas package embeds. It is a leaf with no dependencies so that the
// generator can build while the schema files are still missing: the runtime
// package cannot, because its go:embed pattern must match at least one file.
package layout

// Kinds of schema file, one per kind of document validated.
const (
	KindRequest  = "request"
	KindResponse = "response"
	KindError    = "error"
)

// Paging modes of a response, as the contract's Element.Mode spells them.
const (
	ModeNextToken  = "next-token"
	ModePageNumber = "page-number"
)

// Modes lists the paging modes in the order the files are generated.
var Modes = []string{ModeNextToken, ModePageNumber}

// Suffix ends every generated file name; Check treats any file with it as
// owned by the generator.
const Suffix = ".schema.json"

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
