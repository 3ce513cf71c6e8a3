package bibtex

import (
	"strings"
	"testing"
)

func parseOne(t *testing.T, src string) Entry {
	t.Helper()
	es, errs := Parse([]byte(src))
	for _, e := range errs {
		t.Errorf("unexpected problem: %v", e)
	}
	if len(es) != 1 {
		t.Fatalf("got %d entries", len(es))
	}
	return es[0]
}

func TestMacrosAndConcatenation(t *testing.T) {
	src := `@STRING{ pub = "Stanford" # { University} }
@string(press = {Press})
@comment{ @book{ignored, title = {No}} }
@preamble{ "\newcommand{\noop}[1]{}" }
Some free text here is a comment too.
@Book{key:1,
  Publisher = pub # " " # press,
  month     = jan # "~1",
  year      = 1985,
  title     = "A {"}quoted{"} {T}itle",
}`
	e := parseOne(t, src)
	if e.Type != "book" || e.Key != "key:1" || e.Line != 6 {
		t.Errorf("entry %+v", e)
	}
	for f, want := range map[string]string{
		"publisher": "Stanford University Press",
		"month":     "January~1",
		"year":      "1985",
		"title":     `A {"}quoted{"} {T}itle`,
	} {
		if got := e.Fields[f]; got != want {
			t.Errorf("%s = %q, want %q", f, got, want)
		}
	}
}

func TestParenthesesAndNestedBraces(t *testing.T) {
	e := parseOne(t, "@misc(k, note = {a {b {c} d} e} )")
	if got := e.Fields["note"]; got != "a {b {c} d} e" {
		t.Errorf("note %q", got)
	}
	e = parseOne(t, `@misc{k, title = {Escaped \} brace}}`)
	if got := e.Fields["title"]; got != `Escaped \} brace` {
		t.Errorf("title %q", got)
	}
}

func TestUndefinedMacroWarns(t *testing.T) {
	es, errs := Parse([]byte("@misc{k, publisher = nosuch}"))
	if len(es) != 1 || es[0].Fields["publisher"] != "nosuch" {
		t.Errorf("entries %+v", es)
	}
	if len(errs) != 1 || !errs[0].Warning || errs[0].Line != 1 {
		t.Errorf("problems %v", errs)
	}
}

func TestMalformed(t *testing.T) {
	tests := []struct {
		src  string
		keys string
		errs string
	}{
		{"@book{a, title={x}}\n@book{a, title={y}}", "a", `line 2: duplicate key "a" with different content (first defined on line 1)`},
		{"@book{a, title={x  y}}\n@book{a,\n  title = {x y}}", "a", `line 2: duplicate entry "a", identical to the one on line 1; the copy is ignored`},
		{"@book{, title={x}}\n@book{b}", "b", "line 1: @book entry has no key"},
		{"@book{a,\n title = {{x,\n}\n@book{b, title={y}}", "b", "line 2: unclosed brace"},
		{"@book{a,\n title = {x}\n year = 1}\n@book{b}", "b", `line 3: expected "," or '}' in entry "a", found 'y'`},
		{"@book{a,\n title = {x\n", "", "line 2: unclosed brace"},
		{"@book{a,\n title = \"x\n", "", "line 2: unclosed quotation mark"},
		{"@book{a, title = {x}\n\n@book{b, title = {y}}", "b", "line 1: @book{a is not closed before the next entry (unbalanced braces?)"},
		{"@book{a, title {x}}", "", `line 1: expected "=" after field "title" in entry "a"`},
		{"@{a}", "", `line 1: expected an entry type after "@"`},
		{"@book a", "", `line 1: expected "{" after @book`},
	}
	for _, tt := range tests {
		es, errs := Parse([]byte(tt.src))
		var keys, msgs []string
		for _, e := range es {
			keys = append(keys, e.Key)
		}
		for _, e := range errs {
			msgs = append(msgs, e.Error())
		}
		if strings.Join(keys, " ") != tt.keys || strings.Join(msgs, "\n") != tt.errs {
			t.Errorf("%q:\n keys %v, problems %q\nwant %q, %q", tt.src, keys, msgs, tt.keys, tt.errs)
		}
	}
}

func TestDecode(t *testing.T) {
	for in, want := range map[string]string{
		`{\"o}`:                        "ö",
		`G{\"o}del`:                    "Gödel",
		`\"{o}`:                        "ö",
		`{\=o}`:                        "ō",
		`T\=oky\=o`:                    "Tōkyō",
		`Ry{\=u}ky{\=u}`:               "Ryūkyū",
		`Ryūkyū`:                       "Ryūkyū",
		`\v{s}`:                        "š",
		`\v s`:                         "š",
		`Dvo\v{r}\'ak`:                 "Dvořák",
		"\\'e\\`e\\^o\\~n":             "éèôñ",
		`\c{c}a`:                       "ça",
		`\u{a}`:                        "ă",
		`\k{a}`:                        "ą",
		`\ss{} \o\ \ae{} \AE{} \L`:     "ß ø æ Æ Ł",
		`Stra\ss e`:                    "Straße",
		`{\'\i}`:                       "í",
		`\H{o}`:                        "ő",
		`\r{a}`:                        "å",
		`1905--1941`:                   "1905–1941",
		`Yes---no`:                     "Yes—no",
		`p.~45`:                        "p.\u00a045",
		`A \& B, 10\%, \$5, \#1, a\_b`: "A & B, 10%, $5, #1, a_b",
		`{\em Emphasis} and \textit{italic} and \emph{this}`: "Emphasis and italic and this",
		`The {NASA} {Mission}`:                               "The NASA Mission",
		"Line\n   break\t here":                              "Line break here",
		"``Quoted''":                                         "“Quoted”",
		`$\alpha$-helix`:                                     "α-helix",
		`\url{http://x.org/a_b}`:                             "http://x.org/a_b",
		`\href{http://x.org}{Site}`:                          "Site",
		`\noopsort{a}Zed`:                                    "Zed",
		`\unknown{Kept}`:                                     "Kept",
		`trailing\`:                                          "trailing",
		`\'`:                                                 "'",
	} {
		if got := Decode(in); got != want {
			t.Errorf("Decode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecodeSpans(t *testing.T) {
	show := func(sp []Span) string {
		var b strings.Builder
		for _, s := range sp {
			if s.Italic {
				b.WriteString("<" + s.Text + ">")
			} else {
				b.WriteString(s.Text)
			}
		}
		return b.String()
	}
	for in, want := range map[string]string{
		`Plain`:                                 "Plain",
		`Reading \emph{Genji} Today`:            "Reading <Genji> Today",
		`On {\em The Tale of G{\"o}nji} again`:  "On <The Tale of Gönji> again",
		`{\it Italic {\em roman} italic} after`: "<Italic >roman< italic> after",
		`\textit{A \emph{B} C}`:                 "<A >B< C>",
		`\textit{x}\textit{y}`:                  "<xy>",
		` \emph{ lead } `:                       "<lead>",
		`{\em unclosed`:                         "<unclosed>",
		`}}{\em x}}`:                            "<x>",
	} {
		if got := show(DecodeSpans(in)); got != want {
			t.Errorf("DecodeSpans(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseNames(t *testing.T) {
	tests := []struct {
		in     string
		want   []Name
		others bool
	}{
		{"Coox, Alvin D.", []Name{{First: "Alvin D.", Last: "Coox"}}, false},
		{"Alvin D. Coox", []Name{{First: "Alvin D.", Last: "Coox"}}, false},
		{"Coox, Alvin D. and Edward J. Drea AND Hata, Ikuhiko", []Name{
			{First: "Alvin D.", Last: "Coox"}, {First: "Edward J.", Last: "Drea"}, {First: "Ikuhiko", Last: "Hata"}}, false},
		{"Ludwig van Beethoven", []Name{{First: "Ludwig", Von: "van", Last: "Beethoven"}}, false},
		{"van Beethoven, Ludwig", []Name{{First: "Ludwig", Von: "van", Last: "Beethoven"}}, false},
		{"Charles Louis Xavier Joseph de la Vall{\\'e}e Poussin", []Name{
			{First: "Charles Louis Xavier Joseph", Von: "de la", Last: "Vallée Poussin"}}, false},
		{"King, Jr, Martin Luther", []Name{{First: "Martin Luther", Last: "King", Jr: "Jr"}}, false},
		{"von Neumann, Jr., John", []Name{{First: "John", Von: "von", Last: "Neumann", Jr: "Jr."}}, false},
		{"{Ministry of Foreign Affairs of Japan}", []Name{{Last: "Ministry of Foreign Affairs of Japan", Corporate: true}}, false},
		{"{Barnes and Noble}", []Name{{Last: "Barnes and Noble", Corporate: true}}, false},
		{"Coox, Alvin D. and others", []Name{{First: "Alvin D.", Last: "Coox"}}, true},
		{"{\\v{S}}koda, Jan", []Name{{First: "Jan", Last: "Škoda"}}, false},
		{"Kat{\\=o}, Y{\\=u}ki", []Name{{First: "Yūki", Last: "Katō"}}, false},
		{"Brinch~Hansen, Per", []Name{{First: "Per", Last: "Brinch Hansen"}}, false},
		{"Anderson", []Name{{Last: "Anderson"}}, false},
		{"{van} Dyke, Dick", []Name{{First: "Dick", Last: "van Dyke"}}, false},
		{"  ", nil, false},
	}
	for _, tt := range tests {
		got, others := ParseNames(tt.in)
		if len(got) != len(tt.want) || others != tt.others {
			t.Errorf("%q: got %+v others=%v, want %+v others=%v", tt.in, got, others, tt.want, tt.others)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%q: name %d = %+v, want %+v", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}

func FuzzBibTeX(f *testing.F) {
	f.Add([]byte(`@book{k, author = {Coox, Alvin D. and others}, title = {G{\"o}del}}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		es, errs := Parse(src)
		for _, e := range errs {
			if e.Line < 1 {
				t.Fatalf("bad line %d", e.Line)
			}
		}
		for _, e := range es {
			for _, v := range e.Fields {
				Decode(v)
				ParseNames(v)
			}
		}
	})
}
