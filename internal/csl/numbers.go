package csl

import (
	"strconv"
	"strings"
	"unicode"
)

// numToken is a piece of a number variable: a number (with affixes) or a
// separator.
type numToken struct {
	sep   bool
	text  string // separator text, or the whole token
	num   int
	isNum bool // a bare number (no affixes)
}

// splitNumber splits "2-4, 6 & 8" into numbers and separators.
func splitNumber(s string) []numToken {
	var toks []numToken
	i := 0
	rs := []rune(s)
	for i < len(rs) {
		r := rs[i]
		if r == ',' || r == '-' || r == '&' || r == '–' || unicode.IsSpace(r) {
			j := i
			for j < len(rs) && (rs[j] == ',' || rs[j] == '-' || rs[j] == '&' || rs[j] == '–' || unicode.IsSpace(rs[j])) {
				j++
			}
			toks = append(toks, numToken{sep: true, text: string(rs[i:j])})
			i = j
			continue
		}
		j := i
		for j < len(rs) && !(rs[j] == ',' || rs[j] == '-' || rs[j] == '&' || rs[j] == '–' || unicode.IsSpace(rs[j])) {
			j++
		}
		w := string(rs[i:j])
		t := numToken{text: w}
		if n, err := strconv.Atoi(w); err == nil {
			t.num, t.isNum = n, true
		}
		toks = append(toks, t)
		i = j
	}
	return toks
}

// normSep writes a separator as CSL renders it: "-" as an en dash, ","
// and "&" followed by one space.
func normSep(s string, andTerm string) string {
	t := strings.TrimSpace(s)
	switch {
	case t == "":
		return " "
	case strings.Contains(t, "&"):
		return " " + andTerm + " "
	case strings.Contains(t, ","):
		return ", "
	case strings.ContainsAny(t, "-–"):
		return "–"
	}
	return s
}

func (x *ctx) evalNumber(e *element) *out {
	v := e.variable
	s := x.str(v)
	if s == "" {
		return nil
	}
	if x.inSubstitute {
		x.suppress(v)
	}
	var txt string
	if !isNumeric(s) {
		return group(x.fmt(&e.f), litS(s))
	}
	gender := ""
	if e.form == "ordinal" || e.form == "long-ordinal" {
		gender = x.p.loc.nounGender(numberTermFor(v))
	}
	andSym := "&"
	var b strings.Builder
	toks := splitNumber(s)
	for _, t := range toks {
		if t.sep {
			b.WriteString(normSep(t.text, andSym))
			continue
		}
		if !t.isNum {
			b.WriteString(t.text)
			continue
		}
		b.WriteString(x.formatNumber(t.num, e.form, gender))
	}
	txt = b.String()
	var o *out
	if v == "citation-number" {
		o = &out{kids: []*out{litS(txt)}, tag: tagCitationNumber, num: x.c.number}
	} else {
		o = litS(txt)
	}
	return group(x.fmt(&e.f), o)
}

// numberTermFor is the noun term whose gender governs the ordinal of a
// number variable.
func numberTermFor(v string) string {
	switch v {
	case "edition":
		return "edition"
	case "volume":
		return "volume"
	case "issue":
		return "issue"
	case "page", "locator":
		return "page"
	case "chapter-number":
		return "chapter"
	}
	return v
}

func (x *ctx) formatNumber(n int, form, gender string) string {
	switch form {
	case "ordinal":
		return x.ordinal(n, gender)
	case "long-ordinal":
		if n >= 1 && n <= 10 {
			name := "long-ordinal-" + twoDigits(n)
			if t, ok := x.p.loc.term(name, "long", gender); ok {
				return t.Single
			}
		}
		return x.ordinal(n, gender)
	case "roman":
		return roman(n)
	}
	return strconv.Itoa(n)
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// ordinal renders n with the locale's ordinal suffix (CSL 1.0.1 rules:
// ordinal-00..99 with match, falling back to "ordinal"; and the CSL 1.0
// terms ordinal-01..04).
func (x *ctx) ordinal(n int, gender string) string {
	l := x.p.loc.ordinalLocale()
	num := strconv.Itoa(n)
	if l == nil {
		return num
	}
	find := func(name, match string) *Term {
		var fallback *Term
		for _, t := range l.terms[name] {
			if t.Form != "long" && t.Form != "" {
				continue
			}
			m := t.Match
			if m == "" {
				if strings.HasPrefix(name, "ordinal-") && len(name) == len("ordinal-00") {
					if name[8] == '0' {
						m = "last-digit"
					} else {
						m = "last-two-digits"
					}
				}
			}
			if match != "" && m != match && !(match == "last-two-digits" && m == "whole-number") {
				continue
			}
			if gender != "" && t.GenderForm == gender {
				return t
			}
			if t.GenderForm == "" || gender == "" {
				if fallback == nil || (fallback.GenderForm != "" && t.GenderForm == "") {
					fallback = t
				}
			}
		}
		return fallback
	}
	// legacy CSL 1.0 ordinals (ordinal-01 .. ordinal-04 without "ordinal")
	if _, modern := l.terms["ordinal"]; !modern {
		if _, has := l.terms["ordinal-04"]; has {
			if _, has5 := l.terms["ordinal-05"]; !has5 {
				k := n % 10
				if n%100 >= 11 && n%100 <= 13 {
					k = 4
				}
				if k == 0 || k > 4 {
					k = 4
				}
				if t := find("ordinal-0"+strconv.Itoa(k), ""); t != nil {
					return num + t.Single
				}
				return num
			}
		}
	}
	two := n % 100
	if t := find("ordinal-"+twoDigits(two), "last-two-digits"); t != nil {
		if t.Match != "whole-number" || two == n {
			return num + t.Single
		}
	}
	if t := find("ordinal-"+twoDigits(two), "whole-number"); t != nil && n == two {
		return num + t.Single
	}
	if t := find("ordinal-0"+strconv.Itoa(n%10), "last-digit"); t != nil {
		return num + t.Single
	}
	if t := find("ordinal", ""); t != nil {
		return num + t.Single
	}
	return num
}

func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// ---- page ranges ----

// pageRange formats the ranges of a page variable with the style's
// page-range-format and the locale's page-range-delimiter.
func (x *ctx) pageRange(s string) Text {
	return x.rangeText(s, x.p.style.pageRangeFormat)
}

// rangeText formats the ranges in s with a page-range-format ("" keeps
// the digits and only sets the delimiter).
func (x *ctx) rangeText(s, format string) Text {
	delim := "–"
	if t, ok := x.p.loc.termText("page-range-delimiter", "long", false); ok {
		delim = t
	}
	if strings.Contains(s, "\\-") {
		return plain(strings.ReplaceAll(s, "\\-", "-"))
	}
	// split on commas and ampersands, keep them
	var b strings.Builder
	parts := splitKeep(s)
	for _, p := range parts {
		if p.sep {
			b.WriteString(p.text)
			continue
		}
		b.WriteString(formatRange(p.text, format, delim))
	}
	return plain(b.String())
}

type rangePiece struct {
	sep  bool
	text string
}

func splitKeep(s string) []rangePiece {
	var out []rangePiece
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ',' || s[i] == '&' {
			out = append(out, rangePiece{text: strings.TrimSpace(s[start:i])})
			j := i + 1
			for j < len(s) && s[j] == ' ' {
				j++
			}
			sep := string(s[i])
			if s[i] == ',' {
				sep = ", "
			} else {
				sep = " & "
			}
			out = append(out, rangePiece{sep: true, text: sep})
			start = j
			i = j - 1
		}
	}
	out = append(out, rangePiece{text: strings.TrimSpace(s[start:])})
	return out
}

func formatRange(r, format, delim string) string {
	idx := strings.IndexAny(r, "-–")
	if idx < 0 {
		return r
	}
	a := strings.TrimSpace(r[:idx])
	rest := r[idx:]
	_, w := firstRuneOf(rest)
	b := strings.TrimSpace(rest[w:])
	if a == "" || b == "" || strings.ContainsAny(b, "-–") {
		return r
	}
	ap, an := splitNumPrefix(a)
	bp, bn := splitNumPrefix(b)
	if an == "" && bn == "" && isRoman(a) && isRoman(b) {
		return a + delim + b // "xxv–xxviii"
	}
	// not two numbers with the same prefix: left as written
	if an == "" || bn == "" || bp != ap && bp != "" || ap != "" && bp == "" {
		return a + rest[:w] + b
	}
	if format == "" {
		return a + delim + b
	}
	full := bn
	if len(full) < len(an) {
		full = an[:len(an)-len(full)] + full
	}
	ai, _ := strconv.Atoi(an)
	bi, _ := strconv.Atoi(full)
	if bi < ai {
		return a + rest[:w] + b
	}
	var second string
	switch format {
	case "expanded":
		return a + delim + bp + full
	case "minimal":
		second = minimalDigits(an, full, 1)
	case "minimal-two":
		second = minimalDigits(an, full, 2)
	case "chicago", "chicago-15", "chicago-16":
		second = chicagoRange(an, full, format)
	default:
		second = full
	}
	return a + delim + second
}

func firstRuneOf(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

func splitNumPrefix(s string) (string, string) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	return s[:i], s[i:]
}

// minimalDigits drops the leading digits b shares with a, keeping at
// least min digits (when b has that many).
func minimalDigits(a, b string, min int) string {
	if len(a) != len(b) {
		return b
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	keep := len(b) - i
	if keep < min {
		keep = min
	}
	if keep > len(b) {
		keep = len(b)
	}
	return b[len(b)-keep:]
}

func chicagoRange(a, b, format string) string {
	ai, _ := strconv.Atoi(a)
	if ai < 100 || ai%100 == 0 {
		return b
	}
	if len(a) != len(b) {
		return b
	}
	if ai%100 < 10 {
		return minimalDigits(a, b, 1)
	}
	if format != "chicago-16" && len(a) == 4 {
		// CMOS 15: four digits show all when three or more change
		changed := 0
		for i := range a {
			if a[i] != b[i] {
				changed++
			}
		}
		if changed >= 3 {
			return b
		}
	}
	return minimalDigits(a, b, 2)
}

// ---- labels ----

// pluralOf decides whether a variable's value is plural for its label:
// more than one number ("1-2", "i–ix", "3, 5"), or a count above one.
func pluralOf(v, s string) bool {
	if v == "number-of-pages" || v == "number-of-volumes" {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		return err == nil && n > 1 || err != nil && countNumbers(s) > 1
	}
	if strings.Contains(s, "\\-") {
		return false
	}
	return countNumbers(s) > 1
}

func countNumbers(s string) int {
	n := 0
	for _, t := range splitNumber(s) {
		if t.sep {
			continue
		}
		if strings.IndexFunc(t.text, unicode.IsDigit) >= 0 || isRoman(t.text) {
			n++
		}
	}
	return n
}

func isRoman(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range strings.ToLower(s) {
		if !strings.ContainsRune("ivxlcdm", r) {
			return false
		}
	}
	return true
}

// splitNumbers lists the numbers in s ("2-4" has two, "2, 4" two, "2nd" one).
func splitNumbers(s string) []string {
	var nums []string
	for _, t := range splitNumber(s) {
		if !t.sep {
			nums = append(nums, t.text)
		}
	}
	return nums
}

func (x *ctx) evalLabel(e *element, v string) *out {
	if v == "" {
		v = e.variable
	}
	var term, val string
	switch v {
	case "locator":
		if x.c.ci == nil || x.c.ci.Locator == "" {
			return nil
		}
		term = x.c.ci.Label
		val = x.c.ci.Locator
		if term == "" {
			// no label given: none when the locator names its own ("vol. 1")
			if i := strings.IndexFunc(val, func(r rune) bool { return !unicode.IsLetter(r) }); i > 0 && strings.HasPrefix(val[i:], ". ") {
				return nil
			}
			term = "page"
		}
	default:
		val = x.rawStr(v)
		if val == "" {
			return nil
		}
		term = v
		if v == "page-first" {
			term = "page"
		}
	}
	plural := false
	switch e.plural {
	case "always":
		plural = true
	case "never":
	default:
		plural = pluralOf(v, val)
	}
	form := e.form
	if form == "" {
		form = "long"
	}
	t, ok := x.p.loc.termText(term, form, plural)
	if !ok && strings.Contains(term, " ") {
		// CSL 1.0.2 renamed "sub verbo" to "sub-verbo"
		t, ok = x.p.loc.termText(strings.ReplaceAll(term, " ", "-"), form, plural)
	}
	if !ok || t == "" {
		return nil
	}
	return group(x.fmt(&e.f), lit(parseAffixText(t)))
}
