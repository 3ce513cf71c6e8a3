package doc

import (
	"strings"
	"testing"
)

// TestWalkBlocksOrder: pre sees a container before its blocks, post after
// them, through list items, definitions, quotations and divisions, and
// neither enters a footnote.
func TestWalkBlocksOrder(t *testing.T) {
	p := func(s string) *Paragraph {
		return &Paragraph{Content: []Inline{Text{S: s}}}
	}
	note := &Note{Blocks: []Block{p("note")}}
	bs := []Block{
		&Div{Lang: "de", Blocks: []Block{
			&List{Items: []ListItem{{Blocks: []Block{p("item")}}}},
			&Quote{Blocks: []Block{&DefList{Items: []DefItem{{Defs: [][]Block{{p("def")}}}}}}},
		}},
		&Paragraph{Content: []Inline{NoteRef{Note: note}}},
	}
	name := func(b Block) string {
		switch b := b.(type) {
		case *Paragraph:
			if len(b.Content) > 0 {
				if s, ok := b.Content[0].(Text); ok {
					return s.S
				}
			}
			return "p"
		case *Div:
			return "div"
		case *List:
			return "list"
		case *Quote:
			return "quote"
		case *DefList:
			return "deflist"
		}
		return "?"
	}
	var pre, post []string
	WalkBlocks(bs, func(b Block) { pre = append(pre, name(b)) }, func(b Block) { post = append(post, name(b)) })
	if got, want := strings.Join(pre, " "), "div list item quote deflist def p"; got != want {
		t.Errorf("pre-order %q, want %q", got, want)
	}
	if got, want := strings.Join(post, " "), "item list def deflist quote div p"; got != want {
		t.Errorf("post-order %q, want %q", got, want)
	}
	var each []string
	EachBlock(bs, func(b Block) { each = append(each, name(b)) })
	if strings.Join(each, " ") != strings.Join(pre, " ") {
		t.Errorf("EachBlock %q, WalkBlocks' pre-order %q", each, pre)
	}
}
