package layout

import (
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/style"
)

// structured is a document with every kind of block layout tags.
func structured(rows int) *doc.Document {
	note := &doc.Note{Number: 1, Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "The note."}}}}}
	text := func(s string) []doc.Inline { return []doc.Inline{doc.Text{S: s}} }
	var body [][][]doc.Inline
	for i := range rows {
		body = append(body, [][]doc.Inline{text(itoa(1900 + i)), text("an event in row " + itoa(i))})
	}
	return &doc.Document{
		Meta: doc.Meta{Title: "Structure", ShortTitle: "Structure", Authors: []doc.Author{{Name: "A. Tester"}},
			Abstract: []doc.Block{&doc.Paragraph{Content: text("The abstract.")}}, Keywords: []string{"k"}},
		Blocks: []doc.Block{
			&doc.Heading{Level: 1, Content: text("One"), Number: "1"},
			&doc.Paragraph{Content: []doc.Inline{doc.Text{S: "A paragraph with "}, doc.Link{URL: "https://example.org", Content: text("a link")},
				doc.Text{S: ", a note"}, doc.NoteRef{Note: note}, doc.Text{S: ", "}, doc.Code{S: "code"}, doc.Text{S: " and Коминтерн in Russian."}}},
			&doc.List{Ordered: true, Start: 1, Items: []doc.ListItem{{Blocks: []doc.Block{&doc.Paragraph{Content: text("first")}}}}},
			&doc.DefList{Items: []doc.DefItem{{Term: text("Term"), Defs: [][]doc.Block{{&doc.Paragraph{Content: text("Definition.")}}}}}},
			&doc.Quote{Blocks: []doc.Block{&doc.Paragraph{Content: text("Quoted.")}}},
			&doc.CodeBlock{Text: "x := 1\n"},
			&doc.ThematicBreak{},
			&doc.Heading{Level: 2, Content: text("Two")},
			&doc.Table{Number: 1, Caption: text("A long table."), Header: [][]doc.Inline{text("Year"), text("Event")}, Rows: body},
			&doc.Bibliography{Entries: [][]doc.Inline{text("Author, A. A Book. 1999.")}, IDs: []string{"ref-a"}},
		},
	}
}

func submission(t testing.TB) *style.Style {
	st, err := style.For("submission", "a4", 0)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func walkItems(pages []*draw.Page, f func(page int, it draw.Tagged)) {
	for i, p := range pages {
		for _, it := range draw.Expand(p.Items) {
			if t, ok := it.(draw.Tagged); ok {
				f(i+1, t)
			}
		}
	}
}

func TestEveryItemTagged(t *testing.T) {
	for _, st := range []*style.Style{article(t), submission(t)} {
		var dl diag.List
		pages, err := New(st, &dl).Run(structured(120))
		if err != nil {
			t.Fatal(err)
		}
		if len(pages) < 3 {
			t.Fatalf("%d pages: the table should run over several", len(pages))
		}
		roles := map[draw.Role]int{}
		heads, folios, repeated := 0, 0, 0
		walkItems(pages, func(page int, it draw.Tagged) {
			n := it.Node()
			if n == nil {
				t.Errorf("page %d: %T %+v has no structure node", page, it, it)
				return
			}
			if n.IsArtifact() {
				switch n.Artifact {
				case draw.ArtifactHeader:
					heads++
				case draw.ArtifactFooter:
					folios++
				case draw.ArtifactPaging:
					repeated++
				}
				if tx, ok := it.(*draw.Text); ok && n.Artifact == draw.ArtifactPaging && tx.S != "Year" && tx.S != "Event" {
					t.Errorf("page %d: %q repeated as a header", page, tx.S)
				}
				return
			}
			if tx, ok := it.(*draw.Text); ok && (tx.S == "Structure" && tx.Y < 60) {
				t.Errorf("page %d: the running head is content", page)
			}
			// Every node is in the document's tree.
			r := n
			for r.Parent != nil {
				r = r.Parent
			}
			if r.Role != draw.RoleDocument {
				t.Errorf("page %d: %s node outside the document (its top is %s)", page, n.Role, r.Role)
			}
			roles[n.Role]++
		})
		if folios != len(pages) || (heads == 0) == st.RunningHead || repeated == 0 {
			t.Errorf("%d folios on %d pages, %d running-head items, %d repeated header items", folios, len(pages), heads, repeated)
		}
		for _, r := range []draw.Role{draw.RoleTitle, draw.RoleH1, draw.RoleH2, draw.RoleP, draw.RoleLink, draw.RoleLbl, draw.RoleTH, draw.RoleTD,
			draw.RoleCaption, draw.RoleCode, draw.RoleSpan, draw.RoleBibEntry} {
			if roles[r] == 0 {
				t.Errorf("no item marked %s", r)
			}
		}
	}
}

// TestNoteFollowsParagraph checks the tree's order: the note after the
// paragraph that references it, before the next block.
func TestNoteFollowsParagraph(t *testing.T) {
	l := New(article(t), &diag.List{})
	if _, err := l.Run(structured(3)); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, k := range l.root.Kids {
		got = append(got, string(k.Role))
	}
	s := strings.Join(got, " ")
	if !strings.Contains(s, "H1 P Note L L BlockQuote P") {
		t.Errorf("document's kids: %s", s)
	}
	// The note's paragraph, the link and the span in another language.
	var note, span *draw.Node
	for _, k := range l.root.Kids {
		if k.Role == draw.RoleNote {
			note = k
		}
		if k.Role == draw.RoleP {
			for _, c := range k.Kids {
				if c.Role == draw.RoleSpan {
					span = c
				}
			}
		}
	}
	if note == nil || note.ID == "" || len(note.Kids) != 1 || note.Kids[0].Role != draw.RoleP {
		t.Errorf("note %+v", note)
	}
	if span == nil || span.Lang != "ru" {
		t.Errorf("no Russian span: %+v", span)
	}
}

// TestHeadingWarnings checks that a skipped heading level is a warning at
// the heading, and a figure without alternate text one at the figure.
func TestHeadingWarnings(t *testing.T) {
	var dl diag.List
	d := &doc.Document{Blocks: []doc.Block{
		&doc.Heading{At: doc.At{Pos: diag.Pos{File: "p.md", Line: 1, Col: 1}}, Level: 1, Content: []doc.Inline{doc.Text{S: "A"}}},
		&doc.Heading{At: doc.At{Pos: diag.Pos{File: "p.md", Line: 3, Col: 1}}, Level: 3, Content: []doc.Inline{doc.Text{S: "C"}}},
		&doc.Heading{At: doc.At{Pos: diag.Pos{File: "p.md", Line: 5, Col: 1}}, Level: 2, Content: []doc.Inline{doc.Text{S: "B"}}},
		&doc.Figure{At: doc.At{Pos: diag.Pos{File: "p.md", Line: 7, Col: 1}}, Missing: "x.png"},
	}}
	if _, err := New(article(t), &dl).Run(d); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range dl.Items() {
		got = append(got, it.Pos.String()+" "+it.Msg)
	}
	s := strings.Join(got, "\n")
	if !strings.Contains(s, "p.md:3:1 a heading of level 3 after the heading of level 1 at line 1 skips a level") ||
		strings.Contains(s, "p.md:5:1") || !strings.Contains(s, "p.md:7:1 the image x.png has no alternate text") {
		t.Errorf("warnings:\n%s", s)
	}
}
