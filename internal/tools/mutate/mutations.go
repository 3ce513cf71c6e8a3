package main

import "quire/internal/pdf/pdfacheck"

// mutations lists the deliberate breaks, package by package. Each one is a
// behaviour the README or a package's doc comment promises; the package's
// tests must notice it. To add one: copy a line, name the behaviour, give
// the exact text to replace (it must occur once in the file: take enough
// context) and what to put instead, keeping it compilable. A mutation that
// no test can catch, for a good reason, says so in Why.
var mutations = []mutation{
	// output: atomic replacement of the output file.
	{Name: "write the output in place instead of through a temporary file and a rename", File: "internal/output/output.go",
		Old: `tmp, err := os.CreateTemp(dir, tmpPrefix(base)+strconv.Itoa(os.Getpid())+"-*")`,
		New: `tmp, err := os.OpenFile(target, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)`},
	{Name: "leave the temporary file behind when the write fails", File: "internal/output/output.go",
		Old: "\t\t\tos.Remove(name)\n", New: "\t\t\t_ = name\n"},
	{Name: "give the new file the temporary file's mode (0600), not 0644", File: "internal/output/output.go",
		Old: `if err := os.Chmod(name, 0o644); err != nil {`, New: `if err := os.Chmod(name, 0o600); err != nil && false {`},
	{Name: "do not sync the new file before renaming it", File: "internal/output/output.go",
		Old: `if err := tmp.Sync(); err != nil {`, New: `if err := error(nil); err != nil {`,
		Why: "fsync only matters when the machine loses power between the rename and the disk write; no test can observe it without crashing the machine"},

	// hyph: Liang's patterns and the exceptions.
	{Name: "ignore the hyphenation minimums for exception words", File: "internal/hyph/hyph.go",
		Old: `if k >= h.leftMin && k <= n-h.rightMin {`, New: `if k >= 0 {`},
	{Name: "ignore the left and right minimums for pattern points", File: "internal/hyph/hyph.go",
		Old: `for k := h.leftMin; k <= n-h.rightMin; k++ {`, New: `for k := 1; k <= n-1; k++ {`},
	{Name: "break at every non-zero level, not only odd ones", File: "internal/hyph/hyph.go",
		Old: `if levels[k+1]%2 == 1 {`, New: `if levels[k+1] > 0 {`},

	// linebreak: Knuth–Plass.
	{Name: "badness grows with the square of the stretch ratio, not the cube", File: "internal/linebreak/linebreak.go",
		Old: `b := 100 * r * r * r`, New: `b := 100 * r * r`},
	{Name: "no extra demerits for consecutive hyphenated lines", File: "internal/linebreak/knuthplass.go",
		Old: `d += p.FlaggedDemerits`, New: `d += 0`},
	{Name: "no extra demerits for adjacent lines of very different tightness", File: "internal/linebreak/knuthplass.go",
		Old: `d += p.FitnessDemerits`, New: `d += 0`},
	{Name: "a negative penalty (a good break) costs demerits instead of saving them", File: "internal/linebreak/knuthplass.go",
		Old: `d -= pi * pi`, New: `d += pi * pi`},
	{Name: "no limit on consecutive hyphenated lines", File: "internal/linebreak/knuthplass.go",
		Old: `if a.hyph >= bk.hyphCap && p.MaxHyphenLines > 0 && !artificial {`, New: `if a.hyph >= bk.hyphCap && p.MaxHyphenLines > 0 && !artificial && false {`},

	// layout: page breaking.
	{Name: "a heading's line may end a page (headings kept with what follows)", File: "internal/layout/galley.go",
		Old: `vs := g.lines(ls, c, leading, true)`, New: `vs := g.lines(ls, c, leading, false)`},
	{Name: "the space after a heading lets the page break (a subheading or code after it)", File: "internal/layout/galley.go",
		Old: `g.add(&vbox{h: after, space: true, noBreak: true, shrink: after * 0.3})`, New: `g.add(&vbox{h: after, space: true, noBreak: false, shrink: after * 0.3})`},
	{Name: "widows allowed (a paragraph's last line alone at a page top)", File: "internal/layout/galley.go",
		Old: `if keepAll || (n >= 2 && (i == 0 || i == n-2)) {`, New: `if keepAll || (n >= 2 && (i == 0)) {`},
	{Name: "orphans allowed (a paragraph's first line alone at a page foot)", File: "internal/layout/galley.go",
		Old: `if keepAll || (n >= 2 && (i == 0 || i == n-2)) {`, New: `if keepAll || (n >= 2 && (i == n-2)) {`},

	// cite: citations and the bibliography.
	{Name: "bibliography: works of one author newest first", File: "internal/csl/sort.go",
		Old: `fmt.Fprintf(&b, "0%09d", y)`, New: `fmt.Fprintf(&b, "0%09d", 999999999-y)`,
		Pkgs: []string{"./internal/csl", "./internal/cite"}},
	{Name: "no a, b letters for works of the same authors and year", File: "internal/csl/disamb.go",
		Old: `if lay.addYearSuffix && len(sets) > 0 {`, New: `if lay.addYearSuffix && len(sets) > 0 && false {`,
		Pkgs: []string{"./internal/csl", "./internal/cite"}},
	{Name: "notes: four authors listed in full instead of \"et al.\"", File: "internal/csl/names.go",
		Old: `long := n >= min || others`, New: `long := n > min || others`,
		Pkgs: []string{"./internal/csl", "./internal/cite"}},
	{Name: "no \"Ibid.\" for the work the previous note cited", File: "internal/csl/process.go",
		Old: `if prev != nil {`, New: `if prev != nil && false {`,
		Pkgs: []string{"./internal/csl", "./internal/cite"}},

	// csl: the CSL 1.0.2 processor (its fixtures are the CSL test suite).
	{Name: "CSL: descending sort keys sorted ascending", File: "internal/csl/sort.go",
		Old: "\t\t\tif desc {\n\t\t\t\treturn -c", New: "\t\t\tif desc && false {\n\t\t\t\treturn -c"},
	{Name: "CSL: items without a sort key sorted first instead of last", File: "internal/csl/sort.go",
		Old: "\t\t\tif x.missing {\n\t\t\t\treturn 1", New: "\t\t\tif x.missing {\n\t\t\t\treturn -1"},
	{Name: "CSL: subsequent cites ignore et-al-subsequent-min", File: "internal/csl/names.go",
		Old: `if !x.bib && x.c.pos.subsequent && !x.sorting {`, New: `if !x.bib && x.c.pos.subsequent && !x.sorting && false {`},
	{Name: "CSL: three consecutive year suffixes not collapsed to a range", File: "internal/csl/collapse.go",
		Old: "if j-i >= 3 {\n\t\t\tout = append(out, ps[i])", New: "if j-i >= 4 {\n\t\t\tout = append(out, ps[i])"},

	// math: TeX math layout (rules of TeXbook appendix G, OpenType MATH).
	{Name: "math: superscripts ignore the minimum shift up", File: "internal/math/layout.go",
		Old: `u = max(u, l.u(shift, st), sup.d+l.u(c.SuperscriptBottomMin, st))`, New: `u = max(u, sup.d+l.u(c.SuperscriptBottomMin, st)+0*l.u(shift, st))`},
	{Name: "math: no minimum gap between a subscript and a superscript", File: "internal/math/layout.go",
		Old: `if min := l.u(c.SubSuperscriptGapMin, st); gap < min {`, New: `if min := l.u(c.SubSuperscriptGapMin, st); gap < min && false {`},
	{Name: "math: display fractions use the text-style shifts", File: "internal/math/layout.go",
		Old: "\t\tif disp {\n\t\t\tu, v = l.u(c.FractionNumeratorDisplayStyleShiftUp, st)", New: "\t\tif disp && false {\n\t\t\tu, v = l.u(c.FractionNumeratorDisplayStyleShiftUp, st)"},

	// font: coverage and fallback.
	{Name: "Covered says no rune is drawable (no warning is accurate)", File: "internal/font/segment.go",
		Old: `func Covered(r rune) bool {`, New: "func Covered(r rune) bool {\n\tif r >= 0 {\n\t\treturn false\n\t}"},

	// pdf: the writer.
	{Name: "ligatures and private-use glyphs lose their text (ToUnicode)", File: "internal/pdf/plan.go",
		Old: `if g.Text != "" {`, New: `if g.Text != "" && false {`},
	{Name: "links to an anchor no page defines are kept", File: "internal/pdf/pdf.go",
		Old: "if _, ok := r.plan.anchors[l.Dest]; !ok {\n\t\t\treturn", New: "if _, ok := r.plan.anchors[l.Dest]; !ok && false {\n\t\t\treturn"},
	{Name: "javascript: and file: links written as actions", File: "internal/pdf/pdf.go",
		Old: `if _, ok := doc.LinkScheme(l.URL); !ok {`, New: `if _, ok := doc.LinkScheme(l.URL); !ok && false {`},
	{Name: "the file identifier is not the MD5 of the file", File: "internal/pdf/fix.go",
		Old: `h.Write(out[hashed:])`, New: `h.Write(out[hashed : len(out)-1])`},
	{Name: "links are not printed (annotation flags)", File: "internal/pdf/fix.go",
		Old: `typ+"/F 4 "`, New: `typ+"/F 0 "`},
	{Name: "outline items with children get no count", File: "internal/pdf/fix.go",
		Old: `[]byte("/Count -" + strconv.Itoa(n))`, New: `[]byte("/Count 0" + strconv.Itoa(n)[:0])`},
}

func init() {
	// pdfacheck: each clause of its list switched off in turn.
	for _, c := range pdfacheck.Clauses {
		id := c.ID
		mutations = append(mutations, mutation{
			Name: "PDF/A check of clause " + id + " switched off",
			File: "internal/pdf/pdfacheck/pdfacheck.go",
			Old:  "func (c *checker) fail(clause, format string, args ...any) {\n",
			New:  "func (c *checker) fail(clause, format string, args ...any) {\n\tif clause == \"" + id + "\" {\n\t\treturn\n\t}\n",
		})
	}
}
