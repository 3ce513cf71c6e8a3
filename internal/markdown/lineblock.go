package markdown

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"

	"quire/internal/doc"
)

// Two pandoc paragraph forms goldmark reads as plain paragraphs: line
// blocks ("| " at the start of every line: verse, addresses) and example
// lists ("(@) text", "(@label) text", numbered through the whole document
// and referred to as "(@label)"). The converter recognises them from the
// paragraph's source lines and converts each line's text in place.

// paragraphLines returns the source lines of block n.
func (c *converter) paragraphLines(n ast.Node) []srcLine {
	ls := n.Lines()
	var out []srcLine
	for i := 0; i < ls.Len(); i++ {
		seg := ls.At(i)
		stop := min(seg.Stop, len(c.src))
		for stop > seg.Start && (c.src[stop-1] == '\n' || c.src[stop-1] == '\r') {
			stop--
		}
		ind := seg.Start > 0 && (c.src[seg.Start-1] == ' ' || c.src[seg.Start-1] == '\t')
		out = append(out, srcLine{text: string(c.src[seg.Start:stop]), start: seg.Start, end: stop, indented: ind})
	}
	return out
}

// firstLineHas reports whether the first line of block n starts with p.
func (c *converter) firstLineHas(n ast.Node, p string) bool {
	ls := n.Lines()
	if ls.Len() == 0 {
		return false
	}
	seg := ls.At(0)
	return bytes.HasPrefix(c.src[seg.Start:min(seg.Stop, len(c.src))], []byte(p))
}

// lineBlock converts a paragraph whose every line starts with "| " (or is
// a lone "|") into a line block; a line starting with a space continues
// the one before.
func (c *converter) lineBlock(n ast.Node) (*doc.LineBlock, bool) {
	if !c.firstLineHas(n, "|") {
		return nil, false
	}
	lines := c.paragraphLines(n)
	if len(lines) == 0 || !isLineBlockLine(lines[0].text) {
		return nil, false
	}
	type part struct{ start, end int }
	var parts [][]part
	for _, l := range lines {
		switch {
		case isLineBlockLine(l.text):
			off := l.start + 1
			if len(l.text) > 1 {
				off++
			}
			parts = append(parts, []part{{off, l.end}})
		case l.indented && len(parts) > 0:
			k := len(parts) - 1
			parts[k] = append(parts[k], part{l.start, l.end})
		default:
			return nil, false
		}
	}
	lb := &doc.LineBlock{At: c.at(n)}
	for _, ps := range parts {
		var line []doc.Inline
		for i, p := range ps {
			if i > 0 {
				line = append(line, doc.Text{S: " "})
			}
			// Leading spaces are kept (pandoc keeps the indentation).
			lead := 0
			for p.start+lead < p.end && c.src[p.start+lead] == ' ' && i == 0 {
				lead++
			}
			if lead > 0 {
				line = append(line, doc.Text{S: strings.Repeat("\u00a0", lead)})
			}
			line = append(line, c.subInlines(p.start+lead, p.end)...)
		}
		lb.Lines = append(lb.Lines, line)
	}
	return lb, true
}

// isLineBlockLine reports whether s is a line of a line block: "| text",
// or a lone "|"; a line that ends with "|" too is a broken pipe table.
func isLineBlockLine(s string) bool {
	return s == "|" || strings.HasPrefix(s, "| ") && !strings.HasSuffix(strings.TrimRight(s, " \t"), "|")
}

// reExample matches the marker of an example list item: (@) or (@label).
var reExample = regexp.MustCompile(`^\(@([A-Za-z0-9_-]*)\)[ \t]+`)

// exampleList converts a paragraph of "(@) ..." lines into an ordered list
// numbered on from the document's previous examples.
func (c *converter) exampleList(n ast.Node) (*doc.List, bool) {
	if !c.firstLineHas(n, "(@") {
		return nil, false
	}
	lines := c.paragraphLines(n)
	if len(lines) == 0 || !reExample.MatchString(lines[0].text) {
		return nil, false
	}
	l := &doc.List{At: c.at(n), Ordered: true, Start: c.examples + 1, Tight: true}
	type item struct{ start, end int }
	var items [][]item
	for _, ln := range lines {
		if m := reExample.FindStringSubmatchIndex(ln.text); m != nil {
			c.examples++
			if label := ln.text[m[2]:m[3]]; label != "" {
				if c.exampleLabels == nil {
					c.exampleLabels = map[string]int{}
				}
				c.exampleLabels[label] = c.examples
			}
			items = append(items, []item{{ln.start + m[1], ln.end}})
			continue
		}
		k := len(items) - 1
		items[k] = append(items[k], item{ln.start, ln.end})
	}
	for _, it := range items {
		var content []doc.Inline
		for i, p := range it {
			if i > 0 {
				content = append(content, doc.Text{S: " "})
			}
			content = append(content, c.subInlines(p.start, p.end)...)
		}
		l.Items = append(l.Items, doc.ListItem{Blocks: []doc.Block{&doc.Paragraph{At: c.at(n), Content: content}}})
	}
	return l, true
}

// resolveExamples replaces the citations "@label" that name an example
// ("(@label)" in the text) by the example's number.
func (c *converter) resolveExamples(bs []doc.Block) {
	if len(c.exampleLabels) == 0 {
		return
	}
	d := &doc.Document{Blocks: bs}
	doc.MapInlines(d, func(in []doc.Inline, _ bool) []doc.Inline {
		for i, x := range in {
			ct, ok := x.(doc.Citation)
			if !ok || len(ct.Items) != 1 {
				continue
			}
			if num, ok := c.exampleLabels[ct.Items[0].Key]; ok {
				in[i] = doc.Text{S: strconv.Itoa(num)}
			}
		}
		return in
	})
}

// reBracketText matches "[text]", "[text][]" and "[text][ref]" left as
// text: a shortcut, collapsed or full reference link with no definition.
var reBracketText = regexp.MustCompile(`\[([^\[\]]+)\](?:\[([^\[\]]*)\])?`)

// resolveHeadingRefs turns "[Heading text]", left as text because no link
// definition names it, into a link to the heading of that title (pandoc's
// implicit_header_references).
func (c *converter) resolveHeadingRefs(bs []doc.Block) {
	titles := map[string]string{}
	doc.EachBlock(bs, func(b doc.Block) {
		if h, ok := b.(*doc.Heading); ok && h.ID != "" {
			k := strings.ToLower(strings.Join(strings.Fields(doc.PlainText(h.Content)), " "))
			if _, dup := titles[k]; !dup {
				titles[k] = h.ID
			}
		}
	})
	if len(titles) == 0 {
		return
	}
	d := &doc.Document{Blocks: bs}
	doc.MapInlines(d, func(in []doc.Inline, _ bool) []doc.Inline {
		var out []doc.Inline
		for i, x := range in {
			t, ok := x.(doc.Text)
			if !ok || !strings.Contains(t.S, "]") {
				if out != nil {
					out = append(out, x)
				}
				continue
			}
			ms := reBracketText.FindAllStringSubmatchIndex(t.S, -1)
			last := 0
			var parts []doc.Inline
			for _, m := range ms {
				key := t.S[m[2]:m[3]]
				if m[4] >= 0 && m[5] > m[4] { // [text][ref]: the heading is ref
					key = t.S[m[4]:m[5]]
				}
				k := strings.ToLower(strings.Join(strings.Fields(key), " "))
				id, ok := titles[k]
				if !ok {
					continue
				}
				if m[0] > last {
					parts = append(parts, doc.Text{S: t.S[last:m[0]]})
				}
				parts = append(parts, doc.Ref{Target: id, Content: []doc.Inline{doc.Text{S: t.S[m[2]:m[3]]}}})
				last = m[1]
			}
			if parts == nil {
				if out != nil {
					out = append(out, x)
				}
				continue
			}
			if last < len(t.S) {
				parts = append(parts, doc.Text{S: t.S[last:]})
			}
			if out == nil {
				out = append([]doc.Inline(nil), in[:i]...)
			}
			out = append(out, parts...)
		}
		if out == nil {
			return in
		}
		return out
	})
}
