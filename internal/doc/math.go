package doc

import "strings"

// Math is a formula in TeX notation. The loader parses it (package math)
// and keeps the result in Formula, so that layout need not parse again;
// Text is its Unicode text (x², √x), what copying it gives and what plain
// text (titles, word counts) holds.
type Math struct {
	Pos     Pos
	TeX     string
	Display bool   // $$...$$ or \[...\] inside a paragraph: set as a display
	Label   string // a display's {#eq:...}
	Formula any    // *math.Formula
	Text    string
}

func (Math) inline() {}

// MathBlock is a display formula: $$...$$, \[...\], or an equation,
// align, gather or multline environment. Rows are its lines' labels and
// numbers: one for a single display, one per line of an alignment. ID
// and Number are those of its first numbered row (the equation of a
// single display).
type MathBlock struct {
	At
	Math Math
	ID   string // eq:... from {#eq:...} or \label
	// Number is the equation number cross-references print; 0 if none.
	Number int
	Rows   []MathRow
}

// MathRow is the number of one line of a display.
type MathRow struct {
	ID       string
	Tag      string // \tag{...}: printed instead of a number
	Numbered bool   // the environment numbers the line (equation, align)
	Number   int    // assigned in reading order; 0 if none
}

// mathBlock numbers the rows of a display in reading order: every row its
// environment numbers (equation, align...) or a label names gets the next
// number, except rows with a \tag, which are referenced by their tag.
func (n *numberer) mathBlock(m *MathBlock) {
	for i := range m.Rows {
		r := &m.Rows[i]
		if r.ID != "" {
			n.given(r.ID, m.Pos)
		}
		if r.Tag != "" {
			n.label(r.ID, target{kind: KindEquation, num: strings.TrimSuffix(strings.TrimPrefix(r.Tag, "("), ")")})
			continue
		}
		if !r.Numbered && r.ID == "" {
			continue
		}
		n.eq++
		r.Number = n.eq
		n.label(r.ID, target{kind: KindEquation, num: itoa(n.eq)})
	}
	m.Number = 0
	for _, r := range m.Rows {
		if r.Number > 0 && (m.ID == "" || r.ID == m.ID) {
			m.Number = r.Number
			break
		}
	}
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for n >= 10 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	i--
	b[i] = byte('0' + n)
	return string(b[i:])
}

// mathWord is the text of a formula in plain text: its Unicode text
// without spaces, so that a word count counts a formula as one word.
func mathWord(m Math) string {
	return strings.Join(strings.Fields(m.Text), "")
}
