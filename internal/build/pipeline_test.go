package build

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"quire/internal/benchdoc"
	"quire/internal/diag"
	"quire/internal/output"
)

func TestMain(m *testing.M) {
	api.DisableConfigDir()
	os.Exit(m.Run())
}

func strict() *model.Configuration {
	c := model.NewDefaultConfiguration()
	c.ValidationMode = model.ValidationStrict
	return c
}

func compile(t testing.TB, path string) []byte {
	t.Helper()
	var diags diag.List
	b, _, _, err := Compile(Options{Path: path}, &diags)
	if err != nil {
		t.Fatalf("build %s: %v\n%s", path, err, diagText(&diags))
	}
	return b
}

func diagText(l *diag.List) string {
	var b bytes.Buffer
	l.Print(&b)
	return b.String()
}

// TestMetadata checks that the PDF's Info dictionary and XMP say what the
// front matter says, and that the PDF validates strictly.
func TestMetadata(t *testing.T) {
	out := compile(t, "testdata/article")
	if err := api.Validate(bytes.NewReader(out), strict()); err != nil {
		t.Fatalf("pdfcpu strict validation: %v", err)
	}
	info, err := api.PDFInfo(bytes.NewReader(out), "a.pdf", nil, false, strict())
	if err != nil {
		t.Fatal(err)
	}
	if info.Title != "Testing Quire: a Short Article" {
		t.Errorf("Title = %q", info.Title)
	}
	if info.Author != "Ada Tester, Борис Пример" {
		t.Errorf("Author = %q", info.Author)
	}
	// pdfcpu reports keywords as a set; the order in the file is checked
	// through XMP's pdf:Keywords below (the same string as Info).
	kw := append([]string(nil), info.Keywords...)
	sort.Strings(kw)
	if got := strings.Join(kw, "|"); got != "Knuth–Plass|reproducible builds|typesetting" {
		t.Errorf("Keywords = %q", got)
	}
	if !strings.HasPrefix(info.Subject, "A short abstract that exercises") {
		t.Errorf("Subject = %q", info.Subject)
	}
	for _, want := range []string{"<rdf:li>typesetting</rdf:li>", "<rdf:li>Knuth–Plass</rdf:li>",
		"<pdf:Keywords>typesetting; Knuth–Plass; reproducible builds</pdf:Keywords>", "<rdf:li>Борис Пример</rdf:li>"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("XMP lacks %s", want)
		}
	}
	bms, err := api.Bookmarks(bytes.NewReader(out), strict())
	if err != nil || len(bms) == 0 {
		t.Fatalf("no outline: %v", err)
	}
}

func TestReproducible(t *testing.T) {
	a := compile(t, "testdata/article")
	b := compile(t, "testdata/article")
	if !bytes.Equal(a, b) {
		t.Fatal("two builds of the same input differ")
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	c := compile(t, "testdata/article")
	if !bytes.Equal(a, c) {
		t.Fatal("the front-matter date should win over SOURCE_DATE_EPOCH")
	}
}

// TestFailedBuildKeepsPrevious checks that a build failing on its input,
// and a build failing while its PDF is being written (a failure injected
// after the new PDF is complete and before it replaces the old one), both
// leave the previous PDF byte for byte and no stray file beside it.
func TestFailedBuildKeepsPrevious(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.pdf")
	md := filepath.Join(dir, "paper.md")
	os.WriteFile(md, []byte("---\ntitle: Good\n---\n\nText.\n"), 0o644)
	var diags diag.List
	if _, err := Run(Options{Path: md, Out: out}, &diags); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(out)
	check := func(when string) {
		t.Helper()
		now, _ := os.ReadFile(out)
		if !bytes.Equal(good, now) {
			t.Fatalf("%s: the previous PDF changed", when)
		}
		ents, _ := os.ReadDir(dir)
		if len(ents) != 2 {
			t.Fatalf("%s: stray files: %v", when, ents)
		}
	}

	os.WriteFile(md, []byte("---\ntitle: [unclosed\n---\n\nText.\n"), 0o644)
	diags = diag.List{}
	if _, err := Run(Options{Path: md, Out: out}, &diags); err == nil {
		t.Fatal("expected an error")
	}
	if !strings.Contains(diagText(&diags), "paper.md:2") {
		t.Errorf("diagnostic does not name paper.md:2:\n%s", diagText(&diags))
	}
	check("input error")

	// A good manuscript whose write fails once the new PDF is complete.
	os.WriteFile(md, []byte("---\ntitle: Better\n---\n\nMore text.\n"), 0o644)
	prev := output.BeforeRename
	t.Cleanup(func() { output.BeforeRename = prev })
	called := false
	output.BeforeRename = func(tmp, final string) error {
		called = true
		b, err := os.ReadFile(tmp)
		if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(b), []byte("%%EOF")) || bytes.Equal(b, good) {
			t.Errorf("the file about to replace the output is not the new, complete PDF (%d bytes, %v)", len(b), err)
		}
		if now, _ := os.ReadFile(final); !bytes.Equal(now, good) {
			t.Error("the output changed before the rename")
		}
		return errors.New("injected failure")
	}
	diags = diag.List{}
	_, err := Run(Options{Path: md, Out: out}, &diags)
	var oe *output.Error
	if !called || !errors.As(err, &oe) || !strings.Contains(err.Error(), "injected failure") {
		t.Fatalf("Run = %v (hook called: %v), want the injected *output.Error", err, called)
	}
	check("write failure")
	output.BeforeRename = prev
	if _, err := Run(Options{Path: md, Out: out}, &diags); err != nil {
		t.Fatal(err)
	}
	if now, _ := os.ReadFile(out); bytes.Equal(now, good) {
		t.Fatal("the build after the failure did not replace the PDF")
	}
}

// genMarkdown writes benchdoc.Document(pages), a manuscript of roughly
// pages pages (article profile), into a temporary folder.
func genMarkdown(t testing.TB, pages int) string { return writeGen(t, benchdoc.Document(pages)) }

// writeGen writes a generated manuscript as gen.md in a temporary folder
// of t's and returns its path.
func writeGen(t testing.TB, md string) string {
	p := filepath.Join(t.TempDir(), "gen.md")
	if err := os.WriteFile(p, []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGeneratedPageCount(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	var diags diag.List
	_, n, _, err := Compile(Options{Path: genMarkdown(t, 100)}, &diags)
	if err != nil {
		t.Fatal(err, diagText(&diags))
	}
	if n < 90 || n > 130 {
		t.Fatalf("generated 100-page document has %d pages", n)
	}
}

func benchBuild(b *testing.B, path string) {
	b.ResetTimer() // the document's generation is not timed
	var pages int
	for i := 0; i < b.N; i++ {
		var diags diag.List
		_, n, _, err := Compile(Options{Path: path}, &diags)
		if err != nil {
			b.Fatal(err, diagText(&diags))
		}
		pages = n
	}
	b.ReportMetric(float64(pages), "pages")
}

// BenchmarkManuscript builds the repository's manuscript (the article).
func BenchmarkManuscript(b *testing.B) { benchBuild(b, "../../manuscript") }

func BenchmarkArticleSmall(b *testing.B) { benchBuild(b, "testdata/article") }

func Benchmark100Pages(b *testing.B) { benchBuild(b, genMarkdown(b, 100)) }

func Benchmark1000Pages(b *testing.B) { benchBuild(b, genMarkdown(b, 1000)) }

// TestDraft builds a manuscript with a remote image, a missing one and an
// unknown cross-reference: an error by default, placeholders and warnings
// with Draft.
func TestDraft(t *testing.T) {
	dir := t.TempDir()
	md := filepath.Join(dir, "paper.md")
	os.WriteFile(md, []byte("---\ntitle: Draft\n---\n\nSee @fig:a and @fig:zz.\n\n![Remote](https://example.org/x.png){#fig:a}\n\n![Missing](nope.png)\n"), 0o644)
	var diags diag.List
	if _, _, _, err := Compile(Options{Path: md}, &diags); err == nil {
		t.Fatal("a manuscript with missing images built without --draft")
	}
	diags = diag.List{}
	out, _, _, err := Compile(Options{Path: md, Draft: true}, &diags)
	if err != nil {
		t.Fatalf("draft build failed: %v\n%s", err, diagText(&diags))
	}
	if diags.HasErrors() {
		t.Fatalf("draft build reported errors:\n%s", diagText(&diags))
	}
	text := diagText(&diags)
	for _, want := range []string{"paper.md:5:16: warning: unknown cross-reference @fig:zz", "paper.md:7:1: warning: remote images are not fetched", "paper.md:9:1: warning: image nope.png: no such file"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	if err := api.Validate(bytes.NewReader(out), strict()); err != nil {
		t.Fatal(err)
	}
}

// TestAfterLayout: Options.AfterLayout is called once a build, after the
// layout (the pages are counted) and before the PDF is written.
func TestAfterLayout(t *testing.T) {
	calls := 0
	var diags diag.List
	b, n, _, err := Compile(Options{Path: "testdata/article", AfterLayout: func() { calls++ }}, &diags)
	if err != nil {
		t.Fatal(err, diagText(&diags))
	}
	if calls != 1 || n == 0 || len(b) == 0 {
		t.Errorf("AfterLayout called %d times for %d pages, %d bytes", calls, n, len(b))
	}
}
