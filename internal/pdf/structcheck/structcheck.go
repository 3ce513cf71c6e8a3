// Package structcheck checks a tagged PDF's structure, as poppler's
// pdfinfo -struct-text prints it, against the document it was made from:
// every heading, paragraph, table cell, note, caption and bibliography
// entry appears, in reading order, in an element of its kind; each
// footnote right after the paragraph that references it; every figure
// is a Figure element; no running head, folio or line number is in it.
// pdfinfo prints no /Alt: FigureAlts reads the Figures' alternate texts
// from qpdf's JSON, and CheckAlts checks them (every figure has one, each
// chart's is its generated description).
// It is what a screen reader meets, read by a program Quire does not
// contain. Texts are compared by their letters and digits alone (see
// norm), so spaces, hyphens at line ends, quotation marks and ligatures
// do not matter.
package structcheck

import (
	"fmt"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"quire/internal/doc"
)

// Item is one text of the structure: a content item's text, with the
// types of the elements it lies in.
type Item struct {
	Text string   // normalised (see norm)
	Raw  string   // as printed
	Path []string // element types, outermost first
}

// PDFInfo runs pdfinfo -struct-text on the file at path and returns its
// output.
func PDFInfo(path string) ([]byte, error) {
	return run("pdfinfo", "poppler-utils", "-struct-text", path)
}

// Pages returns the number of pages of the file at path, as pdfinfo
// reads it.
func Pages(path string) (int, error) {
	out, err := run("pdfinfo", "poppler-utils", path)
	if err != nil {
		return 0, err
	}
	m := pagesLine.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("pdfinfo %s prints no page count", path)
	}
	return strconv.Atoi(string(m[1]))
}

var pagesLine = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

// run runs one of the readers Quire does not contain, prog (from the
// Debian package pkg), with args, and returns its standard output.
func run(prog, pkg string, args ...string) ([]byte, error) {
	bin, err := exec.LookPath(prog)
	if err != nil {
		return nil, fmt.Errorf("%s not found: apt-get install %s", prog, pkg)
	}
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		return nil, fmt.Errorf("%s %s: %v", prog, strings.Join(args, " "), err)
	}
	return out, nil
}

// Parse reads pdfinfo -struct-text's output: the content items in order,
// and every element's path.
func Parse(out []byte) (items []Item, elems [][]string) {
	var stack []string
	for _, line := range strings.Split(string(out), "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if trimmed == "" {
			continue
		}
		depth := (len(line) - len(trimmed)) / 2
		if depth > len(stack) {
			depth = len(stack)
		}
		switch {
		case strings.HasPrefix(trimmed, "\""):
			s := strings.TrimSuffix(strings.TrimPrefix(trimmed, "\""), "\"")
			items = append(items, Item{Text: norm(s), Raw: s, Path: append([]string(nil), stack[:depth]...)})
		case strings.HasPrefix(trimmed, "/"), strings.HasPrefix(trimmed, "Object "):
			// an attribute, an OBJR
		default:
			typ := strings.TrimSuffix(strings.Fields(trimmed)[0], ":")
			stack = append(stack[:depth], typ)
			elems = append(elems, append([]string(nil), stack...))
		}
	}
	return items, elems
}

// norm keeps the letters and digits of s, lower-cased: what is left of a
// text whatever its spaces, hyphens at line ends, quotation marks and
// ligatures.
func norm(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// expected is a text the structure must hold, in an element of one of
// the kinds given.
type expected struct {
	what  string
	text  string // normalised
	kinds []string
}

// snippet returns the normalised start of inline content, up to its first
// note reference (the reference's number is set in the text), at most
// 48 characters.
func snippet(in []doc.Inline) string {
	var cut []doc.Inline
	for _, x := range in {
		if _, ok := x.(doc.NoteRef); ok {
			break
		}
		cut = append(cut, x)
	}
	s := norm(doc.PlainText(cut))
	if r := []rune(s); len(r) > 48 {
		s = string(r[:48])
	}
	return s
}

// ending returns the normalised end of inline content, after its last
// note reference, at most 32 characters.
func ending(in []doc.Inline) string {
	k := 0
	for i, x := range in {
		if _, ok := x.(doc.NoteRef); ok {
			k = i + 1
		}
	}
	s := []rune(norm(doc.PlainText(in[k:])))
	if len(s) > 32 {
		s = s[len(s)-32:]
	}
	return string(s)
}

// expect lists what the structure of d must hold, in reading order.
func expect(d *doc.Document) []expected {
	var out []expected
	seen := map[*doc.Note]bool{}
	add := func(what string, in []doc.Inline, kinds ...string) {
		s := snippet(in)
		if s == "" {
			return
		}
		out = append(out, expected{what, s, kinds})
		// And its end, which a paragraph set on two pages has on the
		// second: its parts must come in order. Counted in letters, not
		// bytes, so that the start and the end do not overlap in a text
		// in Cyrillic or kanji.
		if e := ending(in); utf8.RuneCountInString(e) >= 16 && utf8.RuneCountInString(norm(doc.PlainText(in))) > 96 {
			out = append(out, expected{what + " (its end)", e, kinds})
		}
	}
	var blocks func(bs []doc.Block, inNote bool)
	// notes adds the notes first referenced in in.
	notes := func(in [][]doc.Inline) {
		var refs []*doc.Note
		for _, x := range in {
			doc.EachInlines([]doc.Block{&doc.Paragraph{Content: x}}, func(in []doc.Inline) {
				var walk func([]doc.Inline)
				walk = func(in []doc.Inline) {
					for _, x := range in {
						switch x := x.(type) {
						case doc.NoteRef:
							if x.Note != nil && !seen[x.Note] {
								seen[x.Note] = true
								refs = append(refs, x.Note)
							}
						case doc.Wrapper:
							walk(x.Children())
						}
					}
				}
				walk(in)
			})
		}
		for _, n := range refs {
			blocks(n.Blocks, true)
		}
	}
	para := []string{"P", "LBody", "Lbl", "BibEntry"}
	blocks = func(bs []doc.Block, inNote bool) {
		kinds := para
		if inNote {
			kinds = []string{"Note"}
		}
		for _, b := range bs {
			switch b := b.(type) {
			case *doc.Heading:
				k := []string{"H1", "H2", "H3", "H4", "H5", "H6"}
				if inNote {
					k = kinds
				}
				add("heading", b.Content, k...)
				notes([][]doc.Inline{b.Content})
			case *doc.Paragraph:
				add("paragraph", b.Content, kinds...)
				notes([][]doc.Inline{b.Content})
			case *doc.List:
				for _, it := range b.Items {
					blocks(it.Blocks, inNote)
				}
			case *doc.Quote:
				blocks(b.Blocks, inNote)
			case *doc.Div:
				blocks(b.Blocks, inNote)
			case *doc.Table:
				add("table caption", b.Caption, "Caption")
				all := [][]doc.Inline{b.Caption}
				for _, c := range b.Header {
					add("header cell", c, "TH")
					all = append(all, c)
				}
				for _, r := range b.Rows {
					for _, c := range r {
						add("cell", c, "TD")
						all = append(all, c)
					}
				}
				notes(all)
			case *doc.Figure:
				add("figure caption", b.Caption, "Caption")
				notes([][]doc.Inline{b.Caption, b.Source})
			case *doc.Bibliography:
				for _, e := range b.Entries {
					add("bibliography entry", e, "BibEntry")
				}
			}
		}
	}
	m := &d.Meta
	title := m.TitleInlines
	if len(title) == 0 && m.Title != "" {
		title = []doc.Inline{doc.Text{S: m.Title}}
	}
	add("title", title, "H1")
	blocks(m.Abstract, false)
	blocks(d.Blocks, false)
	return out
}

// Check checks the structure out (pdfinfo -struct-text's output) against
// d. forbidden are texts that must not be content (the running head, the
// submission's folios). It returns every problem found.
func Check(d *doc.Document, out []byte, forbidden []string) []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	items, elems := Parse(out)
	var stream strings.Builder
	starts := make([]int, len(items))
	for i, it := range items {
		starts[i] = stream.Len()
		stream.WriteString(it.Text)
	}
	all := stream.String()
	at := func(pos int) Item {
		i := sort.Search(len(starts), func(i int) bool { return starts[i] > pos }) - 1
		return items[max(i, 0)]
	}
	pos := 0
	for _, e := range expect(d) {
		i := strings.Index(all[pos:], e.text)
		if i < 0 {
			fail("%s %q is not in the structure after the text before it (it is at %d, want after %d)", e.what, e.text, strings.Index(all, e.text), pos)
			continue
		}
		i += pos
		it := at(i)
		ok := false
		for _, k := range e.kinds {
			for _, p := range it.Path {
				if p == k {
					ok = true
				}
			}
		}
		if !ok {
			fail("%s %q is in %v, not in one of %v", e.what, e.text, it.Path, e.kinds)
		}
		pos = i + len(e.text)
	}
	// Decoration is not in the structure.
	number := regexp.MustCompile(`^\s*\d+\s*$`)
	for _, it := range items {
		for _, f := range forbidden {
			if f != "" && it.Text == norm(f) {
				fail("%q (a running head or folio) is in the structure at %v", it.Raw, it.Path)
			}
		}
		if number.MatchString(it.Raw) {
			inner := ""
			if len(it.Path) > 0 {
				inner = it.Path[len(it.Path)-1]
			}
			switch inner {
			case "Link", "Lbl", "TD", "TH", "Figure", "Formula", "Reference":
			default:
				fail("a bare number %q (a folio or a line number?) in %v", it.Raw, it.Path)
			}
		}
	}
	// Every figure is a Figure element.
	figs := 0
	for _, e := range elems {
		if e[len(e)-1] == "Figure" {
			figs++
		}
	}
	want := 0
	doc.EachBlock(d.Blocks, func(b doc.Block) {
		if f, ok := b.(*doc.Figure); ok {
			want++
			if len(f.Sub) > 0 {
				want += len(f.Sub) - 1
			}
		}
	})
	if figs != want {
		fail("%d Figure elements, want %d", figs, want)
	}
	if len(items) == 0 {
		fail("the structure holds no text")
	}
	return errs
}
