// Package gen derives the JSON Schema (draft-07) files of package schemas
// from an operation contract of package specs. It is the logic behind
// cmd/specgen and behind the drift test of package schemas: both compare what
// Generate returns with what is checked in.
//
// Output is deterministic: object keys sorted (encoding/json sorts map keys),
// two-space indentation, no HTML escaping, a trailing newline. Arrays keep the
// contract's order. Running the generator twice yields identical bytes.
//
// The generator refuses what it cannot express faithfully — an unknown type or
// format, a constraint that does not apply to its parameter type, a pattern Go
// cannot compile — so that a contract change never vanishes silently from the
// schemas.
package gen
