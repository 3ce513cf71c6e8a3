package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Generated sections. Every user-visible table (front-matter keys, limits,
// math commands, font families, PDF/UA checks...) has one source in the
// code, and the README repeats it between two marker lines. A package's
// test makes the table from the code and checks it against the README
// with CheckSection, which under the package's -update flag writes it
// there instead; Section and ModuleFile serve tests that compare in their
// own way.

// ModuleFile returns the text of the file at name, a slash-separated path
// from the module root ("README.md", "internal/chart/README.md"). The
// test fails when it cannot be read.
func ModuleFile(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(modulePath(tb, name))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// Section returns the text of the module's file name between the first
// begin and the first end after it, both markers left out. The test fails
// when a marker is missing.
func Section(tb testing.TB, name, begin, end string) string {
	tb.Helper()
	s := ModuleFile(tb, name)
	i, j, ok := section(s, begin, end)
	if !ok {
		tb.Fatalf("%s lacks the markers %q and %q", name, begin, end)
	}
	return s[i:j]
}

// CheckSection checks that the section of the module's file name between
// begin and end (as Section finds it) is want. When it is not, under
// update it writes want there; otherwise the test fails with msg (what
// is out of date, and the command that rewrites it) and the first line
// that differs.
func CheckSection(tb testing.TB, name, begin, end, want string, update bool, msg string) {
	tb.Helper()
	s := ModuleFile(tb, name)
	i, j, ok := section(s, begin, end)
	if !ok {
		tb.Fatalf("%s lacks the markers %q and %q", name, begin, end)
	}
	got := s[i:j]
	if got == want {
		return
	}
	if update {
		if err := os.WriteFile(modulePath(tb, name), []byte(s[:i]+want+s[j:]), 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	tb.Errorf("%s\n%s", msg, firstDifference(got, want))
}

// section returns where the text between begin and the first end after
// it starts and stops in s.
func section(s, begin, end string) (i, j int, ok bool) {
	i = strings.Index(s, begin)
	if i < 0 {
		return 0, 0, false
	}
	i += len(begin)
	j = strings.Index(s[i:], end)
	if j < 0 {
		return 0, 0, false
	}
	return i, i + j, true
}

// firstDifference names the first line in which got and want differ.
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for n := 0; n < max(len(g), len(w)); n++ {
		var gl, wl string
		if n < len(g) {
			gl = g[n]
		}
		if n < len(w) {
			wl = w[n]
		}
		if n >= len(g) || n >= len(w) || gl != wl {
			return fmt.Sprintf("line %d of the section:\n\tgot:  %q\n\twant: %q", n+1, gl, wl)
		}
	}
	return "the sections differ"
}

// modulePath is the path of name, slash-separated from the module root.
func modulePath(tb testing.TB, name string) string {
	tb.Helper()
	root, ok := ModuleRoot()
	if !ok {
		tb.Fatal("no go.mod above the working directory")
	}
	return filepath.Join(root, filepath.FromSlash(name))
}
