package runner

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// The messages of yaml.v3 name the Go types they decode into ("field
// ticket not found in type runner.ledgerEntry", "cannot unmarshal !!str
// `oops` into []runner.ledgerEntry"): words of this program, not of the
// file the user wrote. These patterns pick them apart to say the same in
// the ledger's own terms.
var (
	yamlUnknownField = regexp.MustCompile("^line (\\d+): field (\\S+) not found in type (\\S+)$")
	yamlFieldTwice   = regexp.MustCompile("^line (\\d+): field (\\S+) already set in type (\\S+)$")
	yamlWrongKind    = regexp.MustCompile("^line (\\d+): cannot unmarshal !!(\\w+)(?: `(.*)`)? into (\\S+)$")
)

// ledgerKeys says which keys belong where, by the Go type of that place.
var ledgerKeys = map[string]string{
	"runner.ledgerFile":  "a ledger has the keys target and deviations",
	"runner.ledgerEntry": "each deviation has the keys behaviour, reason and expires",
}

// ledgerShapes says what belongs where, by the Go type of that place.
var ledgerShapes = map[string]string{
	"runner.ledgerFile":    "the ledger to be a mapping (target: ..., deviations: ...)",
	"[]runner.ledgerEntry": "deviations to be a list of entries (- behaviour: ...; reason: ...; expires: ...)",
	"runner.ledgerEntry":   "each deviation to be a mapping (behaviour: ..., reason: ..., expires: ...)",
	"string":               "a single value",
}

// yamlKinds names YAML's node tags as a person would.
var yamlKinds = map[string]string{"str": "text", "int": "a number", "float": "a number", "bool": "true or false", "map": "a mapping", "seq": "a list", "null": "nothing", "timestamp": "a date"}

// ledgerYAMLError turns a decoding error of the ledger at path into one
// sentence per problem, each with its line.
func ledgerYAMLError(path string, err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		// A syntax error: yaml.v3 already speaks of lines and characters.
		return fmt.Errorf("%s is not valid YAML: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var lines []string
	for _, msg := range te.Errors {
		lines = append(lines, ledgerProblem(msg))
	}
	return fmt.Errorf("%s: %s (the README shows a ledger)", path, strings.Join(lines, "; "))
}

func ledgerProblem(msg string) string {
	if m := yamlUnknownField.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("line %s: unknown key %q: %s", m[1], m[2], orElse(ledgerKeys[m[3]], "it belongs nowhere"))
	}
	if m := yamlFieldTwice.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("line %s: the key %q is given twice", m[1], m[2])
	}
	if m := yamlWrongKind.FindStringSubmatch(msg); m != nil {
		found := orElse(yamlKinds[m[2]], m[2])
		if m[3] != "" {
			found += fmt.Sprintf(" %q", m[3])
		}
		return fmt.Sprintf("line %s: expected %s, found %s", m[1], orElse(ledgerShapes[m[4]], "another kind of value"), found)
	}
	// A message this function does not know: keep it, it names its line.
	return msg
}

func orElse(s, otherwise string) string {
	if s != "" {
		return s
	}
	return otherwise
}
