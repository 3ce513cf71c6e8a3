package output

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writer is WriteFile or WriteFileThenSync.
type writer func(path string, data []byte, protect ...os.FileInfo) error

// eachWriter runs test for WriteFile and for WriteFileThenSync, which
// differ only in when the data is synced.
func eachWriter(t *testing.T, test func(*testing.T, writer)) {
	t.Run("WriteFile", func(t *testing.T) { test(t, WriteFile) })
	t.Run("WriteFileThenSync", func(t *testing.T) { test(t, WriteFileThenSync) })
}

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
func TestWriteFileReplacesAtomically(t *testing.T) { eachWriter(t, testWriteFileReplacesAtomically) }

func testWriteFileReplacesAtomically(t *testing.T, write writer) {
	dir := t.TempDir()
	p := filepath.Join(dir, "sub", "a.pdf")
	if err := write(p, []byte("one")); err != nil {
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
	if err := write(p, []byte("two, longer than one")); err != nil {
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
	eachWriter(t, testFailureBeforeRenameKeepsPrevious)
}

func testFailureBeforeRenameKeepsPrevious(t *testing.T, write writer) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.pdf")
	if err := write(p, []byte("good")); err != nil {
		t.Fatal(err)
	}
	var tmpSeen string
	hook(t, func(tmp, final string) error {
		tmpSeen = tmp
		return errors.New("disk on fire")
	})
	err := write(p, []byte("bad and much longer"))
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
	if err := write(q, []byte("x")); err == nil {
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

// resetAbort undoes Abort for the next test.
func resetAbort() {
	live.Lock()
	live.aborted = false
	live.Unlock()
}

func TestCheckRefusesSpecialOutputs(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.pdf")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "sock.pdf")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	cases := map[string]string{
		fifo:                               "is a FIFO (named pipe), not a regular file",
		sock:                               "is a socket, not a regular file",
		"/dev/null":                        "is in /dev",
		"/proc/self/fd/1":                  "is in /proc",
		dir:                                "is a directory",
		filepath.Join(dir, "link-to-null"): "leads to /dev/null",
		filepath.Join(dir, "dangling"):     "leads nowhere",
		filepath.Join(dir, "x") + "/":      "not a file name",
	}
	os.Symlink("/dev/null", filepath.Join(dir, "link-to-null"))
	os.Symlink(filepath.Join(dir, "nowhere", "x.pdf"), filepath.Join(dir, "dangling"))
	// A device node outside /dev (needs root).
	dev := filepath.Join(dir, "null.pdf")
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|3); err == nil {
		cases[dev] = "is a character device"
	}
	for path, want := range cases {
		err := WriteFile(path, []byte("%PDF-new"))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("WriteFile(%s): %v, want %q", path, err, want)
			continue
		}
		var oe *Error
		if !errors.As(err, &oe) || oe.Hint == "" {
			t.Errorf("WriteFile(%s): no hint", path)
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced")
	}
	if fi, err := os.Lstat(dev); err == nil && fi.Mode()&fs.ModeCharDevice == 0 {
		t.Errorf("the device node was replaced")
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestCheckProtectsInputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "paper.md")
	os.WriteFile(in, []byte("# My manuscript\n"), 0o644)
	fi, _ := os.Stat(in)
	os.Symlink(in, filepath.Join(dir, "alias.pdf"))
	os.Link(in, filepath.Join(dir, "hard.pdf"))
	for _, out := range []string{in, filepath.Join(dir, "alias.pdf"), filepath.Join(dir, "hard.pdf"), filepath.Join(dir, ".", "paper.md")} {
		err := WriteFile(out, []byte("%PDF-new"), fi)
		if err == nil || !strings.Contains(err.Error(), "is the manuscript's input paper.md") {
			t.Errorf("WriteFile(%s): %v", out, err)
		}
	}
	if b, _ := os.ReadFile(in); string(b) != "# My manuscript\n" {
		t.Fatalf("the input was overwritten: %q", b)
	}
}

func TestWriteFileThroughLink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real", "paper.pdf")
	os.MkdirAll(filepath.Dir(real), 0o755)
	os.WriteFile(real, []byte("old"), 0o644)
	link := filepath.Join(dir, "paper.pdf")
	os.Symlink(real, link)
	if err := WriteFile(link, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file")
	}
	if b, _ := os.ReadFile(real); string(b) != "new" {
		t.Errorf("the file behind the link holds %q", b)
	}
}

func TestStaleTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "paper.pdf")
	old := time.Now().Add(-2 * time.Hour)
	mk := func(name string, mtime time.Time) string {
		f := filepath.Join(dir, name)
		os.WriteFile(f, make([]byte, 1000), 0o600)
		os.Chtimes(f, mtime, mtime)
		return f
	}
	// A dead process: the highest pid is never running.
	dead := mk(".paper.pdf.tmp-4194304-123", time.Now())
	legacy := mk(".paper.pdf.tmp-987654321", old)
	freshLegacy := mk(".paper.pdf.tmp-123456789", time.Now())
	alive := mk(".paper.pdf.tmp-1-456", time.Now()) // pid 1 runs
	aliveOld := mk(".paper.pdf.tmp-1-789", old)
	other := mk(".other.pdf.tmp-4194304-1", time.Now())
	if err := WriteFile(p, []byte("%PDF")); err != nil {
		t.Fatal(err)
	}
	exists := func(f string) bool { _, err := os.Stat(f); return err == nil }
	for f, want := range map[string]bool{dead: false, legacy: false, freshLegacy: true, alive: true, aliveOld: false, other: true} {
		if exists(f) != want {
			t.Errorf("%s: exists %v, want %v", filepath.Base(f), exists(f), want)
		}
	}
}

func TestAbort(t *testing.T) {
	defer resetAbort()
	dir := t.TempDir()
	p := filepath.Join(dir, "paper.pdf")
	os.WriteFile(p, []byte("previous"), 0o644)
	// Abort while WriteFile is writing, from another goroutine, many
	// times: the output is the previous file or the new one, whole, and
	// no temporary file is left.
	data := make([]byte, 4<<20)
	for i := range 20 {
		resetAbort()
		done := make(chan error, 1)
		go func() { done <- WriteFile(p, data) }()
		time.Sleep(time.Duration(i) * time.Millisecond)
		Abort()
		err := <-done
		b, _ := os.ReadFile(p)
		if string(b) != "previous" && len(b) != len(data) {
			t.Fatalf("round %d: the output holds %d bytes", i, len(b))
		}
		if err == nil && len(b) != len(data) {
			t.Fatalf("round %d: WriteFile succeeded but the output was not replaced", i)
		}
		ents, _ := os.ReadDir(dir)
		if len(ents) != 1 {
			t.Fatalf("round %d: temporary files left: %v", i, ents)
		}
		if len(b) == len(data) {
			os.WriteFile(p, []byte("previous"), 0o644)
		}
	}
	if err := WriteFile(p, data); !errors.Is(err, ErrAborted) {
		t.Errorf("WriteFile after Abort: %v", err)
	}
}

// TestAbortMidWriteIsAbort: a signal that removes the temporary file while
// WriteFile still works on it makes the next step fail with "no such file";
// WriteFile reports that as ErrAborted (the process exits as interrupted),
// not as a failed write.
func TestAbortMidWriteIsAbort(t *testing.T) {
	defer resetAbort()
	dir := t.TempDir()
	p := filepath.Join(dir, "paper.pdf")
	os.WriteFile(p, []byte("previous"), 0o644)
	hook(t, func(tmp, target string) error {
		Abort() // removes tmp, as the signal handler does
		_, err := os.Stat(tmp)
		return err // the step after the abort fails: no such file
	})
	err := WriteFile(p, []byte("new"))
	if !errors.Is(err, ErrAborted) {
		t.Fatalf("WriteFile aborted mid-write: %v, want ErrAborted", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "previous" {
		t.Errorf("the output holds %q, want the previous file", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("temporary files left: %v", ents)
	}
}
