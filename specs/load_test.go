package specs

import (
	"strings"
	"testing"
)

func TestEmbeddedContractSetLoads(t *testing.T) {
	ops := Operations()
	if len(ops) == 0 {
		t.Fatal("the embedded contract set holds no operation")
	}
	for i, op := range ops {
		if i > 0 && ops[i-1].Operation >= op.Operation {
			t.Errorf("operations not sorted by name: %s before %s", ops[i-1].Operation, op.Operation)
		}
		if Lookup(op.Operation) != op {
			t.Errorf("Lookup(%q) does not return the loaded operation", op.Operation)
		}
		if op.Version != "2014-05-26" || op.ErrorEnvelope.Name == "" || len(op.CommonParameters) == 0 {
			t.Errorf("%s: version %s, envelope %q, %d common parameters: the shared file was not merged", op.Operation, op.Version, op.ErrorEnvelope.Name, len(op.CommonParameters))
		}
	}
	if Lookup("NoSuchAction") != nil {
		t.Error("Lookup of an unknown action returned a contract")
	}
}

func TestSharedPartsAreExpandedPerOperation(t *testing.T) {
	for _, op := range Operations() {
		e := op.Error("SignatureDoesNotMatch")
		if e == nil || !e.Shared {
			t.Fatalf("%s: the shared SignatureDoesNotMatch is missing or not marked shared", op.Operation)
		}
		if want := op.Operation + ".auth.signature-verified"; e.Behaviour != want || op.Behaviour(want) == nil {
			t.Errorf("%s: SignatureDoesNotMatch states behaviour %q; want %q, defined", op.Operation, e.Behaviour, want)
		}
		for _, b := range op.Behaviours {
			if b.Shared && (strings.Contains(b.ID, "{operation}") || strings.Contains(b.Must, "{operation}")) {
				t.Errorf("%s: behaviour %q keeps the placeholder", op.Operation, b.ID)
			}
		}
	}
}
