package layout

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"quire/internal/doc"
	"quire/internal/font"
	"quire/internal/lang"
)

// wordCacheText is inline content whose words come back in other styles,
// languages and measures: hyphenated words, explicit hyphens and dashes, a
// URL, Cyrillic words (hyphenated as Russian), small capitals, code, a
// raised note-like run, a word that is not valid UTF-8, one too long for a
// narrow line, and anchors that fall on a repeated word.
func wordCacheText() []doc.Inline {
	base := "International negotiation, well-known administrative—responsibility; " +
		"extraordinary consideration of revolutionary correspondence. " +
		"See https://example.org/treaties/portsmouth?year=1905&lang=en now. " +
		"Внешняя политика государства. Bad \xffbytes\xfe here. " +
		"Donaudampfschiffahrtsgesellschaftskapitänswitwenrentenversicherung ends. "
	return []doc.Inline{
		doc.Text{S: base},
		doc.Anchor{ID: "a1"},
		doc.Text{S: base},
		doc.Emph{Content: []doc.Inline{doc.Text{S: base}}},
		doc.Strong{Content: []doc.Inline{doc.Text{S: "International negotiation well-known "}}},
		doc.SmallCaps{Content: []doc.Inline{doc.Text{S: "International negotiation "}}},
		doc.Super{Content: []doc.Inline{doc.Text{S: "international negotiation"}}},
		doc.Code{S: "negotiation well-known"},
		doc.Span{Lang: "de", Content: []doc.Inline{doc.Text{S: "International negotiation Verhandlung "}}},
		doc.Anchor{ID: "a2"},
		doc.Text{S: base},
	}
}

type builtPara struct {
	p    *para
	b    *builder
	hits int
}

// buildWords makes the items of content in, as setInlineFresh does, in a
// paragraph whose word cache is words.
func buildWords(in []doc.Inline, width float64, o paraOpts, lg *lang.Language, size float64,
	words wordCache) builtPara {
	p := &para{words: words}
	b := &builder{p: p, opts: o, lang: lg, docLang: lg, width: width}
	st := textStyle{face: font.Serif, size: size}
	b.flatten(in, &st)
	b.finish()
	return builtPara{p: p, b: b, hits: b.wordHits}
}

// TestWordCacheSame sets the same content in paragraphs of several
// measures, options, sizes and languages, one after the other through one
// word cache as a core does, and checks that every item and box is what
// wordPiece makes without the cache.
func TestWordCacheSame(t *testing.T) {
	t.Run("full", func(t *testing.T) { wordCacheSame(t, 20, 2000) })
	// A cache emptied when full, over and over.
	defer func(n int) { wordCacheLimit = n }(wordCacheLimit)
	wordCacheLimit = 40
	t.Run("emptied", func(t *testing.T) { wordCacheSame(t, 0, 300) })
}

func wordCacheSame(t *testing.T, perVariant, wantHits int) {
	en, _ := lang.Lookup("en-US")
	de, _ := lang.Lookup("de")
	type variant struct {
		width float64
		o     paraOpts
		lg    *lang.Language
		size  float64
	}
	var vs []variant
	for _, w := range []float64{400, 120, 60} {
		for _, o := range []paraOpts{{justify: true, hyphenate: true}, {justify: true}, {hyphenate: true}, {}} {
			vs = append(vs, variant{w, o, en, 10}, variant{w, o, de, 10}, variant{w, o, en, 9}, variant{w, o, nil, 10})
		}
	}
	in := wordCacheText()
	var words wordCache
	hits := 0
	for i, v := range vs {
		name := fmt.Sprintf("variant %d (width %g, %+v, size %g)", i, v.width, v.o, v.size)
		got := buildWords(in, v.width, v.o, v.lg, v.size, words)
		words = got.p.words
		hits += got.hits
		// A base text repeated in one style: its words come back
		// within the paragraph, and from the paragraphs before it.
		if got.hits < perVariant {
			t.Errorf("%s: %d words from the cache, want at least %d", name, got.hits, perVariant)
		}
		wordCacheOff = true
		want := buildWords(in, v.width, v.o, v.lg, v.size, wordCache{})
		wordCacheOff = false
		if want.hits != 0 {
			t.Fatalf("%s: %d words from the cache while it is off", name, want.hits)
		}
		sameParas(t, name, got, want)
	}
	if hits < wantHits {
		t.Errorf("%d words taken from the cache, want at least %d", hits, wantHits)
	}
}

func sameParas(t *testing.T, name string, got, want builtPara) {
	t.Helper()
	g, w := got.p, want.p
	if !slices.Equal(g.items, w.items) {
		t.Fatalf("%s: items differ:\n got %v\nwant %v", name, g.items, w.items)
	}
	if len(g.boxes) != len(w.boxes) {
		t.Fatalf("%s: %d boxes, want %d", name, len(g.boxes), len(w.boxes))
	}
	for i := range g.boxes {
		x, y := g.boxes[i], w.boxes[i]
		if (x == nil) != (y == nil) {
			t.Fatalf("%s: box %d is %v, want %v", name, i, x, y)
		}
		if x == nil {
			continue
		}
		if x.text != y.text || x.src != y.src || x.off != y.off || !slices.Equal(x.anchors(), y.anchors()) ||
			(x.sh == nil) != (y.sh == nil) || x.sh != nil && (x.sh.Width != y.sh.Width || x.sh.N != y.sh.N) {
			t.Fatalf("%s: box %d is {%q src %q off %d anchors %v}, want {%q src %q off %d anchors %v}",
				name, i, x.text, x.src, x.off, x.anchors(), y.text, y.src, y.off, y.anchors())
		}
		a, b := *x.st, *y.st
		a.tag, b.tag = nil, nil // made anew for each paragraph
		if a != b {
			t.Fatalf("%s: box %d (%q) in style %+v, want %+v", name, i, x.text, a, b)
		}
	}
	if got.b.longest != want.b.longest {
		t.Fatalf("%s: longest run %q, want %q", name, got.b.longest, want.b.longest)
	}
	if !strings.Contains(strings.Join(g.pendingAnchors, ","), strings.Join(w.pendingAnchors, ",")) {
		t.Fatalf("%s: pending anchors %v, want %v", name, g.pendingAnchors, w.pendingAnchors)
	}
}
