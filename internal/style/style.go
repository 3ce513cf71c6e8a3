// Package style holds page geometry and the type scale of each output
// profile (article, submission, handout). Layout reads a Style and decides
// nothing about sizes by itself.
package style

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"quire/assets"

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
	MonoFace       string // code
	// OldStyle sets old-style figures in running text where the face has
	// them (figures: oldstyle); tables, charts and note marks keep lining
	// figures.
	OldStyle      bool
	TitleSize     float64
	RunningHead   bool
	PageNumberOfN bool // "3 of 12"
	LineNumbers   bool
	Cover         bool // a cover page with counts (submission)
	DoubleSpaced  bool
}

// TextWidth is the width of the text block.
func (s *Style) TextWidth() float64 { return s.PageW - s.Inner - s.Outer }

// TextHeight is the height of the text block.
func (s *Style) TextHeight() float64 { return s.PageH - s.Top - s.Bottom }

// Profiles lists the known profile names; each has a file of defaults in
// assets/styles/<name>.yaml.
var Profiles = []string{"article", "submission", "handout"}

// defaults is a profile's file in assets/styles.
type defaults struct {
	Paper         string            `yaml:"paper"`
	BodySize      float64           `yaml:"body-size"`
	Leading       float64           `yaml:"leading"`
	DoubleSpaced  bool              `yaml:"double-spaced"`
	Measure       float64           `yaml:"measure"`
	MinSide       length            `yaml:"min-side-margin"`
	Margins       map[string]length `yaml:"margins"`
	LetterMargins map[string]length `yaml:"letter-margins"`
	HeadSep       float64           `yaml:"head-sep"`
	FootSep       float64           `yaml:"foot-sep"`
	Justify       bool              `yaml:"justify"`
	Hyphenate     bool              `yaml:"hyphenate"`
	RunningHead   bool              `yaml:"running-head"`
	NumberHeads   bool              `yaml:"number-headings"`
	LineNumbers   bool              `yaml:"line-numbers"`
	PageNumberOfN bool              `yaml:"page-number-of-n"`
	Cover         bool              `yaml:"cover"`
	NoteSize      float64           `yaml:"note-size"`
	NoteLeading   float64           `yaml:"note-leading"`
	SmallSize     float64           `yaml:"small-size"`
	SmallLeading  float64           `yaml:"small-leading"`
	Figures       string            `yaml:"figures"`
}

// length is a length in points, written as a number or with "mm".
type length float64

func (l *length) UnmarshalYAML(n *yaml.Node) error {
	v := strings.TrimSpace(n.Value)
	f := 1.0
	if strings.HasSuffix(v, "mm") {
		v, f = strings.TrimSuffix(v, "mm"), MM
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return fmt.Errorf("line %d: bad length %q", n.Line, n.Value)
	}
	*l = length(x * f)
	return nil
}

func loadDefaults(profile string) (*defaults, error) {
	b, err := fs.ReadFile(assets.FS, "styles/"+profile+".yaml")
	if err != nil {
		return nil, fmt.Errorf("unknown profile %q (known: %s)", profile, strings.Join(Profiles, ", "))
	}
	var d defaults
	if err := yaml.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("assets/styles/%s.yaml: %v", profile, err)
	}
	if d.BodySize <= 0 || d.Leading <= 0 {
		return nil, fmt.Errorf("assets/styles/%s.yaml: body-size and leading are required", profile)
	}
	return &d, nil
}

// For returns the style of profile on the given paper ("a4" or "letter")
// with body size fontSize (0 for the profile default). The numbers come
// from assets/styles/<profile>.yaml.
func For(profile, paper string, fontSize float64) (*Style, error) {
	if profile == "" {
		profile = "article"
	}
	if paper == "" {
		paper = "a4"
	}
	paper = strings.ToLower(paper)
	if _, ok := Papers[paper]; !ok || paper == "a5" {
		return nil, fmt.Errorf("unknown paper size %q (use a4 or letter)", paper)
	}
	d, err := loadDefaults(profile)
	if err != nil {
		return nil, err
	}
	if d.Paper != "" && d.Paper != "from-front-matter" {
		paper = d.Paper
	}
	dims := Papers[paper]
	s := &Style{
		Profile:        profile,
		PageW:          dims[0],
		PageH:          dims[1],
		BodyFace:       font.Serif,
		HeadingFace:    font.SerifBold,
		ChartFace:      font.Sans,
		MonoFace:       font.Mono,
		Justify:        d.Justify,
		Hyphenate:      d.Hyphenate,
		NumberHeadings: d.NumberHeads,
		RunningHead:    d.RunningHead,
		LineNumbers:    d.LineNumbers,
		PageNumberOfN:  d.PageNumberOfN,
		Cover:          d.Cover,
		DoubleSpaced:   d.DoubleSpaced,
		HeadSep:        d.HeadSep,
		FootSep:        d.FootSep,
		BodySize:       d.BodySize,
	}
	switch d.Figures {
	case "oldstyle":
		s.OldStyle = true
	case "", "lining":
	default:
		return nil, fmt.Errorf("assets/styles/%s.yaml: figures is %q; use oldstyle or lining", profile, d.Figures)
	}
	if fontSize > 0 {
		s.BodySize = fontSize
	}
	s.setScale(d.Leading)
	m := d.Margins
	if paper == "letter" && d.LetterMargins != nil {
		m = d.LetterMargins
	}
	s.Top, s.Bottom = float64(m["top"]), float64(m["bottom"])
	if d.Measure > 0 {
		// The measure scales with the body size, so a larger size keeps
		// the same number of characters a line, within the page.
		tw := d.Measure * s.BodySize / d.BodySize
		if maxW := s.PageW - 2*float64(d.MinSide); tw > maxW {
			tw = maxW
		}
		if in, ok := m["inner"]; ok {
			s.Inner = float64(in)
			s.Outer = s.PageW - tw - s.Inner
		} else {
			s.Inner = (s.PageW - tw) / 2
			s.Outer = s.Inner
		}
	} else {
		s.Inner, s.Outer = float64(m["inner"]), float64(m["outer"])
	}
	for _, o := range []struct {
		dst *float64
		v   float64
	}{{&s.NoteSize, d.NoteSize}, {&s.NoteLeading, d.NoteLeading}, {&s.SmallSize, d.SmallSize}, {&s.SmallLeading, d.SmallLeading}} {
		if o.v > 0 {
			*o.dst = o.v
		}
	}
	if s.TextWidth() < 72 || s.TextHeight() < 72 {
		return nil, fmt.Errorf("profile %s leaves a text block of %.0f×%.0f pt; check assets/styles/%s.yaml", profile, s.TextWidth(), s.TextHeight(), profile)
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
	s.CodeLeading = round2(s.CodeSize * 1.4)
	s.TitleSize = round2(b * 1.6)
}

func round2(x float64) float64 { return float64(int(x*100+0.5)) / 100 }
