package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// TestTuneGC: the collector is off until the heap reaches the headroom,
// then back to GOGC=100 without a limit once a collection finds more than
// half of it live; an explicit GOGC is left alone.
func TestTuneGC(t *testing.T) {
	defer func(v bool) { gcTuned = v }(gcTuned) // the other tests' builds do not collect after layout
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))

	t.Setenv("GOGC", "150")
	debug.SetGCPercent(150)
	tuneGC(64 << 20)
	if got := debug.SetGCPercent(150); got != 150 {
		t.Fatalf("GOGC=150 in the environment: GC percent %d after tuneGC", got)
	}
	t.Setenv("GOGC", "")

	// The test binary's own data is live already.
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	base := int64(sample[0].Value.Uint64())
	limit := 2*base + 32<<20 // half of it is base + 16 MiB
	tuneGC(limit)
	if got := debug.SetMemoryLimit(-1); got != limit { // -1 only reads it
		t.Errorf("memory limit %d, want %d", got, limit)
	}
	if got := percent(); got != -1 {
		t.Fatalf("GC percent %d after tuneGC, want -1 (off)", got)
	}
	// A small live heap keeps the collector off across collections.
	for range 3 {
		runtime.GC()
	}
	time.Sleep(10 * time.Millisecond) // the finalizer goroutine
	if got := percent(); got != -1 {
		t.Fatalf("GC percent %d with a small live heap, want -1 (off)", got)
	}
	// More than half the limit live: the default comes back.
	live := make([][]byte, 0, 64)
	for range 24 {
		live = append(live, make([]byte, 1<<20)) // 24 MiB more
	}
	deadline := time.Now().Add(5 * time.Second)
	for percent() != 100 {
		if time.Now().After(deadline) {
			t.Fatalf("GC percent %d with 24 MiB more live than half the headroom, want 100", percent())
		}
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("memory limit %d once the default is back, want none", got)
	}
	runtime.KeepAlive(live)
}

// percent returns the GC percent without changing it: read from
// runtime/metrics, since setting and restoring it would race with the
// finalizer that gives the default back (and could undo it).
func percent() int {
	sample := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(sample)
	p := int(sample[0].Value.Uint64())
	if sample[0].Value.Uint64() == math.MaxUint64 || p < 0 {
		return -1
	}
	return p
}

// TestCollectAfterLayout: once the document is laid out, quire build
// collects if the heap holds more than a third of the headroom, not
// otherwise, and not when GOGC or GOMEMLIMIT set the collector. (Forced
// collections are counted: the other tests' may run meanwhile.)
func TestCollectAfterLayout(t *testing.T) {
	defer func(v bool) { gcTuned = v }(gcTuned)
	forced := func() uint64 {
		s := []metrics.Sample{{Name: "/gc/cycles/forced:gc-cycles"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	heap := func() uint64 {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	gcTuned = true
	n := forced()
	collectAbove(heap() + 1<<30)
	if forced() != n {
		t.Errorf("a heap below the bound collected")
	}
	n = forced()
	collectAbove(heap() / 2)
	if forced() == n {
		t.Errorf("a heap above the bound did not collect")
	}
	gcTuned = false
	n = forced()
	collectAbove(0)
	if forced() != n {
		t.Errorf("the environment's collector was overruled")
	}
	if gcHeadroom/3 < 32<<20 || gcHeadroom/3 > gcHeadroom/2 {
		t.Errorf("collectAfterLayout's bound %d MiB: a short document's build collects, or one under the limit's own does not", gcHeadroom/3>>20)
	}
}
