package layout

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
)

var update = flag.Bool("update", false, "rewrite golden files")

// dump writes a display list as text, one item a line, positions rounded
// to 0.01 pt, so layout changes show up as readable diffs.
func dump(pages []*draw.Page) string {
	var b strings.Builder
	for i, p := range pages {
		fmt.Fprintf(&b, "page %d %.2fx%.2f\n", i+1, p.Width, p.Height)
		for _, it := range draw.Expand(p.Items) {
			switch it := it.(type) {
			case *draw.Text:
				fmt.Fprintf(&b, "  text %.2f %.2f %s %.2f %q\n", it.X, it.Y, it.Face, it.Size, it.S)
			case *draw.Path:
				fmt.Fprintf(&b, "  path %d ops from %.2f,%.2f\n", len(it.Ops), it.Ops[0].Points[0][0], it.Ops[0].Points[0][1])
			case *draw.Link:
				fmt.Fprintf(&b, "  link %.2f %.2f %.2f %.2f %q %q\n", it.X, it.Y, it.W, it.H, it.URL, it.Dest)
			case *draw.Anchor:
				fmt.Fprintf(&b, "  anchor %q %.2f\n", it.Name, it.Y)
			case *draw.Bookmark:
				fmt.Fprintf(&b, "  bookmark %d %q %.2f\n", it.Level, it.Title, it.Y)
			case *draw.Image:
				fmt.Fprintf(&b, "  image %.2f %.2f %.2f %.2f\n", it.X, it.Y, it.W, it.H)
			}
		}
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	note := &doc.Note{Number: 1, Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "A footnote at the foot of the page."}}}}}
	d := &doc.Document{
		Meta: doc.Meta{Title: "Golden", ShortTitle: "Golden", Authors: []doc.Author{{Name: "A. Tester", Affiliations: []int{1}}}, Affiliations: []doc.Affiliation{{Name: "Somewhere"}}, Keywords: []string{"one", "two"}},
		Blocks: []doc.Block{
			&doc.Heading{Level: 1, ID: "intro", Number: "1", Content: []doc.Inline{doc.Text{S: "Introduction"}}},
			&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "Typesetting is the composition of text by means of arranging physical type or its digital equivalents; hyphenation and justification decide how each line ends."}, doc.NoteRef{Note: note}, doc.Text{S: " A "}, doc.Emph{Content: []doc.Inline{doc.Text{S: "second"}}}, doc.Text{S: " sentence links to "}, doc.Link{URL: "https://example.org", Content: []doc.Inline{doc.Text{S: "example.org"}}}, doc.Text{S: "."}}},
			&doc.List{Ordered: true, Start: 1, Tight: true, Items: []doc.ListItem{
				{Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "first item"}}}}},
				{Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "second item"}}}}},
			}},
			&doc.Table{Number: 1, ID: "tbl:a", Caption: []doc.Inline{doc.Text{S: "A table."}},
				Header: [][]doc.Inline{{doc.Text{S: "Year"}}, {doc.Text{S: "Event"}}},
				Rows:   [][][]doc.Inline{{{doc.Text{S: "1855"}}, {doc.Text{S: "Treaty of Shimoda"}}}}},
		},
	}
	pages, err := New(article(t), &diag.List{}).Run(d)
	if err != nil {
		t.Fatal(err)
	}
	got := dump(pages)
	path := filepath.Join("testdata", "simple.golden")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("display list differs from %s (go test -run Golden -update to accept):\n%s", path, got)
	}
}
