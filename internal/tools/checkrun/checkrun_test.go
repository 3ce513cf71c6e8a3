package checkrun

import (
	"errors"
	"strings"
	"testing"
)

// TestFiles: a passing file gets "ok FILE" (with what was checked), a
// failing one "FAIL FILE" and each line of each problem indented under it;
// the result says whether all passed.
func TestFiles(t *testing.T) {
	check := func(path string) []error {
		if strings.HasPrefix(path, "bad") {
			return []error{errors.New("one\ntwo"), errors.New("three")}
		}
		return nil
	}
	var b strings.Builder
	if !Files(&b, []string{"a.pdf", "b.pdf"}, check, "") {
		t.Error("passing files reported as failing")
	}
	if got, want := b.String(), "ok a.pdf\nok b.pdf\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	b.Reset()
	if Files(&b, []string{"a.pdf", "bad.pdf"}, check, "structure holds") {
		t.Error("a failing file reported as passing")
	}
	if got, want := b.String(), "ok a.pdf: structure holds\nFAIL bad.pdf\n  one\n  two\n  three\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
