package math

import "testing"

// TestParseKeepsFormulas: a formula read again with the same macros is
// the Formula read before; a definition since (\renewcommand) makes the
// same source read anew, with the macro's new meaning; a formula that
// defines a macro, and one with an error, are read each time.
func TestParseKeepsFormulas(t *testing.T) {
	ms := NewMacros()
	parse := func(src string, display bool) *Formula {
		t.Helper()
		f, err := Parse(src, display, ms)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		return f
	}
	a := parse(`x^2 + y^2`, false)
	if b := parse(`x^2 + y^2`, false); b != a {
		t.Error("the same formula is read twice")
	}
	if b := parse(`x^2 + y^2`, true); b == a || !b.Display {
		t.Error("a display is the inline formula of the same source")
	}
	if err := ms.Define(`\newcommand{\V}{\mathbb{R}}`); err != nil {
		t.Fatal(err)
	}
	r := parse(`\V^n`, false)
	if r.Text() != "ℝⁿ" || parse(`\V^n`, false) != r {
		t.Fatalf("\\V^n reads %q", r.Text())
	}
	if err := ms.Define(`\renewcommand{\V}{\mathbb{Z}}`); err != nil {
		t.Fatal(err)
	}
	if z := parse(`\V^n`, false); z == r || z.Text() != "ℤⁿ" {
		t.Errorf("after \\renewcommand, \\V^n reads %q", z.Text())
	}
	// A definition inside a formula.
	d := parse(`\def\W{w}\W`, false)
	if d2 := parse(`\def\W{w}\W`, false); d2 == d || d2.Text() != "w" {
		t.Errorf("a formula defining a macro is not read again (%q)", d2.Text())
	}
	if w := parse(`\W + 1`, false); w.Text() != "w + 1" {
		t.Errorf("\\W + 1 reads %q", w.Text())
	}
	for i := 0; i < 2; i++ {
		if _, err := Parse(`\frak{x}`, false, ms); err == nil {
			t.Fatalf("reading %d of an unknown command: no error", i+1)
		}
	}
	// Without macros nothing is kept, and a definition holds in the
	// formula alone.
	if f, _ := Parse(`\def\U{u}\U`, false, nil); f == nil || f.Text() != "u" {
		t.Errorf("a definition without macros: %v", f)
	}
}

// TestIsDefinition: a paragraph of definitions only is one; text, or a
// definition followed by text, is not.
func TestIsDefinition(t *testing.T) {
	for src, want := range map[string]bool{
		`\newcommand{\R}{\mathbb{R}}`:                      true,
		"\\def\\a{x}\n\\DeclareMathOperator{\\tr}{tr}  \n": true,
		`\newcommand{\R}{\mathbb{R}} and more`:             false,
		`The sum $\frac{a}{b}$ holds.`:                     false,
		`\frac{a}{b}`:                                      false,
		"   ":                                              false,
		`\newcommand{\R}`:                                  false,
	} {
		if got := IsDefinition(src); got != want {
			t.Errorf("IsDefinition(%q) = %v", src, got)
		}
	}
}
