// Package style holds page geometry and the type scale of each output
// profile (article, submission, handout). Layout reads a Style and decides
// nothing about sizes by itself.
package style

import (
	"fmt"
	"strings"

	"quire/internal/font"
)

// Points per millimetre.
const MM = 72 / 25.4

// Paper sizes in points (portrait).
var Papers = map[string][2]float64{
	"a4":     {595.28, 841.89},
	"letter": {612, 792},
	"a5":     {419.53, 595.28},
}

// Style is the complete set of typographic decisions for one output.
type Style struct {
	Profile        string
	PageW, PageH   float64
	Top, Bottom    float64 // margins: top to the first baseline's text top; bottom below the last line
	Inner, Outer   float64 // left and right margins (one-sided documents: left, right)
	HeadSep        float64 // running head baseline above the text block
	FootSep        float64 // page number baseline below the text block
	BodyFace       string
	BodySize       float64
	Leading        float64 // baseline to baseline
	ParIndent      float64 // first-line indent of a paragraph that follows another
	ParSkip        float64 // extra space between paragraphs
	Justify        bool
	Hyphenate      bool
	HeadingFace    string
	HeadingSizes   [4]float64 // levels 1..4
	NumberHeadings bool
	NoteSize       float64
	NoteLeading    float64
	SmallSize      float64 // captions, tables, running heads
	SmallLeading   float64
	CodeSize       float64
	CodeLeading    float64
	ChartFace      string
	TitleSize      float64
	RunningHead    bool
	PageNumberOfN  bool // "3 of 12"
	LineNumbers    bool
	Cover          bool // a cover page with counts (submission)
	DoubleSpaced   bool
}

// TextWidth is the width of the text block.
func (s *Style) TextWidth() float64 { return s.PageW - s.Inner - s.Outer }

// TextHeight is the height of the text block.
func (s *Style) TextHeight() float64 { return s.PageH - s.Top - s.Bottom }

// Profiles lists the known profile names.
var Profiles = []string{"article", "submission", "handout"}

// For returns the style of profile on the given paper ("a4" or "letter")
// with body size fontSize (0 for the profile default).
func For(profile, paper string, fontSize float64) (*Style, error) {
	if paper == "" {
		paper = "a4"
	}
	dims, ok := Papers[strings.ToLower(paper)]
	if !ok {
		return nil, fmt.Errorf("unknown paper size %q (use a4 or letter)", paper)
	}
	s := &Style{
		Profile:        profile,
		PageW:          dims[0],
		PageH:          dims[1],
		BodyFace:       font.Serif,
		HeadingFace:    font.SerifBold,
		ChartFace:      font.Sans,
		Justify:        true,
		Hyphenate:      true,
		NumberHeadings: true,
		RunningHead:    true,
	}
	switch profile {
	case "", "article":
		s.Profile = "article"
		s.BodySize = 11
		if fontSize > 0 {
			s.BodySize = fontSize
		}
		s.setScale(1.3)
		// A text block of about 70 characters (spaces included) of
		// Liberation Serif, whose average character is 0.405 em: 312 pt
		// at 11 pt, scaled with the body size.
		tw := 312 * s.BodySize / 11
		if tw > s.PageW-2*54 {
			tw = s.PageW - 2*54
		}
		side := (s.PageW - tw) / 2
		s.Inner, s.Outer = side, side
		s.Top, s.Bottom = 92, 100
		if paper == "letter" {
			s.Top, s.Bottom = 84, 92
		}
	case "submission":
		s.BodySize = 12
		if fontSize > 0 {
			s.BodySize = fontSize
		}
		s.setScale(2.0)
		s.DoubleSpaced = true
		s.Justify = false
		s.Hyphenate = false
		s.NumberHeadings = true
		s.LineNumbers = true
		s.PageNumberOfN = true
		s.Cover = true
		s.RunningHead = false
		m := 25 * MM
		if paper == "letter" {
			m = 72
		}
		s.Inner, s.Outer, s.Top, s.Bottom = m, m, m, m
		// Notes and captions stay single-spaced but readable.
		s.NoteSize, s.NoteLeading = 10, 13
		s.SmallSize, s.SmallLeading = 10, 13
	case "handout":
		a5 := Papers["a5"]
		s.PageW, s.PageH = a5[0], a5[1]
		s.BodySize = 10
		if fontSize > 0 {
			s.BodySize = fontSize
		}
		s.setScale(1.25)
		// About 70 characters a line: 290 pt at 10 pt, the inner
		// (binding) margin narrower than the outer one, as in books.
		tw := 290 * s.BodySize / 10
		if tw > s.PageW-2*12*MM {
			tw = s.PageW - 2*12*MM
		}
		s.Inner = 18 * MM
		s.Outer = s.PageW - tw - s.Inner
		s.Top, s.Bottom = 18*MM, 20*MM
	default:
		return nil, fmt.Errorf("unknown profile %q (known: %s)", profile, strings.Join(Profiles, ", "))
	}
	s.HeadSep = 22
	s.FootSep = 30
	if s.Profile == "handout" {
		s.HeadSep, s.FootSep = 16, 22
	}
	if s.Profile == "submission" {
		s.HeadSep, s.FootSep = 24, 36
	}
	return s, nil
}

// setScale derives every size from BodySize with body leading factor lf.
func (s *Style) setScale(lf float64) {
	b := s.BodySize
	s.Leading = round2(b * lf)
	s.ParIndent = round2(1.5 * b)
	s.HeadingSizes = [4]float64{round2(b * 1.25), round2(b * 1.1), b, b}
	s.NoteSize = round2(b * 0.82)
	s.NoteLeading = round2(s.NoteSize * 1.25)
	s.SmallSize = round2(b * 0.86)
	s.SmallLeading = round2(s.SmallSize * 1.25)
	s.CodeSize = round2(b * 0.82)
	s.CodeLeading = round2(s.CodeSize * 1.3)
	s.TitleSize = round2(b * 1.6)
}

func round2(x float64) float64 { return float64(int(x*100+0.5)) / 100 }
