package layout

import (
	"strings"
	"unicode"

	"quire/internal/font"
	"quire/internal/linebreak"
)

// CJK line breaking. Chinese, Japanese and Korean text has no spaces
// between words: a line may break between any two characters, except that
// the kinsoku rules keep closing punctuation, small kana and the prolonged
// sound mark off the start of a line and opening brackets off its end.
// Nothing is hyphenated. The glue between characters stretches a little,
// so a justified line is filled by spacing the characters; a Latin run
// inside CJK text is set off by a quarter em.

// noLineStart are the characters no line may begin with (JIS X 4051's
// closing brackets, punctuation, iteration marks and small kana).
const noLineStart = "、。，．・：；？！゛゜ヽヾゝゞ々〻ー）］｝」』】〕〉》〙〗〟’”｠»" +
	"ァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ" +
	"‐゠–〜～!%),.:;?]}°′″℃"

// noLineEnd are the characters no line may end with: opening brackets.
const noLineEnd = "（［｛「『【〔〈《〘〖〝‘“｟«([{"

func hasWide(s string) bool {
	for i := 0; i < len(s); i++ {
		// Every wide character is U+1100 or above, three bytes or more
		// in UTF-8: a text without such a leading byte has none.
		if s[i] >= 0xE0 {
			for _, r := range s[i:] {
				if font.IsWide(r) {
					return true
				}
			}
			return false
		}
	}
	return false
}

// cjkPiece adds a run of text holding CJK characters: clusters that must
// stay together (a character with the closing punctuation after it, an
// opening bracket with the character after it, a Latin run) as boxes,
// with a break opportunity between clusters.
func (b *builder) cjkPiece(s string, st *textStyle) {
	type unit struct {
		s    string
		wide bool
	}
	var units []unit
	var latin strings.Builder
	for _, r := range s {
		if font.IsWide(r) {
			if latin.Len() > 0 {
				units = append(units, unit{latin.String(), false})
				latin.Reset()
			}
			units = append(units, unit{string(r), true})
			continue
		}
		latin.WriteRune(r)
	}
	if latin.Len() > 0 {
		units = append(units, unit{latin.String(), false})
	}
	// Clusters: a unit joins the one before when it may not start a line,
	// or when the one before may not end one.
	// parts are the pieces of a cluster between two punctuation marks
	// set closer (jaCompress).
	type cluster struct {
		s                   string
		parts               []string
		firstWide, lastWide bool
	}
	cst := b.cjkStyle(st)
	japanese := cst == st // the Japanese face: its marks sit in half an em
	var cs []cluster
	for i, u := range units {
		first := []rune(u.s)[0]
		if i > 0 && len(cs) > 0 {
			prev := &cs[len(cs)-1]
			last := []rune(prev.s)
			if strings.ContainsRune(noLineStart, first) || strings.ContainsRune(noLineEnd, last[len(last)-1]) {
				if japanese && jaCompress(last[len(last)-1], first) {
					prev.parts = append(prev.parts, "")
				}
				prev.s += u.s
				prev.parts[len(prev.parts)-1] += u.s
				prev.lastWide = u.wide
				continue
			}
		}
		cs = append(cs, cluster{u.s, []string{u.s}, u.wide, u.wide})
	}
	for i, c := range cs {
		em := st.size
		if i > 0 {
			prev := []rune(cs[i-1].s)
			switch {
			case cs[i-1].lastWide != c.firstWide && !cjkPunct(cs[i-1].s, c.s): // Latin next to CJK: a quarter em
				b.cjkGlue(em*0.25, em*0.08, em*0.05)
			case japanese && jaCompress(prev[len(prev)-1], []rune(c.s)[0]):
				// 。「: half an em less, unless the line breaks here.
				b.cjkGlue(-em*0.5, em*0.06, 0)
			default:
				b.cjkGlue(0, em*0.06, 0)
			}
		}
		hs := st
		if c.firstWide && c.lastWide {
			hs = cst
		}
		for k, part := range c.parts {
			if k > 0 {
				// ）。 inside a cluster: half an em less, no break.
				b.p.items = append(b.p.items,
					linebreak.Item{Kind: linebreak.Penalty, Penalty: linebreak.Infinity},
					linebreak.Item{Kind: linebreak.Glue, Width: -em * 0.5})
				b.p.boxes = append(b.p.boxes, nil, nil)
			}
			b.box(&hbox{text: part, st: hs})
		}
	}
}

// jaClosing are the Japanese marks drawn in the left half of their em
// (closing brackets, the comma and the full stop), jaOpening those drawn
// in its right half (opening brackets).
const (
	jaClosing = "、。，．）］｝」』】〕〉》〙〗"
	jaOpening = "（［｛「『【〔〈《〘〖"
)

// jaCompress reports whether two full-width marks a, b in a row are set
// half an em closer, as JIS X 4051 (and xeCJK) set them: a closing mark
// before a closing or an opening one (）。 。「), an opening mark before
// an opening one (「（). Their blank halves would otherwise leave a full
// em between them.
func jaCompress(a, b rune) bool {
	switch {
	case strings.ContainsRune(jaClosing, a):
		return strings.ContainsRune(jaClosing, b) || strings.ContainsRune(jaOpening, b)
	case strings.ContainsRune(jaOpening, a):
		return strings.ContainsRune(jaOpening, b)
	}
	return false
}

// cjkGlue adds a break opportunity between CJK clusters.
func (b *builder) cjkGlue(w, stretch, shrink float64) {
	if !b.opts.justify {
		stretch, shrink = 0, 0
	}
	b.p.items = append(b.p.items, linebreak.Item{Kind: linebreak.Glue, Width: w, Stretch: stretch, Shrink: shrink})
	b.p.boxes = append(b.p.boxes, nil)
}

// cjkStyle returns the style for CJK characters in text set in st: the
// language's own face for Chinese and Korean (Japanese, and CJK text in a
// document in another language, take the fallback order, which begins
// with the Japanese face).
func (b *builder) cjkStyle(st *textStyle) *textStyle {
	lg := st.lang
	if lg == nil {
		lg = b.docLang
	}
	face := ""
	if lg != nil {
		switch lg.Tag {
		case "zh":
			face = font.CJKChinese
		case "ko":
			face = font.CJKKorean
		}
	}
	if face == "" {
		return st
	}
	if b.cjk == nil {
		b.cjk = map[*textStyle]*textStyle{}
	}
	if c, ok := b.cjk[st]; ok {
		return c
	}
	c := *st
	c.face = face
	b.cjk[st] = &c
	return &c
}

// cjkPunct reports whether the boundary between clusters a and b is a
// full-width punctuation mark, which carries its own space: no quarter em
// is added there.
func cjkPunct(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	last, first := ra[len(ra)-1], rb[0]
	return strings.ContainsRune("、。，．：；？！）」』】〕〉》", last) || strings.ContainsRune("（「『【〔〈《", first) ||
		unicode.IsPunct(last) && !font.IsWide(last) || unicode.IsPunct(first) && !font.IsWide(first)
}
