//go:build unix

package emulator

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user and system) this process has used. On a
// shared machine a benchmark's ns/op is wall-clock and counts the time other
// processes held the cores; cpu-ns/op, from this, does not.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
