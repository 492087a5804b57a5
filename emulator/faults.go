package emulator

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"
)

// faultState holds the faults in force and their PRNG, behind a mutex so
// that concurrent requests draw one number each from a single sequence.
type faultState struct {
	mu  sync.Mutex
	cfg Faults
	rng *rand.Rand
}

func newFaultState(f Faults) *faultState {
	s := &faultState{}
	s.set(f)
	return s
}

// set replaces the faults and restarts the sequence from f.Seed.
func (s *faultState) set(f Faults) {
	s.mu.Lock()
	s.cfg = f
	s.rng = rand.New(rand.NewPCG(uint64(f.Seed), uint64(f.Seed)^0x9e3779b97f4a7c15))
	s.mu.Unlock()
}

func (s *faultState) get() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg
}

// draw decides the fault of one request: a code ("" for none) and the
// latency to wait first. Nothing is drawn while every rate is zero, so
// turning faults on starts the sequence at its beginning.
func (s *faultState) draw() (Code, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.cfg
	if f.Throttle == 0 && f.InternalError == 0 && f.Unavailable == 0 {
		return "", f.Latency
	}
	x := s.rng.Float64()
	switch {
	case x < f.Throttle:
		return CodeThrottling, f.Latency
	case x < f.Throttle+f.InternalError:
		return CodeInternalError, f.Latency
	case x < f.Throttle+f.InternalError+f.Unavailable:
		return CodeServiceUnavailable, f.Latency
	}
	return "", f.Latency
}

// sleep waits d or until ctx is done, whichever comes first.
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// rateLimitHeader is the value of x-ratelimit-user-api and x-ratelimit-user
// on Throttling.User: one request allowed, none left, retry in 2 s. The SDKs
// read TimeLeft (milliseconds) as the delay before a retry.
func rateLimitHeader(now time.Time) string {
	reset := now.Add(2 * time.Second).Unix()
	return "Limit:1,Remain:0,TimeLeft:2000,Reset:" + strconv.FormatInt(reset, 10)
}
