package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"quire/internal/build"
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
