package structcheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

// readers returns a PDF of three pages, for the readers to read; CI
// (QUIRE_REQUIRE_SHARED=1) must have them, a machine without skips.
func readers(t *testing.T) string {
	t.Helper()
	for _, prog := range []string{"pdfinfo", "qpdf"} {
		if _, err := exec.LookPath(prog); err != nil {
			if os.Getenv("QUIRE_REQUIRE_SHARED") != "" {
				t.Fatalf("%s not found (.ci/run installs it)", prog)
			}
			t.Skipf("%s not found: the readers are not run", prog)
		}
	}
	f := fpdf.New("P", "mm", "A5", "")
	for range 3 {
		f.AddPage()
	}
	path := filepath.Join(t.TempDir(), "three.pdf")
	if err := f.OutputFileAndClose(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReaders: pdfinfo's page count and structure, qpdf's JSON, each run
// through run; a file that is not there is an error naming the command.
func TestReaders(t *testing.T) {
	path := readers(t)
	if n, err := Pages(path); err != nil || n != 3 {
		t.Errorf("Pages = %d, %v; want 3", n, err)
	}
	if _, err := PDFInfo(path); err != nil {
		t.Errorf("PDFInfo: %v", err)
	}
	if js, err := QPDFJSON(path); err != nil || !strings.Contains(string(js), `"qpdf"`) {
		t.Errorf("QPDFJSON: %v\n%.200s", err, js)
	}
	missing := filepath.Join(t.TempDir(), "none.pdf")
	if _, err := Pages(missing); err == nil || !strings.Contains(err.Error(), "pdfinfo "+missing) {
		t.Errorf("Pages of a missing file: %v", err)
	}
	if _, err := run("no-such-reader", "no-such-package"); err == nil || !strings.Contains(err.Error(), "apt-get install no-such-package") {
		t.Errorf("a missing reader: %v", err)
	}
}
