package markdown

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"

	"quire/internal/diag"
	"quire/internal/doc"
	texmath "quire/internal/math"
)

// aheadSource is a manuscript with many formulas: distinct and repeated
// ones, bad ones, displays, macros defined and redefined in paragraphs of
// their own and in formulas, formulas in footnotes (converted where they
// are referenced, out of document order), in pipe tables and in grid
// tables (whose cells are converted on their own).
func aheadSource(parts int) string {
	var b strings.Builder
	b.WriteString("\\newcommand{\\R}{\\mathbb{R}}\n\n")
	for i := range parts {
		fmt.Fprintf(&b, "# Part %d\n\n", i)
		fmt.Fprintf(&b, "Text $x_{%d} \\in \\R$ and $a^2 + b^2$ and $\\frac{1}{%d}$ again $a^2 + b^2$.[^n%d]\n\n", i, i+1, i)
		switch i % 7 {
		case 1:
			fmt.Fprintf(&b, "\\renewcommand{\\R}{\\mathbf{R}^{%d}}\n\n", i)
		case 2:
			fmt.Fprintf(&b, "A bad one $\\frac{a}$ here and $\\nosuch{%d}$ there, and $\\R$.\n\n", i)
		case 3:
			fmt.Fprintf(&b, "Defined inside: $\\def\\V{\\vec{v}_{%d}} \\V + \\R$ then $\\V$.\n\n", i)
		case 4:
			fmt.Fprintf(&b, "$$\n\\sum_{k=1}^{%d} k \\R\n$$ {#eq:s%d}\n\n\\begin{align}\na &= b \\label{eq:a%d} \\\\\nc &= \\R\n\\end{align}\n\n", i, i, i)
		case 5:
			fmt.Fprintf(&b, "| a | b |\n|---|---|\n| $\\R^{%d}$ | $\\V$ |\n\n", i)
			fmt.Fprintf(&b, "+--------------------+--------------------+\n| $\\R_{%02d}$          | \\newcommand{\\W}{w} |\n+--------------------+--------------------+\n\n", i)
		case 6:
			fmt.Fprintf(&b, "$$\n\\frac{%d}{\n$$\n\nAnd $\\R + \\W$ and $\\unknown$.\n\n", i)
		}
		fmt.Fprintf(&b, "Inline display $$e^{%d} = \\R$$ in text and $\\alpha_{%d}$.\n\n", i, i%3)
		// Notes are converted at the end, in the order of their first
		// reference: one defined here, one that redefines \R here.
		if i%5 == 4 {
			fmt.Fprintf(&b, "[^n%d]: A note with $\\R_{%d}$ and $\\V$ and $\\frac{b}$.\n\n", i-2, i)
			fmt.Fprintf(&b, "[^n%d]: A note that redefines: $\\renewcommand{\\R}{\\mathrm{R}^{%d}} \\R$.\n\n", i-1, i)
		}
	}
	for i := range parts {
		if i%5 != 2 && i%5 != 3 || i+2 >= parts {
			fmt.Fprintf(&b, "[^n%d]: A note with $\\R_{%d}$ and $\\V$ and $\\frac{b}$.\n\n", i, i)
		}
	}
	return b.String()
}

func convertAhead(src string, min, procs int, draft bool) (string, []doc.Block, []diag.Diagnostic) {
	defer func(m, p int) { readAheadMin, readAheadProcs = m, p }(readAheadMin, readAheadProcs)
	readAheadMin, readAheadProcs = min, procs
	l := diag.List{Draft: draft}
	bs := Convert([]byte(src), Options{File: "x.md", LineOffset: 2, Macros: texmath.NewMacros()}, &l)
	return dump(bs), bs, l.Recorded()
}

// TestReadAheadSame: with the formulas read ahead on 1, 2 and 8 workers,
// a manuscript converts to the same document, with the same diagnostics
// in the same order at the same positions, as reading each formula in
// turn, in a draft or not: whether the conversion meets the workers
// under way or (wait) only once they are done, and then the formulas of
// the manuscript's first part, before any definition or cell, were all
// taken from them.
func TestReadAheadSame(t *testing.T) {
	defer func(w bool) { readAheadWait = w }(readAheadWait)
	for _, parts := range []int{7, 40} {
		src := aheadSource(parts)
		for _, draft := range []bool{false, true} {
			want, wantBlocks, wantDiags := convertAhead(src, 1<<30, 1, draft)
			if len(wantDiags) < 5 {
				t.Fatalf("only %d diagnostics", len(wantDiags))
			}
			for _, procs := range []int{1, 2, 8} {
				for _, wait := range []bool{false, true} {
					readAheadWait = wait
					before := readAheadTaken.Load()
					got, gotBlocks, gotDiags := convertAhead(src, 1, procs, draft)
					taken := readAheadTaken.Load() - before
					if got != want || !reflect.DeepEqual(gotBlocks, wantBlocks) {
						t.Errorf("%d parts, %d workers, wait %v, draft %v: the document differs:\n got %.800s\nwant %.800s", parts, procs, wait, draft, got, want)
					}
					if !reflect.DeepEqual(gotDiags, wantDiags) {
						t.Errorf("%d parts, %d workers, wait %v, draft %v: diagnostics differ:\n got %v\nwant %v", parts, procs, wait, draft, gotDiags, wantDiags)
					}
					if wait && taken < 40 { // 42 of its formulas come before its first definition or cell
						t.Errorf("%d parts, %d workers, draft %v: %d formulas taken as read ahead after the workers were done", parts, procs, draft, taken)
					}
					t.Logf("%d parts, %d workers, wait %v: %d formulas taken as read ahead", parts, procs, wait, taken)
				}
			}
		}
	}
}

// TestReadAheadUsed: in a manuscript whose definitions all come before its
// formulas and that has no table cells, every formula read ahead holds,
// and the conversion takes most of them from the workers (it reads only
// those no worker has started on). A formula after a redefinition reads
// the new macro.
func TestReadAheadUsed(t *testing.T) {
	var b strings.Builder
	b.WriteString("\\newcommand{\\R}{\\mathbb{R}}\n\n")
	for i := range 400 {
		fmt.Fprintf(&b, "Text $x_{%d} \\in \\R$ and $\\frac{%d}{2}$ and then a lot more text: %s\n\n", i, i, strings.Repeat("words and words ", 40))
		if i == 300 {
			b.WriteString("\\renewcommand{\\R}{\\mathbf{Q}}\n\n")
		}
	}
	want, _, wantDiags := convertAhead(b.String(), 1<<30, 1, false)
	defer func(w bool) { readAheadWait = w }(readAheadWait)
	readAheadWait = true // the conversion starts when the worker is done
	before := readAheadTaken.Load()
	got, bs, gotDiags := convertAhead(b.String(), 1, 1, false)
	taken := readAheadTaken.Load() - before
	if got != want || !reflect.DeepEqual(gotDiags, wantDiags) {
		t.Fatalf("the conversion differs")
	}
	if taken != 800 {
		t.Errorf("%d of 800 formulas were taken as read ahead", taken)
	}
	var first, last string
	for _, bl := range bs {
		p, ok := bl.(*doc.Paragraph)
		if !ok {
			continue
		}
		for _, x := range p.Content {
			if m, ok := x.(doc.Math); ok && strings.Contains(m.TeX, `\R`) {
				if first == "" {
					first = m.Text
				}
				last = m.Text
			}
		}
	}
	if !strings.Contains(first, "ℝ") || strings.Contains(last, "ℝ") || !strings.Contains(last, "𝐐") {
		t.Errorf("the formulas read the wrong macros: first %q, last %q", first, last)
	}
	t.Logf("%d formulas taken as read ahead", taken)
}

// TestReadAheadOutOfOrder: a formula converted before a definition that
// comes before it in the document (no conversion does this now) reads the
// macros of the conversion, not those the walk gave it.
func TestReadAheadOutOfOrder(t *testing.T) {
	defer func(m, p int) { readAheadMin, readAheadProcs = m, p }(readAheadMin, readAheadProcs)
	defer func(w bool) { readAheadWait = w }(readAheadWait)
	readAheadMin, readAheadProcs, readAheadWait = 1, 1, true
	src := "\\newcommand{\\R}{\\mathbb{R}}\n\n" + strings.Repeat("Text $\\R + x$ and $y$.\n\n", 20) +
		"\\renewcommand{\\R}{\\mathbf{Q}}\n\n" + strings.Repeat("Text $\\R + z$ and $y$.\n\n", 20)
	ms := texmath.NewMacros()
	c := &converter{opt: Options{File: "x.md", Macros: ms}, diags: new(diag.List), orig: []byte(src), src: []byte(src), starts: lineStarts([]byte(src)), lastLine: -1, notes: map[int]*noteState{}}
	c.md = newMarkdown()
	root := c.parse()
	c.readAhead(root)
	defer c.stopReadAhead()
	if c.ahead == nil || len(c.ahead.defs) != 2 {
		t.Fatalf("the walk found no formulas or not the two definitions")
	}
	var nodes []*mathNode
	var paras []ast.Node
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		paras = append(paras, n)
		for x := n.FirstChild(); x != nil; x = x.NextSibling() {
			if m, ok := x.(*mathNode); ok {
				nodes = append(nodes, m)
			}
		}
	}
	if !c.macroParagraph(paras[0]) {
		t.Fatal("the first paragraph defines no macro")
	}
	last := nodes[len(nodes)-2]
	m, ok := c.formula(last, last.job, last.tex, last.pieces, false)
	if !ok || !strings.Contains(m.Text, "ℝ") {
		t.Errorf("the last formula, converted before the redefinition, reads %q, not ℝ + z", m.Text)
	}
	first := nodes[0]
	if m, ok := c.formula(first, first.job, first.tex, first.pieces, false); !ok || !strings.Contains(m.Text, "ℝ") {
		t.Errorf("the first formula reads %q", m.Text)
	}
}
