package suites

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2/types"
)

// SelectionError says that the run's filters selected no spec, which
// filter it was and what looks like what was meant. A CI gate whose filter
// has a typo must fail, not pass having checked nothing.
type SelectionError struct {
	// Lines are the sentences of the message, the first one the verdict.
	Lines []string
}

func (e *SelectionError) Error() string { return strings.Join(e.Lines, "\n") }

// maxLookAlikes bounds the suggestions of one filter.
const maxLookAlikes = 5

// EmptySelection returns what selected no spec in a run whose filters
// (-focus, -skip, -label-filter, -focus-file, -skip-file) left none of the
// suite's specs to run, or nil when some ran or no filter was set.
func EmptySelection(r types.Report) *SelectionError {
	c := r.SuiteConfig
	filtered := len(c.FocusStrings)+len(c.SkipStrings)+len(c.FocusFiles)+len(c.SkipFiles) > 0 || c.LabelFilter != ""
	if !filtered || r.PreRunStats.TotalSpecs == 0 || r.PreRunStats.SpecsThatWillRun > 0 {
		return nil
	}
	var all []types.SpecReport
	for _, s := range r.SpecReports {
		if s.LeafNodeType.Is(types.NodeTypeIt) {
			all = append(all, s)
		}
	}
	e := &SelectionError{Lines: []string{fmt.Sprintf("the filters select none of the suite's %d specs, so nothing was checked:", len(all))}}
	text := func(s types.SpecReport) string { return r.SuiteDescription + " " + s.FullText() }
	count := func(keep func(types.SpecReport) bool) int {
		n := 0
		for _, s := range all {
			if keep(s) {
				n++
			}
		}
		return n
	}
	alone := []string{} // filters that select some specs on their own
	for _, f := range c.FocusStrings {
		re, err := regexp.Compile(f)
		if err != nil {
			continue // Ginkgo refuses it before any spec is built
		}
		if n := count(func(s types.SpecReport) bool { return re.MatchString(text(s)) }); n > 0 {
			alone = append(alone, fmt.Sprintf("-focus %q selects %d", f, n))
			continue
		}
		line := fmt.Sprintf("  -focus %q matches no spec's text (a regular expression over the full text; every spec that provokes an error code names the code)", f)
		if like := lookAlikes(labelValues(all, r.SuiteLabels, errorPrefix), f); len(like) > 0 {
			line += "; error codes that look alike: " + strings.Join(like, ", ")
		}
		e.Lines = append(e.Lines, line)
	}
	if len(c.SkipStrings) > 0 {
		skip := strings.Join(c.SkipStrings, "|")
		if re, err := regexp.Compile(skip); err == nil {
			if n := count(func(s types.SpecReport) bool { return !re.MatchString(text(s)) }); n == 0 {
				e.Lines = append(e.Lines, fmt.Sprintf("  -skip %q matches every spec's text, so it skips them all", skip))
			} else {
				alone = append(alone, fmt.Sprintf("-skip %q leaves %d", skip, n))
			}
		}
	}
	if c.LabelFilter != "" {
		if match, err := types.ParseLabelFilter(c.LabelFilter); err == nil {
			n := count(func(s types.SpecReport) bool { return match(append(slices.Clone(r.SuiteLabels), s.Labels()...)) })
			if n > 0 {
				alone = append(alone, fmt.Sprintf("-label-filter %q selects %d", c.LabelFilter, n))
			} else {
				e.Lines = append(e.Lines, labelAdvice(c.LabelFilter, allLabels(all, r.SuiteLabels))...)
			}
		}
	}
	for _, ff := range []struct {
		flag    string
		filters []string
		focus   bool
	}{{"-focus-file", c.FocusFiles, true}, {"-skip-file", c.SkipFiles, false}} {
		if len(ff.filters) == 0 {
			continue
		}
		parsed, err := types.ParseFileFilters(ff.filters)
		if err != nil {
			continue
		}
		n := count(func(s types.SpecReport) bool {
			locs := append(slices.Clone(s.ContainerHierarchyLocations), s.LeafNodeLocation)
			return parsed.Matches(locs) == ff.focus
		})
		if n == 0 {
			e.Lines = append(e.Lines, fmt.Sprintf("  %s %q leaves no spec", ff.flag, strings.Join(ff.filters, ",")))
		} else {
			alone = append(alone, fmt.Sprintf("%s %q leaves %d", ff.flag, strings.Join(ff.filters, ","), n))
		}
	}
	if len(e.Lines) == 1 {
		// Each filter selects something; only their combination is empty.
		e.Lines = append(e.Lines, "  each filter selects specs on its own ("+strings.Join(alone, "; ")+"), but no spec passes them all")
	}
	e.Lines = append(e.Lines, "  fix the filter; every spec and its labels: conformance run -dry-run -v, or go tool ginkgo --dry-run -v ./suites")
	return e
}

// labelAdvice names each label of a filter that no spec carries, with the
// labels that look alike.
func labelAdvice(filter string, labels []string) []string {
	have := map[string]bool{}
	for _, l := range labels {
		have[strings.ToLower(l)] = true
	}
	var lines []string
	for _, word := range labelWords(filter) {
		if have[strings.ToLower(word)] {
			continue
		}
		line := fmt.Sprintf("  -label-filter %q: no spec is labelled %q", filter, word)
		if like := lookAlikes(labels, word); len(like) > 0 {
			line += "; labels that look alike: " + strings.Join(like, ", ")
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		lines = append(lines, fmt.Sprintf("  -label-filter %q: every label it names exists, but no spec carries the combination it asks for", filter))
	}
	return lines
}

// labelWords are the plain labels a filter names: its words between the
// operators (&& || ! , ( )), without /regular expressions/ or set
// operations (key: containsAny {a, b}), which name no single label.
func labelWords(filter string) []string {
	if strings.ContainsAny(filter, "/{") {
		return nil
	}
	fields := strings.FieldsFunc(filter, func(r rune) bool { return strings.ContainsRune("&|!,() \t", r) })
	return compact(fields)
}

// allLabels are the labels of any spec, sorted.
func allLabels(specs []types.SpecReport, suite []string) []string {
	var out []string
	out = append(out, suite...)
	for _, s := range specs {
		out = append(out, s.Labels()...)
	}
	return compact(out)
}

// labelValues are the values of the labels with a prefix, sorted.
func labelValues(specs []types.SpecReport, suite []string, prefix string) []string {
	return compact(labelled(allLabels(specs, suite), prefix))
}

// lookAlikes returns the candidates nearest to want, nearest first: those
// that contain it or that it contains (case aside), then those a few edits
// away. Only candidates of the same key (the part before ':') compete when
// want has one.
func lookAlikes(candidates []string, want string) []string {
	w := strings.ToLower(want)
	key, _, keyed := strings.Cut(w, ":")
	type scored struct {
		s           string
		class, dist int // class 0 contains or is contained, 1 same family, 2 a few edits
	}
	var found []scored
	for _, c := range candidates {
		l := strings.ToLower(c)
		if keyed {
			if k, _, ok := strings.Cut(l, ":"); !ok || k != key {
				continue
			}
		}
		d := editDistance(l, w)
		switch {
		case l == w:
		case strings.Contains(l, w) || strings.Contains(w, l):
			found = append(found, scored{c, 0, d})
		case family(l) != "" && family(l) == family(w):
			// InvalidSecurityGroupId.NotFound for .Malformed: the same
			// code family, however different the rest.
			found = append(found, scored{c, 1, d})
		case d <= max(2, len(w)/4):
			found = append(found, scored{c, 2, d})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int {
		if a.class != b.class {
			return a.class - b.class
		}
		return a.dist - b.dist
	})
	var out []string
	for _, f := range found[:min(len(found), maxLookAlikes)] {
		out = append(out, f.s)
	}
	return out
}

// family is a code's or label's first dotted part ("error:invalidparameter"
// of "error:invalidparameter.maxresults"); "" when it has no dot.
func family(s string) string {
	f, _, ok := strings.Cut(s, ".")
	if !ok {
		return ""
	}
	return f
}

// editDistance is the Levenshtein distance of two short strings.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
