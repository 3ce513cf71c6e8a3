package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"quire/internal/build"
)

// TestWatchRebuildIsCleanBuild: after a one-word edit, the PDF quire
// watch writes (a rebuild in a process that keeps fonts, styles and
// whatever else it has cached) is byte for byte the PDF a fresh quire
// build writes from the same sources. The repository's manuscript is used:
// bibliography, charts from data, footnotes, cross-references.
func TestWatchRebuildIsCleanBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "manuscript")
	if err := copyFolder(filepath.Join("..", "..", "manuscript"), dir); err != nil {
		t.Fatal(err)
	}
	paper := filepath.Join(dir, "paper.md")
	orig, err := os.ReadFile(paper)
	if err != nil {
		t.Fatal(err)
	}
	// A word of the body (after the front matter), edited in place.
	body := bytes.Index(orig[3:], []byte("\n---\n")) + 8
	at := bytes.Index(orig[body:], []byte(" the "))
	if body < 8 || at < 0 {
		t.Fatal("no front matter, or no \" the \" in the body of manuscript/paper.md")
	}
	edited := bytes.Clone(orig)
	copy(edited[body+at:], " thy ")

	outDir := t.TempDir()
	out := filepath.Join(outDir, "paper.pdf")
	var stdout, stderr syncBuf
	halt := startWatch(t, build.Options{Path: dir, Out: out}, &stdout, &stderr)
	builds := func(n int) func() bool {
		return func() bool { return strings.Count(stdout.String(), "pages") >= n }
	}
	waitFor(t, "the first build", builds(1), 60*time.Second)
	waitFor(t, "the watcher to start", func() bool { return strings.Contains(stderr.String(), "watching") }, 10*time.Second)
	first, _ := os.ReadFile(out)
	tmp := filepath.Join(dir, ".paper.md.swp")
	if err := os.WriteFile(tmp, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, paper); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the rebuild after the edit", builds(2), 60*time.Second)
	halt()
	rebuilt, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(first, rebuilt) {
		t.Fatal("the edit did not change the PDF")
	}

	clean := filepath.Join(outDir, "clean.pdf")
	cmd, cerr := quire(t, "build", dir, "-o", clean)
	if code := wait(t, cmd, 60*time.Second); code != 0 {
		t.Fatalf("quire build exited %d:\n%s", code, cerr.String())
	}
	want, err := os.ReadFile(clean)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(rebuilt, want) {
		t.Errorf("the PDF rebuilt by quire watch (%d bytes) differs from a clean build of the same sources (%d bytes)", len(rebuilt), len(want))
	}
	if strings.Contains(stderr.String(), "error:") {
		t.Errorf("diagnostics:\n%s", stderr.String())
	}
}

// copyFolder copies the regular files of the tree at from to to.
func copyFolder(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}
