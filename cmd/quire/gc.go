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
// anyway. A collection costs what it finds live, not what it frees: one
// in the middle of a long document's layout found 79 MiB live of 107 (a
// 1000-page book with a formula in every paragraph, whose loading and
// layout allocate some 115 MiB) and took 61 ms of CPU time, against 15
// for its text-only twin, which reached the limit while its PDF was
// written, with 34 MiB live. So the limit leaves room for such a layout
// (160 MiB), and the build collects once where least is live for what it
// has allocated, between layout and writing (collectAfterLayout): the
// pages are live then, the document model and the layout's scratch are
// not. The same book then collects once, at 65 MiB live (29 ms), its
// peak no higher (150 MiB against 155); the text-only book once, as
// before (36 MiB live, peak 116 MiB against 131), and the 1000-page book
// of the benchmark once instead of twice (39 MiB live, its peak 148 MiB
// against 138). A document too long for the headroom collects in its
// layout as before, then at the boundary.
const gcHeadroom = 160 << 20

// gcTuned says tuneGC set the collector (no GOGC or GOMEMLIMIT given).
var gcTuned bool

// collectAfterLayout is build.Options.AfterLayout for quire build: a
// collection, once the document is laid out, if the collector is tuneGC's
// and the heap holds more than a third of the headroom (a short
// document's build ends without one).
func collectAfterLayout() { collectAbove(gcHeadroom / 3) }

// collectAbove collects if tuneGC set the collector and the heap's
// objects take more than min bytes.
func collectAbove(min uint64) {
	if !gcTuned {
		return
	}
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 && s[0].Value.Uint64() > min {
		runtime.GC()
	}
}

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
	gcTuned = true
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
