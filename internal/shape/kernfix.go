package shape

import (
	"sync"

	gtfont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype/tables"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"quire/internal/font"
)

// go-text/typesetting v0.3.5 skips a lookup or a subtable for a glyph its
// coverage holds when the coverage's set digest (harfbuzz/set_digest.go)
// is built wrong: setDigest.addRange returns as soon as one of its three
// masks is full, so the ranges that follow are left out of the other two,
// and mayHave then says no for glyphs the coverage has. C HarfBuzz (and so
// XeTeX) adds every range to each mask that is not yet full. In Noto Serif
// that loses every pair whose first glyph is a quotation mark or an
// apostrophe (’s −50/1000 em, “A −70, ’a −30): the kern lookup's format-2
// subtable lists those glyphs in its last coverage ranges.
//
// kernFix puts those pairs back: for each pair of adjacent base glyphs
// of a Latin run that go-text has shaped, it works out what go-text
// applied (its digests rebuilt as it builds them) and what the pair tables
// say (the first subtable that matches, as HarfBuzz applies them), and
// adds the difference to the advances. Pairs that need more than an
// advance (placements, a second value record, lookups that skip other
// glyph classes) are left as go-text sets them.

// digest is go-text's setDigest, with its addRange as go-text has it.
type digest [3]uint64

func (d *digest) add(g tables.GlyphID) {
	d[0] |= 1 << ((g >> 4) & 63)
	d[1] |= 1 << (g & 63)
	d[2] |= 1 << ((g >> 6) & 63)
}

func digestRange(m *uint64, a, b tables.GlyphID, shift uint) {
	if (b>>shift)-(a>>shift) >= 63 {
		*m = ^uint64(0)
		return
	}
	ma := uint64(1) << ((a >> shift) & 63)
	mb := uint64(1) << ((b >> shift) & 63)
	var op uint64
	if mb < ma {
		op = 1
	}
	*m |= mb + (mb - ma) - op
}

func (d *digest) addRange(a, b tables.GlyphID) {
	if d[0] == ^uint64(0) || d[1] == ^uint64(0) || d[2] == ^uint64(0) {
		return // go-text's early return: the defect
	}
	digestRange(&d[0], a, b, 4)
	digestRange(&d[1], a, b, 0)
	digestRange(&d[2], a, b, 6)
}

func (d *digest) cover(c tables.Coverage) {
	switch c := c.(type) {
	case tables.Coverage1:
		for _, g := range c.Glyphs {
			d.add(g)
		}
	case tables.Coverage2:
		for _, r := range c.Ranges {
			d.addRange(r.StartGlyphID, r.EndGlyphID)
		}
	}
}

func (d digest) mayHave(g tables.GlyphID) bool {
	return d[0]&(1<<((g>>4)&63)) != 0 && d[1]&(1<<(g&63)) != 0 && d[2]&(1<<((g>>6)&63)) != 0
}

// fixLookup is one pair-adjustment lookup of the kern feature with the
// digests go-text gives it and its subtables.
type fixLookup struct {
	subs    []tables.PairPos
	digest  digest
	subDig  []digest
	usable  bool // flags that skip marks at most
	anyMiss bool // some covered glyph that go-text's digests turn away
}

type kernFixer struct {
	lookups []fixLookup
	gdef    tables.ClassDef
}

var kernFixers sync.Map // *font.Face -> *kernFixer (nil: nothing to fix)

func fixerFor(fc *font.Face) *kernFixer {
	if v, ok := kernFixers.Load(fc); ok {
		return v.(*kernFixer)
	}
	k := buildFixer(fc)
	kernFixers.Store(fc, k)
	return k
}

func buildFixer(fc *font.Face) *kernFixer {
	ot := fc.OT()
	k := &kernFixer{gdef: ot.GDEF.GlyphClassDef}
	need := false
	for _, li := range lookupsOf(&ot.GPOS.Layout, []string{"kern"}) {
		if int(li) >= len(ot.GPOS.Lookups) {
			continue
		}
		lk := ot.GPOS.Lookups[li]
		fl := fixLookup{usable: lk.Flag&^0x8 == 0} // RightToLeft, IgnoreBaseGlyphs, IgnoreLigatures, mark filtering: not handled
		for _, st := range lk.Subtables {
			if ext, isExt := st.(tables.ExtensionPos); isExt {
				r, err := ext.Resolve()
				if err != nil {
					fl.usable = false
					continue
				}
				st = r
			}
			fl.digest.cover(st.Cov())
			pp, ok := st.(tables.PairPos)
			if !ok {
				fl.usable = false
				continue
			}
			var d digest
			d.cover(pp.Cov())
			fl.subs = append(fl.subs, pp)
			fl.subDig = append(fl.subDig, d)
		}
		// Does go-text turn away any glyph this lookup covers?
		for i, pp := range fl.subs {
			eachCovered(pp.Cov(), func(g tables.GlyphID) {
				if !fl.digest.mayHave(g) || !fl.subDig[i].mayHave(g) {
					fl.anyMiss = true
				}
			})
		}
		need = need || fl.usable && fl.anyMiss
		k.lookups = append(k.lookups, fl)
	}
	if !need {
		return nil
	}
	return k
}

// eachCovered calls fn for every glyph of a format 1 or 2 coverage, in
// order; another coverage calls it for none.
func eachCovered(c tables.Coverage, fn func(tables.GlyphID)) {
	switch c := c.(type) {
	case tables.Coverage1:
		for _, g := range c.Glyphs {
			fn(g)
		}
	case tables.Coverage2:
		for _, r := range c.Ranges {
			for g := r.StartGlyphID; g <= r.EndGlyphID && g >= r.StartGlyphID; g++ {
				fn(g)
			}
		}
	}
}

// gotext is what go-text applies to the pair (g1, g2) in lookup l.
func (l *fixLookup) gotext(g1, g2 gtfont.GID) (v1, v2 tables.ValueRecord, matched, second bool) {
	if !l.digest.mayHave(tables.GlyphID(g1)) {
		return
	}
	for i := range l.subs {
		if !l.subDig[i].mayHave(tables.GlyphID(g1)) {
			continue
		}
		if v1, v2, matched, second = pairValue(l.subs[i:i+1], g1, g2); matched {
			return
		}
	}
	return
}

func plainAdvance(v tables.ValueRecord) bool {
	return v.XPlacement == 0 && v.YPlacement == 0 && v.YAdvance == 0
}

func (k *kernFixer) isMark(g gtfont.GID) bool {
	if k.gdef == nil {
		return false
	}
	c, _ := k.gdef.Class(tables.GlyphID(g))
	return c == 3
}

// fix adds to the advances of gs (font units × 64, as shaped at a size of
// one unit per em unit) the kerning go-text left out.
func (k *kernFixer) fix(gs []shaping.Glyph) {
	for li := range k.lookups {
		l := &k.lookups[li]
		if !l.usable || !l.anyMiss {
			continue
		}
		for i := 0; i+1 < len(gs); i++ {
			g1, g2 := gs[i].GlyphID, gs[i+1].GlyphID
			if k.isMark(g1) || k.isMark(g2) {
				continue
			}
			w1, w2, wm, ws := pairValue(l.subs, g1, g2)
			h1, h2, hm, hs := l.gotext(g1, g2)
			if wm == hm && w1.XAdvance == h1.XAdvance && w2.XAdvance == h2.XAdvance {
				continue
			}
			if ws || hs || !plainAdvance(w1) || !plainAdvance(w2) || !plainAdvance(h1) || !plainAdvance(h2) {
				continue
			}
			gs[i].Advance += fixed.Int26_6(64 * (int32(w1.XAdvance) - int32(h1.XAdvance)))
			gs[i+1].Advance += fixed.Int26_6(64 * (int32(w2.XAdvance) - int32(h2.XAdvance)))
		}
	}
}
