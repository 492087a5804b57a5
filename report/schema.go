package report

import _ "embed"

// ResultsSchema is the JSON Schema (draft-07) of the results document
// WriteJSON writes. It is written by hand, not generated from Document, so
// that a change to the document's shape is a deliberate change to the
// schema too: TestResultsValidate fails until both agree.
//
//go:embed results.schema.json
var ResultsSchema []byte
