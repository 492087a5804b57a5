package emulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/ecs-conformance/ecs-conformance/emulator/store"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

func init() {
	register(implementation{action: "DescribeSecurityGroups", syntax: CodeInvalidParameter, build: newDescribeSecurityGroups})
}

// describeSecurityGroups is DescribeSecurityGroups compiled from its
// contract at New: where each parameter the handler reads sits among the
// validator's rules, and how each filter of the contract narrows a
// store.Query.
type describeSecurityGroups struct {
	s                                           *Server
	h                                           *handler
	region, dryRun, ecsCount                    int
	maxResults, nextToken, pageNumber, pageSize int
	tokenSelectors                              []int
	filters                                     []filterPlan
	nt                                          specs.NextTokenMode
	pn                                          specs.PageNumberMode
	mixed                                       Code
	tokenCode                                   Code
	root                                        string // the answer's root element
	pages                                       pageStore
	frags                                       fragments
}

type filterPlan struct {
	name  string
	rule  int
	apply func(q *store.Query, v *value)
}

// filterSetters say how each filter parameter maps to the store's query; the
// contract's filters list must name exactly these, with these match rules.
var filterSetters = map[string]struct {
	match string
	apply func(q *store.Query, v *value)
}{
	"SecurityGroupId":   {specs.MatchExact, func(q *store.Query, v *value) { q.ID = v.s }},
	"SecurityGroupIds":  {specs.MatchAnyOf, func(q *store.Query, v *value) { q.IDs = v.items }},
	"VpcId":             {specs.MatchExact, func(q *store.Query, v *value) { q.VpcID = v.s }},
	"SecurityGroupType": {specs.MatchExact, func(q *store.Query, v *value) { q.Type = v.s }},
	"SecurityGroupName": {specs.MatchExact, func(q *store.Query, v *value) { q.Name = v.s }},
	"NetworkType":       {specs.MatchPresence, func(q *store.Query, v *value) { q.Network = v.s }},
	"ResourceGroupId":   {specs.MatchExact, func(q *store.Query, v *value) { q.ResourceGroupID = v.s }},
	"Tag": {specs.MatchAllTags, func(q *store.Query, v *value) {
		for _, it := range v.list {
			q.Tags = append(q.Tags, store.TagFilter{Key: it.fields[0], Value: it.fields[1], AnyValue: it.fields[1] == ""})
		}
	}},
	"ServiceManaged": {specs.MatchBoolean, func(q *store.Query, v *value) { b := v.b; q.ServiceManaged = &b }},
}

// responseFields are the paths the handler writes; New checks each against
// the contract's response tree so that a renamed field fails at start.
var responseFields = []string{
	"RequestId", "RegionId", "NextToken", "TotalCount", "PageNumber", "PageSize",
	"SecurityGroups.SecurityGroup[].SecurityGroupId", "SecurityGroups.SecurityGroup[].SecurityGroupName",
	"SecurityGroups.SecurityGroup[].Description", "SecurityGroups.SecurityGroup[].SecurityGroupType",
	"SecurityGroups.SecurityGroup[].VpcId", "SecurityGroups.SecurityGroup[].CreationTime",
	"SecurityGroups.SecurityGroup[].EcsCount", "SecurityGroups.SecurityGroup[].AvailableInstanceAmount",
	"SecurityGroups.SecurityGroup[].ResourceGroupId", "SecurityGroups.SecurityGroup[].ServiceManaged",
	"SecurityGroups.SecurityGroup[].ServiceID", "SecurityGroups.SecurityGroup[].Tags.Tag[].TagKey",
	"SecurityGroups.SecurityGroup[].Tags.Tag[].TagValue", "SecurityGroups.SecurityGroup[].RuleCount",
	"SecurityGroups.SecurityGroup[].GroupToGroupRuleCount",
}

func newDescribeSecurityGroups(s *Server, h *handler) (operation, error) {
	op, v, table := h.op, h.valid, h.errs
	if op.Paging == nil {
		return nil, fmt.Errorf("emulator: the contract of %s has no paging; the emulator pages its groups", op.Operation)
	}
	if table[CodeDryRunOperation] == nil {
		return nil, fmt.Errorf("emulator: the contract of %s lists no error %q, which DryRun answers", op.Operation, CodeDryRunOperation)
	}
	idx := func(name string) (int, error) {
		i, ok := v.index[name]
		if !ok {
			return 0, fmt.Errorf("emulator: the contract of %s has no parameter %s, which the emulator reads", op.Operation, name)
		}
		return i, nil
	}
	p := &describeSecurityGroups{s: s, h: h, nt: op.Paging.NextToken, pn: op.Paging.PageNumber,
		mixed: Code(op.Paging.MixedError), root: op.Operation + "Response", pages: pagesOf(s.opts.Store)}
	var err error
	for _, f := range []struct {
		at   *int
		name string
	}{{&p.region, "RegionId"}, {&p.dryRun, "DryRun"}, {&p.ecsCount, "IsQueryEcsCount"},
		{&p.maxResults, p.nt.SizeParam}, {&p.nextToken, p.nt.TokenParam},
		{&p.pageNumber, p.pn.NumberParam}, {&p.pageSize, p.pn.SizeParam}} {
		if *f.at, err = idx(f.name); err != nil {
			return nil, err
		}
	}
	for _, name := range p.nt.SelectedBy {
		i, err := idx(name)
		if err != nil {
			return nil, err
		}
		p.tokenSelectors = append(p.tokenSelectors, i)
	}
	p.tokenCode = v.rules[p.nextToken].invalid
	if table[p.mixed] == nil {
		return nil, fmt.Errorf("emulator: paging.mixed_error %q is not in the contract's errors", p.mixed)
	}
	if err := p.compileFilters(op, v); err != nil {
		return nil, err
	}
	if op.Paging.ItemsPath != "SecurityGroups.SecurityGroup" || op.Paging.Order != "descending" || op.Paging.OrderBy != "SecurityGroupId" {
		return nil, fmt.Errorf("emulator: paging of %s changed (%s by %s in %s); the store orders by SecurityGroupId descending", op.Operation, op.Paging.Order, op.Paging.OrderBy, op.Paging.ItemsPath)
	}
	for _, path := range responseFields {
		if op.Response.Lookup(path) == nil {
			return nil, fmt.Errorf("emulator: the response of %s has no field %s, which the emulator writes", op.Operation, path)
		}
	}
	return p, nil
}

func (p *describeSecurityGroups) compileFilters(op *specs.Operation, v *validator) error {
	for _, f := range op.Filters {
		set, ok := filterSetters[f.Param]
		if !ok || set.match != f.Match {
			return fmt.Errorf("emulator: filter %s (%s, %s) of %s is unknown to the emulator", f.Name, f.Param, f.Match, op.Operation)
		}
		i, ok := v.index[f.Param]
		if !ok {
			return fmt.Errorf("emulator: filter %s names parameter %s, which the contract does not list", f.Name, f.Param)
		}
		switch f.Param {
		case "NetworkType":
			if f.Values[store.NetworkVPC] != "present" || f.Values[store.NetworkClassic] != "absent" {
				return fmt.Errorf("emulator: filter %s: values %v are not vpc=present, classic=absent as the store implements", f.Name, f.Values)
			}
		case "Tag":
			if names := v.rules[i].slotNames; len(names) != 2 || names[0] != "Key" || names[1] != "Value" {
				return fmt.Errorf("emulator: filter %s: the list's fields are %v; the emulator reads Key and Value", f.Name, names)
			}
		}
		p.filters = append(p.filters, filterPlan{name: f.Param, rule: i, apply: set.apply})
	}
	return nil
}

// serve answers DescribeSecurityGroups for an authenticated call: the
// parameters, the paging-mode mix, the NextToken, DryRun, then the page.
func (p *describeSecurityGroups) serve(c call) (*out, *apiError) {
	s := p.s
	set, e := p.h.valid.validate(c.params)
	if e != nil {
		return nil, e
	}
	defer p.h.valid.release(set)
	vals := set.v
	q := store.Query{Account: c.account, Region: vals[p.region].s}
	for _, f := range p.filters {
		if v := &vals[f.rule]; v.set {
			f.apply(&q, v)
		}
	}
	tokenMode := false
	for _, i := range p.tokenSelectors {
		tokenMode = tokenMode || vals[i].set
	}
	if tokenMode && (vals[p.pageNumber].set || vals[p.pageSize].set) {
		return nil, errCode(p.mixed)
	}
	var binding []byte
	var bindingSum [sha256.Size]byte
	after := ""
	if tokenMode {
		bindingSum = queryBindingSum(&q)
		binding = bindingSum[:]
		if tok := &vals[p.nextToken]; tok.set {
			var ok bool
			if after, ok = s.tokens.decode(binding, tok.s); !ok {
				return nil, errParam(p.tokenCode, p.nt.TokenParam)
			}
		}
	}
	if vals[p.dryRun].b {
		return nil, errCode(CodeDryRunOperation)
	}
	o := getOut(c.xml)
	o.root(p.root)
	o.str("RequestId", c.requestID)
	o.str("RegionId", q.Region)
	ecs := vals[p.ecsCount].b
	buf := getPage()
	defer putPage(buf)
	if tokenMode {
		size := p.nt.DefaultSize
		if v := vals[p.maxResults]; v.set {
			size = int(v.n)
		}
		more := p.pages.PageInto(buf, q, after, size)
		if groups := buf.Groups; more && len(groups) > 0 {
			o.str(p.nt.TokenField, s.tokens.encode(binding, groups[len(groups)-1].ID))
		}
		p.writeGroups(o, buf, ecs)
	} else {
		number, size := int64(p.pn.DefaultNumber), int64(p.pn.DefaultSize)
		if v := vals[p.pageNumber]; v.set {
			number = v.n
		}
		if v := vals[p.pageSize]; v.set {
			size = v.n
		}
		offset := math.MaxInt
		if number-1 <= int64(math.MaxInt32) {
			offset = int((number - 1) * size)
		}
		total := p.pages.SliceInto(buf, q, offset, int(size))
		p.writeGroups(o, buf, ecs)
		o.int(p.pn.TotalField, int64(total))
		o.int(p.pn.NumberField, number)
		o.int(p.pn.SizeField, size)
	}
	o.endRoot(p.root)
	return o, nil
}

// pageStore is a store that writes pages into a buffer of the caller's
// (store.Memory): the groups of an answer are encoded and forgotten, so
// the buffer is reused rather than a few KiB allocated per request.
type pageStore interface {
	PageInto(buf *store.PageBuffer, q store.Query, after string, limit int) bool
	SliceInto(buf *store.PageBuffer, q store.Query, offset, limit int) int
}

// pagesOf is st as a pageStore, decided once when the handler is built:
// a store that is not one has its pages copied into the buffer, so that
// answering knows one way to get a page.
func pagesOf(st store.Store) pageStore {
	if ps, ok := st.(pageStore); ok {
		return ps
	}
	return copiedPages{st}
}

// copiedPages is the pageStore of a store that returns pages of its own.
// Its pages carry no row keys, so their groups are encoded every time.
type copiedPages struct{ store.Store }

func (c copiedPages) PageInto(buf *store.PageBuffer, q store.Query, after string, limit int) bool {
	buf.Reset()
	groups, more := c.Page(q, after, limit)
	buf.Groups = append(buf.Groups, groups...)
	return more
}

func (c copiedPages) SliceInto(buf *store.PageBuffer, q store.Query, offset, limit int) int {
	buf.Reset()
	groups, total := c.Slice(q, offset, limit)
	buf.Groups = append(buf.Groups, groups...)
	return total
}

var pagePool = sync.Pool{New: func() any { return new(store.PageBuffer) }}

func getPage() *store.PageBuffer { return pagePool.Get().(*store.PageBuffer) }

// putPage resets buf, so that a pooled buffer holds nothing of a snapshot
// that may be replaced, and keeps it unless a huge page grew it.
func putPage(buf *store.PageBuffer) {
	buf.Reset()
	if cap(buf.Groups) <= 1024 {
		pagePool.Put(buf)
	}
}

// writeGroups writes the page's SecurityGroups.SecurityGroup in the
// documented order; in JSON, with the kept fragments of groups that have
// row keys.
func (p *describeSecurityGroups) writeGroups(o *out, buf *store.PageBuffer, ecs bool) {
	if o.xml {
		writeGroupsOut(o, buf.Groups, ecs)
		return
	}
	writeGroupsJSON(o, buf.Groups, ecs, &p.frags, buf.Keys)
}

// writeGroupsJSON is writeGroupsOut for JSON with the member names and
// punctuation between values appended as constants: the same bytes, without
// the per-member bookkeeping of out.
//
// With f and one row key per group, a group whose encoding f keeps is
// copied from there, and the others' encodings are kept in f; with f nil,
// or keys that are not one per group, every group is encoded.
func writeGroupsJSON(o *out, groups []store.Group, ecs bool, f *fragments, keys []store.RowKey) {
	var hitArr [128][]byte // a page of the API's largest size, on the stack
	var hits [][]byte      // nil: nothing is looked up or kept
	if f != nil && len(keys) == len(groups) {
		hits = f.get(hitArr[:0], keys, ecs)
	}
	var madeArr [128]encoded
	made := madeArr[:0]
	o.key("SecurityGroups")
	b := append(o.buf, `{"SecurityGroup":[`...)
	for i := range groups {
		if i > 0 {
			b = append(b, ',')
		}
		if hits != nil && hits[i] != nil {
			b = append(b, hits[i]...)
			continue
		}
		from := len(b)
		b = appendGroupJSON(b, &groups[i], ecs)
		if hits != nil {
			made = append(made, encoded{keys[i], from, len(b)})
		}
	}
	o.buf = append(b, "]}"...)
	o.first = false
	if len(made) > 0 {
		f.keep(o.buf, made, ecs)
	}
}

// appendGroupJSON appends one SecurityGroup object.
func appendGroupJSON(b []byte, g *store.Group, ecs bool) []byte {
	b = append(b, `{"SecurityGroupId":`...)
	b = appendJSONString(b, g.ID)
	b = append(b, `,"SecurityGroupName":`...)
	b = appendJSONString(b, g.Name)
	b = append(b, `,"Description":`...)
	b = appendJSONString(b, g.Description)
	b = append(b, `,"SecurityGroupType":`...)
	b = appendJSONString(b, g.Type)
	b = append(b, `,"VpcId":`...)
	b = appendJSONString(b, g.VpcID)
	b = append(b, `,"CreationTime":"`...)
	b = appendTime(b, g.CreationTime)
	var ecsCount, available int64
	if ecs {
		ecsCount, available = int64(g.EcsCount), int64(g.AvailableInstanceAmount)
	}
	b = append(b, `","EcsCount":`...)
	b = strconv.AppendInt(b, ecsCount, 10)
	b = append(b, `,"AvailableInstanceAmount":`...)
	b = strconv.AppendInt(b, available, 10)
	b = append(b, `,"ResourceGroupId":`...)
	b = appendJSONString(b, g.ResourceGroupID)
	b = append(b, `,"ServiceManaged":`...)
	b = strconv.AppendBool(b, g.ServiceManaged)
	b = append(b, `,"ServiceID":`...)
	b = strconv.AppendInt(b, g.ServiceID, 10)
	b = append(b, `,"Tags":{"Tag":[`...)
	for j, t := range g.Tags {
		if j > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"TagValue":`...)
		b = appendJSONString(b, t.Value)
		b = append(b, `,"TagKey":`...)
		b = appendJSONString(b, t.Key)
		b = append(b, '}')
	}
	b = append(b, `]},"RuleCount":`...)
	b = strconv.AppendInt(b, int64(g.RuleCount), 10)
	b = append(b, `,"GroupToGroupRuleCount":`...)
	b = strconv.AppendInt(b, int64(g.GroupToGroupRuleCount), 10)
	return append(b, '}')
}

// writeGroupsOut writes the groups through out's generic members; it is the
// reference writeGroupsJSON must match byte for byte, and the XML writer.
func writeGroupsOut(o *out, groups []store.Group, ecs bool) {
	o.object("SecurityGroups")
	o.array("SecurityGroup")
	for i := range groups {
		g := &groups[i]
		o.item("SecurityGroup")
		o.str("SecurityGroupId", g.ID)
		o.str("SecurityGroupName", g.Name)
		o.str("Description", g.Description)
		o.str("SecurityGroupType", g.Type)
		o.str("VpcId", g.VpcID)
		o.time("CreationTime", g.CreationTime)
		var ecsCount, available int64
		if ecs {
			ecsCount, available = int64(g.EcsCount), int64(g.AvailableInstanceAmount)
		}
		o.int("EcsCount", ecsCount)
		o.int("AvailableInstanceAmount", available)
		o.str("ResourceGroupId", g.ResourceGroupID)
		o.bool("ServiceManaged", g.ServiceManaged)
		o.int("ServiceID", g.ServiceID)
		o.object("Tags")
		o.array("Tag")
		for _, t := range g.Tags {
			o.item("Tag")
			o.str("TagValue", t.Value)
			o.str("TagKey", t.Key)
			o.endItem("Tag")
		}
		o.endArray()
		o.endObject("Tags")
		o.int("RuleCount", int64(g.RuleCount))
		o.int("GroupToGroupRuleCount", int64(g.GroupToGroupRuleCount))
		o.endItem("SecurityGroup")
	}
	o.endArray()
	o.endObject("SecurityGroups")
}

// queryBinding hashes what a page token is bound to: the account, the
// region and every filter in canonical form (IDs sorted and deduplicated,
// tags sorted), each field length-prefixed so that no two queries collide.
func queryBinding(q *store.Query) []byte {
	sum := queryBindingSum(q)
	return sum[:]
}

// queryBindingSum is queryBinding without the allocation of its result. The
// fields are laid out in one buffer and hashed at once, which gives the
// same digest as writing them one by one.
func queryBindingSum(q *store.Query) [sha256.Size]byte {
	var arr [512]byte
	buf := arr[:0]
	write := func(s string) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	writeBytes := func(s []byte) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	var num [24]byte
	write(q.Account)
	write(q.Region)
	write(q.ID)
	ids := q.IDs
	if len(ids) > 1 && !slices.IsSorted(ids) || hasAdjacentDup(ids) {
		ids = slices.Clone(ids)
		slices.Sort(ids)
		ids = slices.Compact(ids)
	}
	// What fmt.Sprint(len(ids), q.IDs != nil) gives: "N true" or "N false".
	n := strconv.AppendInt(num[:0], int64(len(ids)), 10)
	n = append(n, ' ')
	n = strconv.AppendBool(n, q.IDs != nil)
	writeBytes(n)
	for _, id := range ids {
		write(id)
	}
	write(q.VpcID)
	write(q.Type)
	write(q.Name)
	write(q.ResourceGroupID)
	write(q.Network)
	// Each tag is "len(Key):Key" then "=" (or "*" for any value) then Value;
	// the tags are sorted and deduplicated as strings.
	var tagArr [256]byte
	var spanArr [8][2]int
	tagBuf, spans := tagArr[:0], spanArr[:0]
	for _, t := range q.Tags {
		from := len(tagBuf)
		tagBuf = strconv.AppendInt(tagBuf, int64(len(t.Key)), 10)
		tagBuf = append(tagBuf, ':')
		tagBuf = append(tagBuf, t.Key...)
		if t.AnyValue {
			tagBuf = append(tagBuf, '*')
		} else {
			tagBuf = append(tagBuf, '=')
		}
		tagBuf = append(tagBuf, t.Value...)
		spans = append(spans, [2]int{from, len(tagBuf)})
	}
	tag := func(s [2]int) []byte { return tagBuf[s[0]:s[1]] }
	slices.SortFunc(spans, func(a, b [2]int) int { return bytes.Compare(tag(a), tag(b)) })
	spans = slices.CompactFunc(spans, func(a, b [2]int) bool { return bytes.Equal(tag(a), tag(b)) })
	writeBytes(strconv.AppendInt(num[:0], int64(len(spans)), 10))
	for _, s := range spans {
		writeBytes(tag(s))
	}
	switch {
	case q.ServiceManaged == nil:
		write("")
	case *q.ServiceManaged:
		write("true")
	default:
		write("false")
	}
	return sha256.Sum256(buf)
}

// hasAdjacentDup reports whether two neighbours of ids are equal.
func hasAdjacentDup(ids []string) bool {
	for i := 1; i < len(ids); i++ {
		if ids[i] == ids[i-1] {
			return true
		}
	}
	return false
}
