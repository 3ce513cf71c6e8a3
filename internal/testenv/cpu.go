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

// Limit returns d, a bound on the CPU time a computation may take, scaled
// for the build: as it is in a normal build, 20 times longer under the race
// detector, which slows code that much (a race build still fails a test
// that takes longer than that, so a blow-up is caught under -race too).
// Only bounds that guard against a slow path belong here, not ones that
// compare two timings of the same build.
func Limit(d time.Duration) time.Duration {
	return d * raceSlowdown
}
