package csl

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// locatorTerms are the CSL locator types.
var locatorTerms = []string{"act", "appendix", "article-locator", "book", "canon", "chapter", "column",
	"elocation", "equation", "figure", "folio", "issue", "line", "note", "opus", "page", "paragraph",
	"part", "rule", "scene", "section", "sub-verbo", "supplement", "table", "timestamp",
	"title-locator", "verse", "version", "volume"}

// SplitLocator reads a locator as an author writes it after a citation
// key ("p. 45", "chaps. 3–4", "§ 2", "9, emphasis added"): the locator
// type from the locale's terms (page when none is written), the locator
// itself (numbers, ranges and lists), and what follows, which is the
// cite's suffix. A text that starts with neither a term nor a number is
// all suffix.
func (p *Processor) SplitLocator(s string) (label, locator, suffix string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", "", ""
	}
	label, rest := p.matchLocatorTerm(s)
	if label == "" {
		label = "page"
		rest = s
	}
	loc, suf := splitLocatorNumbers(rest)
	if loc == "" {
		if rest != s {
			// a term with no number after it ("passim"? no: "chap. x")
			return label, strings.TrimSpace(rest), ""
		}
		return "", "", s
	}
	return label, loc, suf
}

// locatorForm is a locator term as written, lowercase ("p.", "p", "pp.").
type locatorForm struct{ name, form string }

// locatorForms lists the locale's locator terms, singular and plural,
// with and without their period, once a processor.
func (p *Processor) locatorForms() []locatorForm {
	p.locFormsOnce.Do(func() {
		seen := map[locatorForm]bool{}
		for _, name := range locatorTerms {
			for _, l := range p.loc.chain {
				for _, t := range append(l.terms[name], l.terms[strings.ReplaceAll(name, "-", " ")]...) {
					for _, form := range []string{t.Single, t.Multiple} {
						f := strings.ToLower(strings.TrimSpace(form))
						if f == "" {
							continue
						}
						for _, cand := range []string{f, strings.TrimSuffix(f, ".")} {
							lf := locatorForm{name, cand}
							if !seen[lf] {
								seen[lf] = true
								p.locForms = append(p.locForms, lf)
							}
						}
					}
				}
			}
		}
	})
	return p.locForms
}

func (p *Processor) matchLocatorTerm(s string) (string, string) {
	if r, _ := utf8.DecodeRuneInString(s); unicode.IsDigit(r) {
		return "", "" // a number: no term starts with one
	}
	ls := strings.ToLower(s)
	best, bestLen := "", 0
	for _, lf := range p.locatorForms() {
		cand := lf.form
		if len(cand) <= bestLen || !strings.HasPrefix(ls, cand) {
			continue
		}
		next, _ := utf8.DecodeRuneInString(s[len(cand):])
		if len(cand) < len(s) && !(unicode.IsSpace(next) || unicode.IsDigit(next) || strings.HasSuffix(cand, ".") || next == '.' || cand == "§" || cand == "¶") {
			continue
		}
		best, bestLen = lf.name, len(cand)
	}
	if best == "" {
		return "", ""
	}
	rest := strings.TrimLeft(s[bestLen:], ". \u00a0")
	return best, rest
}

// splitLocatorNumbers takes the locator's numbers off s: words holding digits or
// roman numerals, joined by commas, hyphens, dashes, "&" or "and".
func splitLocatorNumbers(s string) (string, string) {
	i := 0
	end := 0
	for i < len(s) {
		// a word
		j := i
		for j < len(s) && !strings.ContainsRune(" ,;&-–\u00a0", rune(s[j])) {
			_, n := utf8.DecodeRuneInString(s[j:])
			j += n
		}
		w := s[i:j]
		if w == "" || !(strings.IndexFunc(w, unicode.IsDigit) >= 0 || isRoman(w)) {
			break
		}
		end = j
		// a separator
		k := j
		for k < len(s) && strings.ContainsRune(" ,&-–\u00a0", rune(s[k])) {
			k++
		}
		if strings.HasPrefix(s[k:], "and ") {
			k += 4
		}
		if k == j {
			break
		}
		i = k
	}
	if end == 0 {
		return "", s
	}
	return strings.TrimSpace(s[:end]), strings.TrimRight(s[end:], " ")
}
