package shape

import (
	"sync"
	"unicode"

	gtfont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype/tables"

	"quire/internal/draw"
	"quire/internal/font"
)

// The fast path sets most words without HarfBuzz: a word of Latin base
// characters whose glyphs no substitution (GSUB) of the features in use
// covers but ligature substitutions, and whose kerning comes from
// pair-adjustment lookups alone, is its nominal glyphs, ligated as
// HarfBuzz ligates them (ligate), with their advances plus the pair
// kerning, applied as HarfBuzz applies it (lookup by lookup, the first
// matching subtable, a class-pair subtable matching even with a zero
// value). What the fast
// path cannot be sure of it hands to HarfBuzz; TestFastMatchesHarfBuzz
// checks the two agree on every shipped face.

// fastFace is what the fast path knows of a face for one feature set.
type fastFace struct {
	ok        bool
	kern      [][]tables.PairPos // kern lookups' subtables, in lookup order
	sensitive map[gtfont.GID]bool
	sens      []uint64 // sensitive as a bit set, for the fast path itself
	gdef      tables.ClassDef
	// single maps a glyph to its substitute under the optional features
	// (old-style or lining figures, small capitals) when a plain single
	// substitution is all that changes it.
	single map[gtfont.GID]gtfont.GID
	// pairs caches pairValue per lookup and glyph pair (pairKey).
	pairMu sync.RWMutex
	pairs  map[uint64]pairVal
	// ligs are the ligature lookups the fast path applies itself, in
	// lookup order; ligFirst marks the glyphs their ligatures start with.
	ligs     [][]tables.LigatureSubs
	ligFirst []uint64
}

func inSet(set []uint64, g gtfont.GID) bool {
	return int(g/64) < len(set) && set[g/64]&(1<<(g%64)) != 0
}

func toSet(m map[gtfont.GID]bool) []uint64 {
	var set []uint64
	for g := range m {
		for int(g/64) >= len(set) {
			set = append(set, 0)
		}
		set[g/64] |= 1 << (g % 64)
	}
	return set
}

func pairKey(lookup int, g1, g2 gtfont.GID) uint64 {
	return uint64(lookup)<<48 | uint64(g1)<<24 | uint64(g2)
}

type pairVal struct {
	a1, a2          int16
	matched, second bool
	other           bool // a placement or vertical value: not for the fast path
}

func (ff *fastFace) isSensitive(g gtfont.GID) bool { return inSet(ff.sens, g) }

type fastKey struct {
	f *font.Face
	k Features
}

var fastFaces sync.Map // fastKey -> *fastFace

// gsubFeatures are the substitution features HarfBuzz applies by default
// to Latin text, and the optional ones Features turns on.
func gsubFeatures(f Features, mono bool) []string {
	tags := []string{"ccmp", "locl", "rlig", "rclt"}
	if f&NoLigatures == 0 && !mono {
		tags = append(tags, "liga", "clig", "calt")
	}
	if f&SmallCaps != 0 {
		tags = append(tags, "smcp")
	}
	if f&OldStyle != 0 {
		tags = append(tags, "onum")
	} else if f&Lining != 0 {
		tags = append(tags, "lnum")
	}
	return tags
}

// lookupsOf returns the lookup indices of the features with the given tags
// in the language systems HarfBuzz uses for English text.
func lookupsOf(l *gtfont.Layout, tags []string) []uint16 {
	want := map[string]bool{}
	for _, t := range tags {
		want[t] = true
	}
	seen := map[uint16]bool{}
	var out []uint16
	addSys := func(ls *tables.LangSys) {
		if ls == nil {
			return
		}
		for _, fi := range append([]uint16{ls.RequiredFeatureIndex}, ls.FeatureIndices...) {
			if int(fi) >= len(l.Features) {
				continue
			}
			ft := l.Features[fi]
			if !want[ft.Tag.String()] {
				continue
			}
			for _, li := range ft.LookupListIndices {
				if !seen[li] {
					seen[li] = true
					out = append(out, li)
				}
			}
		}
	}
	// HarfBuzz uses the latn script's features for Latin text, or DFLT's
	// where the face has no latn script.
	use := "DFLT"
	for _, sc := range l.Scripts {
		if sc.Tag.String() == "latn" {
			use = "latn"
		}
	}
	for _, sc := range l.Scripts {
		if sc.Tag.String() != use {
			continue
		}
		// Text is shaped as English, which has no language system of
		// its own in the usual faces: the default one applies (an ENG
		// one too, where a face has it).
		addSys(sc.DefaultLangSys)
		for i, r := range sc.LangSysRecords {
			if r.Tag.String() == "ENG " && i < len(sc.LangSys) {
				addSys(&sc.LangSys[i])
			}
		}
	}
	// Lookups apply in lookup-list order.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func addCoverage(set map[gtfont.GID]bool, c tables.Coverage) bool {
	switch c := c.(type) {
	case tables.Coverage1:
		for _, g := range c.Glyphs {
			set[gtfont.GID(g)] = true
		}
	case tables.Coverage2:
		for _, r := range c.Ranges {
			for g := r.StartGlyphID; g <= r.EndGlyphID && g >= r.StartGlyphID; g++ {
				set[gtfont.GID(g)] = true
			}
		}
	default:
		return false
	}
	return true
}

func fastFor(fc *font.Face, f Features) *fastFace {
	k := fastKey{fc, f &^ NoKerning}
	if v, ok := fastFaces.Load(k); ok {
		return v.(*fastFace)
	}
	ff := buildFast(fc, f)
	fastFaces.Store(k, ff)
	return ff
}

func buildFast(fc *font.Face, f Features) *fastFace {
	ot := fc.OT()
	ff := &fastFace{ok: true, sensitive: map[gtfont.GID]bool{}, gdef: ot.GDEF.GlyphClassDef, single: map[gtfont.GID]gtfont.GID{}}
	all := gsubFeatures(f, fc.Mono())
	optional := map[uint16]bool{}
	for _, li := range lookupsOf(&ot.GSUB.Layout, all[len(gsubFeatures(f&^(SmallCaps|OldStyle|Lining), fc.Mono())):]) {
		optional[li] = true
	}
	mapped := map[gtfont.GID]int{}
	kernLookups := lookupsOf(&ot.GPOS.Layout, []string{"kern"})
	// Ligatures are set on the fast path where their lookups, and the
	// kerning after them, skip no glyph but marks (which the fast path
	// never sets): IgnoreBaseGlyphs or IgnoreLigatures are HarfBuzz's.
	const skips = 0x2 | 0x4
	ligsOK := true
	for _, li := range kernLookups {
		if int(li) < len(ot.GPOS.Lookups) && ot.GPOS.Lookups[li].Flag&skips != 0 {
			ligsOK = false
		}
	}
	ligFirst := map[gtfont.GID]bool{}
	for _, li := range lookupsOf(&ot.GSUB.Layout, all) {
		if int(li) >= len(ot.GSUB.Lookups) {
			continue
		}
		var ligs []tables.LigatureSubs
		for _, st := range ot.GSUB.Lookups[li].Subtables {
			if ext, isExt := st.(tables.ExtensionSubs); isExt {
				r, err := ext.Resolve()
				if err != nil {
					ff.ok = false
					return ff
				}
				st = r
			}
			if ss, isSingle := st.(tables.SingleSubs); isSingle && optional[li] && ff.addSingle(ss, mapped) {
				continue
			}
			if ls, isLig := st.(tables.LigatureSubs); isLig && ligsOK && !optional[li] && ot.GSUB.Lookups[li].Flag&skips == 0 {
				if addCoverage(ligFirst, ls.Coverage) {
					ligs = append(ligs, ls)
					continue
				}
			}
			if !ff.addSubst(st) {
				ff.ok = false
				return ff
			}
		}
		if len(ligs) > 0 {
			ff.ligs = append(ff.ligs, ligs)
		}
	}
	ff.ligFirst = toSet(ligFirst)
	// A glyph substituted twice, or whose substitute something else may
	// change, is HarfBuzz's.
	for g, n := range mapped {
		if n > 1 || ff.sensitive[ff.single[g]] {
			ff.sensitive[g] = true
		}
	}
	for _, li := range kernLookups {
		if int(li) >= len(ot.GPOS.Lookups) {
			continue
		}
		var pairs []tables.PairPos
		for _, st := range ot.GPOS.Lookups[li].Subtables {
			if ext, isExt := st.(tables.ExtensionPos); isExt {
				r, err := ext.Resolve()
				if err != nil {
					ff.ok = false
					return ff
				}
				st = r
			}
			switch st := st.(type) {
			case tables.PairPos:
				pairs = append(pairs, st)
			default:
				// Anything else in kerning: the glyphs it covers go to
				// HarfBuzz.
				if !addCoverage(ff.sensitive, st.Cov()) {
					ff.ok = false
					return ff
				}
			}
		}
		ff.kern = append(ff.kern, pairs)
	}
	if len(ot.Kern) > 0 && len(ff.kern) == 0 {
		ff.ok = false // a legacy kern table only: HarfBuzz reads it
	}
	ff.sens = toSet(ff.sensitive)
	return ff
}

// addSingle records the substitutions of a single-substitution subtable;
// it reports false for a form it does not know.
func (ff *fastFace) addSingle(ss tables.SingleSubs, mapped map[gtfont.GID]int) bool {
	add := func(g, to tables.GlyphID) {
		if _, done := ff.single[gtfont.GID(g)]; done {
			return // an earlier subtable of the lookup took it
		}
		ff.single[gtfont.GID(g)] = gtfont.GID(to)
		mapped[gtfont.GID(g)]++
	}
	each := func(c tables.Coverage, fn func(g tables.GlyphID, idx int)) bool {
		switch c := c.(type) {
		case tables.Coverage1:
			for i, g := range c.Glyphs {
				fn(g, i)
			}
		case tables.Coverage2:
			for _, r := range c.Ranges {
				for g := r.StartGlyphID; g <= r.EndGlyphID && g >= r.StartGlyphID; g++ {
					fn(g, int(r.StartCoverageIndex)+int(g-r.StartGlyphID))
				}
			}
		default:
			return false
		}
		return true
	}
	switch d := ss.Data.(type) {
	case tables.SingleSubstData1:
		return each(d.Coverage, func(g tables.GlyphID, _ int) { add(g, tables.GlyphID(int(g)+int(d.DeltaGlyphID))) })
	case tables.SingleSubstData2:
		return each(d.Coverage, func(g tables.GlyphID, i int) {
			if i < len(d.SubstituteGlyphIDs) {
				add(g, d.SubstituteGlyphIDs[i])
			}
		})
	}
	return false
}

// isMark reports whether g is a mark glyph (GDEF class 3).
func (ff *fastFace) isMark(g tables.GlyphID) bool {
	if ff.gdef == nil {
		return false
	}
	c, _ := ff.gdef.Class(g)
	return c == 3
}

// onlyMarks reports whether every glyph c covers is a mark: a rule that
// needs such a glyph cannot match text without marks, which is all the
// fast path sets.
func (ff *fastFace) onlyMarks(c tables.Coverage) bool {
	switch c.(type) {
	case tables.Coverage1, tables.Coverage2:
	default:
		return false // a coverage it cannot read
	}
	all, seen := true, false
	eachCovered(c, func(g tables.GlyphID) {
		seen = true
		if !ff.isMark(g) {
			all = false
		}
	})
	return seen && all
}

// addSubst adds the glyphs a substitution subtable can change in text
// without marks to the sensitive set; it reports false for a subtable it
// cannot judge.
func (ff *fastFace) addSubst(st tables.GSUBLookup) bool {
	switch st := st.(type) {
	case tables.LigatureSubs:
		// A ligature whose other components include a mark cannot form.
		cov := st.Coverage
		var firsts []tables.GlyphID
		switch c := cov.(type) {
		case tables.Coverage1:
			firsts = c.Glyphs
		case tables.Coverage2:
			for _, r := range c.Ranges {
				for g := r.StartGlyphID; g <= r.EndGlyphID && g >= r.StartGlyphID; g++ {
					firsts = append(firsts, g)
				}
			}
		default:
			return false
		}
		for _, g := range firsts {
			idx, ok := cov.Index(g)
			if !ok || idx >= len(st.LigatureSets) {
				continue
			}
			for _, lig := range st.LigatureSets[idx].Ligatures {
				markless := true
				for _, c := range lig.ComponentGlyphIDs {
					if ff.isMark(c) {
						markless = false
					}
				}
				if markless {
					ff.sensitive[gtfont.GID(g)] = true
					break
				}
			}
		}
		return true
	case tables.ChainedContextualSubs:
		if d, ok := st.Data.(tables.ChainedContextualSubs3); ok {
			for _, group := range [][]tables.Coverage{d.BacktrackCoverages, d.InputCoverages[min(1, len(d.InputCoverages)):], d.LookaheadCoverages} {
				for _, c := range group {
					if ff.onlyMarks(c) {
						return true
					}
				}
			}
		}
	}
	return addCoverage(ff.sensitive, st.Cov())
}

// fastRun shapes text in fc with the fast path, or reports false.
func fastRun(fc *font.Face, name string, text []rune, start int, f Features) (Run, bool) {
	ff := fastFor(fc, f)
	// Small capitals are HarfBuzz's: it kerns them otherwise than their
	// pair tables say.
	if !ff.ok || f&SmallCaps != 0 {
		return Run{}, false
	}
	var gbuf [64]gtfont.GID
	var abuf [64]float64
	var cbuf [64]rune
	var sbuf, nbuf [64]int32
	gids, adv, codes, from, runes := gbuf[:], abuf[:], cbuf[:], sbuf[:], nbuf[:]
	if len(text) > 64 {
		n := len(text)
		gids, adv, codes, from, runes = make([]gtfont.GID, n), make([]float64, n), make([]rune, n), make([]int32, n), make([]int32, n)
	}
	lig := false
	for i, r := range text {
		// Letters of the Latin blocks, the ASCII and Latin-1 signs, and
		// the dashes and quotation marks of General Punctuation (whose
		// pairs go-text's HarfBuzz misses and kernfix.go puts back).
		if r < 0x20 || r >= 0x250 && !(r >= 0x1E00 && r < 0x1F00) && !(r >= 0x2010 && r <= 0x201F) || r >= 0x80 && (unicode.Is(unicode.Mn, r) || !unicode.In(r, unicode.Latin, unicode.Common)) {
			return Run{}, false
		}
		g := gtfont.GID(fc.Glyph(r))
		if g == 0 || ff.isSensitive(g) {
			return Run{}, false
		}
		if ff.gdef != nil {
			if c, _ := ff.gdef.Class(tables.GlyphID(g)); c > 1 {
				return Run{}, false
			}
		}
		lig = lig || inSet(ff.ligFirst, g)
		gids[i] = g
		from[i], runes[i] = int32(i), 1
	}
	n := len(text)
	if lig {
		if n = ff.ligate(gids[:n], from, runes); n < 0 {
			return Run{}, false
		}
	}
	for i := 0; i < n; i++ {
		g := gids[i]
		code := fc.Code(uint32(g))
		if len(ff.single) > 0 {
			if to, ok := ff.single[g]; ok {
				if runes[i] > 1 {
					return Run{}, false // a ligature substituted again
				}
				code = fc.Code(uint32(to))
				g = to
			}
		}
		if code == 0 {
			return Run{}, false
		}
		gids[i] = g
		codes[i] = code
		adv[i] = fc.Units(code)
	}
	if f&NoKerning == 0 {
		for li, lk := range ff.kern {
			for i := 0; i+1 < n; {
				pk := pairKey(li, gids[i], gids[i+1])
				ff.pairMu.RLock()
				pv, ok := ff.pairs[pk]
				ff.pairMu.RUnlock()
				if !ok {
					v1, v2, matched, second := pairValue(lk, gids[i], gids[i+1])
					pv = pairVal{a1: v1.XAdvance, a2: v2.XAdvance, matched: matched, second: second,
						other: v1.XPlacement != 0 || v1.YPlacement != 0 || v1.YAdvance != 0 || v2.XPlacement != 0 || v2.YPlacement != 0 || v2.YAdvance != 0}
					ff.pairMu.Lock()
					if ff.pairs == nil {
						ff.pairs = map[uint64]pairVal{}
					}
					ff.pairs[pk] = pv
					ff.pairMu.Unlock()
				}
				if !pv.matched {
					i++
					continue
				}
				if pv.other {
					return Run{}, false
				}
				adv[i] += float64(pv.a1)
				adv[i+1] += float64(pv.a2)
				if pv.second {
					i += 2
				} else {
					i++
				}
			}
		}
	}
	scale := 1000 / fc.UnitsPerEm()
	run := Run{Face: name, GlyphRun: draw.GlyphRun{Glyphs: make([]draw.Glyph, n)}, Starts: make([]int32, n)}
	for i := 0; i < n; i++ {
		a := float32(adv[i] * scale)
		run.Glyphs[i] = draw.Glyph{Code: codes[i], Adv: a}
		c0, k := from[i], runes[i]
		if k > 1 || codes[i] != text[c0] {
			run.Glyphs[i].Text = string(text[c0 : c0+k])
		}
		run.Starts[i] = int32(start) + c0
		run.Width += float64(a)
	}
	return run, true
}

// ligate applies the fast path's ligature lookups to gids, as HarfBuzz
// applies a ligature lookup: along the text, at each glyph the first
// subtable that has a ligature matching there, its first matching
// ligature in order of preference. from and runes hold, per glyph, the
// first rune and the number of runes it stands for. It returns the number
// of glyphs left, or -1 for a ligature the fast path must not set (one
// that another substitution may change, or that may start a ligature
// again).
func (ff *fastFace) ligate(gids []gtfont.GID, from, runes []int32) int {
	n := len(gids)
	for _, lk := range ff.ligs {
		for i := 0; i < n; i++ {
			g := gids[i]
			if !inSet(ff.ligFirst, g) {
				continue
			}
		subtables:
			for _, st := range lk {
				idx, ok := st.Coverage.Index(tables.GlyphID(g))
				if !ok || idx >= len(st.LigatureSets) {
					continue
				}
				for _, l := range st.LigatureSets[idx].Ligatures {
					k := len(l.ComponentGlyphIDs)
					if i+k >= n {
						continue
					}
					match := true
					for j, c := range l.ComponentGlyphIDs {
						if gids[i+1+j] != gtfont.GID(c) {
							match = false
							break
						}
					}
					if !match {
						continue
					}
					to := gtfont.GID(l.LigatureGlyph)
					if ff.isSensitive(to) || inSet(ff.ligFirst, to) {
						return -1
					}
					if ff.gdef != nil {
						if c, _ := ff.gdef.Class(tables.GlyphID(to)); c == 3 {
							return -1 // a mark: kerning would skip it
						}
					}
					gids[i] = to
					for j := 1; j <= k; j++ {
						runes[i] += runes[i+j]
					}
					copy(gids[i+1:], gids[i+1+k:n])
					copy(from[i+1:], from[i+1+k:n])
					copy(runes[i+1:], runes[i+1+k:n])
					n -= k
					break subtables
				}
			}
		}
	}
	return n
}

// pairValue applies the first subtable of a pair-adjustment lookup that
// matches the pair (g1, g2). second reports whether the second glyph's
// value format is not empty, in which case HarfBuzz moves past it.
func pairValue(lk []tables.PairPos, g1, g2 gtfont.GID) (v1, v2 tables.ValueRecord, matched, second bool) {
	for _, st := range lk {
		switch d := st.Data.(type) {
		case tables.PairPosData1:
			idx, ok := d.Cov().Index(tables.GlyphID(g1))
			if !ok || idx >= len(d.PairSets) {
				continue
			}
			rec, ok := d.PairSets[idx].FindGlyph(tables.GlyphID(g2))
			if !ok {
				continue
			}
			return rec.ValueRecord1, rec.ValueRecord2, true, d.ValueFormat2 != 0
		case tables.PairPosData2:
			if _, ok := d.Cov().Index(tables.GlyphID(g1)); !ok {
				continue
			}
			c2, ok := d.ClassDef2.Class(tables.GlyphID(g2))
			if !ok {
				continue
			}
			c1, _ := d.ClassDef1.Class(tables.GlyphID(g1))
			rec := d.Record(c1, c2)
			return rec.ValueRecord1, rec.ValueRecord2, true, d.ValueFormat2 != 0
		}
	}
	return
}
