package output

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hook sets BeforeRename for the test and restores it afterwards.
func hook(t *testing.T, f func(tmp, final string) error) {
	t.Helper()
	prev := BeforeRename
	BeforeRename = f
	t.Cleanup(func() { BeforeRename = prev })
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// TestWriteFileReplacesAtomically checks, at the moment between writing
// and renaming, that the output still holds the previous content while a
// temporary file beside it holds all of the new; and afterwards that the
// new file replaced the old one (a reader holding the old file still reads
// the old bytes), with nothing left behind. A write straight into the
// output fails each of these.
func TestWriteFileReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "sub", "a.pdf")
	if err := WriteFile(p, []byte("one")); err != nil {
		t.Fatal(err)
	}
	old, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()

	calls := 0
	hook(t, func(tmp, final string) error {
		calls++
		if final != p {
			t.Errorf("renaming onto %q, want %q", final, p)
		}
		if filepath.Dir(tmp) != filepath.Dir(p) || tmp == p {
			t.Errorf("temporary file %q is not a separate file beside %q", tmp, p)
		}
		if got := read(t, p); got != "one" {
			t.Errorf("before the rename the output holds %q, want the previous %q", got, "one")
		}
		if got := read(t, tmp); got != "two, longer than one" {
			t.Errorf("before the rename the temporary file holds %q", got)
		}
		return nil
	})
	if err := WriteFile(p, []byte("two, longer than one")); err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Fatalf("BeforeRename called %d times, want 1", calls)
	}
	if got := read(t, p); got != "two, longer than one" {
		t.Fatalf("got %q", got)
	}
	buf := make([]byte, 64)
	n, _ := old.ReadAt(buf, 0)
	if string(buf[:n]) != "one" {
		t.Errorf("a reader of the previous file now reads %q: the file was rewritten in place, not replaced", buf[:n])
	}
	if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v; want 0644", fi.Mode(), err)
	}
	if got := names(t, filepath.Dir(p)); len(got) != 1 || got[0] != "a.pdf" {
		t.Fatalf("files left in the output folder: %v", got)
	}
}

// TestFailureBeforeRenameKeepsPrevious injects a failure after the new
// content is written and before it is renamed: the previous file must be
// untouched and the temporary file removed. This does not depend on file
// permissions, so it holds when run as root.
func TestFailureBeforeRenameKeepsPrevious(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.pdf")
	if err := WriteFile(p, []byte("good")); err != nil {
		t.Fatal(err)
	}
	var tmpSeen string
	hook(t, func(tmp, final string) error {
		tmpSeen = tmp
		return errors.New("disk on fire")
	})
	err := WriteFile(p, []byte("bad and much longer"))
	var oe *Error
	if !errors.As(err, &oe) || !strings.Contains(oe.Msg, "disk on fire") || oe.HintText() == "" {
		t.Fatalf("WriteFile = %v, want an *Error naming the cause, with a hint", err)
	}
	if got := read(t, p); got != "good" {
		t.Fatalf("previous file changed to %q", got)
	}
	if _, err := os.Stat(tmpSeen); tmpSeen == "" || !os.IsNotExist(err) {
		t.Errorf("temporary file %q left behind (%v)", tmpSeen, err)
	}
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("files in the output folder: %v", got)
	}

	// Without a previous file, a failed write leaves no file at all.
	q := filepath.Join(dir, "new.pdf")
	if err := WriteFile(q, []byte("x")); err == nil {
		t.Fatal("expected the injected failure")
	}
	if _, err := os.Stat(q); !os.IsNotExist(err) {
		t.Errorf("a failed first write left %s (%v)", q, err)
	}
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("files in the output folder: %v", got)
	}
}

// TestRenameFailureCleansUp makes the rename itself fail, as root too: the
// output path becomes a non-empty folder after the checks WriteFile makes
// first. The temporary file must not be left behind.
func TestRenameFailureCleansUp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.pdf")
	hook(t, func(tmp, final string) error {
		if err := os.MkdirAll(filepath.Join(final, "inside"), 0o755); err != nil {
			t.Fatal(err)
		}
		return nil
	})
	if err := WriteFile(p, []byte("x")); err == nil {
		t.Fatal("renaming over a non-empty folder succeeded")
	}
	if got := names(t, dir); len(got) != 1 || got[0] != "a.pdf" {
		t.Errorf("files in the output folder: %v", got)
	}
}

func TestWriteFileErrorsKeepPrevious(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFile(dir, []byte("x")); err == nil {
		t.Fatal("writing over a directory should fail")
	}
	if os.Getuid() == 0 {
		// TestFailureBeforeRenameKeepsPrevious covers this for root.
		t.Skip("root ignores directory permissions")
	}
	ro := filepath.Join(dir, "ro")
	os.Mkdir(ro, 0o755)
	p := filepath.Join(ro, "a.pdf")
	if err := WriteFile(p, []byte("good")); err != nil {
		t.Fatal(err)
	}
	os.Chmod(ro, 0o555)
	defer os.Chmod(ro, 0o755)
	if err := WriteFile(p, []byte("bad")); err == nil {
		t.Fatal("expected an error in a read-only folder")
	}
	if b, _ := os.ReadFile(p); string(b) != "good" {
		t.Fatalf("previous file changed: %q", b)
	}
}
