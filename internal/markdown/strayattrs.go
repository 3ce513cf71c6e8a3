package markdown

import (
	"bytes"
	"strings"

	"quire/internal/diag"
	"quire/internal/doc"
)

// Stray attribute blocks. A pandoc attribute block ({#id}, {.class}, {-},
// {=latex}) means something only right after a heading, an image, a link,
// a span, a code fence, a div fence or a caption. Written anywhere else, or
// left unclosed ("# Heading {#sec:x", "[text]{.smallcaps"), pandoc prints it
// as text; Quire prints it too (it is the author's text) but says so, at
// the brace: markup is never printed silently.
//
// The text converter notes every "{" that starts such a block (attrCand);
// the blocks that take attributes strip them from their inlines
// afterwards, so the check runs on the finished document: a noted block
// still present in its text was not taken.

// attrCand is a "{" in text that starts what looks like an attribute block.
type attrCand struct {
	pos     diag.Pos // where the brace is
	snippet string   // the block as written, to its "}" or the end of the line
	closed  bool
}

// maxAttrSnippet bounds the text of a candidate kept for the check.
const maxAttrSnippet = 60

// noteAttrs records the attribute-like blocks of text v (raw, as in the
// source, at offset off).
func (c *converter) noteAttrs(v []byte, off int) {
	for i := 0; i < len(v); {
		j := bytes.IndexByte(v[i:], '{')
		if j < 0 {
			return
		}
		i += j
		if i+1 < len(v) && (i == 0 || v[i-1] != '\\') && startsAttr(v[i+1:]) {
			end := bytes.IndexAny(v[i:], "}\n")
			closed := end >= 0 && v[i+end] == '}'
			if end < 0 {
				end = len(v) - i
			} else if closed {
				end++
			}
			s := strings.TrimRight(string(v[i:i+min(end, maxAttrSnippet)]), " \t")
			c.attrCands = append(c.attrCands, attrCand{pos: c.pos(off + i), snippet: unescape([]byte(s)), closed: closed})
		}
		i++
	}
}

// startsAttr reports whether s (the text after a "{") starts an attribute
// block: "#x", ".x", "=x" (a letter after the sign), or "-}".
func startsAttr(s []byte) bool {
	switch {
	case len(s) >= 2 && (s[0] == '#' || s[0] == '.' || s[0] == '='):
		ch := s[1]
		return ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z'
	case len(s) >= 2 && s[0] == '-' && s[1] == '}':
		return true
	}
	return false
}

// checkStrayAttrs warns at every noted attribute block that is still in
// the text of blocks.
func (c *converter) checkStrayAttrs(blocks []doc.Block) {
	if len(c.attrCands) == 0 {
		return
	}
	var text strings.Builder
	var walk func(bs []doc.Block)
	walk = func(bs []doc.Block) {
		doc.EachInlines(bs, func(in []doc.Inline) {
			doc.EachInline(in, func(x doc.Inline) {
				switch x := x.(type) {
				case doc.Text:
					text.WriteString(x.S)
				case doc.NoteRef:
					if x.Note != nil {
						walk(x.Note.Blocks)
					}
				}
				// A Text ends where the next inline starts.
				text.WriteByte(0)
			})
		})
	}
	walk(blocks)
	all := text.String()
	for _, a := range c.attrCands {
		if !strings.Contains(all, a.snippet) {
			continue
		}
		if a.closed {
			c.diags.Warnf(a.pos, "attributes go right after a heading, an image, a link, a [span], a code or div fence or a caption; to print the braces, escape the first: \\{",
				"attributes %s belong to nothing here and are printed as text", a.snippet)
		} else {
			c.diags.Warnf(a.pos, "close it with }, or escape the brace to print it: \\{",
				"attributes %s are not closed on their line and are printed as text", a.snippet)
		}
	}
}
