package doc

import (
	"fmt"
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

// TestMapInlinesEntersContainers: MapInlines rewrites the content of every
// inline that holds inlines, each kind kept, and EachInline and PlainText
// see into every one.
func TestMapInlinesEntersContainers(t *testing.T) {
	nest := func(leaf Inline) []Inline {
		var x Inline = leaf
		for _, wrap := range []func([]Inline) Inline{
			func(c []Inline) Inline { return Span{Lang: "de", Content: c} },
			func(c []Inline) Inline { return Ref{Content: c} },
			func(c []Inline) Inline { return Link{Content: c} },
			func(c []Inline) Inline { return Super{Content: c} },
			func(c []Inline) Inline { return SmallCaps{Content: c} },
			func(c []Inline) Inline { return Strike{Content: c} },
			func(c []Inline) Inline { return Strong{Content: c} },
			func(c []Inline) Inline { return Emph{Content: c} },
		} {
			x = wrap([]Inline{x})
		}
		return []Inline{x}
	}
	d := &Document{Blocks: []Block{&Paragraph{Content: nest(Text{S: "old"})}}}
	// f returns new sequences, longer by a full stop, as a rewrite that
	// inserts inlines does: every container must be given its new one.
	MapInlines(d, func(in []Inline, _ bool) []Inline {
		out := make([]Inline, 0, len(in)+1)
		for _, x := range in {
			if s, ok := x.(Text); ok && s.S == "old" {
				x = Text{S: "new"}
			}
			out = append(out, x)
		}
		return append(out, Text{S: "."})
	})
	got := d.Blocks[0].(*Paragraph).Content
	if g, w := PlainText(got), "new"+strings.Repeat(".", 9); g != w {
		t.Errorf("PlainText after MapInlines = %q, want %q", g, w)
	}
	var kinds []string
	EachInline(got, func(x Inline) {
		if _, ok := x.(Text); !ok {
			kinds = append(kinds, fmt.Sprintf("%T", x))
		}
	})
	if g, w := strings.Join(kinds, " "), "doc.Emph doc.Strong doc.Strike doc.SmallCaps doc.Super doc.Link doc.Ref doc.Span"; g != w {
		t.Errorf("EachInline saw %s, want %s", g, w)
	}
	if sp, ok := got[0].(Emph).Content[0].(Strong).Content[0].(Strike).Content[0].(SmallCaps).Content[0].(Super).Content[0].(Link).Content[0].(Ref).Content[0].(Span); !ok || sp.Lang != "de" {
		t.Errorf("the span lost its language: %+v", sp)
	}
}
