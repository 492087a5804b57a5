package vcr

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"gopkg.in/dnaeon/go-vcr.v2/cassette"
)

// Entry is one recorded interaction as a replaying server sees it.
type Entry struct {
	Recorded
	Key Key
	// Context is the context the interaction was recorded in; After the one
	// in force after it (they differ only for a control call).
	Context, After Context
	// Control is set for a call to the emulator's control endpoints.
	Control bool
	key     string // Key.String(), computed once
}

// Index is the matcher that the replay server and the proxy's playback
// share: it finds the recorded interactions that may answer a request, and
// explains a request that none may answer. Build it with NewIndex; it is
// read-only afterwards and safe for concurrent use. Which of several
// matching interactions answers (in turn, or each once in order) is the
// caller's choice.
type Index struct {
	entries []Entry
	byKey   map[string][]int
	// api holds the API interactions (not control calls) by style and
	// action, the only ones a diagnosis compares with an API request.
	api map[string][]int
}

// NewIndex indexes recorded interactions, as Interactions lists them: the
// interactions of one file together and in recorded order, which is what
// the contexts are computed from. An error names the interaction whose
// request cannot be keyed.
func NewIndex(recorded []Recorded) (*Index, error) {
	ix := &Index{byKey: map[string][]int{}, api: map[string][]int{}}
	for start := 0; start < len(recorded); {
		end := start + 1
		for end < len(recorded) && recorded[end].File == recorded[start].File {
			end++
		}
		file := recorded[start:end]
		interactions := make([]*cassette.Interaction, len(file))
		for i, r := range file {
			interactions[i] = r.Interaction
		}
		during, after := Contexts(interactions)
		for i, r := range file {
			k, err := r.Key()
			if err != nil {
				return nil, err
			}
			e := Entry{Recorded: r, Key: k, Context: during[i], After: after[i], Control: IsControl(r.Interaction.Request), key: k.String()}
			n := len(ix.entries)
			ix.entries = append(ix.entries, e)
			ix.byKey[e.key] = append(ix.byKey[e.key], n)
			if !e.Control {
				ix.api[bucket(k.style, k.Action())] = append(ix.api[bucket(k.style, k.Action())], n)
			}
		}
		start = end
	}
	return ix, nil
}

func bucket(style, action string) string { return style + " " + action }

// Len returns the number of interactions indexed.
func (ix *Index) Len() int { return len(ix.entries) }

// Entry returns the i-th interaction, in load order.
func (ix *Index) Entry(i int) *Entry { return &ix.entries[i] }

// Matches returns, in load order, the interactions that may answer a
// request with key k from a client in context ctx: control calls with k's
// key whatever the context (asking for one is asking for it), API calls
// with k's key recorded in exactly ctx.
func (ix *Index) Matches(k Key, ctx Context) []int {
	all := ix.byKey[k.String()]
	var out []int
	for _, i := range all {
		if e := &ix.entries[i]; e.Control || e.Context == ctx {
			out = append(out, i)
		}
	}
	return out
}

// Reasons a Diagnosis gives: what tells a request apart from the
// recordings nearest to it.
const (
	ReasonContext    = "context"          // recorded, but only in another context
	ReasonScheme     = "signature scheme" // the action is recorded, in the other scheme only
	ReasonAction     = "action"           // the action is not recorded at all
	ReasonMethod     = "method"           // only the method differs (a control call)
	ReasonCase       = "case"             // the X-Conformance-Case header differs
	ReasonParameters = "parameters"       // parameters or headers differ
	ReasonEmpty      = "no recordings"    // nothing comparable is recorded
)

// Bounds of a diagnosis: it lists differences, never the request whole.
const (
	MaxShownDiffs = 10  // differences listed
	MaxShownDiff  = 200 // bytes of each
)

// Diagnosis explains why no recorded interaction answers a request.
type Diagnosis struct {
	Reason string
	// Closest is the nearest interaction (an Entry index), -1 when none.
	Closest int
	// Diff lists how Closest differs (recorded side first), at most
	// MaxShownDiffs entries of at most MaxShownDiff bytes; Omitted counts
	// the differences left out.
	Diff    []string
	Omitted int
	// Message says in one sentence what the difference is and what to do.
	Message string
}

// String is the message followed by the closest interaction and its
// differences.
func (d Diagnosis) String() string {
	if d.Closest < 0 && len(d.Diff) == 0 {
		return d.Message
	}
	s := d.Message
	if len(d.Diff) > 0 {
		s += "; differs in: " + strings.Join(d.Diff, "; ")
		if d.Omitted > 0 {
			s += fmt.Sprintf("; and %d more", d.Omitted)
		}
	}
	return s
}

// Diagnose explains why nothing answers a request with key k from a client
// in context ctx. It compares an API request with API interactions only,
// first of the same action and scheme, and names the first difference that
// matters: the context, the signature scheme, the action, the method, the
// case or the parameters. Its work is linear in the interactions of one
// action and scheme and in the parameters of k, and allocates only for the
// interaction it reports.
func (ix *Index) Diagnose(k Key, ctx Context) Diagnosis {
	if strings.HasPrefix(k.path, ControlPrefix) {
		return ix.diagnoseControl(k)
	}
	if exact := ix.byKey[k.String()]; len(exact) > 0 {
		return ix.diagnoseContext(exact, ctx)
	}
	action := k.Action()
	if action == "" {
		return Diagnosis{Reason: ReasonAction, Closest: -1,
			Message: "the request names no action: send the Action parameter (RPC) or the x-acs-action header (V3)"}
	}
	same := ix.api[bucket(k.style, action)]
	if len(same) == 0 {
		other := StyleRPC
		if k.style == StyleRPC {
			other = StyleV3
		}
		if alt := ix.api[bucket(other, action)]; len(alt) > 0 {
			d := ix.closest(k, alt, ctx, true)
			d.Reason = ReasonScheme
			d.Message = fmt.Sprintf("the difference is the signature scheme: %s is recorded %d times signed %s and never signed %s as this request is; record this client's own traffic (conformance proxy -mode record), or serve a cassette root that holds both schemes (e.g. -cassettes cassettes); closest %s request: %s",
				action, len(alt), other, k.style, other, ix.entries[d.Closest].Recorded)
			return d
		}
		return Diagnosis{Reason: ReasonAction, Closest: -1,
			Message: fmt.Sprintf("the difference is the action: %s is not recorded here in either scheme; record it (conformance proxy -mode record)", action)}
	}
	d := ix.closest(k, same, ctx, false)
	e := &ix.entries[d.Closest]
	d.Reason = ReasonParameters
	kinds := map[string]bool{}
	e.Key.compare(k, func(x difference) { kinds[x.kind] = true })
	switch {
	case kinds[DiffCase]:
		d.Reason = ReasonCase
		d.Message = fmt.Sprintf("the difference is the %s header, which the suite sets on requests that differ from a good one only in credentials or volatile fields; closest: %s", CaseHeader, e.Recorded)
	case len(kinds) == 1 && kinds[DiffMethod]:
		d.Reason = ReasonMethod
		d.Message = fmt.Sprintf("the difference is the method; closest: %s", e.Recorded)
	default:
		d.Message = fmt.Sprintf("the difference is in the parameters: no recording of %s signed %s has exactly these; closest: %s", action, k.style, e.Recorded)
	}
	return d
}

// diagnoseContext explains a request whose key is recorded, but not in the
// client's context: it names the contexts it is recorded in.
func (ix *Index) diagnoseContext(exact []int, ctx Context) Diagnosis {
	var contexts []string
	plain := -1
	for _, i := range exact {
		e := &ix.entries[i]
		if e.Context == "" && plain < 0 {
			plain = i
		}
		if c := string(e.Context); c != "" && !slices.Contains(contexts, c) {
			contexts = append(contexts, c)
		}
	}
	if plain >= 0 {
		return Diagnosis{Reason: ReasonContext, Closest: plain, Message: fmt.Sprintf(
			"the difference is the context: this request is recorded outside any context (%s), and the request asked for %s %q; send it without that header",
			ix.entries[plain].Recorded, ContextHeader, ctx)}
	}
	e := &ix.entries[exact[0]]
	return Diagnosis{Reason: ReasonContext, Closest: exact[0], Message: fmt.Sprintf(
		"the difference is the context: this request is recorded only after a control call changed the emulator (%s, in context %s); it is served only to a client that asks for it with %s: %s",
		e.Recorded, strings.Join(contexts, " or "), ContextHeader, e.Context)}
}

// diagnoseControl explains a control call nothing recorded answers.
func (ix *Index) diagnoseControl(k Key) Diagnosis {
	var control []int
	for i := range ix.entries {
		if ix.entries[i].Control {
			control = append(control, i)
		}
	}
	if len(control) == 0 {
		return Diagnosis{Reason: ReasonEmpty, Closest: -1, Message: fmt.Sprintf("no control call is recorded here, so %s %s cannot be replayed", k.method, k.path)}
	}
	d := ix.closest(k, control, "", false)
	d.Reason = ReasonParameters
	if len(d.Diff) == 1 && strings.HasPrefix(d.Diff[0], DiffMethod+":") {
		d.Reason = ReasonMethod
	}
	d.Message = fmt.Sprintf("no recorded control call matches %s %s; closest: %s", k.method, k.path, ix.entries[d.Closest].Recorded)
	return d
}

// closest picks among candidates the one nearest to k, preferring those
// recorded in ctx; business compares business parameters only (across
// schemes the envelopes differ wholly). Its Diff is bounded.
func (ix *Index) closest(k Key, candidates []int, ctx Context, business bool) Diagnosis {
	best, bestN, bestInCtx := -1, 0, false
	for _, i := range candidates {
		e := &ix.entries[i]
		n := 0
		if business {
			n = businessDistance(e.Key, k)
		} else {
			n = e.Key.distance(k)
		}
		inCtx := e.Context == ctx
		if best < 0 || (inCtx && !bestInCtx) || (inCtx == bestInCtx && n < bestN) {
			best, bestN, bestInCtx = i, n, inCtx
		}
	}
	d := Diagnosis{Closest: best}
	shown := func(x difference) {
		if len(d.Diff) == MaxShownDiffs {
			d.Omitted++
			return
		}
		d.Diff = append(d.Diff, Clip(x.String(), MaxShownDiff))
	}
	if business {
		compareFieldsOf(DiffParam, ix.entries[best].Key.params, k.params, isBusiness, shown)
	} else {
		ix.entries[best].Key.compare(k, shown)
	}
	return d
}

// isBusiness reports whether a parameter is a business parameter: neither
// an RPC common parameter nor a credential or volatile one.
func isBusiness(name string) bool { return !commonParams[name] && !volatileParams[name] }

// businessDistance counts the business parameters in which two keys differ.
func businessDistance(recorded, sent Key) int {
	n := 0
	compareFieldsOf(DiffParam, recorded.params, sent.params, isBusiness, func(difference) { n++ })
	return n
}

// Clip shortens s to at most n bytes, on a rune boundary, saying how much
// was left out: a diagnosis quotes requests, which may be long.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d more bytes)", s[:cut], len(s)-cut)
}
