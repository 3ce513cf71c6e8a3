package csl

import (
	"strings"
	"sync"
	"unicode"
)

type tagKind uint8

const (
	tagNone tagKind = iota
	tagNames
	tagName
	tagDate
	tagYearSuffix
	tagCitationNumber
	tagItem
	tagTerm
	tagLocator
	tagTitle
	tagURL
	tagNameList
)

// out is the evaluator's output: a tree of literals and formatted groups,
// tagged where later stages (disambiguation, collapsing, subsequent author
// substitution) need to find names, dates and numbers.
type out struct {
	leaf     bool
	text     Text
	kids     []*out
	f        *Formatting
	delim    string
	hasDelim bool

	tag         tagKind
	names       []Name // tagNames: the names rendered (all of them); tagName: one
	nameVar     string
	num         int    // citation number, year-suffix index
	itemID      string // tagItem
	date        *Date
	url         string // tagURL
	substituted bool   // tagNames: output of a substitute
}

func lit(t Text) *out {
	if len(t) == 0 {
		return nil
	}
	return &out{leaf: true, text: t}
}

func litS(s string) *out { return lit(plain(s)) }

// nonNil is kids without the nil ones: kids itself when it has none (the
// group shares it; trees are not changed in place, stages copy them).
func nonNil(kids []*out) []*out {
	for i, k := range kids {
		if k == nil {
			ks := make([]*out, i, len(kids)-1)
			copy(ks, kids[:i])
			for _, k := range kids[i+1:] {
				if k != nil {
					ks = append(ks, k)
				}
			}
			return ks
		}
	}
	return kids
}

// group makes a formatted group of the non-nil kids; nil when none.
func group(f *Formatting, kids ...*out) *out {
	ks := nonNil(kids)
	if len(ks) == 0 {
		return nil
	}
	if f.isZero() && len(ks) == 1 {
		return ks[0]
	}
	if f.isZero() {
		f = nil
	}
	return &out{kids: ks, f: f}
}

func groupDelim(f *Formatting, delim string, kids []*out) *out {
	ks := nonNil(kids)
	if len(ks) == 0 {
		return nil
	}
	if f.isZero() {
		f = nil
	}
	if len(ks) == 1 && f == nil {
		return ks[0]
	}
	return &out{kids: ks, f: f, delim: delim, hasDelim: delim != ""}
}

func tagged(t tagKind, o *out) *out {
	if o == nil {
		return nil
	}
	return &out{kids: []*out{o}, tag: t}
}

// walk calls fn on every node of the tree (pre-order); fn returns false to
// skip a node's kids.
func (o *out) walk(fn func(*out) bool) {
	if o == nil {
		return
	}
	if !fn(o) {
		return
	}
	for _, k := range o.kids {
		k.walk(fn)
	}
}

// plainText renders the tree to a plain string (for comparisons and sort keys).
func (o *out) plainText() string {
	if o == nil {
		return ""
	}
	return (&renderer{}).render(o).String()
}

// rawText is the text of the tree's leaves, without affixes.
func (o *out) rawText() string {
	if o == nil {
		return ""
	}
	var b strings.Builder
	o.writePlain(&b)
	return b.String()
}

func (o *out) writePlain(b *strings.Builder) {
	if o.leaf {
		o.text.writePlain(b)
		return
	}
	first := true
	for _, k := range o.kids {
		if k == nil {
			continue
		}
		if !first && o.hasDelim {
			b.WriteString(o.delim)
		}
		first = false
		k.writePlain(b)
	}
}

// copyOut copies the tree so that a stage can change it.
func (o *out) copyOut() *out {
	if o == nil {
		return nil
	}
	c := *o
	if o.kids != nil {
		c.kids = make([]*out, len(o.kids))
		for i, k := range o.kids {
			c.kids[i] = k.copyOut()
		}
	}
	return &c
}

// ---- rendering ----

// renderer turns an out tree into rich text.
type renderer struct {
	lang string // for title case: English or not
}

func (r *renderer) render(o *out) Text {
	if o == nil {
		return nil
	}
	if o.leaf {
		return o.text
	}
	var content Text
	if len(o.kids) == 1 {
		content = r.render(o.kids[0])
	} else {
		var buf [16]Text
		parts := buf[:0]
		var d Text
		if o.hasDelim {
			d = cachedPlain(o.delim)
		}
		for _, k := range o.kids {
			t := r.render(k)
			if t.empty() {
				continue
			}
			if len(parts) > 0 && d != nil {
				parts = append(parts, d)
			}
			parts = append(parts, t)
		}
		content = joinPunct(parts)
	}
	if content.empty() {
		return nil
	}
	if o.tag == tagURL && o.url != "" {
		content = wrapLink(o.url, content)
	}
	if o.f != nil {
		content = applyFormatting(o.f, content)
	}
	return content
}

func wrapLink(url string, t Text) Text {
	return Text{{Kind: Link, Attr: url, Kids: t}}
}

// applyFormatting applies an element's formatting and affixes to its
// rendered content.
func applyFormatting(f *Formatting, t Text) Text {
	if t.empty() {
		return nil
	}
	if f.StripPeriods {
		t = t.mapText(func(s string) string { return strings.ReplaceAll(s, ".", "") })
		if t.empty() {
			return nil
		}
	}
	if f.TextCase != "" {
		t = applyTextCase(f.TextCase, t)
	}
	switch f.FontStyle {
	case "italic", "oblique":
		t = wrap(Italic, t)
	case "normal":
		t = wrap(NoItalic, t)
	}
	switch f.FontVariant {
	case "small-caps":
		t = wrap(SmallCaps, t)
	case "normal":
		t = wrap(NoSmallCaps, t)
	}
	switch f.FontWeight {
	case "bold":
		t = wrap(Bold, t)
	case "normal":
		t = wrap(NoBold, t)
	}
	switch f.TextDecoration {
	case "underline":
		t = wrap(Underline, t)
	case "none":
		t = wrap(NoDecoration, t)
	}
	switch f.VerticalAlign {
	case "sup":
		t = wrap(Sup, t)
	case "sub":
		t = wrap(Sub, t)
	case "baseline":
		t = wrap(Baseline, t)
	}
	if f.Quotes {
		t = wrap(Quoted, t)
	}
	if f.Prefix != "" || f.Suffix != "" {
		var parts []Text
		if f.Prefix != "" {
			parts = append(parts, parseAffix(f.Prefix))
		}
		parts = append(parts, t)
		if f.Suffix != "" {
			parts = append(parts, parseAffix(f.Suffix))
		}
		t = joinPunct(parts)
	}
	if f.Display != "" {
		t = Text{{Kind: Block, Attr: f.Display, Kids: t}}
	}
	return t
}

// parseAffix reads an affix: markup only when it has tags (quotation
// marks in affixes stay as they are).
func parseAffix(s string) Text {
	if strings.ContainsAny(s, "<") {
		return styleMarkup(s)
	}
	return cachedPlain(s)
}

// cachedPlain is plain(s), shared: delimiters and affixes of styles.
func cachedPlain(s string) Text {
	if t, ok := affixCache.Load(s); ok {
		return t.(Text)
	}
	t := plain(s)
	affixCache.Store(s, t)
	return t
}

var affixCache sync.Map

// styleCache holds the parsed affixes, terms and values of styles and
// locales (a bounded set of strings), shared by all processors. Parsed
// texts are never written to; they are clipped, so that appending to one
// copies it.
var styleCache sync.Map

// styleMarkup is parseMarkup for the strings of styles and locales.
func styleMarkup(s string) Text {
	if t, ok := styleCache.Load(s); ok {
		return t.(Text)
	}
	t := parseMarkup(s)
	t = t[:len(t):len(t)]
	styleCache.Store(s, t)
	return t
}

// parse is parseMarkup for an item's values, cached for the processor's
// life (an item's title is parsed once, not at every cite).
func (p *Processor) parse(s string) Text {
	if t, ok := p.parsed[s]; ok {
		return t
	}
	t := parseMarkup(s)
	t = t[:len(t):len(t)]
	if p.parsed == nil {
		p.parsed = map[string]Text{}
	}
	p.parsed[s] = t
	return t
}

// joinPunct concatenates parts, merging the punctuation where one ends and
// the next begins ("." + "." is one period, "?" + "." keeps the question
// mark, a space before a space, comma or period is dropped).
func joinPunct(parts []Text) Text {
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return parts[0]
	}
	// acc is this function's own (parts are never written to); the result
	// is clipped, so that appending to it copies
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	acc := make(Text, 0, n)
	for _, p := range parts {
		if p.empty() {
			continue
		}
		if acc.empty() {
			acc = append(acc, p...)
			continue
		}
		acc, p = fixPunct(acc, p)
		acc = append(acc, p...)
	}
	if len(acc) == 0 {
		return nil
	}
	return acc[:len(acc):len(acc)]
}

type punctAction uint8

const (
	keepBoth punctAction = iota
	keepFirst
	keepSecond
)

func punctRule(a, b rune) punctAction {
	switch a {
	case '!':
		switch b {
		case '.', ':', '!':
			return keepFirst
		}
	case '?':
		switch b {
		case '.', ':', '?':
			return keepFirst
		}
	case '.':
		switch b {
		case '.':
			return keepFirst
		}
	case ':':
		switch b {
		case '!', '?':
			return keepSecond
		case '.', ':':
			return keepFirst
		}
	case ';':
		switch b {
		case '!', '?':
			return keepSecond
		case ':', '.', ';':
			return keepFirst
		}
	case ',':
		switch b {
		case ',':
			return keepFirst
		}
	case ' ':
		switch b {
		case ' ':
			return keepSecond
		}
	}
	return keepBoth
}

func isQuoteRune(r rune) bool {
	return r == '"' || r == '\'' || r == '”' || r == '’' || r == '»' || r == '›'
}

// fixPunct adjusts the end of a and the start of b where they meet.
func fixPunct(a, b Text) (Text, Text) {
	for {
		x := a.lastRune()
		y := b.firstRune()
		if x == 0 || y == 0 {
			return a, b
		}
		if x == ' ' && (y == ',' || y == '.') {
			a = a.dropLastRune()
			continue
		}
		xe := x
		if y == '.' && isQuoteRune(x) {
			// "Title?”" + "." — look at the character before the quote
			s := a.String()
			s = strings.TrimRightFunc(s, func(r rune) bool { return isQuoteRune(r) || unicode.IsSpace(r) })
			if s != "" {
				rs := []rune(s)
				xe = rs[len(rs)-1]
			}
		}
		switch punctRule(xe, y) {
		case keepFirst:
			nb := b.dropFirstRune()
			if xe != x && (xe == '.' || xe == '?' || xe == '!') {
				b = nb
				return a, b
			}
			b = nb
			if b.empty() {
				return a, b
			}
			continue
		case keepSecond:
			a = a.dropLastRune()
			if a.empty() {
				return a, b
			}
			continue
		}
		return a, b
	}
}
