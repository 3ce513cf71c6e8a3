package build

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/testenv"
)

// rawMarkup are the pieces of source markup that must never reach a PDF's
// text outside code: raw LaTeX, pandoc notes, fenced divs, attributes
// (the list, and the attributes of classes and spans).
var rawMarkup = []string{"$", `\ref`, `\label`, "^[", ":::", `\printbibliography`, "{#", "{.", "]{"}

// knownRawMarkup lists, per real manuscript, the markup of rawMarkup that
// still reaches the PDF text, with the reason. The test fails when one of
// them no longer does (remove it then), so the list stays honest.
var knownRawMarkup = map[string]map[string]string{}

// realDocNames are the folders of real-docs, each a manuscript.
func realDocNames(t *testing.T) (string, []string) {
	dir := testenv.SharedPath(t, "real-docs")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	if len(names) < 8 {
		t.Fatalf("only %d real manuscripts in %s", len(names), dir)
	}
	return dir, names
}

// codeTexts returns the text of every code block and inline code span of d.
func codeTexts(d *doc.Document) []string {
	var out []string
	var blocks func(bs []doc.Block)
	blocks = func(bs []doc.Block) {
		doc.EachBlock(bs, func(b doc.Block) {
			if cb, ok := b.(*doc.CodeBlock); ok {
				out = append(out, strings.Split(cb.Text, "\n")...)
			}
		})
		doc.EachInlines(bs, func(in []doc.Inline) {
			doc.EachInline(in, func(x doc.Inline) {
				switch x := x.(type) {
				case doc.Code:
					out = append(out, x.S)
				case doc.NoteRef:
					if x.Note != nil {
						blocks(x.Note.Blocks)
					}
				}
			})
		})
	}
	blocks(d.Blocks)
	return out
}

// TestRealDocsNoRawMarkup builds every real manuscript (as a draft, so that
// the manuscripts broken by their own missing files build too) and checks
// that no raw markup reaches the PDF's text outside code.
func TestRealDocsNoRawMarkup(t *testing.T) {
	dir, names := realDocNames(t)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			var l diag.List
			pdf, _, _, err := Compile(Options{Path: path, Draft: true}, &l)
			if err != nil {
				t.Fatalf("build: %v\n%v", err, l.Items())
			}
			d, _, err := Load(path, &diag.List{})
			if err != nil {
				t.Fatal(err)
			}
			code := strings.Join(codeTexts(d), "\n")
			text := pdfText(t, pdf)
			// Markup outside code: more occurrences in the PDF's text than
			// in the manuscript's code.
			found := map[string]string{}
			for _, m := range rawMarkup {
				if strings.Count(text, m) <= strings.Count(code, m) {
					continue
				}
				found[m] = "?"
				for _, line := range strings.Split(text, "\n") {
					if strings.Contains(line, m) && !strings.Contains(code, strings.TrimSpace(line)) {
						found[m] = line
						break
					}
				}
			}
			known := knownRawMarkup[name]
			var marks []string
			for m := range found {
				marks = append(marks, m)
			}
			sort.Strings(marks)
			for _, m := range marks {
				if known[m] == "" {
					t.Errorf("%q reaches the PDF text outside code: %q", m, strings.TrimSpace(found[m]))
				}
			}
			for m, why := range known {
				if found[m] == "" {
					t.Errorf("%q no longer reaches the PDF text (known: %s): remove it from knownRawMarkup", m, why)
				}
			}
		})
	}
}

// normText joins a PDF's text into one line for phrase matching: spaces
// (non-breaking ones too) squashed, hyphens dropped (line-end hyphenation
// differs between typesetters).
func normText(s string) string {
	s = strings.NewReplacer("\u00a0", " ", "-", "", "\u2010", "", "\u00ad", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// crossrefDemoPhrases are the references of the pandoc-crossref demo as the
// filter prints them in its own output.pdf (checked there too).
var crossrefDemoPhrases = []string{
	"cross-reference figures (see figs. 2, 3, 4)",
	"tables (see tbl. 1)",
	"sections (secs. 1, 2, 4.1, 4.2, 4.3)",
	"For immediate example, see fig. 1",
	"for example, lsts. 1, 2, 3",
	"like this: Fig. 2.",
	"Figs. 2, 3 is capitalized, while figs. 3, 2 is not.",
	"like fig. 2, tbl. 1, lsts. 1, 2, figs. 3, 4, which",
	"not recommended: fig. 2, tbl. 1,",
	"custom chapter reference labels, like sec. 6.1",
	"Subfigures are supported, see figs. 6, 6b",
	"display equations (see eq. 1)",
}

// crossrefDemoKnown are the filter's renderings Quire does not match yet.
var crossrefDemoKnown = map[string]string{}

// TestCrossrefDemo compares the numbers of the pandoc-crossref demo's
// figures, tables, listings and sections, and every reference to them,
// with the filter's own rendering (output.pdf beside the demo).
func TestCrossrefDemo(t *testing.T) {
	dir := testenv.SharedPath(t, "real-docs", "pandoc-crossref-demo")
	want, err := os.ReadFile(filepath.Join(dir, "output.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	var l diag.List
	got, _, _, err := Compile(Options{Path: dir, Draft: true}, &l)
	if err != nil {
		t.Fatalf("build: %v\n%v", err, l.Items())
	}
	rawTheirs, rawOurs := pdfText(t, want), pdfText(t, got)
	theirs, ours := normText(rawTheirs), normText(rawOurs)
	// Equation numbers, each on a line of its own at the right margin.
	eqNums := func(s string) string {
		return strings.Join(regexp.MustCompile(`(?m)^\((\d+)\)$`).FindAllString(s, -1), " ")
	}
	if a, b := eqNums(rawTheirs), eqNums(rawOurs); a == "" || a != b {
		t.Errorf("equation numbers: the filter has %q, Quire %q", a, b)
	}
	for _, p := range crossrefDemoPhrases {
		p := normText(p)
		if !strings.Contains(theirs, p) {
			t.Errorf("the filter's output.pdf lacks %q: the phrase list is wrong", p)
		}
		if !strings.Contains(ours, p) {
			t.Errorf("Quire's PDF lacks %q", p)
		}
	}
	for p, why := range crossrefDemoKnown {
		if strings.Contains(ours, normText(p)) {
			t.Errorf("Quire's PDF has %q now (known: %s): move it to crossrefDemoPhrases", p, why)
		}
	}
	// Captions: the filter writes "Figure # 1: A figure" (its figureTitle
	// "Figure #", which Quire does not support), "Table 1: ...",
	// "Listing 1 ..."; Quire "Figure 1. A figure".
	for _, c := range []struct{ kind, theirs, ours string }{
		{"figure", `Figure # (\d+): ([A-Z][a-z ]+[a-z])`, `Figure(?: #)? (\d+)\. ([A-Z][a-z ]+[a-z])`},
		{"table", `Table (\d+): ([A-Z][a-z ]+[a-z])`, `Table (\d+)\. ([A-Z][a-z ]+[a-z])`},
		{"listing", `Listing (\d+) (Listing caption)`, `Listing (\d+)\. (Listing caption)`},
	} {
		a := captions(theirs, c.theirs)
		b := captions(ours, c.ours)
		if len(a) == 0 || strings.Join(a, "; ") != strings.Join(b, "; ") {
			t.Errorf("%s numbers: the filter has\n\t%s\nQuire has\n\t%s", c.kind, strings.Join(a, "; "), strings.Join(b, "; "))
		}
	}
	// Section numbers.
	for _, h := range []string{"1 Chapter 1. Figures", "2 Chapter 2. Equations", "3 Chapter 3. Tables", "4 Chapter 4. Code blocks",
		"4.1 caption attribute", "4.2 Tablestyle captions", "4.3 Wrapping div", "5 Chapter 5. Reference lists", "6 Appendix A. Custom labels",
		"6.1 This section will have custom label"} {
		if !strings.Contains(theirs, h) || !strings.Contains(ours, h) {
			t.Errorf("section %q: in the filter's PDF %v, in Quire's %v", h, strings.Contains(theirs, h), strings.Contains(ours, h))
		}
	}
	if strings.Contains(ours, "?? ") || strings.Contains(ours, "??,") {
		t.Errorf("an unresolved reference is printed: %s", ours[max(0, strings.Index(ours, "??")-60):][:120])
	}
}

// captions returns the distinct "n: caption" pairs that re finds, in order
// of first appearance (a list of figures repeats them).
func captions(text, re string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(re).FindAllStringSubmatch(text, -1) {
		k := m[1] + ": " + m[2]
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, k)
		}
	}
	return out
}
