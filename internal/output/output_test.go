package output

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "sub", "a.pdf")
	if err := WriteFile(p, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("two")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	if string(b) != "two" {
		t.Fatalf("got %q", b)
	}
	ents, _ := os.ReadDir(filepath.Dir(p))
	if len(ents) != 1 {
		t.Fatalf("temporary files left behind: %v", ents)
	}
}

func TestWriteFileErrorsKeepPrevious(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFile(dir, []byte("x")); err == nil {
		t.Fatal("writing over a directory should fail")
	}
	if os.Getuid() == 0 {
		t.Skip("root ignores directory permissions")
	}
	ro := filepath.Join(dir, "ro")
	os.Mkdir(ro, 0o755)
	p := filepath.Join(ro, "a.pdf")
	WriteFile(p, []byte("good"))
	os.Chmod(ro, 0o555)
	defer os.Chmod(ro, 0o755)
	if err := WriteFile(p, []byte("bad")); err == nil {
		t.Fatal("expected an error in a read-only folder")
	}
	if b, _ := os.ReadFile(p); string(b) != "good" {
		t.Fatalf("previous file changed: %q", b)
	}
}
