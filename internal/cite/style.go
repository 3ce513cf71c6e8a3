package cite

import (
	"strings"

	"quire/internal/cite/bibtex"
	"quire/internal/doc"
)

// style formats entries and citations in one of the two Chicago systems.
type style struct {
	authorDate bool
	letters    map[string]string // author-date: key -> "a", "b" for same author and year
}

// year is the entry's year with its disambiguating letter, or "n.d.".
func (s *style) year(e *Entry) string {
	y := e.Year
	if y == "" {
		y = "n.d."
	}
	return y + s.letters[e.Key]
}

// title adds the entry's title, italic or in quotation marks.
func title(b *builder, e *Entry, short bool) {
	t := e.Title
	if short {
		t = e.ShortTitle
		if t == "" {
			t = shortTitle(e.Title)
		}
	}
	if quotedTitle(kindOf(e)) {
		if short || e.titleSpans == nil {
			b.quoted(innerQuotes(t, "‘", "’"))
			return
		}
		b.t("“")
		spans(b, e.titleSpans, false)
		b.t("”")
		return
	}
	if short || e.titleSpans == nil {
		b.em(innerQuotes(t, "“", "”"))
		return
	}
	spans(b, e.titleSpans, true)
}

// container adds the italic title of a journal or book.
func container(b *builder, e *Entry) {
	if e.containerSpans == nil {
		b.em(e.Container)
		return
	}
	spans(b, e.containerSpans, true)
}

// spans adds styled title text; in an italic title (flip), emphasised
// parts are set in roman.
func spans(b *builder, sp []bibtex.Span, flip bool) {
	open, close := "‘", "’" // inside a quoted title
	if flip {
		open, close = "“", "”"
	}
	for _, s := range sp {
		if s.Italic != flip {
			b.em(innerQuotes(s.Text, open, close))
		} else {
			b.t(innerQuotes(s.Text, open, close))
		}
	}
}

// innerQuotes sets quotation marks inside a title: straight double quotes
// become open and close, and curly double quotes inside a quoted title
// become single ones.
func innerQuotes(t, open, close string) string {
	if !strings.ContainsAny(t, "\"“”") {
		return t
	}
	var b strings.Builder
	opened := false
	for _, r := range t {
		switch r {
		case '"':
			if opened {
				b.WriteString(close)
			} else {
				b.WriteString(open)
			}
			opened = !opened
		case '“':
			b.WriteString(open)
		case '”':
			b.WriteString(close)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// link adds the DOI as a link, or else the URL.
func link(b *builder, e *Entry) bool {
	switch {
	case e.DOI != "":
		u := "https://doi.org/" + e.DOI
		b.link(u, u)
	case e.URL != "":
		b.link(e.URL, e.URL)
	default:
		return false
	}
	return true
}

func namesOf(ns []Name, f func(Name) string) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = f(n)
	}
	return out
}

// noteDetails lists what follows a title in a note: editor, translator,
// edition, volumes, series, report number.
func noteDetails(e *Entry) []string {
	var d []string
	if editorsAfterTitle(e) {
		d = append(d, "ed. "+series(namesOf(e.Editors, Name.normal)))
	}
	if len(e.Translators) > 0 {
		d = append(d, "trans. "+series(namesOf(e.Translators, Name.normal)))
	}
	d = append(d, edition(e.Edition))
	if e.Volume != "" && kindOf(e) != kArticle {
		d = append(d, "vol. "+e.Volume)
	} else if e.Volumes != "" {
		d = append(d, e.Volumes+" vols.")
	}
	d = append(d, e.Series)
	if kindOf(e) == kReport {
		d = append(d, reportLabel(e))
	}
	return d
}

// pubFacts is "Place: Publisher, Year" (without the year in author-date).
func (s *style) pubFacts(e *Entry) string {
	p := join(": ", e.Place, e.Publisher)
	if s.authorDate {
		return p
	}
	return join(", ", p, s.year(e))
}

// fullNote adds the first, full note form of e, with locator loc; the
// authors are left out when noAuthor is set ([-@key]).
func (s *style) fullNote(b *builder, e *Entry, loc string, noAuthor bool) {
	k := kindOf(e)
	ns, etAl, role := creators(e)
	if noAuthor {
		ns = nil
	}
	b.ref(e.Key, func(h *builder) {
		if len(ns) > 0 {
			h.t(noteNames(ns, etAl))
			if role != "" {
				h.t(", " + role)
			}
			h.t(", ")
		}
		title(h, e, false)
	})
	where := loc
	if where == "" {
		where = pages(e.Pages)
	}
	switch k {
	case kArticle:
		if e.Container != "" {
			b.t(", ")
			container(b, e)
		}
		if e.Volume != "" {
			b.t(" " + e.Volume)
		}
		if e.Number != "" {
			b.t(", no. " + e.Number)
		}
		b.t(" (" + s.year(e) + ")")
		if where != "" {
			b.t(": " + where)
		}
	case kThesis:
		b.t(" (" + join(", ", thesisGenre(e), e.Institution, s.year(e)) + ")")
		if loc != "" {
			b.t(", " + loc)
		}
	case kWeb:
		if e.Container != "" {
			b.t(", " + e.Container)
		}
		if hasDay(e.Date, e.Year) {
			b.t(", " + longDate(e.Date))
		} else if e.Year != "" {
			b.t(", " + e.Year)
		}
		if e.URLDate != "" {
			b.t(", accessed " + longDate(e.URLDate))
		}
		if loc != "" {
			b.t(", " + loc)
		}
	default:
		if k == kChapter {
			b.t(", in ")
			container(b, e)
		}
		for _, d := range noteDetails(e) {
			if d != "" {
				b.t(", " + d)
			}
		}
		if p := s.pubFacts(e); p != "" {
			b.t(" (" + p + ")")
		}
		if k == kChapter {
			loc = where
		}
		if loc != "" {
			b.t(", " + loc)
		}
	}
	if e.DOI != "" || e.URL != "" {
		b.t(", ")
		link(b, e)
	}
}

// shortNote adds the short note form: surnames, short title, locator.
func (s *style) shortNote(b *builder, e *Entry, loc string, noAuthor bool) {
	ns, etAl, _ := creators(e)
	if noAuthor {
		ns = nil
	}
	b.ref(e.Key, func(h *builder) {
		if len(ns) > 0 {
			h.t(shortNames(ns, etAl) + ", ")
		}
		title(h, e, true)
	})
	if loc != "" {
		b.t(", " + loc)
	}
}

// label is the author part of an author-date citation: surnames, or the
// short title of a work without author or editor.
func label(b *builder, e *Entry) {
	ns, etAl, _ := creators(e)
	if len(ns) > 0 {
		b.t(shortNames(ns, etAl))
		return
	}
	title(b, e, true)
}

// entry formats e for the bibliography (notes) or reference list
// (author-date).
func (s *style) entry(e *Entry) []doc.Inline {
	var b builder
	k := kindOf(e)
	ns, etAl, role := creators(e)
	if len(ns) > 0 {
		b.t(bibNames(ns, etAl))
		if role != "" {
			b.t(", " + role)
		}
		b.t(".")
		if s.authorDate {
			b.t(" " + s.year(e))
			b.t(".")
		}
		b.t(" ")
	}
	title(&b, e, false)
	b.t(".")
	if len(ns) == 0 && s.authorDate {
		b.t(" " + s.year(e))
		b.t(".")
	}
	sentence := func(t string) {
		if t != "" {
			b.t(" " + capFirst(t))
			b.t(".")
		}
	}
	switch k {
	case kArticle:
		if e.Container != "" {
			b.t(" ")
			container(&b, e)
		}
		if s.authorDate {
			if e.Volume != "" {
				b.t(" " + e.Volume)
			}
			if e.Number != "" {
				b.t(" (" + e.Number + ")")
			}
		} else {
			if e.Volume != "" {
				b.t(" " + e.Volume)
			}
			if e.Number != "" {
				b.t(", no. " + e.Number)
			}
			b.t(" (" + s.year(e) + ")")
		}
		if e.Pages != "" {
			b.t(": " + pages(e.Pages))
		}
		b.t(".")
	case kThesis:
		y := s.year(e)
		if s.authorDate {
			y = ""
		}
		sentence(join(", ", thesisGenre(e), e.Institution, y))
	case kWeb:
		sentence(e.Container)
		if hasDay(e.Date, e.Year) {
			sentence(longDate(e.Date))
		} else if !s.authorDate {
			sentence(e.Year)
		}
		if e.URLDate != "" {
			sentence("accessed " + longDate(e.URLDate))
		}
	default:
		if k == kChapter {
			b.t(" In ")
			container(&b, e)
			if len(e.Editors) > 0 {
				b.t(", edited by " + series(namesOf(e.Editors, Name.normal)))
			}
			if len(e.Translators) > 0 {
				b.t(", translated by " + series(namesOf(e.Translators, Name.normal)))
			}
			if e.Pages != "" {
				b.t(", " + pages(e.Pages))
			}
			b.t(".")
		} else {
			if editorsAfterTitle(e) {
				sentence("edited by " + series(namesOf(e.Editors, Name.normal)))
			}
			if len(e.Translators) > 0 {
				sentence("translated by " + series(namesOf(e.Translators, Name.normal)))
			}
		}
		sentence(edition(e.Edition))
		if e.Volume != "" {
			sentence("vol. " + e.Volume)
		} else if e.Volumes != "" {
			sentence(e.Volumes + " vols.")
		}
		sentence(e.Series)
		if k == kReport {
			sentence(reportLabel(e))
		}
		sentence(s.pubFacts(e))
	}
	sentence(e.Note)
	if e.DOI != "" || e.URL != "" {
		b.t(" ")
		link(&b, e)
		b.t(".")
	}
	return b.out
}

func capFirst(s string) string {
	var b builder
	b.t(s)
	capitalize(b.out)
	return doc.PlainText(b.out)
}
