package build

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/pdf/pdfacheck"
)

// The tagged PDF's structure, read back by another program: poppler's
// pdfinfo -struct-text lists the structure tree with the text of each
// element's marked content. The tests below check it against the
// document model, as a screen reader would meet it: every heading,
// paragraph, table cell, note, caption and bibliography entry, in reading
// order, each in an element of its kind; each footnote right after the
// paragraph that references it; no running head, folio or line number.

// structLine is one line of pdfinfo -struct-text: an element or the text
// of a content item, with the types of the elements it lies in.
type structText struct {
	text string   // the content's text, normalised (see norm)
	raw  string   // as printed
	path []string // element types, outermost first
}

// pdfStructure runs pdfinfo -struct-text on pdf and returns its content
// lines in order. CI (QUIRE_REQUIRE_SHARED=1) must have poppler; a
// machine without it skips.
func pdfStructure(t *testing.T, pdf []byte) (items []structText, elems [][]string) {
	t.Helper()
	bin, err := exec.LookPath("pdfinfo")
	if err != nil {
		if os.Getenv("QUIRE_REQUIRE_SHARED") != "" {
			t.Fatal("pdfinfo not found: apt-get install poppler-utils (.ci/run does)")
		}
		t.Skip("pdfinfo not found (poppler-utils); the structure is not read back")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-struct-text", in).Output()
	if err != nil {
		t.Fatalf("pdfinfo -struct-text: %v", err)
	}
	var stack []string
	for _, line := range strings.Split(string(out), "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if trimmed == "" {
			continue
		}
		depth := (len(line) - len(trimmed)) / 2
		if depth > len(stack) {
			depth = len(stack) // an attribute line under an element
		}
		switch {
		case strings.HasPrefix(trimmed, "\""):
			s := strings.TrimSuffix(strings.TrimPrefix(trimmed, "\""), "\"")
			items = append(items, structText{text: norm(s), raw: s, path: append([]string(nil), stack[:depth]...)})
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
		// second: its parts must come in order.
		if e := ending(in); len(e) >= 16 && len(norm(doc.PlainText(in))) > 96 {
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

// checkStructure checks the structure read back from pdf against d.
func checkStructure(t *testing.T, name string, d *doc.Document, pdf []byte, forbidden []string) {
	t.Helper()
	items, elems := pdfStructure(t, pdf)
	var stream strings.Builder
	starts := make([]int, len(items))
	for i, it := range items {
		starts[i] = stream.Len()
		stream.WriteString(it.text)
	}
	all := stream.String()
	at := func(pos int) structText {
		i := sort.Search(len(starts), func(i int) bool { return starts[i] > pos }) - 1
		return items[max(i, 0)]
	}
	pos := 0
	for _, e := range expect(d) {
		i := strings.Index(all[pos:], e.text)
		if i < 0 {
			before := strings.Index(all, e.text)
			t.Errorf("%s: %s %q is not in the structure after the previous text (found at %d, want after %d)", name, e.what, e.text, before, pos)
			continue
		}
		i += pos
		it := at(i)
		ok := false
		for _, k := range e.kinds {
			for _, p := range it.path {
				if p == k {
					ok = true
				}
			}
		}
		if !ok {
			t.Errorf("%s: %s %q is in %v, not in one of %v", name, e.what, e.text, it.path, e.kinds)
		}
		pos = i + len(e.text)
	}
	// Decoration is not in the structure.
	number := regexp.MustCompile(`^\s*\d+\s*$`)
	for _, it := range items {
		for _, f := range forbidden {
			if f != "" && it.text == norm(f) {
				t.Errorf("%s: %q (a running head or folio) is in the structure at %v", name, it.raw, it.path)
			}
		}
		if number.MatchString(it.raw) {
			inner := ""
			if len(it.path) > 0 {
				inner = it.path[len(it.path)-1]
			}
			switch inner {
			case "Link", "Lbl", "TD", "TH", "Figure", "Formula", "Reference":
			default:
				t.Errorf("%s: a bare number %q (a folio or line number?) in %v", name, it.raw, it.path)
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
		t.Errorf("%s: %d Figure elements, want %d", name, figs, want)
	}
}

// figureAlts returns the /Alt of each Figure element of an uncompressed
// structure tree, in the file's order.
func figureAlts(pdf []byte) []string {
	re := regexp.MustCompile(`/S /Figure [^\n]*?/Alt (<[0-9A-Fa-f]*>|\((?:[^)\\]|\\.)*\))`)
	var out []string
	for _, m := range re.FindAllSubmatch(pdf, -1) {
		s := string(m[1])
		if strings.HasPrefix(s, "<") {
			b, _ := hex.DecodeString(s[1 : len(s)-1])
			u := make([]uint16, 0, len(b)/2)
			for i := 2; i+1 < len(b); i += 2 {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			}
			s = string(utf16.Decode(u))
		} else {
			s = strings.NewReplacer(`\(`, "(", `\)`, ")", `\\`, `\`).Replace(s[1 : len(s)-1])
		}
		out = append(out, s)
	}
	return out
}

// TestManuscriptStructure builds the manuscript, as make pdf does, in the
// three profiles (the handout as a booklet, whose pages are imposed out of
// reading order) and reads each structure back.
func TestManuscriptStructure(t *testing.T) {
	path := filepath.Join("..", "..", "manuscript")
	var diags diag.List
	d, p, err := Load(path, &diags)
	if err != nil {
		t.Fatal(err, diagText(&diags))
	}
	p.Close()
	short := d.Meta.ShortTitle
	for _, profile := range []string{"article", "submission", "handout"} {
		t.Run(profile, func(t *testing.T) {
			var diags diag.List
			out, pages, _, err := Compile(Options{Path: path, Profile: profile}, &diags)
			if err != nil {
				t.Fatal(err, diagText(&diags))
			}
			forbidden := []string{short}
			if profile == "submission" {
				forbidden = append(forbidden, fmt.Sprintf("1 of %d", pages), fmt.Sprintf("2 of %d", pages))
			}
			// The submission opens with a cover; its body repeats the
			// title and abstract: check the body's order from there.
			checkStructure(t, profile, d, out, forbidden)
			if err := pdfacheck.CheckUA(out); err != nil {
				t.Errorf("CheckUA: %v", err)
			}
		})
	}
}

// TestChartAlt checks that the manuscript's charts are Figures whose
// alternate text is the chart's generated description.
func TestChartAlt(t *testing.T) {
	path := filepath.Join("..", "..", "manuscript")
	var diags diag.List
	d, p, err := Load(path, &diags)
	if err != nil {
		t.Fatal(err, diagText(&diags))
	}
	p.Close()
	var want []string
	doc.EachBlock(d.Blocks, func(b doc.Block) {
		if f, ok := b.(*doc.Figure); ok {
			if g, ok := f.Graphic.(doc.Describer); ok {
				want = append(want, g.Describe())
			}
		}
	})
	if len(want) < 2 {
		t.Fatalf("%d charts in the manuscript, want 2", len(want))
	}
	out, _, _, err := Compile(Options{Path: path}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	// Structure elements are written uncompressed.
	got := figureAlts(out)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Figure /Alt texts:\n%q\nwant the charts' descriptions:\n%q", got, want)
	}
	for _, w := range want {
		if !strings.Contains(w, "chart") && !strings.Contains(w, "Timeline") || !strings.Contains(w, "to") {
			t.Errorf("description %q names no kind or range", w)
		}
	}
}

// TestTaggedReproducible builds the tagged article twice in each profile
// and compares the bytes, and checks that --untagged writes no structure.
func TestTaggedReproducible(t *testing.T) {
	for _, opt := range []Options{
		{Path: "testdata/article"},
		{Path: "testdata/article", Profile: "submission"},
		{Path: "testdata/article", Profile: "handout"},
		{Path: "testdata/article", Profile: "handout", Imposition: "2up", Marks: true, Bleed: 9},
		{Path: "testdata/article", PDFALevel: "1b", PDFUA: true},
	} {
		var diags diag.List
		a, _, _, err := Compile(opt, &diags)
		if err != nil {
			t.Fatal(err)
		}
		b, _, _, _ := Compile(opt, &diags)
		if !bytes.Equal(a, b) {
			t.Errorf("%+v: two builds differ", opt)
		}
		if err := pdfacheck.CheckUA(a); err != nil {
			t.Errorf("%+v: %v", opt, err)
		}
		if opt.PDFALevel != "" {
			if err := pdfacheck.CheckLevel(a, opt.PDFALevel); err != nil {
				t.Errorf("%+v: %v", opt, err)
			}
			if !bytes.Contains(a, []byte("<pdfuaid:part>1</pdfuaid:part>")) {
				t.Errorf("%+v: no pdfuaid:part", opt)
			}
		}
	}
	var diags diag.List
	u, _, _, err := Compile(Options{Path: "testdata/article", Untagged: true}, &diags)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(u, []byte("/StructTreeRoot")) || pdfacheck.CheckUA(u) == nil {
		t.Error("--untagged wrote a structure")
	}
}
