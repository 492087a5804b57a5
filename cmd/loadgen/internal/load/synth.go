package load

import (
	"fmt"
	"strconv"
	"time"

	"github.com/ecs-conformance/ecs-conformance/emulator"
	"github.com/ecs-conformance/ecs-conformance/emulator/store"
)

// Region is where the synthetic groups live; Account owns them, and the
// emulator's default key signs for it.
const (
	Region  = store.FixtureRegion
	Account = emulator.DefaultAccount
)

// Groups returns n synthetic security groups of Account in Region. The same
// n gives the same groups, so runs compare. Their shape follows real
// accounts rather than the best case of the store: IDs in no particular
// order, a unique name each, a handful of VPCs, resource groups and
// descriptions shared by many, two or three tags from small vocabularies,
// and a few managed groups.
func Groups(n int) []store.Group {
	vpcs := make([]string, 16)
	for i := range vpcs {
		vpcs[i] = fmt.Sprintf("vpc-bp1synth%014d", i)
	}
	rgs := []string{"rg-acfmsynth00001", "rg-acfmsynth00002", "rg-acfmsynth00003", "rg-acfmsynth00004"}
	descriptions := []string{"", "web tier", "database", "bastion hosts", "System created security group.", "batch", "cache", "monitoring"}
	envs := []string{"prod", "test", "dev"}
	teams := []string{"alpha", "beta", "gamma", "delta", "platform", "data", "edge", "core"}
	epoch := time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)

	out := make([]store.Group, n)
	for i := range out {
		// One hash places the ID, another draws the fields, so that the
		// order of IDs says nothing about the fields.
		g := &out[i]
		g.Account, g.Region = Account, Region
		g.ID = syntheticID(i, mix(uint64(i)))
		h := mix(uint64(i) ^ 0x5bd1e9955bd1e995)
		g.Name = "node-" + strconv.Itoa(i)
		g.Description = descriptions[h%uint64(len(descriptions))]
		g.Type = store.TypeNormal
		if (h>>8)%5 == 0 {
			g.Type = store.TypeEnterprise
		}
		if (h>>12)%20 != 0 { // one in twenty is a classic-network group
			g.VpcID = vpcs[(h>>16)%uint64(len(vpcs))]
		}
		g.ResourceGroupID = rgs[(h>>20)%uint64(len(rgs))]
		g.CreationTime = epoch.Add(time.Duration((h>>24)%200_000_000) * time.Second)
		if (h>>52)%50 == 0 {
			g.ServiceManaged, g.ServiceID = true, 12345678910
		}
		g.RuleCount = int32(h >> 32 % 100)
		g.GroupToGroupRuleCount = g.RuleCount / 4
		g.Tags = []store.Tag{{Key: "env", Value: envs[(h>>40)%3]}, {Key: "team", Value: teams[(h>>44)%8]}}
		if (h>>48)%4 == 0 {
			g.Tags = append(g.Tags, store.Tag{Key: "owner", Value: "user-" + strconv.Itoa(int((h>>56)%250))})
		}
	}
	return out
}

const base36 = "0123456789abcdefghijklmnopqrstuvwxyz"

// syntheticID is "sg-bp1" and 17 lowercase letters or digits, like a real
// ID: 12 derived from the hash h, which scatters the order, then i in base
// 36 on 5 digits, which keeps IDs unique up to 36^5 (60 million) groups.
func syntheticID(i int, h uint64) string {
	b := make([]byte, 0, 23)
	b = append(b, "sg-bp1"...)
	for range 12 {
		b = append(b, base36[h%36])
		h /= 36
	}
	var idx [5]byte
	for j := len(idx) - 1; j >= 0; j-- {
		idx[j] = base36[i%36]
		i /= 36
	}
	return string(append(b, idx[:]...))
}

// mix is the splitmix64 finalizer: a cheap, well-spread hash of i.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
