// Package store is the data layer of the reference emulator: the security
// group model, the Store interface the API handlers read through, an
// in-memory implementation that stays fast with a million groups per region,
// the embedded default fixture and the loader of a user's fixture file.
//
// A Store only answers questions the contracts in specs/ecs ask: which
// groups of one account in one region match a set of ANDed filters, ordered
// by SecurityGroupId descending, and paged either after a known ID (token
// paging) or by offset (page-number paging), as DescribeSecurityGroups
// lists them; and one group with its rules, as
// DescribeSecurityGroupAttribute describes it. Request validation, page
// tokens and error codes belong to the emulator package; the store never
// fails a query, it only answers it.
//
// # Fixture files
//
// A fixture file lists security groups under one top-level key,
// securityGroups, in YAML or in JSON (fixtures/example.yaml shows every
// field; fixtures/default.json is the embedded default, in JSON). Field
// names are the API's, spelled exactly:
//
//	field                    required  value
//	SecurityGroupId          yes       sg- and 1 to 61 lowercase letters and digits; unique in the file
//	RegionId                 yes       a region ID such as cn-hangzhou
//	SecurityGroupType        yes       normal or enterprise
//	CreationTime             yes       UTC, yyyy-MM-ddThh:mm:ssZ or yyyy-MM-ddThh:mmZ
//	AccountId                no        digits, quoted or not; default DefaultAccount
//	SecurityGroupName        no        up to 128 characters; default empty
//	Description              no        up to 256 characters; default empty
//	VpcId                    no        vpc-...; empty or absent makes a classic-network group
//	ResourceGroupId          no        rg-...; default empty
//	ServiceManaged           no        true or false; default false
//	ServiceID                no        int64 ≥ 0, only on a managed group; default 0
//	EcsCount, AvailableInstanceAmount, RuleCount, GroupToGroupRuleCount
//	                         no        int32 ≥ 0, GroupToGroupRuleCount ≤ RuleCount; default 0,
//	                                   or counted from rules when the group has them
//	Tags                     no        list of {TagKey, TagValue}, at most 20, keys unique; TagValue default empty
//	InnerAccessPolicy        no        Accept or Drop; default Accept for a normal group, Drop for an enterprise one
//	rules                    no        list of rules, below; default none
//
// A group's rules are listed under rules, in the order
// DescribeSecurityGroupAttribute answers them, each with the fields that
// operation answers. With rules, RuleCount and GroupToGroupRuleCount may be
// left out: they are counted (all rules, and those naming a group). Given,
// they must equal those counts, which catches a hand edit that forgot one;
// a group without rules reports them as given. The fields of a rule:
//
//	field                    required  value
//	SecurityGroupRuleId      yes       sgr- and 1 to 61 lowercase letters and digits; unique across the file
//	Direction                yes       ingress or egress
//	IpProtocol               yes       TCP, UDP, ICMP, ICMPv6, GRE or ALL, spelled so
//	PortRange                yes       start/end within 1..65535 for TCP and UDP (80/80, 1/65535); -1/-1 otherwise
//	SourcePortRange          no        like PortRange, TCP and UDP only; default empty
//	NicType                  no        internet or intranet; a VPC group's rules and rules naming a group are
//	                                   intranet, the default there; otherwise the default is internet
//	Policy                   no        Accept or Drop; default Accept
//	Priority                 no        1 to 100; default 1
//	Description              no        up to 512 characters; default empty
//	CreateTime               no        UTC like CreationTime, not before it; default the group's CreationTime
//	the peer                 yes       exactly one of, for an ingress rule (an egress rule says Dest for Source):
//	  SourceCidrIp                     an IPv4 address or CIDR block
//	  Ipv6SourceCidrIp                 an IPv6 address or CIDR block; VPC groups only
//	  SourceGroupId                    a group of the same account, region and network type (itself
//	                                   included); not on an enterprise group
//	  SourcePrefixListId               pl-..., with SourcePrefixListName optional
//
// SourceGroupName and SourceGroupOwnerAccount (Dest... of egress rules) are
// answered from the group named and are not given. The rules of a group
// cost memory only when it has some.
//
// Parsing is strict: an unknown or repeated field, a value of the wrong kind
// (a quoted number, a string where a boolean goes) and a second YAML
// document are errors; a null value counts as absent. Errors name the file,
// line, record and field:
//
//	groups.yaml:14: securityGroups[3] (sg-bp1...): SecurityGroupType "other" is not normal or enterprise
//
// A JSON file is first checked to be JSON, then read by the same decoder as
// YAML, so both formats obey the same rules and report lines alike. That
// decoder builds a node tree of the whole file: it suits fixtures of up to a
// few hundred thousand groups; build bigger data sets in Go and hand them to
// NewMemory. The embedded default fixture, which Marshal writes, is read
// with encoding/json instead, for speed (its test reads it both ways).
package store
