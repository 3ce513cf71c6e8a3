// Package lang holds what Quire knows about each language it sets, in one
// table (languages.go): the hyphenation pattern set and its minimum left
// and right lengths, the generated words (Abstract, Figure, References, the
// submission cover's labels...), quotation marks, French spacing, and
// whether the language is set as CJK text.
//
// Lookup maps a BCP 47 tag ("ru-RU", "de-CH", "en", "zh-Hant") to its
// Language; ForScript gives the language used for a word written in another
// script than the document's (Cyrillic in an English text is hyphenated as
// Russian). Terms can be overridden from the front matter by the keys of
// TermKeys, which the README's table is generated from.
//
// Hyphenation patterns are compiled at `go generate` time (gen/main.go) into
// assets/hyphen/trie and loaded on a language's first use, so a language a
// document does not use costs nothing.
package lang

//go:generate go run ./gen

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"quire/internal/hyph"
)

// Language is one language's data. Its fields are read-only.
type Language struct {
	Tag  string // canonical tag: "de", "en-US", "ja"
	Name string // English name, for messages and the README

	// Patterns names the hyphenation pattern set (assets/hyphen/<name>.dic,
	// compiled to assets/hyphen/trie/<name>.trie); "" for none.
	Patterns string
	// LeftMin and RightMin are the fewest letters kept before the first and
	// after the last hyphen (TeX's \lefthyphenmin, \righthyphenmin).
	LeftMin, RightMin int
	// Exceptions are hyphenated words that override the patterns.
	Exceptions []string
	// PatternSource says where the patterns come from, for the README.
	PatternSource string

	// Quotes are the outer open and close and the inner open and close
	// quotation marks.
	Quotes [4]string
	// FrenchSpacing puts a narrow no-break space inside guillemets and
	// before ; : ! ? (French typographic rules).
	FrenchSpacing bool
	// CJK marks Chinese, Japanese and Korean: text is broken between
	// characters under the kinsoku rules, never hyphenated.
	CJK bool
	// Script is the script the language is written in (unicode.Latin,
	// unicode.Cyrillic...), used to pick patterns for words in another
	// script.
	Script *unicode.RangeTable
	// DigitGroup separates thousands in numbers Quire writes (word counts).
	DigitGroup string
	// Colon ends a label before its text ("Keywords: ", "キーワード："),
	// ListSep separates the items of a list Quire writes (keywords); empty
	// means ": " and "; ".
	Colon, ListSep string

	Terms Terms
}

// Terms are the words Quire generates. Templates hold {n}, {total}, {body},
// {notes}, {figures} or {tables} where a number goes.
type Terms struct {
	Abstract string // heading of the abstract
	Keywords string // label before the keywords
	Contents string // table of contents
	// The headings of the lists of figures, tables and code listings.
	ListOfFigures, ListOfTables, ListOfListings string
	Figure                                      string // caption label: "Figure 2."
	Table                                       string // caption label: "Table 1."
	Listing                                     string // caption label of a code listing
	Equation                                    string // caption label of an equation
	Section                                     string // "Section 3" in cross-references
	FigureRef                                   string // "Figure 2" in cross-references
	TableRef                                    string // "Table 1" in cross-references
	EquationRef                                 string // "Equation 4" in cross-references
	ListingRef                                  string // "Listing 1" in cross-references
	// The same words before two or more numbers ("Figures 2 and 3",
	// "Abbildungen 2 und 3"); an abbreviation the language does not
	// inflect stays as it is ("рис. 2 и 3", as cleveref writes it).
	Sections, FigureRefs, TableRefs, EquationRefs, ListingRefs string
	References                                                 string // heading of the reference list (author-date)
	Bibliography                                               string // heading of the bibliography (notes styles)
	Notes                                                      string // heading of endnotes
	// The titles of Quarto\'s callouts when the author gives none.
	CalloutNote, CalloutTip, CalloutWarning, CalloutImportant, CalloutCaution string
	PageOf                                                                    string // folio "n of N": "{n} of {total}"
	And                                                                       string // "A and B" in the running head
	EtAl                                                                      string // "A et al." in the running head

	// The submission cover.
	Anonymised    string // in place of the authors
	WordCount     string // label
	WordCountRest string // "body text {body} and notes {notes}; ..."
	AbstractWords string // "{n} words"
	Limit         string // "limit {n}"
	Floats        string // label: "Figures and tables"
	FloatsRest    string // "{figures}, {tables}, set in place with their captions"
	FigureOne     string // "1 figure"
	FigureMany    string // "{n} figures"
	TableOne      string // "1 table"
	TableMany     string // "{n} tables"
	Date          string // label
}

// LabelColon returns what ends a label before its text: ": ", or the
// language's own ("：" in Japanese and Chinese).
func (l *Language) LabelColon() string {
	if l.Colon == "" {
		return ": "
	}
	return l.Colon
}

// ListSeparator returns what separates the items of a list Quire writes:
// "; ", or the language's own ("、" in Japanese).
func (l *Language) ListSeparator() string {
	if l.ListSep == "" {
		return "; "
	}
	return l.ListSep
}

// CalloutTitle returns the title of a callout of kind note, tip, warning,
// important or caution (and of the admonitions info, hint and danger,
// taken as note, tip and caution); "" for another kind.
func (l *Language) CalloutTitle(kind string) string {
	t := &l.Terms
	switch kind {
	case "note", "info":
		return t.CalloutNote
	case "tip", "hint":
		return t.CalloutTip
	case "warning":
		return t.CalloutWarning
	case "important":
		return t.CalloutImportant
	case "caution", "danger":
		return t.CalloutCaution
	}
	return ""
}

// NumberSep is what separates a label from its number ("Figure 2"); CJK
// languages write none ("図2").
func (l *Language) NumberSep() string {
	if l.CJK {
		return ""
	}
	return " "
}

// CaptionLabel is the label before a caption: "Figure 2.", "Рис. 2.",
// "図2" (CJK captions take no period).
func (l *Language) CaptionLabel(term string, n string) string {
	if l.CJK {
		return l.Label(term, n)
	}
	return l.Label(term, n) + "."
}

// Label joins a term and a number: "Figure 2", "図2".
func (l *Language) Label(term string, n string) string {
	if term == "" {
		return n
	}
	return term + l.NumberSep() + n
}

var byTag = func() map[string]*Language {
	m := make(map[string]*Language, len(languages))
	for _, l := range languages {
		m[strings.ToLower(l.Tag)] = l
	}
	return m
}()

// All returns every language, in table order.
func All() []*Language { return slices.Clone(languages) }

// Default is US English, the language of a document that names none.
func Default() *Language { return byTag["en-us"] }

// Lookup returns the language for a BCP 47 tag, matching the primary
// subtag and, for English, the region (en-GB, en-AU, en-NZ, en-IE, en-ZA,
// en-IN are British English; en and other regions US English). Norwegian
// "no" is Bokmål. ok is false for a language Quire does not know; the
// result is then nil.
func Lookup(tag string) (l *Language, ok bool) {
	t := strings.ToLower(strings.TrimSpace(strings.ReplaceAll(tag, "_", "-")))
	if t == "" {
		return Default(), true
	}
	primary, rest, _ := strings.Cut(t, "-")
	switch primary {
	case "en":
		region := ""
		for _, sub := range strings.Split(rest, "-") {
			if len(sub) == 2 {
				region = sub
			}
		}
		switch region {
		case "gb", "uk", "au", "nz", "ie", "za", "in":
			return byTag["en-gb"], true
		}
		return byTag["en-us"], true
	case "no", "nob":
		primary = "nb"
	case "deu", "ger":
		primary = "de"
	case "fra", "fre":
		primary = "fr"
	case "rus":
		primary = "ru"
	case "jpn":
		primary = "ja"
	case "zho", "chi", "cmn":
		primary = "zh"
	case "kor":
		primary = "ko"
	}
	l, ok = byTag[primary]
	return l, ok
}

// ForScript returns the language whose patterns serve a word written in
// script sc inside text in language l: l itself when it is written in sc,
// otherwise the table's default for that script (Russian for Cyrillic,
// Greek for Greek, l for anything else).
func (l *Language) ForScript(sc *unicode.RangeTable) *Language {
	if sc == nil || sc == l.Script {
		return l
	}
	switch sc {
	case unicode.Cyrillic:
		return byTag["ru"]
	case unicode.Greek:
		return byTag["el"]
	}
	return l
}

// ScriptOf returns the script of a word's first letter: unicode.Latin,
// unicode.Cyrillic, unicode.Greek, or nil for any other or no letter.
func ScriptOf(word string) *unicode.RangeTable {
	for _, r := range word {
		switch {
		case r < 0x80:
			if unicode.IsLetter(r) {
				return unicode.Latin
			}
		case unicode.Is(unicode.Cyrillic, r):
			return unicode.Cyrillic
		case unicode.Is(unicode.Greek, r):
			return unicode.Greek
		case unicode.Is(unicode.Latin, r):
			return unicode.Latin
		case unicode.IsLetter(r):
			return nil
		}
	}
	return nil
}

var hyphOnce sync.Map // tag -> *hyph.Hyphenator (possibly nil)

// Hyphenator returns the language's hyphenator with its minimums, loading
// the compiled patterns on first use; nil if the language has none.
func (l *Language) Hyphenator() *hyph.Hyphenator {
	if l == nil || l.Patterns == "" {
		return nil
	}
	if v, ok := hyphOnce.Load(l.Tag); ok {
		return v.(*hyph.Hyphenator)
	}
	h, err := hyph.Compiled(l.Patterns)
	if err != nil {
		panic("lang: " + err.Error()) // the patterns are embedded; a test loads every set
	}
	h = h.WithMinimums(l.LeftMin, l.RightMin)
	v, _ := hyphOnce.LoadOrStore(l.Tag, h)
	return v.(*hyph.Hyphenator)
}

// Fill replaces {name} placeholders in template t: Fill("{n} of {total}",
// "n", "3", "total", "12").
func Fill(t string, kv ...string) string {
	for i := 0; i+1 < len(kv); i += 2 {
		t = strings.ReplaceAll(t, "{"+kv[i]+"}", kv[i+1])
	}
	return t
}

// GroupDigits writes n with the language's thousands separator: 12,345
// (English), 12 345 (Russian, with a no-break space).
func (l *Language) GroupDigits(n int) string {
	if n < 0 {
		return "-" + l.GroupDigits(-n)
	}
	s := []rune(itoa(n))
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 && len(s) > 4 || i > 0 && (len(s)-i)%3 == 0 && l.DigitGroup == "," {
			b.WriteString(l.DigitGroup)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}

// Of returns the language of a document whose front matter gives tag and
// term overrides; ok is false for a tag Quire does not know, and the result
// is then US English (with the overrides).
func Of(tag string, terms map[string]string) (l *Language, ok bool) {
	l, ok = Lookup(tag)
	if !ok {
		l = Default()
	}
	return l.WithTerms(terms), ok
}
