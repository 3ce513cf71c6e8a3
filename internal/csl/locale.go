package csl

import (
	"fmt"
	"strings"
)

// Term is one localized term.
type Term struct {
	Name, Form         string
	Gender, GenderForm string // gender of a noun term; gender-form of an ordinal
	Match              string // ordinals: last-digit, last-two-digits, whole-number
	Single, Multiple   string
	hasMultiple        bool
}

// Locale is a parsed CSL locale (a locale file or a <locale> in a style).
type Locale struct {
	Lang               string
	punctuationInQuote *bool
	limitDayOrdinals   *bool
	terms              map[string][]*Term // by name
	dates              map[string]*element
	hasOrdinals        bool
}

// ParseLocale parses a CSL locale file.
func ParseLocale(file string, src []byte) (*Locale, error) {
	root, err := parseXML(file, src)
	if err != nil {
		return nil, err
	}
	if root.name != "locale" || root.space != cslNS {
		return nil, &Error{File: file, Line: root.line, Msg: fmt.Sprintf("not a CSL locale: the root element is <%s>", root.name)}
	}
	return parseLocaleNode(file, root)
}

func parseLocaleNode(file string, n *node) (*Locale, error) {
	l := &Locale{Lang: n.get("lang"), terms: map[string][]*Term{}, dates: map[string]*element{}}
	p := &styleParser{file: file, st: &Style{macros: map[string]*macro{}}, macroNodes: map[string]*node{}, expanding: map[string]bool{}}
	for _, k := range n.kids {
		switch k.name {
		case "style-options":
			if v, ok := k.attr("punctuation-in-quote"); ok {
				b := v == "true"
				l.punctuationInQuote = &b
			}
			if v, ok := k.attr("limit-day-ordinals-to-day-1"); ok {
				b := v == "true"
				l.limitDayOrdinals = &b
			}
		case "terms":
			for _, t := range k.kids {
				if t.name != "term" {
					continue
				}
				term := &Term{Name: t.get("name"), Form: t.get("form"), Gender: t.get("gender"), GenderForm: t.get("gender-form"), Match: t.get("match")}
				if term.Form == "" {
					term.Form = "long"
				}
				if len(t.kids) == 0 {
					term.Single = t.text
					term.Multiple = t.text
				}
				for _, sm := range t.kids {
					switch sm.name {
					case "single":
						term.Single = sm.text
					case "multiple":
						term.Multiple = sm.text
						term.hasMultiple = true
					}
				}
				if !term.hasMultiple {
					term.Multiple = term.Single
				}

				if isOrdinalTerm(term.Name) {
					l.hasOrdinals = true
				}
				l.terms[term.Name] = append(l.terms[term.Name], term)
			}
		case "date":
			form := k.get("form")
			e := p.parseElement(k, "locale")
			if e != nil {
				l.dates[form] = e
			}
		}
	}
	if len(p.errs) > 0 {
		return nil, p.errs[0]
	}
	return l, nil
}

func isOrdinalTerm(name string) bool {
	return name == "ordinal" || strings.HasPrefix(name, "ordinal-")
}

// LocaleSource finds a locale file by its language tag ("de-DE", "en-US").
// It returns nil when there is none.
type LocaleSource func(lang string) *Locale

// locales is the chain in which terms are looked up: the style's own
// locales (most specific first), then the locale files.
type locales struct {
	chain []*Locale
	lang  string
}

// primaryDialects maps a language to its primary dialect, as the CSL
// locales repository defines them.
var primaryDialects = map[string]string{
	"af": "af-ZA", "ar": "ar", "bg": "bg-BG", "ca": "ca-AD", "cs": "cs-CZ", "cy": "cy-GB",
	"da": "da-DK", "de": "de-DE", "el": "el-GR", "en": "en-US", "es": "es-ES", "et": "et-EE",
	"eu": "eu", "fa": "fa-IR", "fi": "fi-FI", "fr": "fr-FR", "he": "he-IL", "hi": "hi-IN", "hr": "hr-HR",
	"hu": "hu-HU", "id": "id-ID", "is": "is-IS", "it": "it-IT", "ja": "ja-JP", "km": "km-KH",
	"ko": "ko-KR", "la": "la", "lt": "lt-LT", "lv": "lv-LV", "mn": "mn-MN", "ms": "ms-MY", "nb": "nb-NO",
	"nl": "nl-NL", "nn": "nn-NO", "pl": "pl-PL", "pt": "pt-PT", "ro": "ro-RO", "ru": "ru-RU",
	"sk": "sk-SK", "sl": "sl-SI", "sr": "sr-RS", "sv": "sv-SE", "th": "th-TH", "tr": "tr-TR",
	"uk": "uk-UA", "vi": "vi-VN", "zh": "zh-CN",
}

// PrimaryDialect returns the locale a bare language tag stands for ("de" -> "de-DE").
func PrimaryDialect(lang string) string {
	if d, ok := primaryDialects[lang]; ok {
		return d
	}
	return lang
}

func baseLang(tag string) string {
	if i := strings.IndexByte(tag, '-'); i >= 0 {
		return tag[:i]
	}
	return tag
}

// buildLocales assembles the lookup chain for lang.
func buildLocales(st *Style, lang string, src LocaleSource) (*locales, error) {
	if lang == "" {
		lang = st.DefaultLocale
	}
	if lang == "" {
		lang = "en-US"
	}
	base := baseLang(lang)
	ls := &locales{lang: lang}
	// in-style locales: exact, then language, then without xml:lang
	for _, l := range st.locales {
		if l.Lang == lang {
			ls.chain = append(ls.chain, l)
		}
	}
	for _, l := range st.locales {
		if l.Lang != lang && l.Lang == base {
			ls.chain = append(ls.chain, l)
		}
	}
	for _, l := range st.locales {
		if l.Lang == "" {
			ls.chain = append(ls.chain, l)
		}
	}
	// files: exact, then primary dialect, then en-US
	var tried []string
	add := func(tag string) bool {
		for _, t := range tried {
			if t == tag {
				return false
			}
		}
		tried = append(tried, tag)
		if src == nil {
			return false
		}
		if l := src(tag); l != nil {
			ls.chain = append(ls.chain, l)
			return true
		}
		return false
	}
	found := false
	if strings.Contains(lang, "-") {
		found = add(lang)
	}
	if d := PrimaryDialect(base); d != lang || !found {
		if add(d) {
			found = true
		}
	}
	add("en-US")
	if len(ls.chain) == 0 {
		return nil, fmt.Errorf("no locale found for %q (not even en-US)", lang)
	}
	return ls, nil
}

func (ls *locales) punctuationInQuote() bool {
	for _, l := range ls.chain {
		if l.punctuationInQuote != nil {
			return *l.punctuationInQuote
		}
	}
	return false
}

func (ls *locales) limitDayOrdinals() bool {
	for _, l := range ls.chain {
		if l.limitDayOrdinals != nil {
			return *l.limitDayOrdinals
		}
	}
	return false
}

func (ls *locales) date(form string) *element {
	for _, l := range ls.chain {
		if d, ok := l.dates[form]; ok {
			return d
		}
	}
	return nil
}

// formFallbacks: verb-short falls back to verb, symbol to short, verb and
// short to long.
func formFallbacks(form string) []string {
	switch form {
	case "verb-short":
		return []string{"verb-short", "verb", "long"}
	case "symbol":
		return []string{"symbol", "short", "long"}
	case "verb", "short":
		return []string{form, "long"}
	case "", "long":
		return []string{"long"}
	}
	return []string{form, "long"}
}

// term finds a term by name and form (with the form fallbacks), and
// gender for the gendered ones. ok is false when no locale defines it.
func (ls *locales) term(name, form, gender string) (*Term, bool) {
	for _, f := range formFallbacks(form) {
		for _, l := range ls.chain {
			ts := l.terms[name]
			var fallback *Term
			for _, t := range ts {
				if t.Form != f {
					continue
				}
				if gender != "" && t.GenderForm != "" && t.GenderForm != gender {
					continue
				}
				if gender == "" && t.GenderForm != "" {
					if fallback == nil {
						fallback = t
					}
					continue
				}
				return t, true
			}
			if fallback != nil {
				return fallback, true
			}
		}
	}
	return nil, false
}

// termText is the text of a term in the singular or plural.
func (ls *locales) termText(name, form string, plural bool) (string, bool) {
	t, ok := ls.term(name, form, "")
	if !ok {
		return "", false
	}
	if plural {
		return t.Multiple, true
	}
	return t.Single, true
}

// nounGender is the grammatical gender of a noun term (e.g. "edition",
// "month-03"), used to choose gendered ordinals.
func (ls *locales) nounGender(name string) string {
	for _, l := range ls.chain {
		for _, t := range l.terms[name] {
			if t.Gender != "" {
				return t.Gender
			}
		}
		if len(l.terms[name]) > 0 {
			return ""
		}
	}
	return ""
}

// ordinalLocale is the first locale of the chain that defines ordinal
// terms: ordinals are taken as a set from one locale.
func (ls *locales) ordinalLocale() *Locale {
	for _, l := range ls.chain {
		if l.hasOrdinals {
			return l
		}
	}
	return nil
}

func (ls *locales) quotes() (oo, oc, io, ic string) {
	get := func(name, def string) string {
		if t, ok := ls.termText(name, "long", false); ok {
			return t
		}
		return def
	}
	return get("open-quote", "“"), get("close-quote", "”"), get("open-inner-quote", "‘"), get("close-inner-quote", "’")
}

// termExact finds a term in exactly the given form (no form fallback).
func (ls *locales) termExact(name, form string) (string, bool) {
	for _, l := range ls.chain {
		for _, t := range l.terms[name] {
			if t.Form == form && t.GenderForm == "" {
				return t.Single, true
			}
		}
	}
	return "", false
}
