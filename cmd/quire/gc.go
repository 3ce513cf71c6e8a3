package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// gcHeadroom is the memory a build may fill before the garbage collector
// first runs. A build of the benchmark article allocates about 60 MiB in
// all: collecting it as it goes (GOGC=100, the default, starts at 4 MiB)
// costs a third of its CPU time, and the process exits a moment later
// anyway. A 1000-page book keeps 40 to 65 MiB live while it is laid out
// (more with a formula in every paragraph): with 96 MiB the limit made
// the collector run twice within a tenth of a second, the second time at
// 70 MiB with 60 live, and while it marks every pointer the layout writes
// pays a write barrier. With 128 MiB the builds of 1000 pages collect
// fewer times (3 instead of 4; 1 for the text-only one) at a peak no
// higher (about 140 MiB, against 145 to 170 with 96).
const gcHeadroom = 128 << 20

// tuneGC sets the collector for a short build: off until the heap reaches
// limit (a memory limit, so it does run then), and back to the default
// (GOGC=100, no limit) as soon as a collection finds more than half of the
// limit live, so that a long document's peak memory stays what it was
// and the collector does not run over and over near the limit. Memory
// stays bounded either way, which quire watch, running for hours, needs.
// An explicit GOGC or GOMEMLIMIT in the environment is left alone.
func tuneGC(limit int64) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(limit)
	debug.SetGCPercent(-1)
	watchLive(limit / 2)
}

// watchLive checks, after each collection, the heap found live, and gives
// the collector back its default setting once it is above max.
func watchLive(max int64) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var arm func()
	arm = func() {
		sentinel := new([16]byte) // big enough not to be a tiny-allocator block
		runtime.SetFinalizer(sentinel, func(*[16]byte) {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() > uint64(max) {
				debug.SetGCPercent(100)
				debug.SetMemoryLimit(math.MaxInt64)
				return
			}
			arm()
		})
	}
	arm()
}
