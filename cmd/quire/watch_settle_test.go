package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"quire/internal/build"
)

// TestWatchSaveInTwoSteps: an editor that saves by truncating the file and
// then writing it (or renames it away a moment) gives the watcher a
// manuscript that is, for a moment, empty. The build that catches that
// moment fails, but the write that follows cancels it before it reports:
// no error is printed, and the PDF that follows is the new content's.
// A manuscript that stays empty is reported (after settle).
func TestWatchSaveInTwoSteps(t *testing.T) {
	dir := t.TempDir()
	md := filepath.Join(dir, "paper.md")
	if err := os.WriteFile(md, []byte("# One\n\nFirst version.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out.pdf")
	var stdout, stderr syncBuf
	halt := startWatch(t, build.Options{Path: dir, Out: out}, &stdout, &stderr)
	builds := func(n int) func() bool {
		return func() bool { return strings.Count(stdout.String(), "pages") >= n }
	}
	waitFor(t, "the first build", builds(1), 20*time.Second)
	waitFor(t, "the watcher to start", func() bool { return strings.Contains(stderr.String(), "watching") }, 10*time.Second)
	for i := 0; i < 3; i++ {
		if err := os.WriteFile(md, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		time.Sleep(debounce + 5*time.Millisecond) // the empty file's build is under way, or has failed
		if err := os.WriteFile(md, []byte("# Two\n\nSecond version, number "+string(rune('1'+i))+".\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the build of the new content", builds(2+i), 20*time.Second)
	}
	if s := stderr.String(); strings.Contains(s, "failed") || strings.Contains(s, "empty") {
		t.Errorf("a save caught half-way was reported:\n%s", s)
	}
	if err := os.WriteFile(md, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the empty manuscript to be reported", func() bool { return strings.Contains(stderr.String(), "last good PDF is kept") }, 20*time.Second)
	if !strings.Contains(stderr.String(), "empty") {
		t.Errorf("the report does not say the manuscript is empty:\n%s", stderr.String())
	}
	halt()
}
