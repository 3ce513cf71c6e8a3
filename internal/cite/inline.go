package cite

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"quire/internal/doc"
)

// builder accumulates formatted inline content. Text appended with t
// follows American punctuation: a comma or period after a closing
// quotation mark goes inside it, and a period after a word that already
// ends in one is not doubled.
type builder struct{ out []doc.Inline }

func (b *builder) t(s string) { b.out = appendText(b.out, s) }

func (b *builder) em(s string) {
	if s != "" {
		b.out = append(b.out, doc.Emph{Content: []doc.Inline{doc.Text{S: s}}})
	}
}

func (b *builder) quoted(s string) {
	if s != "" {
		b.t("“" + s + "”")
	}
}

func (b *builder) add(in ...doc.Inline) {
	for _, x := range in {
		if t, ok := x.(doc.Text); ok {
			b.t(t.S)
			continue
		}
		b.out = append(b.out, x)
	}
}

func (b *builder) link(url, text string) {
	if _, ok := doc.LinkScheme(url); !ok {
		b.t(text) // warned about when the entry was read
		return
	}
	if url != "" {
		b.out = append(b.out, doc.Link{URL: url, Content: []doc.Inline{doc.Text{S: text}}})
	}
}

// ref wraps what fill adds in a link to the bibliography entry of key.
func (b *builder) ref(key string, fill func(*builder)) {
	var sub builder
	fill(&sub)
	if len(sub.out) > 0 {
		b.out = append(b.out, doc.Ref{Target: "ref-" + key, Content: sub.out})
	}
}

// lastRune returns the last visible character of in.
func lastRune(in []doc.Inline) rune {
	for i := len(in) - 1; i >= 0; i-- {
		var r rune
		switch x := in[i].(type) {
		case doc.Text:
			r, _ = utf8.DecodeLastRuneInString(x.S)
		case doc.Emph:
			r = lastRune(x.Content)
		case doc.Ref:
			r = lastRune(x.Content)
		case doc.Link:
			r = lastRune(x.Content)
		case doc.Strong:
			r = lastRune(x.Content)
		default:
			continue
		}
		if r != 0 && r != utf8.RuneError {
			return r
		}
	}
	return 0
}

// intoQuote puts punctuation p before the closing quotation mark that ends
// in, or drops it after a title ending in "?" or "!". It reports whether in
// ended with a closing quotation mark.
func intoQuote(in []doc.Inline, p string) bool {
	if len(in) == 0 {
		return false
	}
	switch x := in[len(in)-1].(type) {
	case doc.Text:
		s, ok := strings.CutSuffix(x.S, "”")
		if !ok {
			return false
		}
		closing := "”"
		if t, ok := strings.CutSuffix(s, "’"); ok {
			s, closing = t, "’”"
		}
		if r, _ := utf8.DecodeLastRuneInString(s); r == '?' || r == '!' || r == '.' && p == "." {
			p = ""
		}
		in[len(in)-1] = doc.Text{S: s + p + closing}
		return true
	case doc.Ref:
		return intoQuote(x.Content, p)
	}
	return false
}

func appendText(in []doc.Inline, s string) []doc.Inline {
	if s == "" {
		return in
	}
	if s[0] == '.' || s[0] == ',' {
		if intoQuote(in, s[:1]) {
			s = s[1:]
		} else if s[0] == '.' {
			if r := lastRune(in); r == '.' || r == '?' || r == '!' {
				s = s[1:]
			}
		}
		if s == "" {
			return in
		}
	}
	if n := len(in); n > 0 {
		if t, ok := in[n-1].(doc.Text); ok {
			in[n-1] = doc.Text{S: t.S + s}
			return in
		}
	}
	return append(in, doc.Text{S: s})
}

// capitalize upper-cases the first letter of in.
func capitalize(in []doc.Inline) {
	for i, x := range in {
		switch x := x.(type) {
		case doc.Text:
			if x.S == "" {
				continue
			}
			r, n := utf8.DecodeRuneInString(x.S)
			in[i] = doc.Text{S: string(unicode.ToUpper(r)) + x.S[n:]}
			return
		case doc.Emph:
			capitalize(x.Content)
			return
		case doc.Ref:
			capitalize(x.Content)
			return
		case doc.Link:
			capitalize(x.Content)
			return
		default:
			return
		}
	}
}

// decapitalize lower-cases the first letter of in (for "ibid." inside a
// sentence).
func decapitalize(in []doc.Inline) {
	for i, x := range in {
		switch x := x.(type) {
		case doc.Text:
			r, n := utf8.DecodeRuneInString(x.S)
			in[i] = doc.Text{S: string(unicode.ToLower(r)) + x.S[n:]}
			return
		case doc.Ref:
			decapitalize(x.Content)
			return
		}
	}
}
