package mutant

import (
	"fmt"
	"slices"
	"strings"
)

// Classes of mutants, in the order reports list them.
const (
	ClassConstraint = "constraint" // a parameter's bound, enum, pattern or syntax
	ClassMatch      = "match"      // a filter's match rule loosened or tightened
	ClassEcho       = "echo"       // an echoed or computed page field wrong on a later or short page
	ClassElement    = "element"    // a response or error-envelope element dropped, emptied, retyped or changed
	ClassError      = "error"      // an error code's status, code, message, envelope, headers or content type
	ClassAuth       = "auth"       // an authentication rule skipped, narrowed or widened
	ClassFormat     = "format"     // content negotiation (Format) in one of its spellings
	ClassRequestID  = "request-id" // RequestIds that repeat
	ClassHand       = "hand"       // hand-written: what the contract cannot describe
	ClassBenign     = "benign"     // what the service may do without breaking the contract
)

// Classes lists the classes in report order.
var Classes = []string{ClassConstraint, ClassMatch, ClassEcho, ClassElement, ClassError, ClassAuth, ClassFormat, ClassRequestID, ClassHand, ClassBenign}

// Mutation changes one exchange in place; leaving it untouched lets the
// upstream's answer through. It is called for every API request (never for
// the control endpoints) and may keep state in the Exchange's Proxy.
type Mutation func(x *Exchange)

// Mutant is one generated deviation (or, in class benign, one variation the
// suite must accept).
type Mutant struct {
	// Name is stable across runs: <class>/<subject>/<deviation>.
	Name  string
	Class string
	// Breaks says in one line what the mutant does wrong (for a benign
	// variant: what it does differently, within the contract).
	Breaks string
	// Schemes the mutant can show in ("v3", "rpc"); nil means both.
	Schemes []string
	// Hint is a Ginkgo label filter that selects the specs most likely to
	// kill the mutant; a run of those first saves running the whole suite.
	// A hint never decides a survivor: that takes the whole suite.
	Hint string
	// Equivalent, when set, says why no request can tell the mutant from a
	// correct endpoint: it is expected to survive, and is reported so.
	Equivalent string
	Mutate     Mutation
}

// Check reports what is wrong with a set of mutants: names must be unique,
// of the form <class>/..., with a known class and a one-line Breaks.
func Check(ms []Mutant) error {
	seen := map[string]bool{}
	var errs []string
	for _, m := range ms {
		switch {
		case seen[m.Name]:
			errs = append(errs, fmt.Sprintf("%q is generated twice", m.Name))
		case !strings.HasPrefix(m.Name, m.Class+"/"):
			errs = append(errs, fmt.Sprintf("%q does not start with its class %q", m.Name, m.Class))
		case !slices.Contains(Classes, m.Class):
			errs = append(errs, fmt.Sprintf("%q: class %q is unknown", m.Name, m.Class))
		case m.Breaks == "" || strings.Contains(m.Breaks, "\n"):
			errs = append(errs, fmt.Sprintf("%q: Breaks must be one line", m.Name))
		case m.Mutate == nil:
			errs = append(errs, fmt.Sprintf("%q has no mutation", m.Name))
		}
		seen[m.Name] = true
	}
	if len(errs) > 0 {
		return fmt.Errorf("mutant: %s", strings.Join(errs, "; "))
	}
	return nil
}

// slug makes a name part of free text: lower case, dashes for the rest.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_':
			b.WriteRune(r)
			dash = false
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
