package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"quire/internal/build"
	"quire/internal/testenv"
)

// syncBuf is a bytes.Buffer safe for the watcher goroutine and the test.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestWatchRebuildsOnChange(t *testing.T) {
	dir := t.TempDir()
	md := filepath.Join(dir, "paper.md")
	os.WriteFile(md, []byte("# One\n\nFirst version.\n"), 0o644)
	out := filepath.Join(t.TempDir(), "out.pdf")
	var stdout, stderr syncBuf
	stop := make(chan struct{})
	done := make(chan int)
	go func() { done <- watch(build.Options{Path: dir, Out: out}, &stdout, &stderr, stop) }()
	waitFor := func(n int) {
		deadline := time.Now().Add(20 * time.Second)
		for strings.Count(stdout.String(), "pages") < n {
			if time.Now().After(deadline) {
				t.Fatalf("no build %d:\nstdout %s\nstderr %s", n, stdout.String(), stderr.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor(1)
	first, _ := os.ReadFile(out)
	for !strings.Contains(stderr.String(), "watching") {
		time.Sleep(10 * time.Millisecond)
	}
	os.WriteFile(md, []byte("# Two\n\nSecond version, a little longer.\n"), 0o644)
	waitFor(2)
	second, _ := os.ReadFile(out)
	if bytes.Equal(first, second) {
		t.Fatal("the rebuilt PDF did not change")
	}
	// A broken edit keeps the last good PDF.
	os.WriteFile(md, []byte("---\ntitle: [unclosed\n---\n\nText.\n"), 0o644)
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(stderr.String(), "last good PDF is kept") {
		if time.Now().After(deadline) {
			t.Fatalf("no failed rebuild:\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if now, _ := os.ReadFile(out); !bytes.Equal(now, second) {
		t.Fatal("a failed rebuild changed the PDF")
	}
	close(stop)
	if code := <-done; code != 0 {
		t.Fatalf("watch exited %d", code)
	}
}

// slowManuscript writes a manuscript that takes a while to build: many
// paragraphs, each a checkpoint for cancellation.
func slowManuscript(t *testing.T, dir string, n int, tag string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("# Slow " + tag + "\n\n")
	words := strings.Fields("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua")
	for i := range n {
		// Every paragraph carries the tag, so that an edit (a new tag)
		// changes them all: a rebuild can reuse nothing of the last
		// build (quire watch keeps line breaks, fonts and streams) and
		// stays as slow as a first build.
		b.WriteString(tag + " ")
		for j := range 80 {
			b.WriteString(words[(i*7+j*3)%len(words)])
			b.WriteByte(' ')
		}
		b.WriteString("\n\n")
	}
	// Written beside and renamed, as editors save, so that a build never
	// reads half a file.
	tmp := filepath.Join(dir, ".paper.md.tmp")
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "paper.md")); err != nil {
		t.Fatal(err)
	}
}

// startWatch runs watch in the background and returns its stop function,
// which closes stop and reports how long watch took to return.
func startWatch(t *testing.T, opt build.Options, stdout, stderr io.Writer) func() time.Duration {
	t.Helper()
	stop := make(chan struct{})
	done := make(chan int, 1)
	go func() { done <- watch(opt, stdout, stderr, stop) }()
	var once sync.Once
	var took time.Duration
	halt := func() time.Duration {
		once.Do(func() {
			start := time.Now()
			close(stop)
			select {
			case code := <-done:
				took = time.Since(start)
				if code != 0 {
					t.Errorf("watch exited %d", code)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("watch did not stop")
			}
		})
		return took
	}
	t.Cleanup(func() { halt() })
	return halt
}

func waitFor(t *testing.T, what string, cond func() bool, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", limit, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// settledGoroutines waits for the goroutine count to come down to at most
// limit and returns it.
func settledGoroutines(limit int, wait time.Duration) int {
	deadline := time.Now().Add(wait)
	n := runtime.NumGoroutine()
	for n > limit && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	return n
}

// idle fails the test if the process uses more than a little CPU over the
// next second: a build that was stopped must not go on working.
func idle(t *testing.T, what string) {
	t.Helper()
	if testenv.Race {
		// Under the race detector the process goes on working for a
		// while after the stopped build's goroutines have ended (in 1
		// run of 20, 0.4 to 0.5 s of CPU time in the second after
		// Ctrl-C, with no build left): the second is measured after
		// that. A build still running uses its CPU in any second.
		time.Sleep(time.Second)
	}
	cpu0 := cpuTime()
	time.Sleep(time.Second)
	if used := cpuTime() - cpu0; used > 150*time.Millisecond {
		t.Errorf("%v of CPU used in the second after %s: a build is still running", used, what)
	}
}

// TestWatchCtrlCDuringBuild: stopping the watcher while a build runs
// returns within a second, leaves the previous PDF and no temporary file,
// and the cancelled build stops working at once.
func TestWatchCtrlCDuringBuild(t *testing.T) {
	base := runtime.NumGoroutine()
	dir := t.TempDir()
	slowManuscript(t, dir, 10000, "one")
	outDir := t.TempDir()
	out := filepath.Join(outDir, "paper.pdf")
	os.WriteFile(out, previous, 0o644)
	var stdout, stderr syncBuf
	halt := startWatch(t, build.Options{Path: dir, Out: out}, &stdout, &stderr)
	waitFor(t, "the watcher to start", func() bool { return strings.Contains(stderr.String(), "watching") }, 10*time.Second)
	time.Sleep(100 * time.Millisecond) // the build is under way (a build of this manuscript takes about a second)
	if strings.Contains(stdout.String(), "pages") {
		t.Skip("the build finished before it could be interrupted")
	}
	if took := halt(); took > time.Second {
		t.Errorf("watch took %v to stop during a build", took)
	}
	if n := settledGoroutines(base+1, 2*time.Second); n > base+1 { // 2 s: parts set on other goroutines notice the cancel at their next check, late on a loaded machine
		t.Errorf("%d goroutines left after the watcher stopped (%d before): the build goes on", n, base)
	}
	idle(t, "Ctrl-C")
	if b, _ := os.ReadFile(out); !bytes.Equal(b, previous) {
		t.Error("an interrupted build changed the PDF")
	}
	if ents, _ := os.ReadDir(outDir); len(ents) != 1 {
		t.Errorf("files left beside the output: %v", ents)
	}
}

// TestWatchTimeoutEdits: with --timeout far shorter than the build, six
// edits in a row never pile builds up: one runs at a time, each stops when
// its time is up, and once the edits end nothing is left running
// (goroutines and CPU).
func TestWatchTimeoutEdits(t *testing.T) {
	base := runtime.NumGoroutine()
	dir := t.TempDir()
	slowManuscript(t, dir, 3000, "zero")
	out := filepath.Join(t.TempDir(), "paper.pdf")
	os.WriteFile(out, previous, 0o644)
	var stdout, stderr syncBuf
	const timeout = 50 * time.Millisecond // a rebuild of the 500-page document takes 300 ms or more, idle
	halt := startWatch(t, build.Options{Path: dir, Out: out, Timeout: timeout}, &stdout, &stderr)
	waitFor(t, "the watcher to start", func() bool { return strings.Contains(stderr.String(), "watching") }, 10*time.Second)
	peak := 0
	for i := range 6 {
		slowManuscript(t, dir, 3000, fmt.Sprint(i))
		for range 20 {
			peak = max(peak, runtime.NumGoroutine())
			time.Sleep(20 * time.Millisecond)
		}
	}
	// The last edit's build starts after the debounce and stops after the
	// timeout; Run gives it a second's grace at most.
	time.Sleep(debounce + timeout + 200*time.Millisecond)
	// The watcher itself holds a few goroutines (fsnotify, its loop);
	// a build two or three more. A pile-up holds many more.
	if peak > base+10 {
		t.Errorf("up to %d goroutines during the edits (%d before): builds pile up", peak, base)
	}
	n := settledGoroutines(base+6, 500*time.Millisecond)
	if n > base+6 {
		t.Errorf("%d goroutines after the last timeout (%d before): builds are still running", n, base)
	}
	idle(t, "the last timeout")
	timeouts := strings.Count(stderr.String(), "(--timeout)")
	t.Logf("peak %d goroutines, %d after, %d before; %d timeouts reported", peak, n, base, timeouts)
	if timeouts < 1 {
		t.Errorf("no build timed out; the edits should have started several:\n%s", stderr.String())
	}
	halt()
	if n := settledGoroutines(base+1, 2*time.Second); n > base+1 {
		t.Errorf("%d goroutines left after the watcher stopped (%d before)", n, base)
	}
	if b, _ := os.ReadFile(out); !bytes.Equal(b, previous) {
		t.Error("a timed-out build changed the PDF")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestWatchFolderRenamedAndRecreated: the manuscript folder renamed away,
// or deleted, is reported; recreated, it is watched and built again.
func TestWatchFolderRenamedAndRecreated(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "ms")
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "paper.md"), []byte("# One\n\nFirst.\n"), 0o644)
	out := filepath.Join(root, "out", "paper.pdf")
	var stdout, stderr syncBuf
	startWatch(t, build.Options{Path: dir, Out: out}, &stdout, &stderr)
	builds := func(n int) func() bool {
		return func() bool { return strings.Count(stdout.String(), "pages") >= n }
	}
	waitFor(t, "the first build", builds(1), 20*time.Second)
	waitFor(t, "the watcher to start", func() bool { return strings.Contains(stderr.String(), "watching") }, 10*time.Second)

	// Renamed away, as a "git stash" or a move does.
	if err := os.Rename(dir, dir+".old"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the rename to be reported", func() bool { return strings.Contains(stderr.String(), "removed or renamed") }, 10*time.Second)
	// An edit in the moved folder is not the manuscript any more.
	os.WriteFile(filepath.Join(dir+".old", "paper.md"), []byte("# Moved away\n"), 0o644)
	time.Sleep(2*debounce + 500*time.Millisecond) // time enough for a wrong build to show
	if strings.Count(stdout.String(), "pages") != 1 {
		t.Errorf("the folder moved away was built:\n%s", stdout.String())
	}
	// Recreated: watched and built again.
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "paper.md"), []byte("# Two\n\nBack again.\n"), 0o644)
	waitFor(t, "the recreated folder to be built", builds(2), 20*time.Second)
	if !strings.Contains(stderr.String(), "is back") {
		t.Errorf("the return is not reported:\n%s", stderr.String())
	}
	// And edits in it are seen.
	os.WriteFile(filepath.Join(dir, "paper.md"), []byte("# Three\n\nEdited.\n"), 0o644)
	waitFor(t, "an edit in the recreated folder", builds(3), 20*time.Second)

	// Deleted outright, then recreated.
	os.RemoveAll(dir)
	waitFor(t, "the deletion to be reported", func() bool { return strings.Count(stderr.String(), "removed or renamed") >= 2 }, 10*time.Second)
	os.Mkdir(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "paper.md"), []byte("# Four\n\nRecreated.\n"), 0o644)
	waitFor(t, "the folder recreated after deletion to be built", builds(4), 20*time.Second)
}

// TestWatchSurvivesBounds: a build stopped by a resource bound is a failed
// build like any other; the watcher goes on and builds the next edit.
func TestWatchSurvivesBounds(t *testing.T) {
	dir := t.TempDir()
	md := filepath.Join(dir, "paper.md")
	os.WriteFile(md, []byte("# Fine\n"), 0o644)
	out := filepath.Join(t.TempDir(), "paper.pdf")
	var stdout, stderr syncBuf
	startWatch(t, build.Options{Path: dir, Out: out}, &stdout, &stderr)
	waitFor(t, "the first build", func() bool { return strings.Count(stdout.String(), "pages") >= 1 }, 20*time.Second)
	good, _ := os.ReadFile(out)
	os.WriteFile(filepath.Join(dir, "data.csv"), []byte("year,n\n1930,1\n1931,2\n"), 0o644)
	os.WriteFile(md, []byte("Text.\n\n```chart\nid: c\ntype: bar\ndata: data.csv\nx: year\ny: n\nbin: year\nrange: [0, 1e9]\n```\n"), 0o644)
	waitFor(t, "the failed build", func() bool { return strings.Contains(stderr.String(), "last good PDF is kept") }, 20*time.Second)
	if b, _ := os.ReadFile(out); !bytes.Equal(b, good) {
		t.Error("a failed build changed the PDF")
	}
	os.WriteFile(md, []byte("# Fine again\n"), 0o644)
	waitFor(t, "the build after the failure", func() bool { return strings.Count(stdout.String(), "pages") >= 2 }, 20*time.Second)
}
