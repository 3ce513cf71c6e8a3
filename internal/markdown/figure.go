package markdown

import (
	"bytes"
	"errors"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"quire/internal/diag"
	"quire/internal/doc"
)

// standaloneImage reports whether paragraph n holds only an image, possibly
// followed by a pandoc attribute block ({#fig:id}), and returns both.
func (c *converter) standaloneImage(n ast.Node) (*ast.Image, attrs, bool) {
	img, ok := n.FirstChild().(*ast.Image)
	if !ok {
		return nil, attrs{}, false
	}
	next := img.NextSibling()
	if next == nil {
		return img, attrs{}, true
	}
	for x := next; x != nil; x = x.NextSibling() {
		switch x.(type) {
		case *ast.Text, *ast.String:
		default:
			return nil, attrs{}, false
		}
	}
	start := nodePos(next)
	ls := n.Lines()
	if start < 0 || ls.Len() == 0 {
		return nil, attrs{}, false
	}
	end := ls.At(ls.Len() - 1).Stop
	if start > end || end > len(c.src) {
		return nil, attrs{}, false
	}
	rest := strings.TrimSpace(string(c.src[start:end]))
	if rest == "" {
		return img, attrs{}, true
	}
	a, ok := parseAttrs(rest)
	if !ok || a.raw != "" {
		return nil, attrs{}, false
	}
	return img, a, true
}

// remote matches an image destination that is a URL.
var remote = regexp.MustCompile(`^(//|[a-zA-Z][a-zA-Z0-9+.\-]+:)`)

// figure converts a standalone image into a figure. An image that cannot be
// loaded leaves its caption as a paragraph.
func (c *converter) figure(n ast.Node, img *ast.Image, a attrs, out []doc.Block) []doc.Block {
	dest := strings.TrimSpace(unescape(img.Destination))
	off := nodePos(img)
	pos := c.pos(off)
	caption := c.inlines(img, 0)
	fallback := func() []doc.Block {
		if len(caption) == 0 {
			return out
		}
		return append(out, &doc.Paragraph{At: c.at(n), Content: caption})
	}
	// An image that cannot be used leaves a placeholder figure (so that
	// cross-references to it resolve); the problem is an error, or a
	// warning in a draft build.
	missing := func(hint, format string, args ...any) []doc.Block {
		c.diags.Recoverf(pos, hint, format, args...)
		return append(out, &doc.Figure{At: c.at(n), ID: a.id, Caption: caption, ShortCaption: c.shortCaption(a, off), Missing: dest, Width: c.lengthAttr(a, "width", pos), Height: c.lengthAttr(a, "height", pos), Alt: figAlt(a)})
	}
	switch {
	case remote.MatchString(dest):
		return missing("download the image into the manuscript folder and give its relative path", "remote images are not fetched; download it into the manuscript folder")
	case dest == "":
		c.diags.Errorf(pos, "write the image's path in the parentheses", "image without a path")
		return fallback()
	case c.opt.LoadImage == nil:
		c.diags.Warnf(pos, "", "image %s is not loaded", dest)
		return fallback()
	}
	im, err := c.opt.LoadImage(dest, pos)
	if err != nil {
		return missing(imageHint(err), "%v", err)
	}
	if im == nil {
		return fallback()
	}
	return append(out, &doc.Figure{At: c.at(n), ID: a.id, Caption: caption, ShortCaption: c.shortCaption(a, off), Image: im, Width: c.lengthAttr(a, "width", pos), Height: c.lengthAttr(a, "height", pos), Alt: figAlt(a)})
}

// shortCaption is the caption a list of figures, tables or listings
// prints in place of the whole one: short-caption="..." (pandoc-crossref
// hands it to LaTeX's \caption[short]{...}), or Quarto's fig-scap and
// tbl-scap; nil when none is given.
func (c *converter) shortCaption(a attrs, off int) []doc.Inline {
	for _, k := range []string{"short-caption", "fig-scap", "tbl-scap"} {
		if s := a.get(k); s != "" {
			return c.inlineText(s, off)
		}
	}
	return nil
}

// lengthAttr returns the width or height attribute k of an image, or ""
// with a warning when it is not a length Quire can measure.
func (c *converter) lengthAttr(a attrs, k string, pos diag.Pos) string {
	v := a.get(k)
	if v == "" {
		return ""
	}
	if _, _, ok := doc.ParseLength(v); !ok {
		c.diags.Warnf(pos, "write a percentage of the text width (50%) or a length in cm, mm, in, pt or px", "image %s %q is not a length; it is ignored", k, v)
		return ""
	}
	return v
}

// figAlt is an image's alternate text as pandoc and Quarto write it,
// {fig-alt="..."} (or {alt="..."}), for when the caption does not say what
// the image shows.
func figAlt(a attrs) string {
	if s := a.get("fig-alt"); s != "" {
		return s
	}
	return a.get("alt")
}

// imageHint says what to do about an image that could not be loaded.
func imageHint(err error) string {
	var h interface{ HintText() string }
	if errors.As(err, &h) && h.HintText() != "" {
		return h.HintText()
	}
	msg := err.Error()
	if i := strings.Index(msg, "did you mean "); i >= 0 { // a name in another case
		return msg[i:]
	}
	switch {
	case strings.Contains(msg, "no such file"):
		return "check the path: it is relative to the manuscript folder"
	case strings.Contains(msg, "leaves the manuscript folder"), strings.Contains(msg, "absolute path"), strings.Contains(msg, "links outside"):
		return "copy the image into the manuscript folder and give its relative path"
	case strings.Contains(msg, "declares"):
		return "scale the image down (300 dpi at the printed size is plenty)"
	case strings.Contains(msg, "use PNG or JPEG"), strings.Contains(msg, "not a readable"):
		return "convert the image to PNG or JPEG"
	}
	return "re-export the image as PNG or JPEG"
}

// collectNotes indexes the footnote definitions goldmark gathered, and
// gives the ones goldmark saw no reference to an index of their own after
// the others, for the references in pandoc tables (subnotes.go).
func (c *converter) collectNotes(root ast.Node) {
	c.noteDefs = map[int]ast.Node{}
	defer c.unreferencedNotes(root)
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if l, ok := n.(*east.FootnoteList); ok {
			for f := l.FirstChild(); f != nil; f = f.NextSibling() {
				if fn, ok := f.(*east.Footnote); ok && fn.Index > 0 {
					c.noteDefs[fn.Index] = fn
					if c.noteLabels == nil {
						c.noteLabels = map[string]int{}
					}
					c.noteLabels[string(fn.Ref)] = fn.Index
				}
			}
		}
	}
}

// noteRef returns the note a footnote reference points to, creating it on
// first use. Inside a note, a reference that would make notes contain each
// other in a cycle is dropped with a warning.
func (c *converter) noteRef(x *east.FootnoteLink) *doc.Note {
	if c.parent != nil {
		return c.parent.noteRef(x) // a table cell: the document's notes
	}
	def, ok := c.noteDefs[x.Index]
	if !ok {
		return nil
	}
	ns := c.notes[x.Index]
	if ns == nil {
		ref := ""
		if fn, ok := def.(*east.Footnote); ok {
			ref = string(fn.Ref)
		}
		ns = &noteState{note: &doc.Note{ID: ref, Pos: c.pos(nodePos(def))}, index: x.Index}
		c.notes[x.Index] = ns
		c.queue = append(c.queue, ns)
	}
	if cur := c.curNote; cur != nil {
		if ns == cur || c.reaches(ns, cur) {
			c.warnf(nodePos(x), "a footnote cannot contain itself", "footnote [^%s] refers to itself; the reference is dropped", ns.note.ID)
			return nil
		}
		cur.children = append(cur.children, ns)
	}
	return ns.note
}

// reaches reports whether note to is contained, directly or not, in from.
func (c *converter) reaches(from, to *noteState) bool {
	seen := map[*noteState]bool{}
	stack := []*noteState{from}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == to {
			return true
		}
		if seen[x] {
			continue
		}
		seen[x] = true
		stack = append(stack, x.children...)
	}
	return false
}

// finishNotes converts the blocks of every referenced note, including notes
// referenced from notes.
func (c *converter) finishNotes() {
	for i := 0; i < len(c.queue); i++ {
		ns := c.queue[i]
		c.curNote = ns
		ns.note.Blocks = c.blocks(c.noteDefs[ns.index], 0)
	}
	c.curNote = nil
}

// imageRow returns the images of a paragraph that holds only images
// (side by side subfigures), or nil.
func (c *converter) imageRow(n ast.Node) []*ast.Image {
	var imgs []*ast.Image
	for x := n.FirstChild(); x != nil; x = x.NextSibling() {
		switch x := x.(type) {
		case *ast.Image:
			imgs = append(imgs, x)
		case *ast.Text:
			if len(bytes.TrimSpace(x.Segment.Value(c.src))) > 0 {
				return nil
			}
		default:
			return nil
		}
	}
	return imgs
}
