// Package store is the data layer of the reference emulator: the security
// group model, the Store interface the API handlers read through, an
// in-memory implementation that stays fast with a million groups per region,
// the embedded default fixture and the loader of a user's fixture file.
//
// A Store only answers questions the contract of DescribeSecurityGroups asks
// (specs/ecs/DescribeSecurityGroups.yaml): which groups of one account in one
// region match a set of ANDed filters, ordered by SecurityGroupId descending,
// and paged either after a known ID (token paging) or by offset (page-number
// paging). Request validation, page tokens and error codes belong to the
// emulator package; the store never fails a query, it only answers it.
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
//	                         no        int32 ≥ 0, GroupToGroupRuleCount ≤ RuleCount; default 0
//	Tags                     no        list of {TagKey, TagValue}, at most 20, keys unique; TagValue default empty
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
// NewMemory.
package store
