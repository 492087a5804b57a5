package load

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// WrkConfig is one run of wrk with cmd/loadgen/wrk/presigned.lua.
type WrkConfig struct {
	Path     string // the wrk binary; "wrk" when empty
	Script   string // presigned.lua
	Threads  int
	Conns    int
	Duration time.Duration
}

// WriteWrkRequests writes reqs for presigned.lua: one file per wrk thread,
// prefix.1 ... prefix.N, the requests dealt round-robin so that no two
// threads send the same one, each as "LENGTH\n" and the request's bytes.
func WriteWrkRequests(prefix string, reqs [][]byte, threads int) error {
	for t := range threads {
		f, err := os.Create(prefix + "." + strconv.Itoa(t+1))
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		for i := t; i < len(reqs); i += threads {
			w.WriteString(strconv.Itoa(len(reqs[i])))
			w.WriteByte('\n')
			w.Write(reqs[i])
		}
		err = w.Flush()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// WrkResult is what wrk and presigned.lua printed.
type WrkResult struct {
	Result
	NonOK     int // "Non-2xx or 3xx responses"
	Exhausted int // times a thread started its requests over
	Output    string
}

var (
	wrkRequests  = regexp.MustCompile(`(\d+) requests in ([0-9.]+)(us|ms|s|m)`)
	wrkNonOK     = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkSocket    = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
	wrkExhausted = regexp.MustCompile(`exhausted (\d+) times`)
)

// RunWrk runs wrk against url with the requests written by WriteWrkRequests
// under prefix, and parses its summary.
func RunWrk(ctx context.Context, cfg WrkConfig, url, prefix string) (WrkResult, error) {
	path := cfg.Path
	if path == "" {
		path = "wrk"
	}
	// wrk stops itself after -d; the context bounds it all the same.
	ctx, cancel := context.WithTimeout(ctx, cfg.Duration+time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "-t", strconv.Itoa(cfg.Threads), "-c", strconv.Itoa(cfg.Conns),
		"-d", strconv.Itoa(int(cfg.Duration.Seconds()))+"s", "--timeout", "10s",
		"-s", cfg.Script, url, "--", prefix)
	out, err := cmd.CombinedOutput()
	res := WrkResult{Output: string(out)}
	if err != nil {
		return res, fmt.Errorf("load: wrk: %v: %s", err, out)
	}
	return res, parseWrk(&res)
}

func parseWrk(res *WrkResult) error {
	m := wrkRequests.FindStringSubmatch(res.Output)
	if m == nil {
		return fmt.Errorf("load: no request count in wrk's output:\n%s", res.Output)
	}
	res.Requests, _ = strconv.Atoi(m[1])
	v, _ := strconv.ParseFloat(m[2], 64)
	unit := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second, "m": time.Minute}[m[3]]
	res.Elapsed = time.Duration(v * float64(unit))
	if m := wrkNonOK.FindStringSubmatch(res.Output); m != nil {
		res.NonOK, _ = strconv.Atoi(m[1])
	}
	if m := wrkSocket.FindStringSubmatch(res.Output); m != nil {
		for _, s := range m[1:] {
			n, _ := strconv.Atoi(s)
			res.Errors += n
		}
	}
	for _, m := range wrkExhausted.FindAllStringSubmatch(res.Output, -1) {
		n, _ := strconv.Atoi(m[1])
		res.Exhausted += n
	}
	// wrk counts non-2xx answers among its requests; they are failures here.
	res.Errors += res.NonOK
	res.Requests -= res.NonOK
	if res.Errors > 0 {
		res.FirstError = strings.TrimSpace(strings.Join(append(wrkNonOK.FindAllString(res.Output, 1), wrkSocket.FindAllString(res.Output, 1)...), "; "))
	}
	return nil
}
