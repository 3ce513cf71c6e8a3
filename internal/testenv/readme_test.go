package testenv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// errTB records what a check reports instead of failing the test.
type errTB struct {
	testing.TB
	errs []string
}

func (f *errTB) Helper() {}
func (f *errTB) Errorf(format string, args ...any) {
	f.errs = append(f.errs, format)
}

// TestCheckSection: the section between the markers is compared with
// what the code makes; a stale one fails with the message and the first
// line that differs, and under update is rewritten, the rest of the file
// untouched.
func TestCheckSection(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- table -->\n", "<!-- end -->\n"
	readme := "# X\n\n<!-- end -->\nintro\n" + begin + "| a |\n| b |\n" + end + "after\n"
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte(readme), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	if got := Section(t, "README.md", begin, end); got != "| a |\n| b |\n" {
		t.Errorf("Section = %q", got)
	}
	f := &errTB{TB: t}
	CheckSection(f, "README.md", begin, end, "| a |\n| b |\n", false, "stale")
	if len(f.errs) != 0 {
		t.Errorf("an up-to-date section fails: %v", f.errs)
	}
	CheckSection(f, "README.md", begin, end, "| a |\n| c |\n", false, "stale")
	if len(f.errs) != 1 {
		t.Fatalf("a stale section does not fail: %v", f.errs)
	}
	if diff := firstDifference("| a |\n| b |\n", "| a |\n| c |\n"); !strings.Contains(diff, "line 2") || !strings.Contains(diff, `"| c |"`) {
		t.Errorf("firstDifference = %q", diff)
	}
	CheckSection(f, "README.md", begin, end, "| a |\n| c |\n", true, "stale")
	b, _ := os.ReadFile(filepath.Join(dir, "README.md"))
	if want := "# X\n\n<!-- end -->\nintro\n" + begin + "| a |\n| c |\n" + end + "after\n"; string(b) != want {
		t.Errorf("update wrote\n%s\nwant\n%s", b, want)
	}
}
