// Package benchdoc makes the generated manuscripts Quire is benchmarked
// on: the 100- and 1,000-page documents of internal/build's benchmarks
// and the pair of issue 13's bound ("the 1000-page benchmark document with
// a formula in every paragraph stays within 15% of its time without
// them"), which make bench (internal/tools/bench) also builds as whole
// processes.
//
// Its contract: each function returns the manuscript's Markdown, and the
// same arguments give the same bytes, on every machine and in every run
// (the words are drawn from a fixed seed); benchmarks compare figures
// measured on these bytes, so a change to what they are is a change of
// the benchmarks, to be made on purpose. Nothing is written to disk.
//
//   - Document(pages): about pages pages in the article profile: headings,
//     paragraphs of four sentences, footnotes.
//   - WithFormulas(pages, formula): Document with formula(k) in the k-th
//     body paragraph (from 0) after its first sentence.
//   - Formula(k) cycles through the eight Formulas (scripts, fractions,
//     sums, radicals, integrals, delimiters, matrices, accents); Varied(k)
//     makes every one distinct (a term c_k added), so that a cache of
//     formulas cannot help.
//   - WithText(pages, formula) is WithFormulas with each formula replaced by
//     its Unicode text (internal/math's Formula.Text, "x² + y² = z²") as
//     ordinary words: the same text without the formulas, the baseline
//     of the 15%.
//
// Varied's pair, WithFormulas(1000, Varied) and WithText(1000, Varied), is
// what Benchmark1000PagesMathVaried and its Text twin build and what make
// bench's math row measures.
package benchdoc

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"

	texmath "quire/internal/math"
)

// Document returns a manuscript of roughly pages pages (article profile).
func Document(pages int) string {
	r := rand.New(rand.NewSource(1))
	words := strings.Fields(`the treaty of portsmouth ended a war that neither government had wished
to fight for long and it left both empires with grievances about fisheries railways and the
boundary on sakhalin which diplomats would argue over for a generation while soldiers on the
amur watched each other across the ice international negotiation administrative
responsibility extraordinary consideration revolutionary interventionist correspondence`)
	sent := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[r.Intn(len(words))])
		}
		s := b.String()
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	var b strings.Builder
	b.WriteString("---\ntitle: Generated\nauthors: [A. Tester]\nkeywords: [bench]\n---\n\n")
	note := 0
	// About 1.11 generated units fill a page (article profile).
	for p := 0; p < pages*111/100; p++ {
		if p%2 == 0 {
			fmt.Fprintf(&b, "# %s\n\n", sent(4))
		}
		for k := 0; k < 5; k++ {
			for s := 0; s < 4; s++ {
				b.WriteString(sent(10 + r.Intn(12)))
				if r.Intn(8) == 0 {
					note++
					fmt.Fprintf(&b, "[^n%d]", note)
				}
				b.WriteString(" ")
			}
			b.WriteString("\n\n")
		}
		for n := note - 1; n <= note && n > 0; n++ {
			fmt.Fprintf(&b, "[^n%d]: %s\n\n", n, sent(20))
		}
	}
	return b.String()
}

// Formulas are the formulas put in paragraphs, in turn: scripts,
// fractions, sums with limits, radicals, integrals, delimiters, matrices,
// accents. Each is written with its dollar signs.
var Formulas = []string{
	`$x^2 + y^2 = z^2$`,
	`$\frac{n(n+1)}{2}$`,
	`$\sum_{i=1}^{n} a_i b_i \le \sqrt{\sum a_i^2}\,\sqrt{\sum b_i^2}$`,
	`$\int_0^\infty e^{-x^2}\,dx = \frac{\sqrt\pi}{2}$`,
	`$\left( \frac{a}{b} \right)^{2}$`,
	`$\alpha_{ij} \in \mathbb{R}$`,
	`$\begin{pmatrix} a & b \\ c & d \end{pmatrix}$`,
	`$\hat{\theta} = \bar{x} \pm 1.96\,\sigma/\sqrt{n}$`,
}

// Formula returns Formulas[k % 8].
func Formula(k int) string { return Formulas[k%len(Formulas)] }

// Varied returns Formula(k) with the term + c_{k} before its closing $:
// every paragraph's formula distinct.
func Varied(k int) string {
	return strings.TrimSuffix(Formula(k), "$") + ` + c_{` + strconv.Itoa(k) + `}$`
}

// WithFormulas returns Document(pages) with formula(k) put in the k-th
// body paragraph (from 0) after its first sentence, as "... where
// formula(k) holds. ...".
func WithFormulas(pages int, formula func(k int) string) string {
	paras := strings.Split(Document(pages), "\n\n")
	k := 0
	for i, para := range paras {
		if para == "" || strings.HasPrefix(para, "#") || strings.HasPrefix(para, "[^") || strings.HasPrefix(para, "---") {
			continue
		}
		if j := strings.Index(para, ". "); j > 0 {
			paras[i] = para[:j] + " where " + formula(k) + " holds" + para[j:]
			k++
		}
	}
	return strings.Join(paras, "\n\n")
}

// WithText returns WithFormulas(pages, formula) with each formula (TeX
// between dollar signs) replaced by its Unicode text, each distinct
// formula read once. The error is the first formula that does not parse.
func WithText(pages int, formula func(k int) string) (string, error) {
	texts := map[string]string{}
	var err error
	doc := WithFormulas(pages, func(k int) string {
		tex := formula(k)
		if s, ok := texts[tex]; ok {
			return s
		}
		f, perr := texmath.Parse(strings.Trim(tex, "$"), false, nil)
		if perr != nil {
			if err == nil {
				err = fmt.Errorf("benchdoc: formula %d, %s: %v", k, tex, perr)
			}
			return tex
		}
		s := strings.Clone(f.Text())
		texts[tex] = s
		return s
	})
	if err != nil {
		return "", err
	}
	return doc, nil
}
