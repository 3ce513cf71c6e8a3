package markdown

import (
	"sort"
	"strings"

	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
)

// Footnote references in the cells of pandoc tables. A cell's text is
// converted by a converter of its own (inlineString), on a goldmark parse
// of the cell alone, which knows nothing of the document's footnote
// definitions: [^label] would stay as text. cellContext gives that parse
// the labels the cell names, as stand-ins carrying the document's
// footnote indexes, and the cell's converter hands each reference to the
// document's (noteRef), which converts the note once with the others.

// root returns the converter of the whole document.
func (c *converter) root() *converter {
	for c.parent != nil {
		c = c.parent
	}
	return c
}

// cellContext returns the parser context for the goldmark parse of a
// cell's text s: the document's footnote definitions that s names.
func (c *converter) cellContext(s string) parser.Context {
	pc := parser.NewContext()
	labels := c.root().noteLabels
	if len(labels) == 0 || !strings.Contains(s, "[^") {
		return pc
	}
	st := &footnoteState{list: ast.NewFootnoteList(), byLabel: map[string]*ast.Footnote{}}
	for rest := s; ; {
		i := strings.Index(rest, "[^")
		if i < 0 {
			break
		}
		rest = rest[i+2:]
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			break
		}
		label := rest[:j]
		if idx, ok := labels[label]; ok && st.byLabel[label] == nil {
			fn := ast.NewFootnote([]byte(label))
			fn.Index = idx
			st.byLabel[label] = fn
			st.list.AppendChild(st.list, fn)
		}
	}
	if len(st.byLabel) == 0 {
		return pc
	}
	st.list.Count = len(st.byLabel)
	pc.Set(footnoteListKey, st)
	return pc
}

// footnoteDefsAttr is the attribute of the goldmark document that holds
// every footnote definition by label (map[string]*ast.Footnote).
const footnoteDefsAttr = "quire-footnote-defs"

// unreferencedNotes indexes the definitions goldmark dropped for want of
// a reference it could see, with indexes after the others, in the order
// of their labels.
func (c *converter) unreferencedNotes(root gast.Node) {
	v, ok := root.AttributeString(footnoteDefsAttr)
	if !ok {
		return
	}
	defs, _ := v.(map[string]*ast.Footnote)
	next := 0
	for idx := range c.noteDefs {
		next = max(next, idx)
	}
	labels := make([]string, 0, len(defs))
	for label, fn := range defs {
		if fn.Index < 0 {
			labels = append(labels, label)
		}
	}
	sort.Strings(labels)
	for _, label := range labels {
		next++
		c.noteDefs[next] = defs[label]
		if c.noteLabels == nil {
			c.noteLabels = map[string]int{}
		}
		c.noteLabels[label] = next
	}
}
