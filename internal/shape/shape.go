// Package shape turns text into positioned glyphs with
// github.com/go-text/typesetting (a port of HarfBuzz): kerning from the
// face's GPOS or kern table, the standard ligatures, and on request small
// capitals and old-style or lining figures. Layout measures words with it,
// so the line breaker sees true widths, and keeps the glyph runs in the
// display list (draw.Text.Glyphs) for the PDF writer.
//
// A text is first split into runs that one face can draw (font.Segment:
// the face, then its fallbacks); each run is shaped in its face. Results
// are cached per (face, features, text) and shared: callers must not
// modify them. Widths are in thousandths of an em, independent of size.
//
// Monospace faces are never set with ligatures, and every glyph a run
// holds has a code point in its face (font.Face.Code), so the PDF writer
// can address it.
package shape

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-text/typesetting/di"
	gtfont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"quire/internal/draw"
	"quire/internal/font"
)

// Features selects optional typographic features. The zero value is
// text as a book sets it: kerning and the standard ligatures.
type Features uint8

const (
	// NoLigatures sets the text without ligatures (code).
	NoLigatures Features = 1 << iota
	// SmallCaps sets lowercase letters as small capitals (smcp), where
	// the face has them; see HasSmallCaps.
	SmallCaps
	// OldStyle sets old-style (hanging) figures (onum).
	OldStyle
	// Lining sets lining figures (lnum), for tables and charts.
	Lining
	// NoKerning sets the text with the advance widths alone.
	NoKerning
	// noFast shapes with HarfBuzz only (for tests of the fast path).
	noFast
)

// Run is a shaped run in one face.
type Run struct {
	Face string
	// S, the text the run draws, and Glyphs lie in a draw.GlyphRun, to
	// which a display list's words point (draw.Word).
	draw.GlyphRun
	// Starts holds, per glyph, the index of the first rune of its
	// cluster in the text given to Shape.
	Starts []int32
	Width  float64 // thousandths of an em
}

// Shaped is a shaped text: its runs, one per face, in order.
type Shaped struct {
	Runs  []Run
	Width float64 // thousandths of an em
	N     int     // runes in the text

	prefixOnce sync.Once
	prefix     []float64
	one        [1]Run // Runs of a text in one face
}

// Upto returns the width, in thousandths of an em, of the glyphs whose
// clusters start before rune k: the width of text[:k] as set within the
// whole text. A ligature or kerning pair across k counts wholly on the side
// where its cluster starts. The first call costs a pass over the glyphs;
// later ones are a lookup.
func (s *Shaped) Upto(k int) float64 {
	s.prefixOnce.Do(func() {
		p := make([]float64, s.N+1)
		for _, r := range s.Runs {
			for i, g := range r.Glyphs {
				if c := int(r.Starts[i]) + 1; c >= 1 && c <= s.N {
					p[c] += float64(g.Adv)
				}
			}
		}
		for c := 1; c <= s.N; c++ {
			p[c] += p[c-1]
		}
		s.prefix = p
	})
	switch {
	case k <= 0:
		return 0
	case k >= s.N:
		return s.Width
	}
	return s.prefix[k]
}

// Prefix returns, for every k in 0..N, Upto(k): the widths of all the
// prefixes in one pass, for callers that need many of them (a long word
// with many break points), where calling Upto for each would be quadratic.
func (s *Shaped) Prefix() []float64 {
	add := make([]float64, s.N+1)
	for _, r := range s.Runs {
		for i, g := range r.Glyphs {
			if st := int(r.Starts[i]); st >= 0 && st < s.N {
				add[st] += float64(g.Adv)
			}
		}
	}
	p := make([]float64, s.N+1)
	for k := 1; k <= s.N; k++ {
		p[k] = p[k-1] + add[k-1]
	}
	return p
}

// HasSmallCaps reports whether face has real small capitals.
func HasSmallCaps(face string) bool {
	f, err := font.Get(face)
	return err == nil && f.HasFeature("smcp")
}

// HasOldStyle reports whether face has old-style figures.
func HasOldStyle(face string) bool {
	f, err := font.Get(face)
	return err == nil && f.HasFeature("onum")
}

// Width returns the width in points of s set in face at size.
func Width(face string, size float64, s string) float64 {
	return Shape(face, s, 0).Width * size / 1000
}

// WidthF is Width with features.
func WidthF(face string, size float64, s string, f Features) float64 {
	return Shape(face, s, f).Width * size / 1000
}

type key struct {
	face string
	f    Features
	s    string
}

// cacheLimit bounds the cache: when it holds this many texts it is
// emptied, so a huge manuscript of distinct words cannot grow it without
// end.
const cacheLimit = 1 << 15

var (
	cacheMu sync.RWMutex
	cache   = map[key]*Shaped{}
)

// Shape shapes s in face (a font face name) with features f. Runes the
// face lacks are shaped in the fallback that has them, runes no face has
// as font.Replacement. An unknown face gives an empty result.
func Shape(face, s string, f Features) *Shaped {
	if len(s) > longText {
		return shapeLong(face, s, f)
	}
	k := key{face, f, s}
	cacheMu.RLock()
	sh, ok := cache[k]
	cacheMu.RUnlock()
	if ok {
		return sh
	}
	sh = shape(face, s, f)
	cacheMu.Lock()
	if len(cache) >= cacheLimit {
		cache = map[key]*Shaped{}
	}
	cache[k] = sh
	cacheMu.Unlock()
	return sh
}

// longText is the length, in bytes, above which a text is shaped in
// pieces, word by word (and a word in pieces of at most longText bytes),
// and not cached: a running head made of a 100 KB title is measured in
// the time of its distinct words. Kerning across a space, or across the
// cut in a long word, is left out.
const longText = 256

func shapeLong(face, s string, f Features) *Shaped {
	out := &Shaped{N: utf8.RuneCountInString(s)}
	start := 0
	var text []*strings.Builder // the S of each run of out
	add := func(piece string) {
		sh := Shape(face, piece, f)
		for _, r := range sh.Runs {
			n := len(out.Runs)
			if n == 0 || out.Runs[n-1].Face != r.Face {
				out.Runs = append(out.Runs, Run{Face: r.Face})
				text = append(text, new(strings.Builder))
				n++
			}
			last := &out.Runs[n-1]
			text[n-1].WriteString(r.S)
			last.Glyphs = append(last.Glyphs, r.Glyphs...)
			for _, st := range r.Starts {
				last.Starts = append(last.Starts, st+int32(start))
			}
			last.Width += r.Width
		}
		out.Width += sh.Width
		start += sh.N
	}
	for len(s) > 0 {
		i := strings.IndexByte(s, ' ')
		if i == 0 {
			add(" ")
			s = s[1:]
			continue
		}
		if i < 0 {
			i = len(s)
		}
		word := s[:i]
		for len(word) > longText {
			cut := longText
			for cut > 0 && !utf8.RuneStart(word[cut]) {
				cut--
			}
			add(word[:cut])
			word = word[cut:]
		}
		add(word)
		s = s[i:]
	}
	for i := range out.Runs {
		out.Runs[i].S = text[i].String()
	}
	return out
}

// worker holds what shaping needs and must not be shared between
// goroutines.
type worker struct {
	hb    shaping.HarfbuzzShaper
	faces map[*gtfont.Font]*gtfont.Face
	text  []rune
}

var workers = sync.Pool{New: func() any { return &worker{faces: map[*gtfont.Font]*gtfont.Face{}} }}

func shape(face, s string, f Features) *Shaped {
	out := &Shaped{N: utf8.RuneCountInString(s)}
	if s == "" {
		return out
	}
	fc, err := font.Get(face)
	if err != nil {
		return out
	}
	if f&noFast == 0 && len(s) <= 64 {
		// The common case first: a word the face draws whole, set on
		// the fast path without the machinery below.
		var buf [64]rune
		text := buf[:0]
		whole := true
		for _, r := range s {
			if !fc.Has(r) {
				whole = false
				break
			}
			text = append(text, r)
		}
		if whole {
			if run, ok := fastRun(fc, face, text, 0, f); ok {
				run.S = s
				out.one[0] = run
				out.Runs = out.one[:]
				out.Width = run.Width
				return out
			}
		}
	}
	w := workers.Get().(*worker)
	defer workers.Put(w)
	start := 0
	for _, seg := range font.Segment(face, s) {
		run := w.run(seg.Face, seg.S, start, f)
		run.S = seg.S
		out.Width += run.Width
		out.Runs = append(out.Runs, run)
		start += utf8.RuneCountInString(seg.S)
	}
	return out
}

func (w *worker) run(name, s string, start int, f Features) Run {
	fc := font.MustGet(name)
	w.text = append(w.text[:0], []rune(s)...)
	text := w.text
	if f&noFast == 0 {
		if run, ok := fastRun(fc, name, text, start, f); ok {
			return run
		}
	}
	gf := w.faces[fc.OT()]
	if gf == nil {
		gf = gtfont.NewFace(fc.OT())
		w.faces[fc.OT()] = gf
	}
	var feats []shaping.FontFeature
	off := func(tags ...string) {
		for _, t := range tags {
			feats = append(feats, shaping.FontFeature{Tag: font.Tag(t), Value: 0})
		}
	}
	on := func(tags ...string) {
		for _, t := range tags {
			feats = append(feats, shaping.FontFeature{Tag: font.Tag(t), Value: 1})
		}
	}
	if f&NoLigatures != 0 || fc.Mono() {
		off("liga", "clig", "calt", "dlig")
	}
	if f&NoKerning != 0 {
		off("kern")
	}

	if f&SmallCaps != 0 && fc.HasFeature("smcp") {
		on("smcp")
	}
	if f&OldStyle != 0 && fc.HasFeature("onum") {
		on("onum")
	} else if f&Lining != 0 && fc.HasFeature("lnum") {
		on("lnum")
	}
	upem := fc.UnitsPerEm()
	in := shaping.Input{
		Text: text, RunStart: 0, RunEnd: len(text),
		Direction: di.DirectionLTR, Face: gf,
		Size:         fixed.I(int(upem)),
		Script:       scriptOf(text),
		Language:     language.NewLanguage("en"),
		FontFeatures: feats,
	}
	o := w.hb.Shape(in)
	if f&NoKerning == 0 && in.Script == language.Latin {
		// go-text misses pairs its coverage digests turn away (kernfix.go).
		if k := fixerFor(fc); k != nil {
			k.fix(o.Glyphs)
		}
	}
	run := Run{Face: name, GlyphRun: draw.GlyphRun{Glyphs: make([]draw.Glyph, 0, len(o.Glyphs))}, Starts: make([]int32, 0, len(o.Glyphs))}
	scale := 1000 / upem / 64
	gs := o.Glyphs
	for i := 0; i < len(gs); {
		// One cluster: glyphs gs[i:j] for runes text[c0:c0+n].
		c0, n := gs[i].TextIndex(), gs[i].RunesCount()
		j := i + 1
		for j < len(gs) && gs[j].TextIndex() == c0 {
			j++
		}
		ok := c0 >= 0 && n >= 1 && c0+n <= len(text)
		for k := i; k < j && ok; k++ {
			ok = fc.Code(uint32(gs[k].GlyphID)) != 0
		}
		if !ok {
			// A glyph Quire cannot address: set the cluster's characters
			// with their own widths.
			if c0 < 0 || c0 >= len(text) {
				i = j
				continue
			}
			for k := c0; k < min(c0+max(n, 1), len(text)); k++ {
				r := text[k]
				run.Glyphs = append(run.Glyphs, draw.Glyph{Code: r, Adv: float32(fc.Advance(r))})
				run.Starts = append(run.Starts, int32(start+k))
				run.Width += float64(float32(fc.Advance(r)))
			}
			i = j
			continue
		}
		for k := i; k < j; k++ {
			code := fc.Code(uint32(gs[k].GlyphID))
			gl := draw.Glyph{Code: code, Adv: float32(float64(gs[k].Advance) * scale)}
			if k == i && !(n == 1 && text[c0] == code) {
				gl.Text = string(text[c0 : c0+n])
			}
			run.Glyphs = append(run.Glyphs, gl)
			run.Starts = append(run.Starts, int32(start+c0))
			run.Width += float64(gl.Adv)
		}
		i = j
	}
	return run
}

// scriptOf returns the script of the first letter of text that has one.
func scriptOf(text []rune) language.Script {
	for _, r := range text {
		sc := language.LookupScript(r)
		if sc != language.Common && sc != language.Inherited && sc != language.Unknown {
			return sc
		}
	}
	return language.Latin
}
