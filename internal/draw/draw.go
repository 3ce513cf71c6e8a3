// Package draw is the display list: what layout decides and the PDF writer
// draws. A Page is plain data in points, origin at the top-left corner, y
// growing downwards; it holds no reference to fonts' bytes or to fpdf.
package draw

import (
	"unsafe"

	"quire/internal/doc"
)

// Color is an RGB colour with components in 0..1.
type Color = doc.Color

// Page is one laid-out page.
type Page struct {
	Width, Height float64
	Items         []Item
	// Label is the page number a viewer shows for the page, when the
	// manuscript numbers its pages otherwise than 1, 2, 3 from the first
	// (\pagenumbering{roman}); nil on every page when it does not.
	Label *PageLabel
}

// PageLabel is a page's number as printed: Style is the PDF page-label
// style, "D" (1, 2), "r" (i, ii), "R" (I, II), "a" (a, b) or "A" (A, B),
// or "" for a page that prints no number; N is the number.
type PageLabel struct {
	Style string
	N     int
}

// Item is one display-list element: *Text, *Words, *Path, *Image, *Link,
// *Anchor, *Bookmark or *PageStart.
type Item interface{ item() }

// Text is a glyph run drawn from (X, Y) on the baseline.
//
// The words of a paragraph's lines are Words (words.go), not a Text
// each; Texts are the rest (headings' numbers, folios, formulas, labels).
// What few runs have (a colour, an angle, emboldening, an ActualText
// span) lies in a Look that runs share, and a Text is 104 bytes
// (TestTextSize).
type Text struct {
	X, Y float64
	Face string // a font face name (package font)
	Size float64
	S    string
	// Glyphs, when set, is S shaped in Face (package shape): kerned,
	// with ligatures and alternate glyphs, all in Face. The writer draws
	// them as they are; without them it shapes S itself.
	Glyphs []Glyph
	Tag    *Node // what the text is in the document's structure (tag.go)
	// Look is how the run is painted when that is not plain black,
	// upright and without ActualText; nil when it is. Runs share Looks:
	// a Look is never changed once a Text holds it (WithActual copies).
	Look *Look
	// EndActual ends, after the run, the ActualText span a run's Look
	// started.
	EndActual bool
	// Invisible runs are drawn in text render mode 3: they mark where a
	// span of ActualText starts and ends on the line.
	Invisible bool
	// Space says a word space follows the run (between words, or at
	// the end of a line broken at a space): a tagged PDF draws one, so
	// that the text reads as words.
	Space bool
}

// Look is what a Text has that most do not.
type Look struct {
	Color Color
	Angle float64 // degrees counter-clockwise about (X, Y)
	// Embolden, when positive, strokes the glyphs' outlines this wide
	// (points) as well as filling them: scaled capitals standing in for
	// small capitals are thinner than the letters around them.
	Embolden float64
	// Actual, when not nil, starts a span whose text extraction gives
	// this text instead of the glyphs (PDF ActualText); the span ends
	// after the run with EndActual. A formula's runs are one span that
	// stands for its Unicode text.
	Actual *string
}

// Colored returns a Look of colour c, or nil for black: the Look of a
// Text that has only a colour.
func Colored(c Color) *Look {
	if c == (Color{}) {
		return nil
	}
	return &Look{Color: c}
}

// Color is the run's colour (black without a Look).
func (t *Text) Color() Color {
	if t.Look == nil {
		return Color{}
	}
	return t.Look.Color
}

// Angle is the run's rotation in degrees counter-clockwise about (X, Y).
func (t *Text) Angle() float64 {
	if t.Look == nil {
		return 0
	}
	return t.Look.Angle
}

// Embolden is the width of the stroke drawn round the glyphs, 0 for none.
func (t *Text) Embolden() float64 {
	if t.Look == nil {
		return 0
	}
	return t.Look.Embolden
}

// Actual is the text of the ActualText span the run starts, nil if it
// starts none.
func (t *Text) Actual() *string {
	if t.Look == nil {
		return nil
	}
	return t.Look.Actual
}

// SetActual makes the run start an ActualText span of s, its Look copied
// so that the runs sharing it keep theirs.
func (t *Text) SetActual(s *string) {
	var l Look
	if t.Look != nil {
		l = *t.Look
	}
	l.Actual = s
	t.Look = &l
}

// Glyph is one glyph of a shaped run.
type Glyph struct {
	// Code is the code point that draws the glyph in its face (package
	// font): a character, a ligature's presentation form or a private-use
	// code for a glyph that has no character of its own.
	Code rune
	// Adv is the advance to the next glyph in thousandths of an em,
	// kerning included.
	Adv float32
	// Text is what the glyph stands for when that is not Code itself: a
	// ligature's letters, a small capital's letter. "" otherwise.
	Text string
}

// Path is a vector path with its paint.
type Path struct {
	doc.Path
	Tag *Node // what the path is in the document's structure (tag.go)
}

// Image is a raster image, or a page of a PDF file, placed in the box (X,
// Y, W, H).
type Image struct {
	X, Y, W, H float64
	Key        string // unique per distinct image data
	Data       []byte
	Format     string // "png", "jpeg", or "pdf": a PDF file whose first page is drawn as vector content
	Tag        *Node  // what the image is in the document's structure (tag.go)
}

// Link is a clickable area: to an external URL, or to a named Anchor.
type Link struct {
	X, Y, W, H float64
	URL        string
	Dest       string
	Tag        *Node // the link's node in the document's structure (tag.go)
}

// Anchor is a named link destination at height Y on its page.
type Anchor struct {
	Name string
	Y    float64
}

// Bookmark is an outline entry pointing at height Y on its page.
type Bookmark struct {
	Title string
	Level int // 0 is the top level
	Y     float64
}

func (*Text) item()     {}
func (*Path) item()     {}
func (*Image) item()    {}
func (*Link) item()     {}
func (*Anchor) item()   {}
func (*Bookmark) item() {}

// Rect returns a rectangle path with the given paint.
func Rect(x, y, w, h float64, fill, stroke *Color, lineWidth float64) *Path {
	r := new(RectPath)
	r.setOps(x, y, w, h)
	r.p.Fill, r.p.Stroke, r.p.LineWidth = fill, stroke, lineWidth
	return &r.p
}

// FilledRect returns a rectangle filled in c (a formula's rule), the
// path, its points and its colour in one allocation.
func FilledRect(x, y, w, h float64, c Color) *Path {
	return new(RectPath).Set(x, y, w, h, c)
}

// RectPath is a rectangle's path with its points and fill colour, which
// an array of them holds for many in one allocation. Move moves its
// points in place (see ownOps).
type RectPath struct {
	p    Path
	ops  [5]doc.PathOp
	fill Color
}

// Set makes r the rectangle (x, y, w, h) filled in c, as FilledRect
// makes it, and returns its path.
func (r *RectPath) Set(x, y, w, h float64, c Color) *Path {
	r.setOps(x, y, w, h)
	r.fill = c
	r.p.Fill = &r.fill
	return &r.p
}

// Path returns r's path.
func (r *RectPath) Path() *Path { return &r.p }

func (r *RectPath) setOps(x, y, w, h float64) {
	r.ops = [5]doc.PathOp{
		{Kind: doc.MoveTo, Points: [3][2]float64{{x, y}}},
		{Kind: doc.LineTo, Points: [3][2]float64{{x + w, y}}},
		{Kind: doc.LineTo, Points: [3][2]float64{{x + w, y + h}}},
		{Kind: doc.LineTo, Points: [3][2]float64{{x, y + h}}},
		{Kind: doc.Close},
	}
	r.p.Ops = r.ops[:]
}

// ownOps reports whether p is a RectPath's path holding its own points:
// no other path has them (a copy of the Path lies elsewhere, and a path
// given other points holds another array).
func ownOps(p *Path) bool {
	// Addresses compared as numbers: a pointer past p's allocation (a
	// Path alone) may not be made, even to be compared.
	return len(p.Ops) == 5 && cap(p.Ops) == 5 &&
		uintptr(unsafe.Pointer(&p.Ops[0])) == uintptr(unsafe.Pointer(p))+unsafe.Offsetof(RectPath{}.ops)
}

// Line returns a stroked straight line.
func Line(x1, y1, x2, y2, width float64, c Color) *Path {
	return &Path{Path: doc.Path{
		Ops: []doc.PathOp{
			{Kind: doc.MoveTo, Points: [3][2]float64{{x1, y1}}},
			{Kind: doc.LineTo, Points: [3][2]float64{{x2, y2}}},
		},
		Stroke: &c, LineWidth: width,
	}}
}

// Recorder is a doc.Canvas that records into a list of items, offset by
// (X, Y). Layout hands one to each Graphic.
type Recorder struct {
	X, Y    float64
	Items   []Item
	Measure func(face string, size float64, s string) float64
	// Face, if set, maps the faces a graphic asks for to the ones drawn
	// (the document's sans-serif for charts' "sans").
	Face func(face string) string
}

func (r *Recorder) face(f string) string {
	if r.Face != nil {
		return r.Face(f)
	}
	return f
}

// MeasureText implements doc.Canvas.
func (r *Recorder) MeasureText(face string, size float64, s string) float64 {
	return r.Measure(r.face(face), size, s)
}

// Text implements doc.Canvas.
func (r *Recorder) Text(face string, size float64, x, y, angle float64, s string, c doc.Color) {
	// A graphic's texts are labels: each ends a word (Text.Space).
	var look *Look
	if c != (Color{}) || angle != 0 {
		look = &Look{Color: c, Angle: angle}
	}
	r.Items = append(r.Items, &Text{X: r.X + x, Y: r.Y + y, Face: r.face(face), Size: size, S: s, Look: look, Space: true})
}

// Path implements doc.Canvas.
func (r *Recorder) Path(p doc.Path) {
	q := p
	q.Ops = make([]doc.PathOp, len(p.Ops))
	for i, op := range p.Ops {
		for k := range op.Points {
			op.Points[k][0] += r.X
			op.Points[k][1] += r.Y
		}
		q.Ops[i] = op
	}
	q.Dash = append([]float64(nil), p.Dash...)
	it := &Path{Path: q}
	if p.Decoration {
		it.Tag = Artifact(ArtifactLayout)
	}
	r.Items = append(r.Items, it)
}

// Shift returns copies of items moved right by dx and down by dy. Anchors
// and bookmarks, which have only a height, move down. The originals are
// not changed, so one list can be placed several times.
func Shift(items []Item, dx, dy float64) []Item {
	out := make([]Item, len(items))
	for i, it := range items {
		switch it := it.(type) {
		case *Text:
			c := *it
			c.X += dx
			c.Y += dy
			out[i] = &c
		case *Words:
			c := *it
			c.Y += dy
			c.W = make([]Word, len(it.W))
			for k, w := range it.W {
				w.X += dx
				c.W[k] = w
			}
			out[i] = &c
		case *Path:
			c := *it
			c.Ops = make([]doc.PathOp, len(it.Ops))
			for k, op := range it.Ops {
				for m := range op.Points {
					op.Points[m][0] += dx
					op.Points[m][1] += dy
				}
				c.Ops[k] = op
			}
			c.Dash = append([]float64(nil), it.Dash...)
			out[i] = &c
		case *Image:
			c := *it
			c.X += dx
			c.Y += dy
			out[i] = &c
		case *Link:
			c := *it
			c.X += dx
			c.Y += dy
			out[i] = &c
		case *Anchor:
			c := *it
			c.Y += dy
			out[i] = &c
		case *Bookmark:
			c := *it
			c.Y += dy
			out[i] = &c
		default:
			out[i] = it
		}
	}
	return out
}
