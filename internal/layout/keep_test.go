package layout

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
)

// keepDoc is k one-line paragraphs, then a heading of the given level,
// then what follows it: a paragraph of several lines, a subheading and
// the paragraph, or a code block. Their first words are "Followup". As k
// grows the heading moves down one line at a time, so some k puts it where
// the heading fits at the foot of the page but what follows does not.
func keepDoc(k, level int, follow string) *doc.Document {
	d := &doc.Document{}
	for i := range k {
		d.Blocks = append(d.Blocks, &doc.Paragraph{Content: []doc.Inline{doc.Text{S: fmt.Sprintf("Filler line %d.", i+1)}}})
	}
	d.Blocks = append(d.Blocks, &doc.Heading{Level: level, Content: []doc.Inline{doc.Text{S: "The kept heading"}}})
	para := &doc.Paragraph{Content: []doc.Inline{doc.Text{S: "Followup " + strings.Repeat("paragraph after the heading runs over several lines of text. ", 8)}}}
	switch follow {
	case "paragraph":
		d.Blocks = append(d.Blocks, para)
	case "subheading":
		d.Blocks = append(d.Blocks, &doc.Heading{Level: level + 1, Content: []doc.Inline{doc.Text{S: "The kept subheading"}}}, para)
	case "code":
		d.Blocks = append(d.Blocks, &doc.CodeBlock{Text: "Followup code\nline 2\nline 3\nline 4\n"})
	}
	return d
}

// strandedHeading reports the page (from 1) on which a heading's line is
// the last box that is not space, or 0 if no heading is stranded.
func strandedHeading(pcs []pageContent) int {
	for i, pc := range pcs {
		last := -1
		for j, p := range pc.body {
			if !p.v.space {
				last = j
			}
		}
		if last >= 0 && i < len(pcs)-1 && isHeading(pc.body[last].v) {
			return i + 1
		}
	}
	return 0
}

func isHeading(v *vbox) bool {
	for _, it := range draw.Expand(v.items) {
		if _, ok := it.(*draw.Bookmark); ok {
			return true
		}
	}
	return false
}

// TestHeadingKeptAtFoot slides a heading down the page, one line at a
// time over more than a page, so that at some position it would be
// stranded at the foot: the galley with its keep flags removed shows that
// it is, and the real one must move it to the next page with what
// follows it, both in the page builder and in the pages drawn.
func TestHeadingKeptAtFoot(t *testing.T) {
	st := article(t)
	per := int(st.TextHeight()/st.Leading) + 2
	for _, follow := range []string{"paragraph", "subheading", "code"} {
		for level := 1; level <= 3; level++ {
			strandedWithout := 0
			for k := 0; k <= per; k++ {
				name := fmt.Sprintf("%s, level %d, %d lines before", follow, level, k)
				d := keepDoc(k, level, follow)
				l := New(st, &diag.List{})
				g := &galley{l: l, notes: map[*doc.Note]*noteSet{}}
				g.blocks(d.Blocks, ctx{width: st.TextWidth(), size: st.BodySize, leading: st.Leading, face: st.BodyFace})
				if p := strandedHeading(l.paginate(g.out)); p != 0 {
					t.Errorf("%s: a heading is the last line of page %d", name, p)
				}

				// The same galley without the rule: a heading line and
				// the space after it may end a page.
				for i, v := range g.out {
					if isHeading(v) {
						v.noBreak = false
						if i+1 < len(g.out) && g.out[i+1].space {
							g.out[i+1].noBreak = false
						}
					}
				}
				if strandedHeading(l.paginate(g.out)) != 0 {
					strandedWithout++
				}

				pages, err := New(st, &diag.List{}).Run(keepDoc(k, level, follow))
				if err != nil {
					t.Fatal(err)
				}
				followPage, headings := 0, 0
				for i, p := range pages {
					for _, it := range draw.Expand(p.Items) {
						switch it := it.(type) {
						case *draw.Bookmark:
							headings++
							if followPage != 0 {
								t.Errorf("%s: heading %q after what follows it", name, it.Title)
							}
							if b := pageOf(pages, "Followup"); b != i+1 {
								t.Errorf("%s: heading %q on page %d, what follows it on page %d", name, it.Title, i+1, b)
							}
						case *draw.Text:
							if strings.Contains(it.S, "Followup") && followPage == 0 {
								followPage = i + 1
							}
						}
					}
				}
				if want := map[bool]int{false: 1, true: 2}[follow == "subheading"]; headings != want || followPage == 0 {
					t.Fatalf("%s: %d headings drawn, want %d; what follows on page %d", name, headings, want, followPage)
				}
			}
			if strandedWithout == 0 {
				t.Errorf("%s, level %d: no position strands the heading even without the rule; the test no longer tests it", follow, level)
			}
		}
	}
}

// pageOf returns the page (from 1) of the first text item containing s.
func pageOf(pages []*draw.Page, s string) int {
	for i, p := range pages {
		for _, it := range draw.Expand(p.Items) {
			if tx, ok := it.(*draw.Text); ok && strings.Contains(tx.S, s) {
				return i + 1
			}
		}
	}
	return 0
}

// TestNoWidowsOrOrphans slides a paragraph of six lines down the page one
// line at a time, over more than a page, so that every split of it across
// a page break comes up: each page must hold none of its lines or at
// least two (no orphan: a first line alone at the foot; no widow: a last
// line alone at the top). Without the rule's flags some position leaves a
// line alone, which shows the construction reaches the rule.
func TestNoWidowsOrOrphans(t *testing.T) {
	st := article(t)
	per := int(st.TextHeight()/st.Leading) + 2
	c := ctx{width: st.TextWidth(), size: st.BodySize, leading: st.Leading, face: st.BodyFace}
	aloneWithout, split := 0, 0
	for k := 0; k <= per; k++ {
		d := keepDoc(k, 1, "paragraph")
		l := New(st, &diag.List{})
		g := &galley{l: l, notes: map[*doc.Note]*noteSet{}}
		g.blocks(d.Blocks[:k], c)
		start := len(g.out)
		g.blocks([]doc.Block{&doc.Paragraph{Content: []doc.Inline{doc.Text{S: strings.Repeat("A paragraph of exactly six lines is wanted here. ", 15)}}}}, c)
		lines := map[*vbox]bool{}
		for _, v := range g.out[start:] {
			if !v.space {
				lines[v] = true
			}
		}
		if len(lines) < 5 {
			t.Fatalf("the paragraph has %d lines; the test needs five or more", len(lines))
		}
		counts := func() []int {
			var n []int
			for _, pc := range l.paginate(g.out) {
				m := 0
				for _, p := range pc.body {
					if lines[p.v] {
						m++
					}
				}
				if m > 0 {
					n = append(n, m)
				}
			}
			return n
		}
		n := counts()
		if len(n) > 1 {
			split++
		}
		for i, m := range n {
			if m == 1 {
				what := "an orphan: its first line alone at the foot of a page"
				if i > 0 {
					what = "a widow: its last line alone at the top of a page"
				}
				t.Errorf("%d lines before: the paragraph splits %v, %s", k, n, what)
			}
		}
		for v := range lines {
			v.noBreak = false
		}
		if slices.Contains(counts(), 1) {
			aloneWithout++
		}
	}
	if split == 0 || aloneWithout < 2 {
		t.Errorf("the paragraph split %d times, and without the rule left a line alone %d times; the test no longer tests the rule", split, aloneWithout)
	}
}
