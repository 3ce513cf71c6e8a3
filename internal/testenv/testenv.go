// Package testenv locates the test data shared beside the repository
// (../shared/testdata: specs, real manuscripts, the CSL and math suites) for
// tests that read it.
//
// The folder is found from the environment variable QUIRE_SHARED_TESTDATA,
// else as ../shared/testdata beside the module root (the folder holding
// go.mod), never by an absolute path. When it is absent the test is skipped
// with one line naming what did not run, unless QUIRE_REQUIRE_SHARED=1 is
// set (as .ci/run does), in which case the test fails.
package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// SharedData returns the absolute path of the shared test data folder, or
// skips (or fails, under QUIRE_REQUIRE_SHARED=1) the test when it is absent.
func SharedData(tb testing.TB) string {
	tb.Helper()
	dir, ok := Find()
	if !ok {
		msg := "shared test data not found at " + dir + " (set QUIRE_SHARED_TESTDATA, or put it at ../shared/testdata beside the module): " + tb.Name() + " did not run"
		if os.Getenv("QUIRE_REQUIRE_SHARED") == "1" {
			tb.Fatal(msg + ", and QUIRE_REQUIRE_SHARED=1 requires it")
		} else {
			tb.Skip(msg)
		}
	}
	return dir
}

// SharedPath returns the path of elems inside the shared test data folder
// (skipping or failing as SharedData does when the folder is absent). When
// the folder is there but elems is not, the test fails: an incomplete copy
// of the data must not pass as a skip.
func SharedPath(tb testing.TB, elems ...string) string {
	tb.Helper()
	p := filepath.Join(append([]string{SharedData(tb)}, elems...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("the shared test data lacks %s: %v", filepath.Join(elems...), err)
	}
	return p
}

// Find returns the shared test data folder and whether it exists.
func Find() (string, bool) {
	if d := os.Getenv("QUIRE_SHARED_TESTDATA"); d != "" {
		abs, err := filepath.Abs(d)
		if err == nil && isDir(abs) {
			return abs, true
		}
		return d, false
	}
	root, ok := ModuleRoot()
	if !ok {
		return "../shared/testdata beside the module root (no go.mod above the working directory)", false
	}
	d := filepath.Join(filepath.Dir(root), "shared", "testdata")
	return d, isDir(d)
}

// ModuleRoot returns the folder holding go.mod, searching upwards from the
// working directory (a test runs in its package's folder).
func ModuleRoot() (string, bool) {
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, true
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", false
		}
		d = parent
	}
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
