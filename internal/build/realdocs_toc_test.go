package build

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/testenv"
)

// listEntries returns the entries ("3 Second figure") of the list that
// follows heading in text (normalised), up to the next list's heading:
// a number, a title, dot leaders and a page number.
func listEntries(text, heading string) []string {
	i := strings.Index(text, heading)
	if i < 0 {
		return nil
	}
	rest := text[i+len(heading):]
	if j := strings.Index(rest, "List of "); j >= 0 {
		rest = rest[:j]
	}
	var out []string
	for _, m := range regexp.MustCompile(`(\d+) ([A-Z][A-Za-z ]*?[a-z])(?: ?\.)+ \d+`).FindAllStringSubmatch(rest, -1) {
		out = append(out, m[1]+" "+m[2])
	}
	return out
}

// layoutText is the text of a PDF as pdftotext -layout reads it (a page
// number right of its leaders stays on its entry's line).
func layoutText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found: apt-get install poppler-utils (.ci/run does)")
	}
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestCrossrefDemoLists: the demo's \listoffigures, \listoftables and
// \listoflistings list the same entries, in the same order, as the
// filter's own output.pdf (pages differ: the pagination is Quire's).
func TestCrossrefDemoLists(t *testing.T) {
	dir := testenv.SharedPath(t, "real-docs", "pandoc-crossref-demo")
	want, err := os.ReadFile(filepath.Join(dir, "output.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	var l diag.List
	got, _, _, err := Compile(Options{Path: dir}, &l)
	if err != nil {
		t.Fatalf("build: %v\n%v", err, l.Items())
	}
	theirs, ours := normText(layoutText(t, want)), normText(layoutText(t, got))
	for _, h := range []string{"List of Figures", "List of Tables", "List of Listings"} {
		a, b := listEntries(theirs, h), listEntries(ours, h)
		if len(a) == 0 || strings.Join(a, "; ") != strings.Join(b, "; ") {
			t.Errorf("%s: the filter lists\n\t%s\nQuire lists\n\t%s", h, strings.Join(a, "; "), strings.Join(b, "; "))
		}
		if n := strings.Count(ours, h); n != 1 {
			t.Errorf("%q printed %d times", h, n)
		}
	}
}

// TestThesisLists: the thesis template's \tableofcontents, \listoffigures
// and \listoftables print one list each, the figures by their short
// captions, with the page numbers the pages show, and the note on short captions in an HTML comment is not
// printed.
func TestThesisLists(t *testing.T) {
	dir := testenv.SharedPath(t, "real-docs", "phd-thesis-markdown")
	var l diag.List
	got, _, _, err := Compile(Options{Path: dir, Draft: true}, &l) // a figure of the template is missing
	if err != nil {
		t.Fatalf("build: %v\n%v", err, l.Items())
	}
	text := normText(layoutText(t, got))
	for _, h := range []string{"Contents", "List of Figures", "List of Tables"} {
		if !strings.Contains(text, h+" ") {
			t.Errorf("no %q", h)
		}
	}
	if n := strings.Count(text, "List of Figures"); n != 1 {
		t.Errorf("List of Figures printed %d times", n)
	}
	if strings.Contains(text, "will use short captions first") {
		t.Error("the HTML comment's text is printed")
	}
	if e := listEntries(text, "List of Figures"); len(e) == 0 || e[0] != "1 Figure short caption" {
		t.Errorf("list of figures %q, want the short caption first", e)
	}
	// The front matter is numbered in roman, the contents' pages not at
	// all, chapter 1 starts again at 1 (\pagenumbering, \setcounter).
	if !regexp.MustCompile(`Contents Abstract i Acknowledgements i Abbreviations 1 Introduction, with a citation 1 1\.1 Background(?: ?\.)+ 1`).MatchString(text) {
		t.Errorf("the contents do not list chapter 1 and its first section with page numbers:\n%.600s", text[strings.Index(text, "Contents"):])
	}
}
