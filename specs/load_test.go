package specs

import (
	"testing"
)

func TestEmbeddedContractLoads(t *testing.T) {
	data, err := files.ReadFile(DescribeSecurityGroupsFile)
	if err != nil {
		t.Fatal(err)
	}
	op, err := Parse(DescribeSecurityGroupsFile, data)
	if err != nil {
		t.Fatalf("the embedded contract does not load:\n%v", err)
	}
	if op.Operation != "DescribeSecurityGroups" || op.Version != "2014-05-26" {
		t.Fatalf("loaded %s %s", op.Operation, op.Version)
	}
}
