package markdown

import (
	"strings"
	"testing"
)

// TestStrayAttrs: an attribute block that belongs to nothing, or is not
// closed, is printed as the author wrote it, with a warning at its brace;
// one that is taken (heading, span, image, code, caption) is not reported,
// nor an escaped brace.
func TestStrayAttrs(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // the dump
		diags     []string
	}{
		{"heading attributes not closed", "# Heading {#sec:x\n",
			`H1@3:1#heading-secx["Heading {#sec:x"]`,
			[]string{"x.md:3:11: warning: attributes {#sec:x are not closed on their line and are printed as text"}},
		{"span attributes not closed", "Text [small caps]{.smallcaps more.\n",
			`P@3:1["Text [small caps]{.smallcaps more."]`,
			[]string{"x.md:3:18: warning: attributes {.smallcaps more are not closed"}},
		{"attributes in the middle of text", "See {#refs} and {-} here.\n",
			`P@3:1["See {#refs} and {-} here."]`,
			[]string{"x.md:3:5: warning: attributes {#refs} belong to nothing here and are printed as text",
				"x.md:3:17: warning: attributes {-} belong to nothing here"}},
		{"div opener not closed", "::: {#refs\n:::\n",
			`P@3:1["::: {#refs"]`,
			[]string{"x.md:3:5: warning: attributes {#refs are not closed", "x.md:4:1: warning: a closing ::: with no div open"}},
		{"in a note", "Text^[A note {.x here.]\n",
			`P@3:1["Text" N<>@3:5{P@3:7["A note {.x here."]}]`,
			[]string{"x.md:3:14: warning: attributes {.x here are not closed"}},
		{"escaped brace", "A set \\{#x} and {a, b} and {1}.\n",
			`P@3:1["A set {#x} and {a, b} and {1}."]`, nil},
		{"attributes taken", "# Intro {#sec:intro .unnumbered}\n\n[SC]{.smallcaps} `x`{.haskell} [l](http://x.org){.button}\n\n![Cap](a.png){#fig:a width=50%}\n",
			`H1@3:1#sec:intro-["Intro"] P@5:1[SC("SC") " " C"x" " " L<http://x.org>("l")] Fig@7:1#fig:a<a.png>["Cap"]w=50%`, nil},
		{"inline code attributes keep the line break", "`a`{.white}\n`b`{.grey}\n",
			`P@3:1[C"a" " " C"b"]`, nil},
		{"span over several lines", "[\n**Banner**\ntext\n]{.banner .grey}\n",
			`P@3:1[Span.banner.grey(S("Banner") " text")]`, nil},
		{"code block attributes that cannot be read", "```{#lst:a caption=\"open}\ncode\n```\n",
			`Code@3:1<>"code\n"`,
			[]string{"x.md:3:4: warning: the attributes of this code block cannot be read and are ignored"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bs, ds := convert(t, tt.src)
			if got := dump(bs); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			var got []string
			for _, d := range ds {
				got = append(got, d.String())
			}
			all := strings.Join(got, "\n")
			for _, w := range tt.diags {
				if !strings.Contains(all, w) {
					t.Errorf("no diagnostic %q; got:\n%s", w, all)
				}
			}
			if len(got) != len(tt.diags) {
				t.Errorf("%d diagnostics, want %d:\n%s", len(got), len(tt.diags), all)
			}
		})
	}
}
