package font

import (
	"unicode"

	"quire/assets/fonts/cjk"
)

// CJK faces: Japanese (BIZ UD Mincho), Chinese (AR PL SungtiL GB) and
// Korean (Nanum Myeongjo). They have no bold or italic; emphasis in CJK
// text keeps the regular face. Each is parsed, and embedded in a PDF, only
// when some text needs it.
const (
	CJKJapanese = "cjk-ja"
	CJKChinese  = "cjk-zh"
	CJKKorean   = "cjk-ko"
)

func init() {
	sources[CJKJapanese] = cjk.Japanese
	sources[CJKChinese] = cjk.Chinese
	sources[CJKKorean] = cjk.Korean
}

// cjkOrder is the order the CJK faces are tried in for a rune no Latin
// face has: ideographs and kana go to the Japanese face first, Hangul to
// the Korean one, simplified ideographs the Japanese face lacks to the
// Chinese one.
var cjkOrder = []string{CJKJapanese, CJKKorean, CJKChinese}

// IsCJK reports whether r is in a CJK block: ideographs, kana, Hangul, CJK
// symbols and punctuation, fullwidth forms. Only such runes make Quire look
// at (and so load) a CJK face.
func IsCJK(r rune) bool {
	switch {
	case r >= 0x2E80 && r <= 0x2FDF, // radicals
		r >= 0x3000 && r <= 0x30FF, // CJK punctuation, hiragana, katakana
		r >= 0x3100 && r <= 0x31FF, // bopomofo, kanbun, katakana extension
		r >= 0x3200 && r <= 0x33FF, // enclosed CJK, compatibility
		r >= 0x3400 && r <= 0x4DBF, // extension A
		r >= 0x4E00 && r <= 0x9FFF, // unified ideographs
		r >= 0xA960 && r <= 0xA97F, // Hangul Jamo extended A
		r >= 0xAC00 && r <= 0xD7FF, // Hangul syllables, Jamo extended B
		r >= 0x1100 && r <= 0x11FF, // Hangul Jamo
		r >= 0xF900 && r <= 0xFAFF, // compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F, // compatibility forms
		r >= 0xFF00 && r <= 0xFFEF: // half- and fullwidth forms
		return true
	}
	return false
}

// IsWide reports whether r is set as a full-width CJK character (an
// ideograph, kana, Hangul syllable or fullwidth punctuation) rather than as
// Latin text.
func IsWide(r rune) bool {
	return IsCJK(r) && !(r >= 0xFF61 && r <= 0xFFDC) || unicode.Is(unicode.Han, r)
}

// cjkFace returns the first CJK face that draws r, or "" (loading the
// faces it tries).
func cjkFace(r rune) (string, *Face) {
	if !IsCJK(r) {
		return "", nil
	}
	for _, name := range cjkOrder {
		if f := MustGet(name); f.Has(r) {
			return name, f
		}
	}
	return "", nil
}
