package markdown

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/testenv"
)

// convert runs Convert with a body starting on line 3 of "x.md" (two lines
// of front matter above), a fake image loader and a "chart" fence.
func convert(t *testing.T, src string) ([]doc.Block, []diag.Diagnostic) {
	t.Helper()
	opt := Options{
		File:       "x.md",
		LineOffset: 2,
		Fences: map[string]func([]byte, diag.Pos) (doc.Block, error){
			"chart": func(text []byte, pos diag.Pos) (doc.Block, error) {
				if strings.Contains(string(text), "bad") {
					return nil, errors.New("bad chart")
				}
				return &doc.CodeBlock{At: doc.At{Pos: pos}, Lang: "CHART", Text: string(text)}, nil
			},
		},
		LoadImage: func(path string, pos diag.Pos) (*doc.Image, error) {
			if strings.Contains(path, "missing") {
				return nil, errors.New("cannot read " + path)
			}
			return &doc.Image{Path: path, Format: "png", Width: 1, Height: 1}, nil
		},
	}
	var l diag.List
	bs := Convert([]byte(src), opt, &l)
	return bs, l.Items()
}

func TestConvert(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		want  string
		diags []string // substrings of the diagnostics, in order
	}{
		{
			name: "typography and breaks",
			src:  "\"Hello\" -- world --- 'yes' it's... done.\nnext  \nlast\\\nend\n",
			want: `P@3:1["“Hello” – world — ‘yes’ it’s… done. next" BR "last" BR "end"]`,
		},
		{
			name: "inline formatting",
			src:  "*em* **strong** ~~del~~ `co  de` x&amp;y&#x41; \\* [link](http://x.com) [in](#sec:a) <https://a.org>\n",
			want: `P@3:1[E("em") " " S("strong") " " X("del") " " C"co  de" " x&yA * " L<http://x.com>("link") " " R<sec:a>("in") " " L<https://a.org>("https://a.org")]`,
		},
		{
			name: "headings",
			src:  "# Intro {#sec:intro}\n\n## Other {-}\n\n## Third {.unnumbered}\n\n## Hello *World*\n\nSetext\n------\n",
			want: `H1@3:1#sec:intro["Intro"] H2@5:1#other-["Other"] H2@7:1#third-["Third"] H2@9:1#hello-world["Hello " E("World")] H2@11:1#setext["Setext"]`,
		},
		{
			name: "citations",
			src: "As [see @smith2020, 45--47; -@doe, chap. 3] said.\n" +
				"@jones99 argues; @key [p. 33] too.\n" +
				"[-@k] [@{odd key}] [@a p. 4] (@b).\n",
			want: `P@3:1["As " Cite@3:4{smith2020|see|45–47|@3:9; -doe||chap. 3|@3:29} " said. " ` +
				`CiteT@4:1{jones99|||@4:1} " argues; " CiteT@4:18{key||p. 33|@4:18} " too. " ` +
				`Cite@5:1{-k|||@5:2} " " Cite@5:7{odd key|||@5:8} " " Cite@5:20{a|||p. 4@5:21} " (" CiteT@5:31{b|||@5:31} ")."]`,
		},
		{
			name: "citation across lines",
			src:  "As [see\n@smith2020, 45--47;\n  -@doe] said [a\n\nb @c].\n\n> quoted [see\n> @q, 2] end\n",
			want: `P@3:1["As " Cite@3:4{smith2020|see|45–47|@4:1; -doe|||@5:3} " said [a"] P@7:1["b " CiteT@7:3{c|||@7:3} "]."] ` +
				`Q@9:1{P@9:3["quoted " Cite@9:10{q|see|2|@10:3} " end"]}`,
		},
		{
			name: "citation wins over a reference link",
			src:  "[@a]: http://x\n\nSee [@a].\n",
			want: `P@5:1["See " Cite@5:5{a|||@5:6} "."]`,
		},
		{
			name: "emails are not citations",
			src:  "Mail a@b.com or x.y@z.org or name@host.\n",
			want: `P@3:1["Mail " L<mailto:a@b.com>("a@b.com") " or " L<mailto:x.y@z.org>("x.y@z.org") " or name@host."]`,
		},
		{
			name: "cross-references",
			src:  "See @fig:one, [@tbl:x] and [@sec:intro; @fig:b]. @fig: alone.\n",
			want: `P@3:1["See " XRef<fig:one>@3:5 ", " XRef<tbl:x>@3:16 " and " XRef<sec:intro>@3:29+<fig:b>@3:41 ". " CiteT@3:50{fig|||@3:50} ": alone."]`,
		},
		{
			name: "cross-reference dialects",
			src:  "@Fig:a, @fig-map, [-@tbl:t], @eq:e, @lst:l, @sec-intro, @Tbl-x.\n",
			want: `P@3:1[XRef^<fig:a>@3:1 ", " XRef<fig-map>@3:9 ", " XRef-<tbl:t>@3:20 ", " XRef<eq:e>@3:30 ", " XRef<lst:l>@3:37 ", " XRef<sec-intro>@3:45 ", " XRef^<tbl-x>@3:57 "."]`,
		},
		{
			name: "cross-references grouped, citations apart",
			src:  "[@fig:a; @tbl:b; @key; @fig:c; see @fig:d]\n",
			want: `P@3:1[XRef<fig:a>@3:2+<tbl:b>@3:10 ", " Cite@3:1{key|||@3:18} ", " XRef<fig:c>@3:24 ", see " XRef<fig:d>@3:36]`,
		},
		{
			name: "a crossref prefix is never a citation key",
			src:  "[@fig:x, p. 3] and @figure and @fig.\n",
			want: `P@3:1[XRef<fig:x>@3:2 " p. 3 and " CiteT@3:20{figure|||@3:20} " and " CiteT@3:32{fig|||@3:32} "."]`,
		},
		{
			name: "link with citation-like text stays a link",
			src:  "[@smith](http://x)\n",
			want: `P@3:1[L<http://x>(CiteT@3:2{smith|||@3:2})]`,
		},
		{
			name: "footnotes shared",
			src:  "Note[^n] and again[^n] and[^m].\n\n[^n]: The *note*.\n[^m]: Other.\n",
			want: `P@3:1["Note" N<n>@5:1{P@5:7["The " E("note") "."]} " and again" N<n> " and" N<m>@6:1{P@6:7["Other."]} "."]`,
		},
		{
			name: "table captions and alignment",
			src: "Table: Before {#tbl:a}\n\n| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 |\n\n" +
				"| x |\n|---|\n| 1 |\n\n: After\n",
			want: `T@5:1#tbl:a["Before"][1 2 3 0]{"a"|"b"|"c"|"d" / "1"|"2"|"3"|} T@9:1#["After"][0]{"x" / "1"}`,
		},
		{
			name: "lists, tasks, quotes, definitions",
			src:  "- [ ] open\n- [x] done\n\n3. three\n\n   more\n\n> quote\n\nTerm\n: Def\n",
			want: `UL@3:1{task1 P@3:3["open"] | task2 P@4:3["done"]} OL3loose@6:1{P@6:4["three"] P@8:4["more"]} Q@10:1{P@10:3["quote"]} DL@12:1{"Term" := P@13:3["Def"]}`,
		},
		{
			name:  "code",
			src:   "```{.python}\nprint()\n```\n\n    indented\n\n```chart\nx: 1\n```\n\n```chart\nbad\n```\n\n```{=latex}\n\\newpage\n```\n",
			want:  `Code@3:1<python>"print()\n" Code@7:5<>"indented\n" Code@10:1<CHART>"x: 1\n" PB@17:1`,
			diags: []string{"x.md:14:1: error: chart: bad chart"},
		},
		{
			name: "raw HTML",
			src: "Raw <b>bold</b> and <i>it</i>.<br>next <!-- c -->\n\n<!-- only a comment -->\n\n" +
				"<div>\nvisible &amp; <span>kept</span>\n</div>\n",
			want: `P@3:1["Raw bold and it." BR "next"] Div@7:1#[]{P@8:1["visible & kept"]}`,
			diags: []string{
				"x.md:3:5: warning: raw HTML is not rendered; use Markdown",
				"x.md:8:15: warning: raw HTML is not rendered; use Markdown",
			},
		},
		{
			name: "raw LaTeX obeyed",
			src:  "\\newpage \\cite{x}\n`\\newpage`{=latex} after\n\n\\noindent Text \\emph{em \\textbf{b}} \\textsc{sc} \\url{http://u} \\footnote{A \\textit{note}.}\nand \\ref{fig:a}, \\eqref{eq:b}, \\autoref{tbl:c}\\label{here} \\LaTeX{} x~y -- \\texttt{t}.\n\n\\printbibliography\n\n\\appendix\n",
			want: `PB@3:1 P@3:1[Cite@3:10{x|||@3:10}] PB@3:1 P@3:1["after"] P@6:1noindent["Text " E("em " S("b")) " " SC("sc") " " L<http://u>("http://u") " " N<>@6:64{P@6:64["A " E("note") "."]} " and " XRef-<fig:a>@7:5 ", " XRef-()<eq:b>@7:18 ", " XRef<tbl:c>@7:32 A<"here"> " LaTeX x~y – " C"t" "."] Bib@9:1 Appendix@11:1`,
		},
		{
			name:  "inline notes",
			src:   "Text^[A *note* with [a link](u) and\na second line.] and ^[nested ^[inner]] x^[unclosed\n",
			want:  `P@3:1["Text" N<>@3:5{P@3:7["A " E("note") " with " L<u>("a link") " and a second line."]} " and " N<>@4:21{P@4:23["nested " N<>@4:30{P@4:32["inner"]}]} " x^[unclosed"]`,
			diags: []string{"x.md:4:41: warning: inline note ^[ is never closed"},
		},
		{
			name:  "divs never closed, stray fences",
			src:   "Text\n\n:::\n\n::: note\nOpen\n",
			want:  `P@3:1["Text"] Div@7:1#[note]framednote[]{P@8:1["Open"]}`,
			diags: []string{"x.md:5:1: warning: a closing ::: with no div open is left out", "x.md:7:1: warning: this div is never closed"},
		},
		{
			name:  "incomplete raw LaTeX",
			src:   "A \\emph{never\nclosed\n",
			want:  `P@3:1["A"]`,
			diags: []string{"x.md:3:3: warning: raw LaTeX \\emph is incomplete"},
		},
		{
			name: "spans, superscript, subscript",
			src:  "[Sc *x*]{.smallcaps} [u]{.underline} [v]{.ul} [Wort]{lang=de} [m]{.mark} []{#here} H~2~O ~~gone~~ Ca^2+^ a ^ b ~ c [s1]{.nameref}\n",
			want: `P@3:1[SC("Sc " E("x")) " " U("u") " " U("v") " " Spanlang=de("Wort") " " Span.mark("m") " " A<"here"> " H" SUB("2") "O " X("gone") " Ca" SUP("2+") " a ^ b ~ c " XRef<s1>@3:116]`,
		},
		{
			name: "grid table with a caption",
			src:  "+-----+------+\n| A   | B    |\n+=====+:====:+\n| *x* | y    |\n| x2  |      |\n+-----+------+\n| z   | w    |\n+-----+------+\n\n: Grid {#tbl:g}\n",
			want: `T@3:1#tbl:g["Grid"][0 2]{"A"|"B" / E("x") " x2"|"y" / "z"|"w"}`,
		},
		{
			name: "a caption under a paragraph of two lines is no definition",
			src:  "Line one\nline two.\n\n: Caption []{label=\"tx\"}\n\n| a |\n|---|\n| 1 |\n",
			want: `P@3:1["Line one" " " "line two."] T@8:1#["Caption " A<"tx">][0]{"a" / "1"}`,
		},
		{
			name: "line blocks and example lists",
			src:  "| The first line\n|    indented *second*\n   continued\n|\n| last\n\n(@) One.\n(@good) Two\nwrapped.\n\nText (@good) and (@).\n\n(@) Three.\n",
			want: `LB@3:1{"The first line" / "\u00a0\u00a0\u00a0" "indented " E("second") " " "continued" /  / "last"} OL1@9:1{P@9:1["One."] | P@9:1["Two" " " "wrapped."]} P@13:1["Text (" "2" ") and (@)."] OL3@15:1{P@15:1["Three."]}`,
		},
		{
			name:  "executable cells labelled as figures",
			src:   "```{python}\n#| label: fig-polar\n#| fig-cap: \"A polar plot\"\nplot()\n```\n\n```{r}\nx <- 1\n```\n",
			want:  `Fig@3:1#fig-polar<missing output of the python cell>["A polar plot"] Code@9:1<r>"x <- 1\n"`,
			diags: []string{"x.md:3:1: warning: Quire does not run python code cells; figure fig-polar is left as a frame"},
		},
		{
			name: "implicit heading references",
			src:  "# Article metadata\n\nSee [article  Metadata] and [nothing].\n",
			want: `H1@3:1#article-metadata["Article metadata"] P@5:1["See " R<article-metadata>("article  Metadata") " and [nothing]."]`,
		},
		{
			name: "implicit heading references, full and collapsed",
			src:  "# Equations\n\nSee [further below][Equations], [Equations][] and [x][none].\n",
			want: `H1@3:1#equations["Equations"] P@5:1["See " R<equations>("further below") ", " R<equations>("Equations") " and [x][none]."]`,
		},
		{
			name: "LaTeX tables",
			src:  "```{=latex}\n\\begin{table}\\caption{{\\bf Cap.}}\n\\begin{tabular}{|l|l|}\n\\hline\n\\multicolumn{2}{|l|}{Head} \\\\ \\hline\na \\& b & c\\\\\n\\end{tabular}\\label{t1}\n\\end{table}\n```\n\nSee Table~\\ref{t1}.\n",
			want: `T@4:1#t1[S("Cap.")][0 0]{"Head"| / "a & b"|"c"} P@13:1["See Table\u00a0" XRef-<t1>@13:11 "."]`,
		},
		{
			name: "multiline table",
			src:  "-----------------\nLand   Number\n       of owls\n------ ----------\nNorth     94%\nAmerica\n\nAsia      87%\n-----------------\n\n: Multi\n",
			want: `T@3:1#["Multi"][1 1]{"Land"|"Number of owls" / "North America"|"94%" / "Asia"|"87%"}`,
		},
		{
			name: "simple table, then a rule",
			src:  "  Right     Left     Center     Default\n-------     ------ ----------   -------\n     12     12        12            12\n    123     123       123          123\n\nTable: Simple\n\nAfter.\n\n---\n\nEnd.\n",
			want: `T@3:1#["Simple"][3 1 2 0]{"Right"|"Left"|"Center"|"Default" / "12"|"12"|"12"|"12" / "123"|"123"|"123"|"123"} P@10:1["After."] HR@12:1 P@14:1["End."]`,
		},
		{
			name: "math is left to the math extension",
			src:  "$x \\alpha$ \\emph{a} $$\\sum$$ \\(\\beta\\) \\[\\gamma\\] \\textbf{b}\n",
			want: `P@3:1[doc.Math " " E("a")] *doc.MathBlock P@3:1noindent[doc.Math] *doc.MathBlock P@3:1noindent[S("b")]`,
		},
		{
			name: "raw LaTeX left out, named",
			src:  "A \\vspace{1cm} B \\foo[x]{y}{z} C\n\n\\begin{tabbing}\n\\textbf{A} \\= x \\\\\n\\end{tabbing}\n\nD \\a \\pageref{x}\n\n```{=tex}\n\\begin{figure}\\caption{c}\\label{fig1}\\end{figure}\n```\n",
			want: `P@3:1["A  B  C"] P@9:1["D \\a " XRef-<x>@9:6] P@11:1[A<"\x00dropped:fig1">]`,
			diags: []string{
				"x.md:3:3: warning: raw LaTeX \\vspace is left out",
				"x.md:3:18: warning: raw LaTeX \\foo is left out",
				"x.md:5:1: warning: raw LaTeX environment tabbing is left out",
				"x.md:9:6: warning: \\pageref prints",
				"x.md:12:1: warning: raw LaTeX environment figure is left out",
			},
		},
		{
			name: "fenced divs",
			src:  "::: {.note}\nInside div\n:::\n\n::: supp\nAlso\n:::\n\n:::: {#outer lang=de}\n::: inner\nIn\n```\n:::\n```\n:::\nAfter\n::::\n",
			want: `Div@3:1#[note]framednote[]{P@4:1["Inside div"]} Div@7:1#[supp]{P@8:1["Also"]} Div@11:1#outer[]lang=de{Div@12:1#[inner]{P@13:1["In"] Code@14:1<>":::\n"} P@18:1["After"]}`,
		},
		{
			name: "footnotes in the cells of pandoc tables",
			src:  "Text.[^a]\n\n  Right     Left\n-------     ------\n     12     x[^b]\n    123     y\n\n+--------+------+\n| A      | B    |\n+========+======+\n| z[^a]  | w    |\n+--------+------+\n\n[^a]: Note A.\n[^b]: Note B.\n",
			want: `P@3:1["Text." N<a>@16:1{P@16:7["Note A."]}] T@5:1#[][3 1]{"Right"|"Left" / "12"|"x" N<b>@17:1{P@17:7["Note B."]} / "123"|"y"} T@10:1#[][0 0]{"A"|"B" / "z" N<a>|"w"}`,
		},
		{
			name: "notes and spans over lines in a quotation",
			src:  "> A note^[which runs\n> over two lines] and a [span\n> over lines]{.smallcaps}.\n>\n> > Deeper^[two\n> > lines].\n",
			want: `Q@3:1{P@3:3["A note" N<>@3:9{P@3:11["which runs over two lines"]} " and a " SC("span over lines") "."] Q@7:3{P@7:5["Deeper" N<>@7:11{P@7:13["two lines"]} "."]}}`,
		},
		{
			name: "an unknown language is named",
			src:  "::: {lang=xx-QQ}\nText [mot]{lang=zz}.\n:::\n",
			want: `Div@3:1#[]lang=xx-QQ{P@4:1["Text " Spanlang=zz("mot") "."]}`,
			diags: []string{"x.md:3:1: warning: no hyphenation patterns or quotation marks for lang=xx-QQ",
				"x.md:4:6: warning: no hyphenation patterns or quotation marks for lang=zz"},
		},
		{
			name: "callouts take a title",
			src:  "::: {.callout-warning title=\"Mind\"}\nText\n:::\n\n::: callout-tip\n## Tip here\nBody\n:::\n",
			want: `Div@3:1#[callout-warning]framedwarning["Mind"]{P@4:1["Text"]} Div@7:1#[callout-tip]framedtip["Tip here"]{P@9:1["Body"]}`,
		},
		{
			name: "a callout's title is Markdown, as Quarto reads it",
			src:  "::: {.callout-note title=\"See *this* and [@doe]\"}\nText\n:::\n",
			want: `Div@3:1#[callout-note]framednote["See " E("this") " and " Cite@3:1{doe|||@3:1}]{P@4:1["Text"]}`,
		},
		{
			name: "refs div under the author's heading",
			src:  "# References {.unnumbered}\n\n::: {#refs}\n:::\n\nAfter.\n",
			want: `H1@3:1#references-["References"] Bib@5:1-untitled P@8:1["After."]`,
		},
		{
			name: "html div: subfigures and a wrapped listing",
			src:  "<div id=\"fig:sub\">\n![A](a.png)\n\n![B](b.png){#fig:b}\n\nCaption\n</div>\n\n<div id=\"fig:row\">\n![A](a.png)![B](b.png)\n\nRow\n</div>\n\n<div id=\"lst:w\" class=\"listing\">\nCap\n```\ncode\n```\n</div>\n",
			want: `Fig@3:1#fig:sub<missing >["Caption"]{Fig@4:1#<a.png>["A"] Fig@6:1#fig:b<b.png>["B"]} Fig@11:1#fig:row<missing >["Row"]{Fig@12:1#<a.png>["A"] Fig@12:1#<b.png>["B"]} Code@19:1<>"code\n"#lst:w["Cap"]`,
		},
		{
			name: "listing captions",
			src:  "```{#lst:a .go caption=\"Go -- code\"}\nx\n```\n\nListing: Before {#lst:b}\n\n```\ny\n```\n\n```\nz\n```\n\n: After {#lst:c}\n",
			want: `Code@3:1<go>"x\n"#lst:a["Go – code"] Code@9:1<>"y\n"#lst:b["Before"] Code@13:1<>"z\n"#lst:c["After"]`,
		},
		{
			name:  "control characters and uncovered runes",
			src:   "Ctrl \x01a\x7fb\u0085c tab\tok\n\nx 😀 and 😀\n",
			want:  `P@3:1["Ctrl abc tab\tok"] P@5:1["x 😀 and 😀"]`,
			diags: []string{"x.md:5:3: warning: U+1F600 is not in any font; it is drawn as ?"},
		},
		{
			name: "figures",
			src:  "![A *cat*](cat.png){#fig:cat}\n\n![Plain](dog.png)\n\n![Gone](missing.png)\n\n![remote](https://x.com/a.png)\n\n![data](data:image/png;base64,AAA)\n\ntext ![inline](a.png) more\n",
			want: `Fig@3:1#fig:cat<cat.png>["A " E("cat")] Fig@5:1#<dog.png>["Plain"] Fig@7:1#<missing missing.png>["Gone"] Fig@9:1#<missing https://x.com/a.png>["remote"] Fig@11:1#<missing data:image/png;base64,AAA>["data"] P@13:1["text inline more"]`,
			diags: []string{
				"x.md:7:1: error: cannot read missing.png",
				"x.md:9:1: error: remote images are not fetched; download it into the manuscript folder",
				"x.md:11:1: error: remote images are not fetched",
				"x.md:13:6: warning: an image inside text is not placed",
			},
		},
		{
			name:  "pandoc attributes after inline elements",
			src:   "A ![Nyan](n.png){height=\"9pt\"} while [W]{.semibold} and [l](u){.button} [x] [y]{z}.\n",
			want:  `P@3:1["A Nyan while " Span.semibold("W") " and " L<u>("l") " [x] [y]{z}."]`,
			diags: []string{"x.md:3:3: warning: an image inside text is not placed"},
		},
		{
			name:  "self-referencing footnote",
			src:   "A[^a].\n\n[^a]: Loop[^a].\n",
			want:  `P@3:1["A" N<a>@5:1{P@5:7["Loop."]} "."]`,
			diags: []string{"x.md:5:11: warning: footnote [^a] refers to itself"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bs, ds := convert(t, tt.src)
			if got := dump(bs); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			i := 0
			for _, d := range ds {
				if i < len(tt.diags) && strings.Contains(d.String(), tt.diags[i]) {
					i++
				}
			}
			if i < len(tt.diags) {
				t.Errorf("diagnostic %q missing; got:", tt.diags[i])
				for _, d := range ds {
					t.Log(d)
				}
			}
			if len(tt.diags) == 0 && len(ds) > 0 {
				t.Errorf("unexpected diagnostics: %v", ds)
			}
		})
	}
}

func TestNumberNotesCompatible(t *testing.T) {
	bs, _ := convert(t, "A[^a] B[^b] A again[^a].\n\n[^a]: One[^c].\n[^b]: Two.\n[^c]: Inner.\n")
	d := &doc.Document{Blocks: bs}
	if n := doc.NumberNotes(d); n != 3 {
		t.Fatalf("NumberNotes = %d, want 3", n)
	}
	p := bs[0].(*doc.Paragraph)
	var nums []int
	for _, x := range p.Content {
		if r, ok := x.(doc.NoteRef); ok {
			nums = append(nums, r.Note.Number)
		}
	}
	if len(nums) != 3 || nums[0] != 1 || nums[1] != 3 || nums[2] != 1 {
		t.Errorf("note numbers %v, want [1 3 1]", nums)
	}
}

func TestDeepNesting(t *testing.T) {
	deepList := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- a\n")
		}
		return b.String()
	}
	tests := []struct{ name, src string }{
		{"quotes", strings.Repeat("> ", 1000) + "a\n"},
		{"quotes without spaces", strings.Repeat(">", 1000) + "a\n"},
		{"list markers", strings.Repeat("- ", 1000) + "a\n" + strings.Repeat("\n", 1000)},
		{"indented lists", deepList(1000)},
		{"emphasis", strings.Repeat("*a **a ", 1000) + "b" + strings.Repeat(" a** a*", 1000) + "\n"},
		{"links", strings.Repeat("[", 1000) + "a" + strings.Repeat("](u)", 1000) + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bs, ds := convert(t, tt.src)
			if depth := blockDepth(bs); depth > maxDepth+1 {
				t.Errorf("block depth %d", depth)
			}
			for _, d := range ds {
				if d.Severity == diag.Error {
					t.Error(d)
				}
			}
			if tt.name != "links" && len(ds) == 0 {
				t.Error("no warning about flattened nesting")
			}
			if !strings.Contains(doc.PlainText(firstInlines(bs)), "a") {
				t.Errorf("content lost: %s", dump(bs)[:min(200, len(dump(bs)))])
			}
		})
	}
}

// blockDepth returns the nesting depth of blocks, counting inline nesting.
func blockDepth(bs []doc.Block) int {
	max := 0
	for _, b := range bs {
		d := 0
		switch b := b.(type) {
		case *doc.Quote:
			d = blockDepth(b.Blocks)
		case *doc.List:
			for _, it := range b.Items {
				d = max2(d, blockDepth(it.Blocks))
			}
		case *doc.Paragraph:
			d = inlineDepth(b.Content) - 1
		}
		max = max2(max, d+1)
	}
	return max
}

func inlineDepth(in []doc.Inline) int {
	max := 0
	for _, x := range in {
		d := 0
		switch x := x.(type) {
		case doc.Emph:
			d = inlineDepth(x.Content)
		case doc.Strong:
			d = inlineDepth(x.Content)
		case doc.Link:
			d = inlineDepth(x.Content)
		}
		max = max2(max, d+1)
	}
	return max
}

func max2(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// firstInlines returns the content of the first paragraph found.
func firstInlines(bs []doc.Block) []doc.Inline {
	for _, b := range bs {
		switch b := b.(type) {
		case *doc.Paragraph:
			return b.Content
		case *doc.Quote:
			if in := firstInlines(b.Blocks); in != nil {
				return in
			}
		case *doc.List:
			for _, it := range b.Items {
				if in := firstInlines(it.Blocks); in != nil {
					return in
				}
			}
		}
	}
	return nil
}

func TestLargeInputs(t *testing.T) {
	para := strings.Repeat("word *em* and [@key] text, ", 400_000) // about 10 MB
	var table strings.Builder
	table.WriteString("| a | b |\n|---|---|\n")
	for range 50_000 {
		table.WriteString("| 1 | 2 |\n")
	}
	tests := []struct {
		name  string
		src   string
		limit time.Duration
		check func([]doc.Block) bool
	}{
		{"10 MB paragraph", para, 30 * time.Second, func(bs []doc.Block) bool { return len(bs) == 1 }},
		{"5000-char word", strings.Repeat("x", 5000), time.Second, func(bs []doc.Block) bool {
			return doc.PlainText(bs[0].(*doc.Paragraph).Content) == strings.Repeat("x", 5000)
		}},
		{"50000 table rows", table.String(), 20 * time.Second, func(bs []doc.Block) bool {
			return len(bs[0].(*doc.Table).Rows) == 50_000
		}},
		{"unclosed delimiters", strings.Repeat("*a _b [c `d <e ", 20_000), 10 * time.Second, func(bs []doc.Block) bool {
			return len(bs) == 1
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if testing.Short() && len(tt.src) > 1<<20 {
				t.Skip("large input")
			}
			start := testenv.CPUTime()
			bs, ds := convert(t, tt.src)
			if el := testenv.CPUTime() - start; el > tt.limit {
				t.Errorf("took %v", el)
			}
			for _, d := range ds {
				if d.Severity == diag.Error {
					t.Error(d)
				}
			}
			if len(bs) == 0 || !tt.check(bs) {
				t.Error("unexpected result")
			}
		})
	}
}

// TestRealDocs converts the real manuscripts of the shared test data (front
// matter and all) and checks that each produces content, and errors only
// where knownRealDocErrors expects them, message for message: a new error
// fails, and so does an expected one that no longer happens (remove it from
// the list).
func TestRealDocs(t *testing.T) {
	dir := testenv.SharedPath(t, "real-docs")
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".qmd")) {
			files = append(files, p)
		}
		return nil
	})
	if len(files) < 8 {
		t.Fatalf("only %d real manuscripts in %s", len(files), dir)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, f)
		rel = filepath.ToSlash(rel)
		var l diag.List
		bs := Convert(src, Options{File: rel}, &l)
		if len(bs) == 0 {
			t.Errorf("%s: no blocks", rel)
		}
		var errs []string
		warnings := 0
		for _, d := range l.Items() {
			if d.Severity == diag.Error {
				errs = append(errs, fmt.Sprintf("%d:%d: %s", d.Pos.Line, d.Pos.Col, d.Msg))
			} else {
				warnings++
			}
		}
		want := knownRealDocErrors[rel]
		if strings.Join(errs, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: errors\n\t%s\nwant\n\t%s", rel, strings.Join(errs, "\n\t"), strings.Join(want, "\n\t"))
		}
		t.Logf("%s: %d blocks, %d warnings, %d errors", rel, len(bs), warnings, len(errs))
	}
}

// knownRealDocErrors lists, per manuscript of real-docs, the errors
// Convert reports today, in order. Manubot's example links its figures
// from the web, which Quire refuses to fetch.
var knownRealDocErrors = map[string][]string{
	"manubot-rootstock/02.delete-me.md": {
		"170:1: remote images are not fetched; download it into the manuscript folder",
		"175:1: remote images are not fetched; download it into the manuscript folder",
		"180:1: remote images are not fetched; download it into the manuscript folder",
		"185:1: remote images are not fetched; download it into the manuscript folder",
	},
}
