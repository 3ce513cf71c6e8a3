package doc

import "testing"

func TestCountWords(t *testing.T) {
	for s, want := range map[string]int{
		"":                           0,
		"one":                        1,
		"one two  three\nfour":       4,
		"war — and peace":            3,
		"Soviet–Japanese well-known": 2,
		"1925 (p. 45)":               3,
		"Коминтерн, the Comintern":   3,
		" … ":                        0,
	} {
		if got := CountWords(s); got != want {
			t.Errorf("CountWords(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestCount(t *testing.T) {
	p := func(s string, extra ...Inline) *Paragraph {
		return &Paragraph{Content: append([]Inline{Text{S: s}}, extra...)}
	}
	inner := &Note{Blocks: []Block{p("a note inside")}}
	note := &Note{Blocks: []Block{p("four words of note", NoteRef{Note: inner})}}
	d := &Document{
		Meta: Meta{
			Title:    "Not counted at all",
			Abstract: []Block{p("five words in the abstract")},
			Keywords: []string{"a", "b", "c"},
		},
		Blocks: []Block{
			&Heading{Level: 1, Content: []Inline{Text{S: "Introduction"}}},
			p("Six words ", Emph{Content: []Inline{Text{S: "in this"}}}, Text{S: " first paragraph."}, NoteRef{Note: note}),
			p("Again", NoteRef{Note: note}),
			&List{Items: []ListItem{{Blocks: []Block{p("two items")}}}},
			&Table{Caption: []Inline{Text{S: "Caption"}}, Header: [][]Inline{{Text{S: "Year"}}}, Rows: [][][]Inline{{{Text{S: "1925"}}}}},
			&Figure{Caption: []Inline{Text{S: "A map"}}, Source: []Inline{Text{S: "Source: atlas"}}},
			&CodeBlock{Text: "not counted"},
			&Bibliography{Entries: [][]Inline{{Text{S: "Coox, Alvin. Nomonhan."}}}},
		},
	}
	got := Count(d)
	want := Counts{Body: 1 + 6 + 1 + 2 + 3 + 4, Notes: 4 + 3, Abstract: 5, Keywords: 3}
	if got != want {
		t.Errorf("Count = %+v, want %+v", got, want)
	}
	if got.Words() != want.Body+want.Notes {
		t.Errorf("Words = %d", got.Words())
	}
}
