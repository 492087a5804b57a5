package clients_test

import (
	"net"
	"os"
	"testing"
)

// TestNetworkIsNamespaced checks, when make test-clients runs the tests in
// a network namespace of their own (CLIENTS_NETNS=1), that nothing but
// loopback exists there: every recording and playback of this run reached
// no network, and the playbacks ran with their upstream stopped.
func TestNetworkIsNamespaced(t *testing.T) {
	if os.Getenv("CLIENTS_NETNS") != "1" {
		t.Skip("not run in a network namespace (make test-clients does that where unshare -n works)")
	}
	ifaces, err := net.Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range ifaces {
		if i.Flags&net.FlagLoopback == 0 && i.Flags&net.FlagUp != 0 {
			t.Errorf("interface %s is up in the test's network namespace", i.Name)
		}
	}
	if len(ifaces) == 0 {
		t.Error("no interface at all: loopback must be up for the emulator, the proxy and the replay server")
	}
}
