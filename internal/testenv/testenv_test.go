package testenv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeTB records what SharedData does instead of stopping the test.
type fakeTB struct {
	testing.TB
	skipped, failed string
}

func (f *fakeTB) Helper()               {}
func (f *fakeTB) Name() string          { return "TestX" }
func (f *fakeTB) Skip(args ...any)      { f.skipped = args[0].(string) }
func (f *fakeTB) Fatal(args ...any)     { f.failed = args[0].(string) }
func (f *fakeTB) Fatalf(string, ...any) { f.failed = "fatalf" }

func TestFind(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("QUIRE_SHARED_TESTDATA", dir)
	if got, ok := Find(); !ok || got != dir {
		t.Errorf("Find() = %q, %v with the variable set to %q", got, ok, dir)
	}
	missing := filepath.Join(dir, "absent")
	t.Setenv("QUIRE_SHARED_TESTDATA", missing)
	if got, ok := Find(); ok || got != missing {
		t.Errorf("Find() = %q, %v for an absent folder", got, ok)
	}

	// Skipped with one line naming the folder, or failed when required.
	t.Setenv("QUIRE_REQUIRE_SHARED", "")
	f := &fakeTB{}
	SharedData(f)
	if f.failed != "" || !strings.Contains(f.skipped, missing) || !strings.Contains(f.skipped, "TestX did not run") || strings.Contains(f.skipped, "\n") {
		t.Errorf("absent data: skipped %q, failed %q", f.skipped, f.failed)
	}
	t.Setenv("QUIRE_REQUIRE_SHARED", "1")
	f = &fakeTB{}
	SharedData(f)
	if f.skipped != "" || !strings.Contains(f.failed, missing) {
		t.Errorf("absent data under QUIRE_REQUIRE_SHARED=1: skipped %q, failed %q", f.skipped, f.failed)
	}

	// Without the variable: ../shared/testdata beside the module root.
	os.Unsetenv("QUIRE_SHARED_TESTDATA")
	root, ok := ModuleRoot()
	if !ok {
		t.Fatal("no module root above the test's folder")
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatal(err)
	}
	got, _ := Find()
	if want := filepath.Join(filepath.Dir(root), "shared", "testdata"); got != want {
		t.Errorf("Find() = %q, want %q", got, want)
	}
}

func TestSharedPath(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.json"), nil, 0o644)
	t.Setenv("QUIRE_SHARED_TESTDATA", dir)
	if got := SharedPath(t, "a.json"); got != filepath.Join(dir, "a.json") {
		t.Errorf("SharedPath = %q", got)
	}
	f := &fakeTB{}
	SharedPath(f, "b.json")
	if f.failed == "" {
		t.Error("a file missing from present shared data did not fail")
	}
}

// TestLimit: a normal build's bounds are as written; only a race build's
// are longer, and still bounds.
func TestLimit(t *testing.T) {
	d := 2 * time.Second
	got := Limit(d)
	switch {
	case !Race && got != d:
		t.Errorf("Limit(%v) = %v without the race detector, want %v", d, got, d)
	case Race && (got <= d || got > 100*d):
		t.Errorf("Limit(%v) = %v under the race detector, want a longer finite bound", d, got)
	}
}
