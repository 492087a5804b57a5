package store

// Facts of the default fixture (fixtures/default.json) that fixture specs
// may rely on; TestFixtureFacts keeps each one true and the generator plants
// them. design.md forbids the suites to import the emulator, so a suite
// copies the values it needs from here.
//
// Counts are of DefaultAccount's groups in FixtureRegion.
const (
	// SecondAccount owns a few groups in FixtureRegion and all of
	// FixtureRegionWithoutDefault: DefaultAccount must never see them.
	SecondAccount = "6543210987654321"
	// SecondAccountGroupID is a group of SecondAccount in FixtureRegion,
	// named FixtureNameShort and tagged FixtureTagKey=FixtureTagValue like
	// DefaultAccount's: a filter by its ID, name or tag from DefaultAccount
	// must not return it.
	SecondAccountGroupID = "sg-bp1ozl3m9wq5c2td8hyn"

	// FixtureRegion is where DefaultAccount keeps most of its groups: more
	// than two pages at the largest MaxResults.
	FixtureRegion       = "cn-hangzhou"
	FixtureRegionGroups = 264
	// FixtureRegionWithoutDefault is a served region where DefaultAccount
	// has no group: its answer is an empty list, not InvalidRegionId.NotFound.
	FixtureRegionWithoutDefault = "ap-southeast-1"

	// Names each of which is a prefix of the next, with how many groups
	// carry each exactly: an exact name filter must not match the longer.
	FixtureNameShort      = "web"
	FixtureNameShortCount = 1
	FixtureNameMid        = "web-prod"
	FixtureNameMidCount   = 2
	FixtureNameLong       = "web-prod-1"
	FixtureNameLongCount  = 1
	// FixtureGroupID is the group named FixtureNameShort.
	FixtureGroupID = "sg-bp1g6zv0vk2x4r7owe3d"
	// FixtureVPC holds the FixtureName* groups among others.
	FixtureVPC = "vpc-bp1k7qhsz3nd8yx0fwt2a"
	// FixtureVPCs is how many VPCs hold groups; FixtureClassicGroups have none.
	FixtureVPCs          = 5
	FixtureClassicGroups = 24
	// FixtureResourceGroup is a resource group other than the default one.
	FixtureResourceGroup = "rg-acfmv4s2kq7xbza"

	// FixtureTagKey=FixtureTagValue is carried by many groups; some carry
	// FixtureSameValueTagKey=FixtureTagValue instead or as well, the same
	// value under another key, which a filter on FixtureTagKey must not
	// confuse with it. FixtureEmptyValueTagKey is carried with an empty value.
	FixtureTagKey           = "env"
	FixtureTagValue         = "prod"
	FixtureSameValueTagKey  = "stage"
	FixtureEmptyValueTagKey = "shared"

	// FixtureManagedGroups are ServiceManaged; one has FixtureServiceID,
	// the documentation's example, which exceeds 32 bits.
	FixtureManagedGroups = 8
	FixtureServiceID     = 12345678910

	// Rules: every group has exactly RuleCount rules, GroupToGroupRuleCount
	// of them naming another group of its account, region and network.
	// FixtureRulelessGroupID, in FixtureRulelessRegion, has none.
	FixtureRulelessRegion  = "cn-beijing"
	FixtureRulelessGroupID = "sg-2ze993cgqu8ujnroca2f"
)
