package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A manuscript in numbered files is read in order as one; every
// diagnostic names the file and line it comes from, cross-references
// resolve across files, and the metadata file gives the title.
func TestChaptersAsOneManuscript(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"source/metadata.yml": "title: The Thesis\nauthor: Ann Lee\n",
		"source/01_intro.md":  "# Introduction {#sec:intro}\n\nSee @tbl:data.\n",
		"source/02_data.md":   "---\nkeywords: [x]\n---\n# Data\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: Data. {#tbl:data}\n\nAnd @fig:nowhere here.\n",
	})
	var diags diag.List
	d, p, err := Load(dir, &diags)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != filepath.Base(dir) || d.Meta.Title != "The Thesis" || len(d.Meta.Authors) != 1 {
		t.Errorf("name %q, meta %+v", p.Name, d.Meta)
	}
	text := diagText(&diags)
	want := filepath.Join(dir, "source", "02_data.md") + ":12:5: error: unknown cross-reference @fig:nowhere"
	if !strings.Contains(text, want) {
		t.Errorf("diagnostics:\n%s\nwant %q", text, want)
	}
	if strings.Contains(text, "@tbl:data") {
		t.Errorf("a reference to another file's table does not resolve:\n%s", text)
	}
	var heads []string
	for _, b := range d.Blocks {
		if h, ok := b.(*doc.Heading); ok {
			heads = append(heads, doc.PlainText(h.Content))
			if h.Pos.File != filepath.Join(dir, "source", map[string]string{"Introduction": "01_intro.md", "Data": "02_data.md"}[doc.PlainText(h.Content)]) {
				t.Errorf("heading %q at %s", doc.PlainText(h.Content), h.Pos)
			}
		}
	}
	if strings.Join(heads, "|") != "Introduction|Data" {
		t.Errorf("headings %v", heads)
	}
}

// Markup in the title and the names is set in the title block and
// stripped from the PDF's metadata and the running head.
func TestTitleMarkup(t *testing.T) {
	dir := writeFiles(t, map[string]string{"paper.md": "---\ntitle: \"The *Drosophila* genome: a `grep` story\"\nauthor:\n  - name: \"Ann *Lee*\"\n  - Bob\nthanks: Funded by *nobody*.\n---\n\n" + strings.Repeat("Text. ", 2000) + "\n"})
	var diags diag.List
	pr, err := prepare(Options{Path: dir}, &diags)
	if err != nil {
		t.Fatalf("%v\n%s", err, diagText(&diags))
	}
	if pr.meta.Title != "The Drosophila genome: a grep story" || strings.Join(pr.meta.Authors, ",") != "Ann Lee,Bob" {
		t.Errorf("PDF metadata: %q %q", pr.meta.Title, pr.meta.Authors)
	}
	var italic, head, mark, note bool
	for i, p := range pr.pages {
		for _, it := range draw.Expand(p.Items) {
			tx, ok := it.(*draw.Text)
			if !ok {
				continue
			}
			if i == 0 && tx.S == "Drosophila" && tx.Face == "serif-bolditalic" {
				italic = true
			}
			if i == 0 && tx.S == "*" {
				mark = true
			}
			if i == 0 && strings.Contains(tx.S, "nobody") {
				note = true
			}
			if i == 1 && strings.HasPrefix(tx.S, "The Drosophila genome") {
				head = true
			}
			if strings.Contains(tx.S, "*Drosophila*") || strings.Contains(tx.S, "`") {
				t.Errorf("markup printed as text on page %d: %q", i+1, tx.S)
			}
		}
	}
	if !italic || !head || !mark || !note {
		t.Errorf("italic title word %v, plain running head %v, thanks mark %v, thanks note %v", italic, head, mark, note)
	}
}
