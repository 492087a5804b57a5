package load

import (
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Result is the outcome of one Fire.
type Result struct {
	Requests int           // answered with 200
	Errors   int           // transport errors and other statuses
	Elapsed  time.Duration // from the first send to the last answer
	// FirstError describes the first failure, for the report.
	FirstError string
}

// RPS is the rate of successful requests.
func (r Result) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// Fire sends reqs with concurrency workers over hc, each request once, and
// stops early at deadline. Only sending and reading answers is timed.
func Fire(hc *http.Client, reqs []*http.Request, concurrency int, deadline time.Time) Result {
	var (
		next     atomic.Int64
		ok, bad  atomic.Int64
		firstErr sync.Once
		errText  string
		wg       sync.WaitGroup
	)
	fail := func(s string) {
		bad.Add(1)
		firstErr.Do(func() { errText = s })
	}
	start := time.Now()
	for range max(concurrency, 1) {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(len(reqs)) || time.Now().After(deadline) {
					return
				}
				resp, err := hc.Do(reqs[i])
				if err != nil {
					fail(err.Error())
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				switch {
				case err != nil:
					fail(err.Error())
				case resp.StatusCode != http.StatusOK:
					fail(fmt.Sprintf("HTTP %d", resp.StatusCode))
				default:
					ok.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return Result{Requests: int(ok.Load()), Errors: int(bad.Load()), Elapsed: time.Since(start), FirstError: errText}
}
