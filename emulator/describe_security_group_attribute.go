package emulator

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/emulator/store"
)

// codeInvalidParamter is DescribeSecurityGroupAttribute's code for a
// malformed parameter, spelled so on its documentation page: the one
// generic parameter code the page lists.
const codeInvalidParamter Code = "InvalidParamter"

func init() {
	register(implementation{action: "DescribeSecurityGroupAttribute", syntax: codeInvalidParamter, build: newDescribeSecurityGroupAttribute})
}

// Values of Direction and Attribute the handler knows; New checks them
// against the contract's enums.
const (
	directionAll      = "all"
	attributePolicies = "snapshotPolicyIds"
)

// describeSecurityGroupAttribute is DescribeSecurityGroupAttribute compiled
// from its contract at New: where each parameter it reads sits among the
// validator's rules, and the defaults the contract gives.
type describeSecurityGroupAttribute struct {
	s                                   *Server
	h                                   *handler
	region, groupID, nicType, direction int
	maxResults, nextToken, attribute    int
	defaultDirection                    string
	defaultSize                         int
	notFound, tokenCode                 Code
	root, operation                     string
}

// attributeFields are the paths the handler writes; New checks each against
// the contract's response tree so that a renamed field fails at start.
var attributeFields = append([]string{
	"RequestId", "RegionId", "SecurityGroupId", "SecurityGroupName", "Description", "VpcId",
	"InnerAccessPolicy", "Permissions.Permission", "NextToken", "SnapshotPolicyIds.SnapshotPolicyId",
}, func() []string {
	var paths []string
	for _, f := range permissionFields {
		paths = append(paths, "Permissions.Permission[]."+f)
	}
	return paths
}()...)

// permissionFields are the members of one Permission, in the contract's
// order; writePermission writes them in this order.
var permissionFields = []string{
	"SecurityGroupRuleId", "Direction", "IpProtocol", "PortRange", "SourcePortRange",
	"SourceCidrIp", "SourceGroupId", "SourceGroupName", "SourceGroupOwnerAccount", "SourcePrefixListId", "SourcePrefixListName",
	"DestCidrIp", "DestGroupId", "DestGroupName", "DestGroupOwnerAccount", "DestPrefixListId", "DestPrefixListName",
	"Ipv6SourceCidrIp", "Ipv6DestCidrIp", "PortRangeListId", "PortRangeListName",
	"Policy", "NicType", "Priority", "Description", "CreateTime",
}

func newDescribeSecurityGroupAttribute(s *Server, h *handler) (operation, error) {
	op, v := h.op, h.valid
	p := &describeSecurityGroupAttribute{s: s, h: h, root: op.Operation + "Response", operation: op.Operation,
		notFound: "InvalidSecurityGroupId.NotFound"}
	for _, f := range []struct {
		at   *int
		name string
	}{{&p.region, "RegionId"}, {&p.groupID, "SecurityGroupId"}, {&p.nicType, "NicType"}, {&p.direction, "Direction"},
		{&p.maxResults, "MaxResults"}, {&p.nextToken, "NextToken"}, {&p.attribute, "Attribute"}} {
		i, ok := v.index[f.name]
		if !ok {
			return nil, fmt.Errorf("emulator: the contract of %s has no parameter %s, which the emulator reads", op.Operation, f.name)
		}
		*f.at = i
	}
	if h.errs[p.notFound] == nil {
		return nil, fmt.Errorf("emulator: the contract of %s lists no error %q, which an unknown group answers", op.Operation, p.notFound)
	}
	p.tokenCode = v.rules[p.nextToken].invalid
	// The defaults and values are the contract's; the handler only needs to
	// know what each value means.
	p.defaultDirection = strings.ToLower(op.Parameter("Direction").Default)
	size, err := strconv.Atoi(op.Parameter("MaxResults").Default)
	if err != nil || size < 1 {
		return nil, fmt.Errorf("emulator: MaxResults of %s has default %q; the emulator needs a positive page size", op.Operation, op.Parameter("MaxResults").Default)
	}
	p.defaultSize = size
	for _, want := range []struct {
		param  string
		values []string
		fold   bool
	}{
		{"Direction", []string{store.DirectionIngress, store.DirectionEgress, directionAll}, true},
		{"NicType", []string{store.NicInternet, store.NicIntranet}, true},
		{"Attribute", []string{attributePolicies}, false},
	} {
		r := v.rules[v.index[want.param]]
		have := slices.Sorted(slices.Values(r.enum))
		if !slices.Equal(have, slices.Sorted(slices.Values(want.values))) || r.enumFold != want.fold {
			return nil, fmt.Errorf("emulator: %s of %s has the values %v (any case: %v); the emulator implements %v (any case: %v)",
				want.param, op.Operation, r.enum, r.enumFold, want.values, want.fold)
		}
	}
	if !slices.Contains([]string{store.DirectionIngress, store.DirectionEgress, directionAll}, p.defaultDirection) {
		return nil, fmt.Errorf("emulator: Direction of %s defaults to %q, which is none of its values", op.Operation, p.defaultDirection)
	}
	for _, path := range attributeFields {
		if op.Response.Lookup(path) == nil {
			return nil, fmt.Errorf("emulator: the response of %s has no field %s, which the emulator writes", op.Operation, path)
		}
	}
	return p, nil
}

// serve answers DescribeSecurityGroupAttribute for an authenticated call:
// the parameters in contract order (a NextToken among them), then the
// group, then one page of its rules that match Direction and NicType.
func (p *describeSecurityGroupAttribute) serve(c call) (*out, *apiError) {
	v := p.h.valid
	set, e := v.validate(c.params)
	if e != nil {
		return nil, p.tokenFirst(c, e)
	}
	defer v.release(set)
	vals := set.v
	region, id := vals[p.region].s, vals[p.groupID].s
	direction := p.defaultDirection
	if d := vals[p.direction]; d.set {
		direction = strings.ToLower(d.s)
	}
	nic := strings.ToLower(vals[p.nicType].s) // "" when not sent
	binding := p.binding(c.account, region, id, direction, nic)
	offset := 0
	if tok := &vals[p.nextToken]; tok.set {
		var ok bool
		if offset, ok = p.resume(binding[:], tok.s); !ok {
			return nil, errParam(p.tokenCode, p.h.valid.rules[p.nextToken].name)
		}
	}
	g, found := p.s.opts.Store.Get(c.account, region, id)
	if !found {
		return nil, errCode(p.notFound)
	}
	size := p.defaultSize
	if m := vals[p.maxResults]; m.set {
		size = int(m.n)
	}
	rules := matching(g, direction, nic)
	from := min(offset, len(rules))
	to := from + min(size, len(rules)-from)

	o := getOut(c.xml)
	o.root(p.root)
	o.str("RequestId", c.requestID)
	o.str("RegionId", region)
	o.str("SecurityGroupId", g.ID)
	o.str("SecurityGroupName", g.Name)
	o.str("Description", g.Description)
	o.str("VpcId", g.VpcID)
	o.str("InnerAccessPolicy", g.InnerAccessPolicy)
	o.object("Permissions")
	o.array("Permission")
	for i := from; i < to; i++ {
		writePermission(o, &rules[i])
	}
	o.endArray()
	o.endObject("Permissions")
	if to < len(rules) {
		o.str("NextToken", p.s.tokens.encode(binding[:], strconv.Itoa(to)))
	}
	if vals[p.attribute].set {
		// The store ties no snapshot policy to a group: the list asked for
		// is there, and empty.
		o.object("SnapshotPolicyIds")
		o.array("SnapshotPolicyId")
		o.endArray()
		o.endObject("SnapshotPolicyIds")
	}
	o.endRoot(p.root)
	return o, nil
}

// tokenFirst keeps the contract's order when a parameter after NextToken is
// invalid: the validator checks a token's syntax only, so a forged token
// sent with it must still be the answer. The parameters before NextToken,
// which the binding needs, are valid, or the validator would have stopped
// at them.
func (p *describeSecurityGroupAttribute) tokenFirst(c call, e *apiError) *apiError {
	failed, ok := p.h.valid.index[e.param]
	token, n := first(c.params, p.h.valid.rules[p.nextToken].name)
	if !ok || failed <= p.nextToken || n != 1 || token == "" {
		return e
	}
	param := func(i int) string { v, _ := first(c.params, p.h.valid.rules[i].name); return v }
	direction := p.defaultDirection
	if d := param(p.direction); d != "" {
		direction = strings.ToLower(d)
	}
	region, id, nic := param(p.region), param(p.groupID), param(p.nicType)
	binding := p.binding(c.account, region, id, direction, strings.ToLower(nic))
	if _, ok := p.resume(binding[:], token); !ok {
		return errParam(p.tokenCode, p.h.valid.rules[p.nextToken].name)
	}
	return e
}

// binding hashes what a rule page token is bound to: the operation (so
// that no DescribeSecurityGroups token is accepted here), the account,
// region and group, and the Direction (its default applied) and NicType
// (as sent) that select the rules. Not MaxResults: the page size may change
// between pages. Each field is length-prefixed so that no two queries
// collide.
func (p *describeSecurityGroupAttribute) binding(account, region, id, direction, nic string) [sha256.Size]byte {
	var arr [256]byte
	buf := arr[:0]
	for _, f := range []string{p.operation, account, region, id, direction, nic} {
		buf = binary.AppendUvarint(buf, uint64(len(f)))
		buf = append(buf, f...)
	}
	return sha256.Sum256(buf)
}

// resume returns how many matching rules a token's earlier pages held.
func (p *describeSecurityGroupAttribute) resume(binding []byte, token string) (int, bool) {
	pos, ok := p.s.tokens.decode(binding, token)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(pos)
	return n, err == nil && n >= 0
}

// matching returns the rules of g that Direction and NicType select: a VPC
// group's rules are intranet, so NicType does not narrow them; a classic
// group's are narrowed to NicType, internet when it is not sent.
func matching(g store.Group, direction, nic string) []store.Rule {
	if g.VpcID == "" && nic == "" {
		nic = store.NicInternet
	}
	out := g.Rules[:0:0]
	for _, r := range g.Rules {
		if (direction == directionAll || r.Direction == direction) && (g.VpcID != "" || r.NicType == nic) {
			out = append(out, r)
		}
	}
	return out
}

// writePermission writes one rule: its peer in the Source fields of an
// ingress rule, the Dest fields of an egress one, every other field empty,
// as the service writes them.
func writePermission(o *out, r *store.Rule) {
	var src, dst struct{ cidr, ipv6, group, groupName, owner, prefixList, prefixListName string }
	peer := &src
	if r.Direction == store.DirectionEgress {
		peer = &dst
	}
	*peer = struct{ cidr, ipv6, group, groupName, owner, prefixList, prefixListName string }{
		r.CidrIP, r.IPv6CidrIP, r.GroupID, r.GroupName, r.GroupOwnerAccount, r.PrefixListID, r.PrefixListName}
	o.item("Permission")
	o.str("SecurityGroupRuleId", r.ID)
	o.str("Direction", r.Direction)
	o.str("IpProtocol", r.Protocol)
	o.str("PortRange", r.PortRange)
	o.str("SourcePortRange", r.SourcePortRange)
	o.str("SourceCidrIp", src.cidr)
	o.str("SourceGroupId", src.group)
	o.str("SourceGroupName", src.groupName)
	o.str("SourceGroupOwnerAccount", src.owner)
	o.str("SourcePrefixListId", src.prefixList)
	o.str("SourcePrefixListName", src.prefixListName)
	o.str("DestCidrIp", dst.cidr)
	o.str("DestGroupId", dst.group)
	o.str("DestGroupName", dst.groupName)
	o.str("DestGroupOwnerAccount", dst.owner)
	o.str("DestPrefixListId", dst.prefixList)
	o.str("DestPrefixListName", dst.prefixListName)
	o.str("Ipv6SourceCidrIp", src.ipv6)
	o.str("Ipv6DestCidrIp", dst.ipv6)
	o.str("PortRangeListId", "")
	o.str("PortRangeListName", "")
	o.str("Policy", r.Policy)
	o.str("NicType", r.NicType)
	o.str("Priority", strconv.Itoa(int(r.Priority)))
	o.str("Description", r.Description)
	o.time("CreateTime", r.CreateTime)
	o.endItem("Permission")
}
