package main

import (
	"fmt"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator/store"
)

const seed = 0x5ec9_2014_0526

// region describes where groups are made: the ID prefix the cloud uses there.
type region struct{ id, prefix string }

var (
	hangzhou  = region{"cn-hangzhou", "bp1"}
	shanghai  = region{"cn-shanghai", "uf6"}
	beijing   = region{"cn-beijing", "2ze"}
	singapore = region{store.FixtureRegionWithoutDefault, "t4n"}
)

// gen makes groups with unique IDs from one random stream.
type gen struct {
	r   *rng
	ids map[string]bool
	// epoch is the earliest creation time; groups spread over six years after it.
	epoch time.Time
	out   []store.Group
}

func generate() []store.Group {
	g := &gen{
		r:     &rng{state: seed},
		ids:   map[string]bool{store.FixtureGroupID: true, store.SecondAccountGroupID: true},
		epoch: time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC),
	}
	g.defaultAccountHangzhou()
	g.defaultAccountElsewhere()
	g.secondAccount()
	g.ruleless()
	g.rules()
	g.innerAccess()
	return g.out
}

// innerAccessSeed starts the stream InnerAccessPolicy is drawn from, apart
// from the groups' and the rules' for the same reason as rulesSeed.
const innerAccessSeed = seed ^ 0x696e_6e65_72 // "inner"

// innerAccess says for every group whether its members reach one another:
// enterprise groups isolate them, as the cloud does; one normal group in
// eight does too.
func (g *gen) innerAccess() {
	r := &rng{state: innerAccessSeed}
	for i := range g.out {
		s := &g.out[i]
		s.InnerAccessPolicy = store.InnerAccept
		if s.Type == store.TypeEnterprise || r.chance(1, 8) {
			s.InnerAccessPolicy = store.InnerDrop
		}
	}
}

// ruleless empties the first enterprise group of FixtureRulelessRegion, as
// a group just created is: the counts were drawn before there was a group
// without rules, and changing one of that region's, which no recording
// lists, keeps the recorded answers as they are.
func (g *gen) ruleless() {
	for i := range g.out {
		if s := &g.out[i]; s.Region == store.FixtureRulelessRegion && s.Account == store.DefaultAccount && s.Type == store.TypeEnterprise {
			s.RuleCount, s.GroupToGroupRuleCount = 0, 0
			return
		}
	}
	panic("fixturegen: no enterprise group in " + store.FixtureRulelessRegion + " to leave without rules")
}

// Resource groups of the default account: its default one and three more.
var (
	rgDefault = "rg-acfm2zdzlvkvlxi"
	rgOthers  = []string{store.FixtureResourceGroup, "rg-acfmxq3bd72nc0p", "rg-aek2l5yw0m4ntoq"}
)

func (g *gen) defaultAccountHangzhou() {
	vpcs := []string{store.FixtureVPC}
	for len(vpcs) < store.FixtureVPCs {
		vpcs = append(vpcs, g.vpcID(hangzhou))
	}
	acct := store.DefaultAccount
	// The name trio, all in FixtureVPC, tagged like a web tier.
	web := func(id, name, typ string) {
		s := g.base(acct, hangzhou, id, typ)
		s.Name, s.VpcID, s.ResourceGroupID = name, store.FixtureVPC, store.FixtureResourceGroup
		s.Description = "web tier"
		s.Tags = []store.Tag{{Key: store.FixtureTagKey, Value: store.FixtureTagValue}, {Key: "team", Value: "frontend"}}
		g.add(s)
	}
	web(store.FixtureGroupID, store.FixtureNameShort, store.TypeNormal)
	web(g.groupID(hangzhou), store.FixtureNameMid, store.TypeNormal)
	web(g.groupID(hangzhou), store.FixtureNameMid, store.TypeEnterprise)
	web(g.groupID(hangzhou), store.FixtureNameLong, store.TypeNormal)

	// Groups that cloud services manage: Kubernetes clusters and the like.
	serviceIDs := []int64{store.FixtureServiceID, 27182818284, 31415926535}
	for i := range store.FixtureManagedGroups {
		s := g.base(acct, hangzhou, g.groupID(hangzhou), store.TypeNormal)
		s.VpcID, s.ResourceGroupID = vpcs[1+i%(len(vpcs)-1)], rgDefault
		s.ServiceManaged, s.ServiceID = true, serviceIDs[i%len(serviceIDs)]
		if i%4 != 3 { // a managed group may have no name
			s.Name = fmt.Sprintf("k8s-managed-%s", g.r.suffix(8))
			s.Description = "System created security group."
		}
		s.Tags = []store.Tag{{Key: "ack.aliyun.com", Value: "c" + g.r.suffix(32)}}
		g.add(s)
	}
	// Classic-network groups: no VPC, and always basic ones, as the cloud allows.
	for range store.FixtureClassicGroups {
		s := g.base(acct, hangzhou, g.groupID(hangzhou), store.TypeNormal)
		g.fill(&s)
		g.add(s)
	}
	made := 4 + store.FixtureManagedGroups + store.FixtureClassicGroups
	for range store.FixtureRegionGroups - made {
		s := g.base(acct, hangzhou, g.groupID(hangzhou), g.groupType())
		s.VpcID = pick(g.r, vpcs)
		g.fill(&s)
		g.add(s)
	}
}

func (g *gen) defaultAccountElsewhere() {
	acct := store.DefaultAccount
	for _, c := range []struct {
		r             region
		vpcs, classic int
		n             int
	}{{shanghai, 2, 4, 30}, {beijing, 1, 0, 12}} {
		var vpcs []string
		for range c.vpcs {
			vpcs = append(vpcs, g.vpcID(c.r))
		}
		for i := range c.n {
			typ := store.TypeNormal
			if i >= c.classic {
				typ = g.groupType()
			}
			s := g.base(acct, c.r, g.groupID(c.r), typ)
			if i >= c.classic {
				s.VpcID = pick(g.r, vpcs)
			}
			g.fill(&s)
			g.add(s)
		}
	}
}

// secondAccount makes the groups another account owns: some in the default
// account's home region that look like its groups, and all of a region the
// default account does not use.
func (g *gen) secondAccount() {
	acct := store.SecondAccount
	rg := "rg-acfmw9e3t5yhu1c"
	vpc := g.vpcID(hangzhou)
	for i := range 5 {
		id := g.groupID(hangzhou)
		if i == 0 {
			id = store.SecondAccountGroupID
		}
		s := g.base(acct, hangzhou, id, store.TypeNormal)
		s.VpcID, s.ResourceGroupID = vpc, rg
		s.Name = fmt.Sprintf("%s-%d", store.FixtureNameShort, i)
		if i == 0 {
			s.Name = store.FixtureNameShort
		}
		s.Tags = []store.Tag{{Key: store.FixtureTagKey, Value: store.FixtureTagValue}}
		g.add(s)
	}
	vpc = g.vpcID(singapore)
	for range 4 {
		s := g.base(acct, singapore, g.groupID(singapore), g.groupType())
		s.VpcID, s.ResourceGroupID = vpc, rg
		s.Name = "sg-" + pick(g.r, apps) // names may start with sg- too
		g.add(s)
	}
}

var (
	apps    = []string{"api", "db", "cache", "batch", "bastion", "lb", "mq", "search", "etl", "monitor"}
	envs    = []string{"prod", "test", "dev"}
	teams   = []string{"alpha", "beta", "platform"}
	owners  = []string{"alice", "bob", "carol"}
	centres = []string{"cc-1001", "cc-2002"}
	descs   = []string{
		"", "", "Allow HTTPS from the office", "Database access from the app tier",
		"Bastion hosts; SSH from the VPN only", "Default security group", "生产环境应用服务器",
		"Rules for <internal> & partner traffic",
	}
)

// base returns a group with what every group has: ID, owner, type, a
// creation time in whole seconds, rule counts and capacity figures.
func (g *gen) base(acct string, r region, id, typ string) store.Group {
	s := store.Group{
		Account: acct, Region: r.id, ID: id, Type: typ,
		CreationTime: g.epoch.Add(time.Duration(g.r.intn(6*365*24*3600)) * time.Second),
		EcsCount:     int32(g.r.intn(40)),
	}
	if typ == store.TypeEnterprise {
		// Enterprise groups cannot authorize other groups and hold more addresses.
		s.RuleCount = int32(g.r.intn(200))
		s.AvailableInstanceAmount = 65536 - s.EcsCount
	} else {
		s.RuleCount = int32(1 + g.r.intn(80))
		s.GroupToGroupRuleCount = int32(g.r.intn(int(s.RuleCount)/4 + 1))
		s.AvailableInstanceAmount = 2000 - s.EcsCount
	}
	return s
}

// fill gives an ordinary group a name, description, resource group and tags.
func (g *gen) fill(s *store.Group) {
	env := pick(g.r, envs)
	if !g.r.chance(1, 20) { // a few groups have no name
		s.Name = fmt.Sprintf("%s-%s-%s", pick(g.r, apps), env, g.r.suffix(4))
	}
	s.Description = pick(g.r, descs)
	s.ResourceGroupID = rgDefault
	if g.r.chance(2, 5) {
		s.ResourceGroupID = pick(g.r, rgOthers)
	}
	if g.r.chance(1, 6) {
		return // untagged
	}
	s.Tags = append(s.Tags, store.Tag{Key: store.FixtureTagKey, Value: env})
	if g.r.chance(1, 2) {
		s.Tags = append(s.Tags, store.Tag{Key: "team", Value: pick(g.r, teams)})
	}
	if g.r.chance(1, 4) {
		// stage=prod repeats env's value under another key.
		s.Tags = append(s.Tags, store.Tag{Key: store.FixtureSameValueTagKey, Value: pick(g.r, []string{store.FixtureTagValue, "canary"})})
	}
	if g.r.chance(1, 6) {
		s.Tags = append(s.Tags, store.Tag{Key: store.FixtureEmptyValueTagKey, Value: ""})
	}
	if g.r.chance(1, 5) {
		s.Tags = append(s.Tags, store.Tag{Key: "owner", Value: pick(g.r, owners)})
	}
	if g.r.chance(1, 8) {
		s.Tags = append(s.Tags, store.Tag{Key: "cost-center", Value: pick(g.r, centres)})
	}
}

func (g *gen) groupType() string {
	if g.r.chance(1, 4) {
		return store.TypeEnterprise
	}
	return store.TypeNormal
}

// groupID returns a fresh ID shaped like the cloud's: sg-, the region's
// prefix and 17 lowercase letters and digits.
func (g *gen) groupID(r region) string {
	for {
		id := "sg-" + r.prefix + g.r.suffix(17)
		if !g.ids[id] {
			g.ids[id] = true
			return id
		}
	}
}

func (g *gen) vpcID(r region) string { return "vpc-" + r.prefix + g.r.suffix(18) }

func (g *gen) add(s store.Group) { g.out = append(g.out, s) }
