package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const wrkOutput = `Running 10s test @ http://127.0.0.1:41234/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.10ms    1.00ms  20.00ms   90.00%
    Req/Sec     7.50k   500.00     8.00k    70.00%
  150000 requests in 10.00s, 700.00MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 7
Requests/sec:  15000.00
Transfer/sec:     70.00MB
presigned: thread 1 loaded 100000 requests, exhausted 0 times
presigned: thread 2 loaded 100000 requests, exhausted 1 times
`

func TestParseWrk(t *testing.T) {
	r := WrkResult{Output: wrkOutput}
	if err := parseWrk(&r); err != nil {
		t.Fatal(err)
	}
	if r.Requests != 150000-7 || r.Errors != 10 || r.Elapsed != 10*time.Second || r.Exhausted != 1 || r.NonOK != 7 {
		t.Errorf("parsed %+v", r.Result)
	}
	if !strings.Contains(r.FirstError, "Non-2xx") {
		t.Errorf("FirstError %q", r.FirstError)
	}
	if err := parseWrk(&WrkResult{Output: "wrk: nothing"}); err == nil {
		t.Error("output without a count parsed")
	}
}

func TestWriteWrkRequests(t *testing.T) {
	prefix := filepath.Join(t.TempDir(), "reqs")
	reqs := [][]byte{[]byte("a\r\n"), []byte("bb\n"), []byte("ccc")}
	if err := WriteWrkRequests(prefix, reqs, 2); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{".1": "3\na\r\n3\nccc", ".2": "3\nbb\n"} {
		got, err := os.ReadFile(prefix + file)
		if err != nil || string(got) != want {
			t.Errorf("%s: %q (%v), want %q", file, got, err, want)
		}
	}
}

func TestCallgrindTotal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "callgrind.out.1")
	os.WriteFile(path, []byte("version: 1\ncmd: x\nevents: Ir\nfl=(1) a.go\nfn=(1) f\n1 10\nsummary: 123456\ntotals: 123456\n"), 0o600)
	if got, err := callgrindTotal(path); err != nil || got != 123456 {
		t.Fatalf("total %d, %v", got, err)
	}
}
