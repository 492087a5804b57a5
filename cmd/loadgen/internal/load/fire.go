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
	return fanOut(len(reqs), concurrency, deadline, func() (func(i int) (int, error), func()) {
		send := func(i int) (int, error) {
			resp, err := hc.Do(reqs[i])
			if err != nil {
				return 0, err
			}
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return resp.StatusCode, err
		}
		return send, func() {}
	})
}

// fanOut sends requests 0..n-1, each once, from workers goroutines, until
// they are all sent or deadline passes, and counts the answers: 200 is a
// success, anything else an error, the first of which is kept. Each worker
// gets its own sender from newWorker (a raw driver keeps a connection per
// worker) and calls its done when it stops. Shared by both drivers, so
// they count and stop alike.
func fanOut(n, workers int, deadline time.Time, newWorker func() (send func(i int) (status int, err error), done func())) Result {
	var (
		next     atomic.Int64
		ok, bad  atomic.Int64
		firstErr sync.Once
		errText  string
		wg       sync.WaitGroup
	)
	start := time.Now()
	for range max(workers, 1) {
		wg.Go(func() {
			send, done := newWorker()
			defer done()
			for {
				i := next.Add(1) - 1
				if i >= int64(n) || time.Now().After(deadline) {
					return
				}
				status, err := send(int(i))
				switch {
				case err != nil:
				case status != http.StatusOK:
					err = fmt.Errorf("HTTP %d", status)
				default:
					ok.Add(1)
					continue
				}
				bad.Add(1)
				firstErr.Do(func() { errText = err.Error() })
			}
		})
	}
	wg.Wait()
	return Result{Requests: int(ok.Load()), Errors: int(bad.Load()), Elapsed: time.Since(start), FirstError: errText}
}
