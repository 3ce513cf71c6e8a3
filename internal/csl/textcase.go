package csl

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
)

// stopWords are left lowercase by title case (CSL 1.0.2, with the
// additions citeproc-js makes).
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an and as at but by down for from in into nor of on onto or over so
		the till to up via with yet about above across afore after against along alongside amid amidst
		among amongst anenst apropos apud around aside astride athwart atop barring before behind below
		beneath beside besides between beyond circa despite during except forenenst inside lest like
		modulo near next notwithstanding off out per plus pro qua sans since than through thru throughout
		thruout toward towards under underneath until unto upon versus vs v within without
		van von de d l c et ca`) {
		m[w] = true
	}
	return m
}()

type caseSeg struct {
	runes     []rune
	protected bool
}

// collectSegs flattens the plain text of t in order; spans that must not
// change case (nocase, small caps, super/subscripts) are protected.
func collectSegs(t Text, protected bool, segs *[]caseSeg) {
	for _, s := range t {
		if s.Kind == Plain {
			*segs = append(*segs, caseSeg{runes: []rune(s.Text), protected: protected})
			continue
		}
		p := protected
		switch s.Kind {
		case NoCase, SmallCaps, Sup, Sub, NoDecoration, Baseline, Link:
			p = true
		}
		collectSegs(s.Kids, p, segs)
	}
}

func rebuildSegs(t Text, segs []caseSeg, i *int) Text {
	out := make(Text, len(t))
	for k, s := range t {
		if s.Kind == Plain {
			s.Text = string(segs[*i].runes)
			*i++
		} else {
			s.Kids = rebuildSegs(s.Kids, segs, i)
		}
		out[k] = s
	}
	return out
}

type caseRune struct {
	r         *rune
	protected bool
}

type caseWord struct {
	rs           []caseRune
	afterStop    bool // follows sentence-ending punctuation or a colon
	first        bool
	last         bool
	hyphenated   bool // preceded by a hyphen inside a compound
	beforeHyphen bool // followed by a hyphen
}

func (w *caseWord) str() string {
	b := make([]rune, len(w.rs))
	for i, c := range w.rs {
		b[i] = *c.r
	}
	return string(b)
}

// caseCache holds text cases of plain strings (an item's title is cased
// at each of its cites): tc + "\x00" + text -> the cased text. It is
// emptied when it grows past caseCacheMax entries.
var (
	caseCache  sync.Map
	caseCacheN atomic.Int64
)

const caseCacheMax = 50000

func applyTextCase(tc string, t Text) Text {
	var key string
	if len(t) == 1 && t[0].Kind == Plain {
		key = tc + "\x00" + t[0].Text
	} else {
		var b strings.Builder
		b.WriteString(tc)
		b.WriteByte(0)
		writeCaseKey(&b, t)
		key = b.String()
	}
	if r, ok := caseCache.Load(key); ok {
		return r.(Text)
	}
	r := applyTextCaseRich(tc, t)
	r = r[:len(r):len(r)]
	if caseCacheN.Add(1) > caseCacheMax {
		caseCache.Clear()
		caseCacheN.Store(0)
	}
	caseCache.Store(key, r)
	return r
}

// writeCaseKey writes t unambiguously: each span's kind, attribute and
// text with their lengths, its kids between brackets.
func writeCaseKey(b *strings.Builder, t Text) {
	for i := range t {
		s := &t[i]
		b.WriteByte(byte(s.Kind))
		b.WriteString(strconv.Itoa(len(s.Attr)))
		b.WriteByte(':')
		b.WriteString(s.Attr)
		b.WriteString(strconv.Itoa(len(s.Text)))
		b.WriteByte(':')
		b.WriteString(s.Text)
		b.WriteByte('[')
		writeCaseKey(b, s.Kids)
		b.WriteByte(']')
	}
}

func applyTextCaseRich(tc string, t Text) Text {
	var segs []caseSeg
	collectSegs(t, false, &segs)
	// flatten
	var all []caseRune
	for i := range segs {
		for j := range segs[i].runes {
			all = append(all, caseRune{r: &segs[i].runes[j], protected: segs[i].protected})
		}
	}
	if len(all) == 0 {
		return t
	}
	switch tc {
	case "lowercase":
		for _, c := range all {
			if !c.protected {
				*c.r = unicode.ToLower(*c.r)
			}
		}
	case "uppercase":
		for _, c := range all {
			if !c.protected {
				*c.r = unicode.ToUpper(*c.r)
			}
		}
	case "uppercase-tr":
		for _, c := range all {
			if !c.protected {
				*c.r = unicode.TurkishCase.ToUpper(*c.r)
			}
		}
	case "lowercase-tr":
		for _, c := range all {
			if !c.protected {
				*c.r = unicode.TurkishCase.ToLower(*c.r)
			}
		}
	default:
		words := splitWords(all)
		switch tc {
		case "capitalize-first":
			for i := range words {
				if hasLetter(words[i]) {
					capWord(&words[i])
					break
				}
			}
		case "capitalize-all":
			for i := range words {
				capWord(&words[i])
			}
		case "sentence":
			sentenceCase(all, words)
		case "title":
			titleCase(all, words)
		}
	}
	i := 0
	return rebuildSegs(t, segs, &i)
}

func hasLetter(w caseWord) bool {
	for _, c := range w.rs {
		if unicode.IsLetter(*c.r) {
			return true
		}
	}
	return false
}

func capWord(w *caseWord) {
	for _, c := range w.rs {
		if unicode.IsLetter(*c.r) {
			if !c.protected && unicode.IsLower(*c.r) {
				*c.r = unicode.ToUpper(*c.r)
			}
			return
		}
	}
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '`' || r == 'ʻ' || r == 'ʼ' || unicode.Is(unicode.Mn, r)
}

// splitWords finds the words (runs of letters, digits and apostrophes).
func splitWords(all []caseRune) []caseWord {
	var words []caseWord
	afterStop := true
	hyph := false
	for i := 0; i < len(all); {
		r := *all[i].r
		if !isWordRune(r) {
			switch r {
			case ':', '.', '?', '!':
				afterStop = true
			case '-', '/':
				hyph = true
			default:
				if !unicode.IsSpace(r) && r != '(' && r != '"' && r != '“' && r != '‘' && r != '[' {
					// other punctuation keeps the state
				}
				if unicode.IsSpace(r) {
					hyph = false
				}
			}
			i++
			continue
		}
		j := i
		for j < len(all) && isWordRune(*all[j].r) {
			j++
		}
		// trailing apostrophes are not part of the word
		k := j
		for k > i && (*all[k-1].r == '\'' || *all[k-1].r == '’') {
			k--
		}
		if k == i {
			k = j
		}
		words = append(words, caseWord{rs: all[i:k], afterStop: afterStop, hyphenated: hyph, beforeHyphen: j < len(all) && (*all[j].r == '-' || *all[j].r == '‐')})
		afterStop = false
		hyph = false
		i = j
	}
	if len(words) > 0 {
		words[0].first = true
		words[len(words)-1].last = true
	}
	return words
}

func isAllUpper(all []caseRune) bool {
	hasL := false
	for _, c := range all {
		if unicode.IsLetter(*c.r) {
			hasL = true
			if unicode.IsLower(*c.r) {
				return false
			}
		}
	}
	return hasL
}

func wordIsLower(w caseWord) bool {
	for _, c := range w.rs {
		if unicode.IsUpper(*c.r) {
			return false
		}
	}
	return true
}

func wordIsCapitalized(w caseWord) bool {
	// first letter upper, the rest lower
	seen := false
	for _, c := range w.rs {
		if !unicode.IsLetter(*c.r) {
			continue
		}
		if !seen {
			if !unicode.IsUpper(*c.r) {
				return false
			}
			seen = true
			continue
		}
		if unicode.IsUpper(*c.r) {
			return false
		}
	}
	return seen
}

func lowerWord(w caseWord) {
	for _, c := range w.rs {
		if !c.protected {
			*c.r = unicode.ToLower(*c.r)
		}
	}
}

// sentenceCase capitalizes the first word and lowercases capitalized
// words after it (words in capitals, like acronyms, stay unless the whole
// text is in capitals).
func sentenceCase(all []caseRune, words []caseWord) {
	upper := isAllUpper(all)
	for i := range words {
		w := &words[i]
		if upper || i > 0 && wordIsCapitalized(*w) {
			lowerWord(*w)
		}
		if i == 0 {
			capWord(w)
		}
	}
}

// titleCase capitalizes lowercase words except stop words (which are
// capitalized first, last and after a colon or full stop); words with
// capitals, and words not in Latin script, stay as they are.
func titleCase(all []caseRune, words []caseWord) {
	for i := range words {
		w := &words[i]
		s := w.str()
		if !wordIsLower(*w) {
			continue
		}
		latin := true
		for _, r := range s {
			if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
				latin = false
			}
		}
		if !latin {
			continue
		}
		if !w.first && !w.afterStop && len(w.rs) == 1 {
			continue
		}
		if i > 0 && s == "al" && strings.EqualFold(words[i-1].str(), "et") {
			continue // "et al." even at the end
		}
		if i > 1 && strings.EqualFold(words[i-1].str(), "al") && strings.EqualFold(words[i-2].str(), "et") {
			w.afterStop = false // the period of "et al." ends no sentence
		}
		if stopWords[strings.ToLower(s)] && !w.first && !w.last && !w.afterStop && !(w.beforeHyphen && !w.hyphenated) {
			continue
		}
		if w.hyphenated && i > 0 && hyphenPrefixes[strings.ToLower(words[i-1].str())] {
			// after a prefix that is no word of its own, the second
			// element stays lowercase ("Non-aggression", Chicago 8.161)
			continue
		}
		capWord(w)
	}
}

// hyphenPrefixes are prefixes that cannot stand alone as words: in title
// case the element after their hyphen is not capitalized.
var hyphenPrefixes = map[string]bool{
	"anti": true, "co": true, "inter": true, "intra": true, "multi": true,
	"non": true, "pre": true, "re": true, "semi": true, "sub": true, "un": true,
}
