package layout

import (
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/lang"
	"quire/internal/style"
)

func texts(p *draw.Page) []*draw.Text {
	var out []*draw.Text
	for _, it := range draw.Expand(p.Items) {
		if t, ok := it.(*draw.Text); ok {
			out = append(out, t)
		}
	}
	return out
}

func TestCover(t *testing.T) {
	st, err := style.For("submission", "a4", 0)
	if err != nil {
		t.Fatal(err)
	}
	d := genDoc(3, 7)
	d.Meta.Abstract = []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "Four words of abstract."}}}}
	d.Meta.Keywords = []string{"alpha", "beta"}
	d.Meta.Journal = doc.JournalLimits{Words: 12000}
	var diags diag.List
	pages, err := New(st, &diags).Run(d)
	if err != nil {
		t.Fatal(err)
	}
	var cover strings.Builder
	for _, tx := range texts(pages[0]) {
		cover.WriteString(tx.S + " ")
		if tx.X < st.Inner {
			t.Errorf("line number %q on the cover", tx.S)
		}
	}
	c := doc.Count(d)
	for _, want := range []string{"Generated", "A. Tester", "Word count: " + lang.Default().GroupDigits(c.Words()) + " (limit 12,000)",
		"Abstract: 4 words", "Keywords: 2 — alpha; beta", "1 of " + itoa(len(pages))} {
		if !strings.Contains(cover.String(), want) {
			t.Errorf("cover lacks %q:\n%s", want, cover.String())
		}
	}
	// The body opens on page 2 with the title, the abstract and line 1.
	body := texts(pages[1])
	if len(body) == 0 || body[0].S != "Generated" {
		t.Errorf("page 2 does not open with the title")
	}
	first := ""
	for _, tx := range body {
		if tx.X < st.Inner {
			first = tx.S
			break
		}
	}
	if first != "1" {
		t.Errorf("first line number on page 2 is %q, want 1", first)
	}
	for _, tx := range body {
		if tx.S == "A. Tester" {
			t.Error("the body repeats the authors")
		}
	}
	// One outline entry for the title, on the cover.
	n := 0
	for pi, p := range pages {
		for _, it := range draw.Expand(p.Items) {
			if b, ok := it.(*draw.Bookmark); ok && b.Title == "Generated" {
				n++
				if pi != 0 {
					t.Errorf("title bookmark on page %d", pi+1)
				}
			}
		}
	}
	if n != 1 {
		t.Errorf("%d title bookmarks, want 1", n)
	}

	d.Meta.Anonymous, d.Meta.Authors = true, nil
	pages, err = New(st, &diags).Run(d)
	if err != nil {
		t.Fatal(err)
	}
	var anon strings.Builder
	for _, tx := range texts(pages[0]) {
		anon.WriteString(tx.S + " ")
	}
	if !strings.Contains(anon.String(), "Anonymised for review") {
		t.Errorf("anonymised cover: %s", anon.String())
	}
}

func TestGroupDigits(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 12345: "12,345", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := lang.Default().GroupDigits(n); got != want {
			t.Errorf("groupDigits(%d) = %q, want %q", n, got, want)
		}
	}
}
