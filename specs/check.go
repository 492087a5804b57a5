package specs

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// labelSafe is what a Ginkgo label accepts and what we allow in behaviour IDs:
// Ginkgo rejects &|!,()/ and we keep to dots, dashes and alphanumerics.
var labelSafe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.-]*$`)

// Areas a behaviour can belong to; each is a Ginkgo label "area:<name>".
var Areas = []string{"pagination", "filtering", "validation", "errors", "dryrun", "auth", "schema"}

// Check verifies that the contract is internally consistent: unique,
// label-safe IDs; every reference resolves; every error can be provoked.
func (op *Operation) Check() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }

	behaviours := map[string]bool{}
	for _, b := range op.Behaviours {
		if !labelSafe.MatchString(b.ID) {
			bad("behaviour %q: IDs may hold only letters, digits, dots and dashes (Ginkgo labels reject &|!,()/)", b.ID)
		}
		if !strings.HasPrefix(b.ID, op.Operation+".") {
			bad("behaviour %q: IDs start with the operation name %q", b.ID, op.Operation+".")
		}
		if behaviours[b.ID] {
			bad("behaviour %q is defined twice", b.ID)
		}
		behaviours[b.ID] = true
		if !contains(Areas, b.Area) {
			bad("behaviour %q: area %q is not one of %v", b.ID, b.Area, Areas)
		}
		if !strings.Contains(b.Must, "MUST") {
			bad("behaviour %q: the sentence must state a MUST", b.ID)
		}
		if b.Assumed && b.Reason == "" {
			bad("behaviour %q is assumed: add a reason saying what the documentation leaves open", b.ID)
		}
	}
	ref := func(where, id string) {
		if !behaviours[id] {
			bad("%s names behaviour %q, which is not defined under behaviours", where, id)
		}
	}

	codes := map[string]bool{}
	for _, e := range op.Errors {
		if codes[e.Code] {
			bad("error %q is listed twice", e.Code)
		}
		codes[e.Code] = true
		if !labelSafe.MatchString(e.Code) {
			bad("error %q: codes are used as Ginkgo labels and may hold only letters, digits, dots and dashes", e.Code)
		}
		if e.Status < 400 || e.Status > 599 {
			bad("error %q: status %d is not an HTTP error status", e.Code, e.Status)
		}
		if !contains([]string{SourceDocumented, SourceGateway, SourceInferred}, e.Source) {
			bad("error %q: source %q is not documented, gateway or inferred", e.Code, e.Source)
		}
		t := e.Trigger
		if len(t.Set) == 0 && len(t.Omit) == 0 && t.Auth == "" && t.Fault == "" && t.Wire == "" {
			bad("error %q: the trigger changes nothing; give set, omit, auth, fault or wire", e.Code)
		}
		if t.Auth != "" && !contains(authTamperings, t.Auth) {
			bad("error %q: trigger auth %q is not one of %v", e.Code, t.Auth, authTamperings)
		}
		if t.Fault != "" && !contains([]string{FaultThrottling, FaultInternal, FaultUnavailable}, t.Fault) {
			bad("error %q: trigger fault %q is unknown", e.Code, t.Fault)
		}
		if t.Wire != "" && t.Wire != WireOversizeBody {
			bad("error %q: trigger wire %q is unknown", e.Code, t.Wire)
		}
		ref("error "+e.Code, e.Behaviour)
		for _, h := range e.Headers {
			if strings.TrimSpace(h) == "" || strings.ContainsAny(h, " :") {
				bad("error %q: header %q is not a header name", e.Code, h)
			}
		}
		for _, f := range e.Fields {
			if op.ErrorEnvelope.Lookup(f) == nil {
				bad("error %q: field %q is not in the error envelope", e.Code, f)
			}
		}
	}
	code := func(where, c string) {
		if c != "" && !codes[c] {
			bad("%s names error %q, which is not in the errors catalogue", where, c)
		}
	}

	params := map[string]*Parameter{}
	for i := range op.Parameters {
		p := &op.Parameters[i]
		if params[p.Name] != nil {
			bad("parameter %q is listed twice", p.Name)
		}
		params[p.Name] = p
		errs = append(errs, checkParameter(p, code, ref)...)
	}
	for _, p := range op.Parameters {
		if p.Required && p.MissingError == "" {
			bad("parameter %q is required: give missing_error", p.Name)
		}
	}

	if op.Paging != nil {
		errs = append(errs, op.checkPaging(params, code, ref)...)
	} else if len(op.Filters) > 0 {
		bad("filters need paging: a filter narrows a paged result set")
	}
	for _, p := range op.CommonParameters {
		code("common parameter "+p.Name+" missing_error", p.MissingError)
	}
	inv := op.Requests.Invalid
	code("requests.invalid", inv.Code)
	for name := range inv.Set {
		if params[name] == nil {
			bad("requests.invalid sets %q, which is not under parameters", name)
		}
	}
	for _, r := range op.Requests.Resolve {
		if params[r.Param] == nil {
			bad("requests.resolve fills %q, which is not under parameters", r.Param)
		}
	}
	errs = append(errs, checkElement(&op.Response, "response")...)
	for _, f := range op.Response.Fields {
		if f.Echoes != "" && params[f.Echoes] == nil {
			bad("response field %q echoes %q, which is not under parameters", f.Name, f.Echoes)
		}
	}
	errs = append(errs, checkElement(&op.ErrorEnvelope, "error_envelope")...)
	return errors.Join(errs...)
}

// checkPaging verifies that the paging model and the filters name parameters
// and response fields the contract has.
func (op *Operation) checkPaging(params map[string]*Parameter, code, ref func(string, string)) []error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	pg := op.Paging
	for _, name := range append(append([]string{}, pg.NextToken.SelectedBy...), pg.NextToken.SizeParam, pg.NextToken.TokenParam, pg.PageNumber.NumberParam, pg.PageNumber.SizeParam) {
		if params[name] == nil {
			bad("paging names parameter %q, which is not under parameters", name)
		}
	}
	code("paging.mixed_error", pg.MixedError)
	if pg.Order != "descending" && pg.Order != "ascending" {
		bad("paging.order %q is neither descending nor ascending", pg.Order)
	}
	items := op.Response.Lookup(pg.ItemsPath)
	if items == nil || items.Type != ElemArray || items.Items == nil {
		bad("paging.items_path %q is not an array in the response", pg.ItemsPath)
	} else {
		if items.Items.Lookup(pg.OrderBy) == nil {
			bad("paging.order_by %q is not a field of a result item", pg.OrderBy)
		}
		for _, f := range op.Filters {
			if params[f.Param] == nil {
				bad("filter %q names parameter %q, which is not under parameters", f.Name, f.Param)
			}
			if items.Items.Lookup(f.Field) == nil {
				bad("filter %q names field %q, which is not in a result item", f.Name, f.Field)
			}
			if !contains([]string{MatchExact, MatchAnyOf, MatchAllTags, MatchPresence, MatchBoolean}, f.Match) {
				bad("filter %q: match %q is unknown", f.Name, f.Match)
			}
			if f.Match == MatchPresence && len(f.Values) == 0 {
				bad("filter %q: a presence match needs values", f.Name)
			}
			ref("filter "+f.Name, f.Behaviour)
		}
	}
	for _, name := range append(append([]string{}, pg.NextToken.AbsentFields...), pg.NextToken.TokenField, pg.PageNumber.TotalField, pg.PageNumber.NumberField, pg.PageNumber.SizeField) {
		if op.Response.Lookup(name) == nil {
			bad("paging names response field %q, which is not in the response", name)
		}
	}
	return errs
}

// checkSet verifies what spans operations: unique names, and every resolved
// parameter read from an operation of the set that pages a result with that
// field.
func checkSet(ops []*Operation) error {
	var errs []error
	byName := map[string]*Operation{}
	for _, op := range ops {
		if other := byName[op.Operation]; other != nil {
			errs = append(errs, fmt.Errorf("%s and %s both hold operation %s", other.File, op.File, op.Operation))
		}
		byName[op.Operation] = op
	}
	for _, op := range ops {
		for _, r := range op.Requests.Resolve {
			from := byName[r.From]
			switch {
			case from == nil:
				errs = append(errs, fmt.Errorf("%s: requests.resolve reads %s from %s, which is not in the contract set", op.File, r.Param, r.From))
			case from.Item() == nil:
				errs = append(errs, fmt.Errorf("%s: requests.resolve reads %s from %s, which answers no result list", op.File, r.Param, r.From))
			case from.Item().Lookup(r.Field) == nil:
				errs = append(errs, fmt.Errorf("%s: requests.resolve reads field %q of %s's results, which has no such field", op.File, r.Field, r.From))
			}
		}
	}
	return errors.Join(errs...)
}

var authTamperings = []string{
	AuthBadSignature, AuthMalformedAuth, AuthUnknownKey, AuthSkewedTimestamp, AuthGarbledTimestamp,
	AuthReplayNonce, AuthMissingTimestamp, AuthMissingKey, AuthMissingNonce, AuthUnknownAction,
	AuthBadVersion, AuthDeniedKey, AuthInactiveKey,
}

func checkParameter(p *Parameter, code func(string, string), ref func(string, string)) []error {
	var errs []error
	bad := func(format string, a ...any) {
		errs = append(errs, fmt.Errorf("parameter %q: "+format, append([]any{p.Name}, a...)...))
	}
	if !contains([]string{TypeString, TypeInteger, TypeBoolean, TypeJSONArray, TypeList}, p.Type) {
		bad("type %q is unknown", p.Type)
	}
	if (p.Type == TypeList) != (len(p.Fields) > 0) {
		bad("only a list has fields, and a list needs them")
	}
	c := p.Constraints
	constrained := c.MinLength != nil || c.MaxLength != nil || c.Minimum != nil || c.Maximum != nil ||
		len(c.Enum) > 0 || c.Pattern != "" || len(c.ForbiddenPrefixes) > 0 || c.MaxItems != nil || c.ItemPattern != ""
	if (constrained || p.Type == TypeInteger || p.Type == TypeBoolean || p.Type == TypeJSONArray) && p.InvalidError == "" {
		bad("its value can be invalid: give invalid_error")
	}
	for _, pattern := range []string{c.Pattern, c.ItemPattern} {
		if pattern == "" {
			continue
		}
		re, err := regexp.Compile(pattern)
		if err != nil {
			bad("pattern %q does not compile: %v", pattern, err)
			continue
		}
		if len(p.Samples.Valid) == 0 || len(p.Samples.Invalid) == 0 {
			bad("pattern %q needs samples: at least one valid and one invalid value", pattern)
		}
		for _, v := range p.Samples.Valid {
			if !re.MatchString(v) {
				bad("valid sample %q does not match the pattern %q", v, pattern)
			}
		}
		for _, v := range p.Samples.Invalid {
			if re.MatchString(v) {
				bad("invalid sample %q matches the pattern %q", v, pattern)
			}
		}
	}
	code("parameter "+p.Name+" missing_error", p.MissingError)
	code("parameter "+p.Name+" invalid_error", p.InvalidError)
	for _, b := range p.Behaviours {
		ref("parameter "+p.Name, b)
	}
	names := map[string]bool{}
	for i := range p.Fields {
		names[p.Fields[i].Name] = true
	}
	for i := range p.Fields {
		f := &p.Fields[i]
		if f.AliasOf != "" && !names[f.AliasOf] {
			errs = append(errs, fmt.Errorf("parameter %q field %q is an alias of %q, which is not a field", p.Name, f.Name, f.AliasOf))
		}
		errs = append(errs, checkParameter(f, code, ref)...)
	}
	return errs
}

func checkElement(e *Element, path string) []error {
	var errs []error
	if !contains([]string{ElemObject, ElemArray, ElemString, ElemInteger, ElemInt64, ElemBoolean}, e.Type) {
		errs = append(errs, fmt.Errorf("%s: type %q is unknown", path, e.Type))
	}
	if (e.Type == ElemArray) != (e.Items != nil) {
		errs = append(errs, fmt.Errorf("%s: an array needs items, and only an array has them", path))
	}
	if e.Mode != "" && e.Mode != ModeNextToken && e.Mode != ModePageNumber {
		errs = append(errs, fmt.Errorf("%s: mode %q is neither next-token nor page-number", path, e.Mode))
	}
	if e.Pattern != "" {
		if _, err := regexp.Compile(e.Pattern); err != nil {
			errs = append(errs, fmt.Errorf("%s: pattern does not compile: %v", path, err))
		}
	}
	for i := range e.Fields {
		errs = append(errs, checkElement(&e.Fields[i], path+"."+e.Fields[i].Name)...)
	}
	if e.Items != nil {
		errs = append(errs, checkElement(e.Items, path+"[]")...)
	}
	return errs
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
