package bibtex

import "testing"

func TestMarkup(t *testing.T) {
	cases := []struct{ in, want string }{
		{`The Myth of the {Kwantung Army}`, `The Myth of the <span class="nocase">Kwantung Army</span>`},
		{`G{\"o}del, Escher, Bach`, `Gödel, Escher, Bach`},
		{`\v{S}koda and {\v{S}}koda`, `Škoda and Škoda`},
		{`An \emph{Italic} and {\em switched} text`, `An <i>Italic</i> and <i>switched</i> text`},
		{`\textbf{Bold}, \textsc{Caps}, H\textsubscript{2}O, 1\textsuperscript{st}`, `<b>Bold</b>, <span style="font-variant:small-caps;">Caps</span>, H<sub>2</sub>O, 1<sup>st</sup>`},
		{"Pages 10--12 and 1870---1914", "Pages 10–12 and 1870—1914"},
		{"``A Great Disobedience''", "“A Great Disobedience”"},
		{`\enquote{Quoted}`, "“Quoted”"},
		{`Spaces   and
 lines`, "Spaces and lines"},
		{`\url{https://example.org/a_b}`, "https://example.org/a_b"},
		{`\href{https://x.org}{the text}`, "the text"},
		{`Tom \& Jerry, 50\%`, "Tom & Jerry, 50%"},
		{`{iPhone} apps`, `<span class="nocase">iPhone</span> apps`},
		{`\unknown{kept} text`, "kept text"},
		{`$x^2$`, "x^2"},
		{`Stra\ss e and \emph {Ma\ss}`, "Straße and <i>Maß</i>"}, // the space after a control word is TeX's
	}
	for _, c := range cases {
		if got := Markup(c.in); got != c.want {
			t.Errorf("Markup(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}
