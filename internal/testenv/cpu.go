package testenv

import (
	"syscall"
	"time"
)

// CPUTime returns the CPU time (user + system) the test process has used so
// far. Bounds on how long a computation may take are judged on the
// difference of two readings, not on wall time, so that a busy machine
// (other builds, other test binaries on the same cores) does not fail them.
func CPUTime() time.Duration {
	var r syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &r); err != nil {
		return 0
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
