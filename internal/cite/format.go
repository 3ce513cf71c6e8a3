package cite

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// kind is the Chicago form an entry takes.
type kind int

const (
	kBook    kind = iota // italic title, facts of publication
	kArticle             // quoted title in an italic journal
	kChapter             // quoted title in an italic book
	kThesis              // quoted title, degree and school
	kReport              // italic title, report number and institution
	kWeb                 // quoted title, site, dates, URL
)

func kindOf(e *Entry) kind {
	switch e.Type {
	case "article":
		return kArticle
	case "incollection", "inproceedings", "inbook", "conference", "inreference":
		if e.Container != "" {
			return kChapter
		}
	case "phdthesis", "thesis", "mastersthesis":
		return kThesis
	case "report", "techreport":
		return kReport
	case "online", "www", "electronic", "webpage":
		return kWeb
	case "misc", "software":
		if e.URL != "" && e.Publisher == "" {
			return kWeb
		}
	}
	return kBook
}

// quotedTitle reports whether the entry's title is set in quotation marks
// rather than italics.
func quotedTitle(k kind) bool { return k == kArticle || k == kChapter || k == kThesis || k == kWeb }

// Name forms.

func (n Name) normal() string {
	if n.Literal {
		return n.Family
	}
	s := join(" ", n.Given, n.Particle, n.Family)
	return join(" ", s, n.Suffix)
}

func (n Name) inverted() string {
	if n.Literal || n.Given == "" && n.Suffix == "" {
		return join(" ", n.Particle, n.Family)
	}
	return join(", ", n.Family, join(" ", n.Given, n.Particle), n.Suffix)
}

func (n Name) surname() string {
	if n.Literal {
		return n.Family
	}
	return join(" ", n.Particle, n.Family)
}

// join joins the non-empty strings of parts with sep.
func join(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// series joins items as "A", "A and B" or "A, B, and C".
func series(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	case 2:
		return items[0] + " and " + items[1]
	}
	return strings.Join(items[:len(items)-1], ", ") + ", and " + items[len(items)-1]
}

// noteNames is the name list of a note: "A", "A and B", "A, B, and C",
// or "A et al." for four or more.
func noteNames(ns []Name, etAl bool) string {
	if len(ns) == 0 {
		return ""
	}
	if len(ns) >= 4 || etAl {
		return ns[0].normal() + " et al."
	}
	var s []string
	for _, n := range ns {
		s = append(s, n.normal())
	}
	return series(s)
}

// shortNames is the surnames of a short note or an author-date citation.
func shortNames(ns []Name, etAl bool) string {
	if len(ns) == 0 {
		return ""
	}
	if len(ns) >= 4 || etAl {
		return ns[0].surname() + " et al."
	}
	var s []string
	for _, n := range ns {
		s = append(s, n.surname())
	}
	return series(s)
}

// bibNames is the name list of a bibliography entry: the first name
// inverted, up to ten names, else seven followed by "et al.".
func bibNames(ns []Name, etAl bool) string {
	if len(ns) == 0 {
		return ""
	}
	if len(ns) > 10 {
		ns, etAl = ns[:7], true
	}
	s := []string{ns[0].inverted()}
	for _, n := range ns[1:] {
		s = append(s, n.normal())
	}
	var out string
	switch {
	case len(s) == 1:
		out = s[0]
	case etAl:
		out = strings.Join(s, ", ")
	default:
		out = strings.Join(s[:len(s)-1], ", ") + ", and " + s[len(s)-1]
	}
	if etAl {
		out += ", et al."
	}
	return out
}

// creators returns who stands first in a reference: the authors, or else
// the editors with the role "ed."/"eds.".
func creators(e *Entry) (ns []Name, etAl bool, role string) {
	if len(e.Authors) > 0 {
		return e.Authors, e.EtAl, ""
	}
	if len(e.Editors) > 0 && kindOf(e) != kChapter {
		if len(e.Editors) > 1 {
			return e.Editors, false, "eds."
		}
		return e.Editors, false, "ed."
	}
	return nil, false, ""
}

// editorsAfterTitle reports whether editors are named after the title
// ("ed. Jane Doe") rather than in the author position.
func editorsAfterTitle(e *Entry) bool {
	return len(e.Editors) > 0 && (len(e.Authors) > 0 || kindOf(e) == kChapter)
}

var ordinalWords = map[string]string{
	"first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
	"sixth": "6th", "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th",
}

// edition formats an edition as "2nd ed." or "rev. ed.".
func edition(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || s == "1" || strings.EqualFold(s, "first") {
		return ""
	}
	if n, err := strconv.Atoi(s); err == nil {
		suf := "th"
		if n%100 < 11 || n%100 > 13 {
			switch n % 10 {
			case 1:
				suf = "st"
			case 2:
				suf = "nd"
			case 3:
				suf = "rd"
			}
		}
		return strconv.Itoa(n) + suf + " ed."
	}
	if o, ok := ordinalWords[strings.ToLower(s)]; ok {
		return o + " ed."
	}
	low := strings.ToLower(s)
	for _, suf := range []string{" edition", " edn.", " edn", " ed."} {
		if strings.HasSuffix(low, suf) {
			s = s[:len(s)-len(suf)]
			break
		}
	}
	if strings.EqualFold(s, "revised") || strings.EqualFold(s, "rev.") {
		s = "rev."
	}
	return s + " ed."
}

var monthNames = []string{"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"}

// longDate formats YYYY-MM-DD as "May 1, 2020" and YYYY-MM as "May 2020";
// anything else is returned as is.
func longDate(s string) string {
	p := strings.Split(strings.TrimSpace(s), "-")
	if len(p) < 2 || len(p[0]) != 4 {
		return s
	}
	m, err := strconv.Atoi(p[1])
	if err != nil || m < 1 || m > 12 {
		return s
	}
	if len(p) == 2 {
		return monthNames[m-1] + " " + p[0]
	}
	d, err := strconv.Atoi(strings.SplitN(p[2], "T", 2)[0])
	if err != nil {
		return s
	}
	return monthNames[m-1] + " " + strconv.Itoa(d) + ", " + p[0]
}

// hasDay reports whether a date names a day or month beyond its year.
func hasDay(date, year string) bool { return date != "" && date != year }

var shortStop = map[string]bool{"a": true, "an": true, "the": true, "of": true, "and": true,
	"in": true, "on": true, "for": true, "to": true, "with": true, "at": true, "by": true, "from": true}

var shortArticle = map[string]bool{"a": true, "an": true, "the": true}

// shortTitle is the title before any colon, without an initial article and
// cut to at most four words (not ending on an article or preposition).
func shortTitle(t string) string {
	if i := strings.Index(t, ": "); i > 0 {
		t = t[:i]
	}
	w := strings.Fields(t)
	if len(w) > 1 && shortArticle[strings.ToLower(w[0])] {
		w = w[1:]
	}
	if len(w) <= 4 {
		return strings.Join(w, " ")
	}
	w = w[:4]
	for len(w) > 1 && shortStop[strings.ToLower(strings.Trim(w[len(w)-1], ",;"))] {
		w = w[:len(w)-1]
	}
	return strings.TrimRight(strings.Join(w, " "), ",;:")
}

// pages normalises a page range's hyphen to an en dash.
func pages(s string) string {
	s = strings.ReplaceAll(s, "--", "–")
	var b strings.Builder
	for i, r := range s {
		if r == '-' && i > 0 && i+1 < len(s) && isDigit(s[i-1]) && isDigit(s[i+1]) {
			b.WriteRune('–')
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// thesisGenre names the degree of a thesis in Chicago's abbreviations.
func thesisGenre(e *Entry) string {
	g := strings.TrimSpace(e.Genre)
	switch strings.ToLower(strings.ReplaceAll(g, " ", "")) {
	case "", "phdthesis", "phd", "phddissertation", "dissertation", "doctoralthesis":
		if e.Type == "mastersthesis" {
			return "MA thesis"
		}
		return "PhD diss."
	case "mathesis", "mastersthesis", "master'sthesis", "masterthesis":
		return "MA thesis"
	}
	return g
}

// reportLabel is "Technical Report 12" or the like; "" when neither a type
// nor a number is given.
func reportLabel(e *Entry) string {
	g := e.Genre
	if g == "" && e.Number != "" {
		g = "Report"
		if e.Type == "techreport" {
			g = "Technical Report"
		}
	}
	return join(" ", g, e.Number)
}

// sortKey folds s for comparison: lower case, accents removed.
func sortKey(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// titleSortKey drops a leading article.
func titleSortKey(t string) string {
	k := sortKey(t)
	for _, a := range []string{"the ", "a ", "an "} {
		if strings.HasPrefix(k, a) {
			return k[len(a):]
		}
	}
	return k
}
