package layout

import (
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
)

// calloutParts are the frame and bar of the callouts on a page.
type calloutParts struct {
	left, right []*draw.Path // vertical rules, by width
	horizontal  []*draw.Path // top and bottom rules
	bars        []*draw.Path // filled title bars
}

func calloutsOn(p *draw.Page) calloutParts {
	var cp calloutParts
	for _, it := range p.Items {
		pa, ok := it.(*draw.Path)
		if !ok || len(pa.Ops) < 2 {
			continue
		}
		a, b := pa.Ops[0].Points[0], pa.Ops[1].Points[0]
		switch {
		case pa.Fill != nil && *pa.Fill == calloutBar:
			cp.bars = append(cp.bars, pa)
		case pa.Stroke == nil || *pa.Stroke != calloutFrame:
		case a[0] == b[0] && pa.LineWidth == calloutLeftRule:
			cp.left = append(cp.left, pa)
		case a[0] == b[0] && pa.LineWidth == calloutRule:
			cp.right = append(cp.right, pa)
		case a[1] == b[1]:
			cp.horizontal = append(cp.horizontal, pa)
		}
	}
	return cp
}

// TestCalloutFrame: a callout is set in a frame, a heavier rule on the
// left, with its title on a tinted bar; its text lies inside the frame;
// the title is the language's word for the kind unless the author gave
// one; a box has a frame and no bar.
func TestCalloutFrame(t *testing.T) {
	para := func(s string) *doc.Paragraph { return &doc.Paragraph{Content: []doc.Inline{doc.Text{S: s}}} }
	body := strings.Repeat("The text inside the callout runs over several lines of the frame. ", 5)
	d := &doc.Document{Meta: doc.Meta{Lang: "en-US", Terms: map[string]string{"callout-tip-title": "Hint"}}, Blocks: []doc.Block{
		para("Before."),
		&doc.Div{Framed: true, Callout: "note", Blocks: []doc.Block{para(body)}},
		&doc.Div{Framed: true, Callout: "warning", Title: []doc.Inline{doc.Text{S: "Mind the gap"}}, Blocks: []doc.Block{para("A warning.")}},
		&doc.Div{Framed: true, Callout: "important", Lang: "de", Blocks: []doc.Block{para("Wichtig.")}},
		&doc.Div{Framed: true, Callout: "tip", Blocks: []doc.Block{para("A tip.")}},
		&doc.Div{Framed: true, Blocks: []doc.Block{para("A box.")}},
		para("After."),
	}}
	pages := runDoc(t, d)
	if len(pages) != 1 {
		t.Fatalf("%d pages", len(pages))
	}
	text := pagesText(pages)
	for _, w := range []string{"Note", "Mind the gap", "Wichtig", "Hint"} {
		if !strings.Contains(text, w+" ") {
			t.Errorf("no title %q in %q", w, text)
		}
	}
	if strings.Contains(text, "Warning") || strings.Contains(text, "Tip ") {
		t.Errorf("a generated title where there should be the author's or the front matter's: %q", text)
	}
	cp := calloutsOn(pages[0])
	if len(cp.bars) < 4*3 || len(cp.horizontal) != 5*2 {
		t.Fatalf("%d bar pieces (want at least 12: four titles), %d horizontal rules (want 10: five frames)", len(cp.bars), len(cp.horizontal))
	}
	if len(cp.left) == 0 || len(cp.left) != len(cp.right) {
		t.Fatalf("%d left and %d right rules", len(cp.left), len(cp.right))
	}
	left := cp.left[0].Ops[0].Points[0][0]
	right := cp.right[0].Ops[0].Points[0][0]
	// Every line of text between Before. and After. lies inside the frame,
	// and the titles are bold.
	inside := false
	for _, tx := range texts(pages[0]) {
		switch {
		case strings.HasPrefix(tx.S, "Before"):
			inside = true
			continue
		case strings.HasPrefix(tx.S, "After"):
			inside = false
		}
		if !inside || tx.Size < 5 {
			continue
		}
		if tx.X < left+calloutLeftRule || tx.X+measure(tx) > right-calloutRule {
			t.Errorf("%q at %.1f–%.1f is not inside the frame %.1f–%.1f", tx.S, tx.X, tx.X+measure(tx), left, right)
		}
		if (tx.S == "Note" || tx.S == "Wichtig") && !strings.Contains(strings.ToLower(tx.Face), "bold") {
			t.Errorf("title %q in face %s", tx.S, tx.Face)
		}
	}
}

// TestCalloutAcrossPages: a callout longer than a page breaks, its frame
// open at the break: the top rule and the title on the first page, the
// bottom rule on the last, side rules on every page.
func TestCalloutAcrossPages(t *testing.T) {
	var blocks []doc.Block
	for range 12 {
		blocks = append(blocks, &doc.Paragraph{Content: []doc.Inline{doc.Text{S: strings.Repeat("A long paragraph inside a long callout, to fill the page. ", 8)}}})
	}
	d := &doc.Document{Blocks: []doc.Block{&doc.Div{Framed: true, Callout: "caution", Blocks: blocks}}}
	pages, err := New(article(t), &diag.List{}).Run(d)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 2 {
		t.Fatalf("%d pages: the callout should not fit on one", len(pages))
	}
	for i, p := range pages {
		cp := calloutsOn(p)
		wantH := 0
		if i == 0 {
			wantH++
			if len(cp.bars) == 0 || !strings.Contains(pagesText([]*draw.Page{p}), "Caution") {
				t.Errorf("page 1: no title bar")
			}
		}
		if i == len(pages)-1 {
			wantH++
		}
		if len(cp.horizontal) != wantH {
			t.Errorf("page %d: %d horizontal rules, want %d", i+1, len(cp.horizontal), wantH)
		}
		if len(cp.left) < 10 || len(cp.right) != len(cp.left) {
			t.Errorf("page %d: %d left and %d right rules", i+1, len(cp.left), len(cp.right))
		}
	}
}
