package project

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"quire/internal/testenv"

	"quire/internal/diag"
)

func openFolder(t *testing.T, dir string) *Folder {
	t.Helper()
	f, err := OpenFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// outside makes a file outside the manuscript folder whose content must
// never be read.
func outside(t *testing.T) (dir, file string) {
	dir = t.TempDir()
	file = filepath.Join(dir, "secret.bib")
	if err := os.WriteFile(file, []byte("@misc{secret, title={OUTSIDE-SECRET}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, file
}

func TestFolderRefusesEscapes(t *testing.T) {
	dir := t.TempDir()
	outDir, secret := outside(t)
	write(t, dir, "inside.bib", "@misc{a, title={inside}}\n")
	write(t, dir, "sub/in.bib", "@misc{b, title={inside too}}\n")
	os.Symlink(secret, filepath.Join(dir, "link.bib"))
	os.Symlink(outDir, filepath.Join(dir, "outdir"))
	os.Symlink("../../"+filepath.Base(dir)+"/inside.bib", filepath.Join(dir, "sub", "roundabout.bib"))
	os.Symlink("../../"+filepath.Base(outDir)+"/secret.bib", filepath.Join(dir, "sub", "rel.bib"))
	os.Symlink("sub/in.bib", filepath.Join(dir, "ok-link.bib"))
	os.Symlink("loop2", filepath.Join(dir, "loop1"))
	os.Symlink("loop1", filepath.Join(dir, "loop2"))
	f := openFolder(t, dir)
	for rel, want := range map[string]string{
		"../" + filepath.Base(outDir) + "/secret.bib": "leaves the manuscript folder",
		"sub/../../x.bib":            "leaves the manuscript folder",
		secret:                       "absolute path",
		"https://example.org/a.bib":  "remote bibliographies are not fetched",
		"//host/a.bib":               "remote bibliographies are not fetched",
		"data:text/plain;base64,QUE": "remote bibliographies are not fetched",
		"file:///etc/passwd":         "remote bibliographies are not fetched",
		"link.bib":                   "links outside the manuscript folder",
		"outdir/secret.bib":          "links outside the manuscript folder",
		"sub/rel.bib":                "links outside the manuscript folder",
		"sub/roundabout.bib":         "links outside the manuscript folder", // leaves and comes back: refused
		"loop1":                      "symbolic links",
		"missing.bib":                "no such file",
		"sub":                        "is a folder, not a regular file",
		"":                           "no bibliography path",
	} {
		b, err := f.ReadFile(rel, Bibliography)
		if err == nil {
			t.Errorf("ReadFile(%q) = %q, want an error", rel, b)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("ReadFile(%q): %v, want %q", rel, err, want)
		}
		var fe *FileError
		if !errors.As(err, &fe) || fe.HintText() == "" {
			t.Errorf("ReadFile(%q): %v has no hint", rel, err)
		}
		if bytes.Contains(b, []byte("OUTSIDE")) {
			t.Errorf("ReadFile(%q) read outside content", rel)
		}
	}
	if _, err := f.ReadFile("missing.bib", Bibliography); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file is not fs.ErrNotExist: %v", err)
	}
	for _, rel := range []string{"inside.bib", "sub/in.bib", "ok-link.bib", "./sub/../inside.bib", "sub//in.bib"} {
		if b, err := f.ReadFile(rel, Bibliography); err != nil || !bytes.Contains(b, []byte("inside")) {
			t.Errorf("ReadFile(%q) = %q, %v", rel, b, err)
		}
	}
	if n := len(f.Inputs()); n != 5 {
		t.Errorf("%d inputs recorded, want 5", n)
	}
}

// TestFolderRefusesSpecialFiles: a FIFO, a socket and a device are refused
// at once, never read (a FIFO would block the build forever, /dev/zero
// would fill the memory).
func TestFolderRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.bib"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("unix", filepath.Join(dir, "sock.bib"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	cases := map[string]string{"fifo.bib": "FIFO", "sock.bib": "socket"}
	// A device node inside the folder needs root; a link to one outside
	// is refused as outside anyway.
	if err := syscall.Mknod(filepath.Join(dir, "zero.bib"), syscall.S_IFCHR|0o644, 1<<8|5); err == nil {
		cases["zero.bib"] = "character device"
	}
	os.Symlink("/dev/zero", filepath.Join(dir, "devzero.bib"))
	cases["devzero.bib"] = "links outside"
	f := openFolder(t, dir)
	for rel, want := range cases {
		done := make(chan error, 1)
		go func() { _, err := f.ReadFile(rel, Bibliography); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("ReadFile(%q): %v, want %q", rel, err, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("ReadFile(%q) blocks", rel)
		}
	}
}

func TestFolderSizeLimit(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.bib")
	fh, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// 20 GB, sparse: the limit must be checked before reading.
	if err := fh.Truncate(20 << 30); err != nil {
		t.Skip("no sparse files here:", err)
	}
	fh.Close()
	f := openFolder(t, dir)
	start := testenv.CPUTime()
	_, err = f.ReadFile("big.bib", Bibliography)
	if err == nil || !strings.Contains(err.Error(), "20.0 GB; the limit is 32 MB") {
		t.Errorf("20 GB bibliography: %v", err)
	}
	if d := testenv.CPUTime() - start; d > time.Second {
		t.Errorf("refusing took %v of CPU time", d)
	}
	write(t, dir, "small.csv", "a,b\n1,2\n")
	if _, err := f.ReadFile("small.csv", Kind{Noun: "data file", Max: 4, Text: true}); err == nil || !strings.Contains(err.Error(), "limit is 4 bytes") {
		t.Errorf("limit of 4 bytes: %v", err)
	}
}

func TestFolderText(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "mac.csv", "a,b\r1,2\r3,4\r\n5,6\r")
	write(t, dir, "bin.bib", "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f binary")
	write(t, dir, "latin1.bib", "caf\xe9")
	f := openFolder(t, dir)
	b, err := f.ReadFile("mac.csv", Data)
	if err != nil || string(b) != "a,b\n1,2\n3,4\r\n5,6\n" {
		t.Errorf("CR line ends: %q, %v", b, err)
	}
	if _, err := f.ReadFile("bin.bib", Bibliography); err == nil || !strings.Contains(err.Error(), "bibliography bin.bib is not a text file") {
		t.Errorf("binary .bib: %v", err)
	}
	if b, err := f.ReadFile("bin.bib", Image); err != nil || len(b) == 0 {
		t.Errorf("binary image refused: %v", err)
	}
	if _, err := f.ReadFile("latin1.bib", Bibliography); err != nil {
		t.Errorf("a short Latin-1 file is text (not UTF-8), not binary: %v", err)
	}
}

func TestLooksLikeText(t *testing.T) {
	highs := make([]byte, 4096)
	for i := range highs {
		highs[i] = byte(0x80 + i*37%0x40)
	}
	for _, c := range []struct {
		src  string
		text bool
	}{
		{"plain text\n", true},
		{"caf\xe9", true},
		{"Latin-1 caf\xe9 cr\xe8me br\xfbl\xe9e, d\xe9j\xe0 vu, na\xefve fa\xe7ade \xe0 la carte.\n", true},
		{"\xff\xfe# \x00T\x00i\x00t\x00l\x00e\x00\n\x00\n\x00T\x00e\x00x\x00t\x00.\x00\n\x00", false},
		{string(highs), false},
		{"\x00\x01\x02PNG\x00", false},
	} {
		if got := looksLikeText([]byte(c.src)); got != c.text {
			t.Errorf("looksLikeText(%q) = %v", c.src[:min(len(c.src), 20)], got)
		}
	}
}

func TestNormalizeLineEnds(t *testing.T) {
	for in, want := range map[string]string{
		"":             "",
		"\r":           "\n",
		"a\rb":         "a\nb",
		"a\r\nb\r":     "a\r\nb\n",
		"\r\r\n\r\r":   "\n\r\n\n\n",
		"no line ends": "no line ends",
	} {
		b := []byte(in)
		NormalizeLineEnds(b)
		if string(b) != want {
			t.Errorf("NormalizeLineEnds(%q) = %q, want %q", in, b, want)
		}
	}
}

// TestMainRefusesLinkOut: paper.md as a link to a file outside the folder
// is refused, not typeset, and not silently passed over for another file.
func TestMainRefusesLinkOut(t *testing.T) {
	dir := t.TempDir()
	_, secret := outside(t)
	os.Symlink(secret, filepath.Join(dir, "paper.md"))
	write(t, dir, "other.md", "# Other\n")
	var diags diag.List
	if p := Load(dir, &diags); p != nil {
		t.Fatalf("a paper.md linking outside was loaded: %q", p.Body)
	}
	if got := diagText(&diags); !strings.Contains(got, "paper.md links outside the manuscript folder") || !strings.Contains(got, "hint:") {
		t.Errorf("diagnostics: %s", got)
	}
	// Named explicitly, the link is refused too.
	diags = diag.List{}
	if p := Load(filepath.Join(dir, "paper.md"), &diags); p != nil {
		t.Fatalf("an explicitly named link out was loaded")
	}
	// A FIFO as paper.md is refused at once.
	fifoDir := t.TempDir()
	syscall.Mkfifo(filepath.Join(fifoDir, "paper.md"), 0o644)
	done := make(chan *Project, 1)
	go func() { var d diag.List; done <- Load(fifoDir, &d) }()
	select {
	case p := <-done:
		if p != nil {
			t.Error("a FIFO was loaded as the manuscript")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Load blocks on a FIFO")
	}
}

// TestFolderSwapRace swaps a link between a file inside and a file outside
// the folder while it is read: every read returns the inside content or an
// error, never the outside content.
func TestFolderSwapRace(t *testing.T) {
	dir := t.TempDir()
	outDir, secret := outside(t)
	write(t, dir, "real.bib", "@misc{a, title={inside}}\n")
	os.MkdirAll(filepath.Join(dir, "d", "sub"), 0o755)
	write(t, dir, "d/sub/x.bib", "@misc{a, title={inside}}\n")
	f := openFolder(t, dir)
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		// Swap both a file link and a folder link, atomically by rename.
		for i := 0; !stop.Load(); i++ {
			fileTarget, dirTarget := "real.bib", "d"
			if i%2 == 1 {
				fileTarget, dirTarget = secret, outDir
			}
			tmp := filepath.Join(dir, ".swap")
			os.Remove(tmp)
			os.Symlink(fileTarget, tmp)
			os.Rename(tmp, filepath.Join(dir, "refs.bib"))
			os.Remove(tmp)
			os.Symlink(dirTarget, tmp)
			os.Rename(tmp, filepath.Join(dir, "via"))
		}
	}()
	os.MkdirAll(filepath.Join(outDir, "sub"), 0o755)
	os.WriteFile(filepath.Join(outDir, "sub", "x.bib"), []byte("OUTSIDE-SECRET"), 0o644)
	inside, refused := 0, 0
	for range 2000 {
		for _, rel := range []string{"refs.bib", "via/sub/x.bib"} {
			b, err := f.ReadFile(rel, Bibliography)
			switch {
			case bytes.Contains(b, []byte("OUTSIDE")):
				t.Fatalf("read outside content through %s", rel)
			case err == nil:
				inside++
			default:
				refused++
			}
		}
	}
	stop.Store(true)
	wg.Wait()
	t.Logf("%d reads inside, %d refused", inside, refused)
	if inside == 0 || refused == 0 {
		t.Errorf("the swap was not exercised: %d inside, %d refused", inside, refused)
	}
}

// The name in another case is looked for inside the folder only: a link
// to a folder outside is not listed, nor is a path that leaves.
func TestOtherCaseStaysInside(t *testing.T) {
	dir := t.TempDir()
	outDir, _ := outside(t)
	write(t, dir, "figures/TextMate.png", "x")
	write(t, outDir, "Figure.png", "x")
	os.Symlink(outDir, filepath.Join(dir, "outdir"))
	f := openFolder(t, dir)
	for rel, want := range map[string]string{
		"figures/textmate.png":                        "figures/TextMate.png",
		"Figures/TEXTMATE.png":                        "figures/TextMate.png",
		"figures/TextMate.png":                        "",
		"figures/none.png":                            "",
		"outdir/figure.png":                           "",
		"../" + filepath.Base(outDir) + "/figure.png": "",
	} {
		if got := f.otherCase(rel); got != want {
			t.Errorf("otherCase(%q) = %q, want %q", rel, got, want)
		}
	}
}

func TestFolderTotalLimit(t *testing.T) {
	dir := t.TempDir()
	f := openFolder(t, dir)
	for i := range 12 {
		p := filepath.Join(dir, fmt.Sprintf("img%d.png", i))
		fh, _ := os.Create(p)
		fh.Truncate(MaxImageBytes) // sparse: reads as zeros, cheaply
		fh.Close()
	}
	var err error
	n := 0
	for i := range 12 {
		if _, err = f.ReadFile(fmt.Sprintf("img%d.png", i), Image); err != nil {
			break
		}
		n++
	}
	if err == nil || !strings.Contains(err.Error(), "add up to more than 512 MB") || n != 10 {
		t.Errorf("after %d images of 50 MB: %v", n, err)
	}
}
