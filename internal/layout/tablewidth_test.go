package layout

import (
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/draw"
)

func cells(ss ...string) [][]doc.Inline {
	var r [][]doc.Inline
	for _, s := range ss {
		r = append(r, []doc.Inline{doc.Text{S: s}})
	}
	return r
}

// tableTexts lays out d and returns the text runs of its first page that
// are set at the table's size, top to bottom.
func tableTexts(t *testing.T, d *doc.Document) []*draw.Text {
	t.Helper()
	st := article(t)
	pages, err := New(st, &diag.List{}).Run(d)
	if err != nil {
		t.Fatal(err)
	}
	var out []*draw.Text
	for _, tx := range texts(pages[0]) {
		if tx.Size <= st.SmallSize+0.01 {
			out = append(out, tx)
		}
	}
	return out
}

// A table too wide for the page, as Manubot's example has it (digits of
// pi and e beside short columns): the short columns keep their words
// whole, and only the long numbers are broken, each line ending in a
// visible hyphen; nothing passes the text block's edge.
func TestTableShortColumnsKeepTheirWords(t *testing.T) {
	code := func(s string) []doc.Inline { return []doc.Inline{doc.Code{S: s}} }
	row := func(name, a, b, c, ref string) [][]doc.Inline {
		r := cells(name, a, b, c)
		return append(r, code(ref))
	}
	d := &doc.Document{Blocks: []doc.Block{&doc.Table{
		Header: cells("", "Digits 1-33", "Digits 34-66", "Digits 67-99", "Ref."),
		Rows: [][][]doc.Inline{
			row("pi", "3.14159265358979323846264338327950", "288419716939937510582097494459230", "781640628620899862803482534211706", "piday.org"),
			row("e", "2.71828182845904523536028747135266", "249775724709369995957496696762772", "407663035354759457138217852516642", "nasa.gov"),
		},
	}}}
	st := article(t)
	right := st.PageW - st.Outer
	var pieces []string
	seen := map[string]bool{}
	for _, tx := range tableTexts(t, d) {
		seen[tx.S] = true
		if tx.X+measure(tx) > right+0.5 {
			t.Errorf("%q ends at %.1f, past the text block (%.1f)", tx.S, tx.X+measure(tx), right)
		}
		if strings.Trim(tx.S, "0123456789.-") == "" && !strings.Contains(tx.S, "-3") && !strings.Contains(tx.S, "-6") && !strings.Contains(tx.S, "-9") {
			pieces = append(pieces, tx.S)
		}
	}
	for _, w := range []string{"pi", "e", "Ref.", "piday.org", "nasa.gov"} {
		if !seen[w] {
			t.Errorf("%q is not set whole; runs: %q", w, keys(seen))
		}
	}
	// Each number is set on several lines, all but its last ending in a
	// hyphen, and the pieces spell it.
	joined := ""
	for _, p := range pieces {
		if strings.HasSuffix(p, "-") {
			joined += strings.TrimSuffix(p, "-")
		} else {
			joined += p + " "
		}
	}
	if !strings.Contains(joined, "3.14159265358979323846264338327950 ") || !strings.Contains(joined, "288419716939937510582097494459230 ") {
		t.Errorf("the numbers are not hyphenated pieces of themselves: %q", pieces)
	}
	hyphenated := 0
	for _, p := range pieces {
		if strings.HasSuffix(p, "-") {
			hyphenated++
		}
	}
	if hyphenated < 6 {
		t.Errorf("%d lines end in a hyphen: %q", hyphenated, pieces)
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A column's minimum is its longest word as set: code in the monospaced
// face is wider than the same letters in the text face, and is not cut.
func TestTableColumnMeasuresCode(t *testing.T) {
	word := "SetAutoPageBreakMargins"
	var header, row [][]doc.Inline
	for i := 0; i < 2; i++ {
		header = append(header, []doc.Inline{doc.Text{S: "Column"}})
		row = append(row, []doc.Inline{doc.Code{S: word}})
	}
	d := &doc.Document{Blocks: []doc.Block{&doc.Table{Header: header, Rows: [][][]doc.Inline{row}}}}
	n := 0
	for _, tx := range tableTexts(t, d) {
		if strings.Contains(tx.S, "Set") || strings.Contains(tx.S, "Margins") {
			n++
			if tx.S != word {
				t.Errorf("code cut: %q", tx.S)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d code cells set", n)
	}
}

// A word that cannot fit its column even so is hyphenated where the
// language allows, with a visible hyphen, before it is cut anywhere.
func TestTableWordHyphenated(t *testing.T) {
	long := "Internationalisation"
	header := cells("A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K")
	row := cells(long, long, long, long, long, long, long, long, long, long, long)
	d := &doc.Document{Blocks: []doc.Block{&doc.Table{Header: header, Rows: [][][]doc.Inline{row}}}}
	var parts []string
	for _, tx := range tableTexts(t, d) {
		if len(tx.S) > 1 {
			parts = append(parts, tx.S)
		}
	}
	if len(parts) < 22 {
		t.Fatalf("the word is not broken: %q", parts)
	}
	first := parts[0]
	if !strings.HasSuffix(first, "-") || !strings.HasPrefix(long, strings.TrimSuffix(first, "-")) {
		t.Fatalf("first piece %q", first)
	}
	// "In-ter-na-tion-al-i-sa-tion": the break falls between syllables.
	ok := false
	for _, p := range []string{"In-", "Inter-", "Interna-", "Internation-", "Internationali-"} {
		ok = ok || first == p
	}
	if !ok {
		t.Errorf("first piece %q is not at a hyphenation point", first)
	}
}

func TestFitColumns(t *testing.T) {
	for _, c := range []struct {
		min   []float64
		avail float64
		want  []float64
	}{
		{[]float64{12, 100, 100, 20}, 132, []float64{12, 50, 50, 20}},
		{[]float64{30, 30, 30}, 60, []float64{20, 20, 20}},
		{[]float64{10, 200}, 100, []float64{10, 90}},
	} {
		got := fitColumns(c.min, c.avail)
		for i := range got {
			if d := got[i] - c.want[i]; d > 1e-9 || d < -1e-9 {
				t.Errorf("fitColumns(%v, %v) = %v, want %v", c.min, c.avail, got, c.want)
				break
			}
		}
	}
}

// When the natural widths do not fit but the minimums do, a column whose
// cells fit within an equal share keeps its natural width (a "20 %" is not
// broken); the long columns share the rest in proportion to what they
// would still like; the widths fill the measure.
func TestDistributeShortColumnsWhole(t *testing.T) {
	for _, c := range []struct {
		nat, min []float64
		avail    float64
		want     []float64
		body     []float64 // the body cells' natural widths, if not nat
	}{
		// Three short columns whole; two long ones share 200-60.
		{[]float64{20, 20, 20, 150, 110}, []float64{15, 15, 15, 40, 30}, 200, []float64{20, 20, 20, 40 + 70*110.0/190, 30 + 70*80.0/190}, nil},
		// A short column that only fits within the share once the
		// first short ones are set.
		{[]float64{12, 45, 300}, []float64{12, 20, 80}, 150, []float64{12, 45, 93}, nil},
		// The short columns would leave too little for a long one's
		// minimum: all share in proportion.
		{[]float64{12, 45, 300}, []float64{12, 20, 100}, 150, []float64{12, 20 + 18*25.0/225, 100 + 18*200.0/225}, nil},
		// All natural widths fit: as they are.
		{[]float64{12, 20}, []float64{12, 12}, 100, []float64{12, 20}, nil},
		// A column whose heading is wider than its cells ("Date
		// (Gregorian)" over "7 Feb 1855") is fixed at its cells' width
		// (its heading breaks between words), not the heading's.
		{[]float64{80, 300}, []float64{50, 60}, 200, []float64{55, 145}, []float64{55, 300}},
		// Every column's cells fit (the natural widths do not, for the
		// headings): what is left goes to the headings in proportion to
		// what they lack; no column is cut below its cells.
		{[]float64{33, 20, 56}, []float64{18, 15, 31}, 100, []float64{18 + 31*15.0/40, 20, 31 + 31*25.0/40}, []float64{5, 20, 26}},
	} {
		got := distribute(append([]float64(nil), c.nat...), c.body, append([]float64(nil), c.min...), c.avail)
		sum := 0.0
		for i := range got {
			sum += got[i]
			if d := got[i] - c.want[i]; d > 1e-6 || d < -1e-6 {
				t.Errorf("distribute(%v, %v, %v) = %v, want %v", c.nat, c.min, c.avail, got, c.want)
				break
			}
		}
		sumNat := 0.0
		for _, n := range c.nat {
			sumNat += n
		}
		if sumNat > c.avail && (sum-c.avail > 1e-6 || c.avail-sum > 1e-6) {
			t.Errorf("widths %v sum to %v, not %v", got, sum, c.avail)
		}
	}
}
