package cite

import (
	"strconv"
	"strings"

	"quire/internal/cite/bibtex"
	"quire/internal/csl"
)

// bibTypes maps BibTeX and biblatex entry types to CSL item types, as
// pandoc's citeproc does.
var bibTypes = map[string]string{
	"article": "article-journal", "book": "book", "booklet": "pamphlet", "bookinbook": "chapter",
	"collection": "book", "dataset": "dataset", "electronic": "webpage", "inbook": "chapter",
	"incollection": "chapter", "inreference": "entry-encyclopedia", "inproceedings": "paper-conference",
	"conference": "paper-conference", "manual": "book", "mastersthesis": "thesis", "misc": "",
	"mvbook": "book", "mvcollection": "book", "mvproceedings": "book", "mvreference": "book",
	"online": "webpage", "patent": "patent", "periodical": "article-journal", "phdthesis": "thesis",
	"proceedings": "book", "reference": "book", "report": "report", "software": "software",
	"suppbook": "chapter", "suppcollection": "chapter", "suppperiodical": "article-journal",
	"techreport": "report", "thesis": "thesis", "unpublished": "manuscript", "www": "webpage",
	"artwork": "graphic", "audio": "song", "commentary": "book", "image": "graphic",
	"jurisdiction": "legal_case", "legislation": "legislation", "legal": "treaty",
	"letter": "personal_communication", "movie": "motion_picture", "music": "song",
	"performance": "speech", "review": "review", "standard": "standard", "video": "motion_picture",
	"data": "dataset", "letters": "personal_communication", "newsarticle": "article-newspaper",
}

// biblatex keys used in type fields, as pandoc resolves them for English.
var bibStrings = map[string]string{
	"mathesis": "Master’s thesis", "phdthesis": "PhD thesis", "candthesis": "Candidate thesis",
	"techreport": "technical report", "resreport": "research report", "software": "computer software",
	"datacd": "data CD", "audiocd": "audio CD", "patent": "patent", "patentus": "U.S. patent",
	"jourser": "ser.", "newseries": "new series", "oldseries": "old series",
}

var chapterLike = map[string]bool{"inbook": true, "incollection": true, "inproceedings": true, "inreference": true, "bookinbook": true, "conference": true}
var articleLike = map[string]bool{"article": true, "periodical": true, "suppperiodical": true, "review": true}
var bookLike = map[string]bool{"book": true, "collection": true, "proceedings": true, "reference": true,
	"mvbook": true, "mvcollection": true, "mvproceedings": true, "mvreference": true, "bookinbook": true,
	"inbook": true, "incollection": true, "inproceedings": true, "inreference": true, "suppbook": true, "suppcollection": true}

// fromBibTeX maps a BibTeX or biblatex entry to a CSL item, field by
// field as pandoc's citeproc does: titles in sentence case for English
// items (braces protect capitals), names, EDTF or year/month dates,
// publisher and place, numbers, eprints as URLs.
func fromBibTeX(r bibtex.Entry) *csl.Item {
	f := r.Fields
	raw := func(names ...string) string {
		for _, n := range names {
			if v, ok := f[n]; ok && strings.TrimSpace(v) != "" {
				return strings.TrimSpace(v)
			}
		}
		return ""
	}
	text := func(names ...string) string {
		if v := raw(names...); v != "" {
			return bibtex.Markup(v)
		}
		return ""
	}
	et := r.Type
	typ, known := bibTypes[et]
	if !known {
		typ = ""
	}
	sub := strings.ToLower(raw("entrysubtype"))
	if articleLike[et] && et != "review" {
		switch sub {
		case "magazine":
			typ = "article-magazine"
		case "newspaper":
			typ = "article-newspaper"
		}
	}
	if et == "unpublished" && raw("eventdate", "eventtitle", "venue") != "" {
		typ = "speech"
	}
	it := csl.NewItem(r.Key, typ)
	set := func(v, s string) {
		if s != "" {
			it.Vars[v] = s
		}
	}

	// language: titles are sentence-cased only for English items
	langID := raw("langid", "hyphenation")
	if langID != "" {
		if tag := bibtex.LangIDTag(langID); tag != "" {
			set("language", tag)
		}
	}
	english := bibtex.IsEnglishLangID(langID)
	title := func(names ...string) string {
		s := text(names...)
		if s != "" && english {
			s = csl.UntitleCase(s)
		}
		return s
	}

	// genre
	if g := raw("type"); g != "" {
		if k, ok := bibStrings[strings.ToLower(g)]; ok {
			set("genre", k)
		} else {
			set("genre", bibtex.Markup(g))
		}
	} else {
		switch et {
		case "mastersthesis":
			set("genre", bibStrings["mathesis"])
		case "phdthesis":
			set("genre", bibStrings["phdthesis"])
		case "techreport":
			set("genre", "Technical Report") // BibTeX's own default
		}
	}

	// names
	setNames := func(v, field string) {
		if s := raw(field); s != "" {
			if ns := bibNames(s); len(ns) > 0 {
				it.Names[v] = ns
			}
		}
	}
	setNames("author", "author")
	setNames("container-author", "bookauthor")
	setNames("translator", "translator")
	if strings.EqualFold(raw("editortype"), "director") {
		setNames("director", "editor")
	} else {
		setNames("editor", "editor")
	}
	setNames("director", "director")

	// dates
	setDate := func(v string, d *csl.Date) {
		if d != nil {
			it.Dates[v] = d
		}
	}
	setDate("issued", bibDate(raw("date"), f, ""))
	setDate("event-date", bibDate(raw("eventdate"), f, "event"))
	setDate("original-date", bibDate(raw("origdate"), f, "orig"))
	setDate("accessed", bibDate(raw("urldate"), f, "url"))

	// locators and numbers
	if p := text("pages"); p != "" {
		set("page", strings.ReplaceAll(p, "–", "-"))
	}
	set("number-of-pages", text("pagetotal"))
	vol, part := text("volume"), text("part")
	switch {
	case vol != "" && part != "":
		set("volume", vol+"."+part)
	case vol != "":
		set("volume", vol)
	default:
		set("volume", part)
	}
	set("number-of-volumes", text("volumes"))
	set("chapter-number", text("chapter"))
	set("edition", text("edition"))
	set("version", text("version"))
	if n := text("number"); n != "" {
		switch {
		case bookLike[et]:
			set("collection-number", n)
		case articleLike[et]:
			if is := text("issue"); is != "" {
				n += ", " + is
			}
			set("issue", n)
		default:
			set("number", n)
		}
	} else if articleLike[et] {
		set("issue", text("issue"))
	}

	// titles
	join := func(sep string, parts ...string) string {
		out := ""
		for _, p := range parts {
			if p == "" {
				continue
			}
			if out == "" {
				out = p
				continue
			}
			if r := lastRune(out); strings.ContainsRune("!?.,:;", r) {
				out += " " + p
			} else {
				out += sep + " " + p
			}
		}
		return out
	}
	hasMain := raw("maintitle") != ""
	isPeriodical := et == "periodical"
	isChapter := chapterLike[et]
	var t, subt, addon string
	switch {
	case isPeriodical && raw("issuetitle") != "":
		t, subt = title("issuetitle"), title("issuesubtitle")
	case hasMain && !isChapter:
		t, subt, addon = title("maintitle"), title("mainsubtitle"), title("maintitleaddon")
	default:
		t, subt, addon = title("title"), title("subtitle"), title("titleaddon")
	}
	if t != "" {
		set("title", join(".", join(":", t, subt), addon))
	}
	if hasMain && !isChapter {
		set("volume-title", join(".", join(":", title("title"), title("subtitle")), title("titleaddon")))
	} else if hasMain && isChapter {
		set("volume-title", join(".", join(":", title("booktitle"), title("booksubtitle")), title("booktitleaddon")))
	}
	var ct string
	switch {
	case isPeriodical:
		ct = join(".", join(":", text("title"), text("subtitle")), text("titleaddon"))
	case isChapter && hasMain:
		ct = join(".", join(":", title("maintitle"), title("mainsubtitle")), title("maintitleaddon"))
	case isChapter:
		ct = join(".", join(":", title("booktitle"), title("booksubtitle")), title("booktitleaddon"))
	default:
		ct = join(".", join(":", text("journaltitle", "journal"), text("journalsubtitle")))
	}
	if ct == "" && !isChapter {
		// a booktitle on another type (an @online page of a printed
		// collection) still names its container; pandoc drops it
		ct = join(".", join(":", title("booktitle"), title("booksubtitle")), title("booktitleaddon"))
	}
	set("container-title", ct)
	switch {
	case isPeriodical && !hasMain && raw("shorttitle") != "":
		set("container-title-short", text("shorttitle"))
	case raw("shortjournal") != "":
		set("container-title-short", text("shortjournal"))
	}
	if s := title("series"); s != "" {
		if isDigits(s) {
			s = ordinalEn(s) + " " + bibStrings["jourser"]
		}
		set("collection-title", s)
	}
	if !hasMain || isChapter {
		if st := title("shorttitle"); st != "" {
			set("title-short", st)
		}
	}
	if _, ok := it.Vars["title-short"]; !ok && english && !(hasMain && !isChapter) && !(isPeriodical && raw("issuetitle") != "") {
		if st := shortTitle(raw("title")); st != "" {
			set("title-short", csl.UntitleCase(bibtex.Markup(st)))
		}
	}
	set("event-title", title("eventtitle"))
	set("original-title", title("origtitle"))

	// publisher and places
	// publisher names are not split at "and" (biblatex lists them with
	// "and", but "Command and General Staff College" is one name); places
	// are
	var pubs []string
	for _, k := range []string{"school", "institution", "organization", "howpublished", "publisher"} {
		if v := text(k); v != "" {
			pubs = append(pubs, v)
		}
	}
	set("publisher", strings.Join(pubs, "; "))
	set("original-publisher", text("origpublisher"))
	set("event-place", text("venue"))
	if et == "patent" {
		set("jurisdiction", listToText(text("location")))
		set("publisher-place", listToText(text("address")))
	} else {
		set("publisher-place", listToText(text("address", "location")))
	}
	set("original-publisher-place", listToText(text("origlocation")))

	// identifiers
	if u := raw("url"); u != "" {
		set("URL", stripURL(u))
	} else if ep := raw("eprint"); ep != "" {
		base := map[string]string{"arxiv": "https://arxiv.org/abs/", "jstor": "https://www.jstor.org/stable/",
			"pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/", "googlebooks": "https://books.google.com?id="}[strings.ToLower(raw("eprinttype", "archiveprefix"))]
		if base != "" {
			set("URL", base+ep)
		}
	}
	set("DOI", cleanDOI(raw("doi")))
	set("ISBN", raw("isbn"))
	set("ISSN", raw("issn"))
	set("PMID", raw("pmid"))
	set("PMCID", raw("pmcid"))
	set("call-number", raw("library"))

	// notes
	if et != "periodical" {
		set("note", join(".", text("note"), text("addendum")))
	}
	set("annote", text("annotation", "annote"))
	set("abstract", text("abstract"))
	set("keyword", text("keywords"))
	if ps := raw("pubstate"); ps != "" {
		set("status", bibtex.Decode(ps))
	}
	return it
}

func lastRune(s string) rune {
	r := []rune(s)
	if len(r) == 0 {
		return 0
	}
	return r[len(r)-1]
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func ordinalEn(n string) string {
	i, _ := strconv.Atoi(n)
	switch {
	case i%100 >= 11 && i%100 <= 13:
		return n + "th"
	case i%10 == 1:
		return n + "st"
	case i%10 == 2:
		return n + "nd"
	case i%10 == 3:
		return n + "rd"
	}
	return n + "th"
}

// listToText writes a biblatex list ("Berlin and New York") with
// semicolons.
func listToText(s string) string {
	if !strings.Contains(s, " and ") {
		return s
	}
	return strings.Join(strings.Split(s, " and "), "; ")
}

func stripURL(u string) string {
	u = strings.TrimSpace(u)
	u = strings.TrimPrefix(u, `\url{`)
	u = strings.TrimSuffix(u, "}")
	return strings.TrimSpace(u)
}

// bibNames parses a name list: "and"-separated, BibTeX name forms, braced
// corporate names as literals, biblatex's family=..., given=... form.
func bibNames(raw string) []csl.Name {
	var out []csl.Name
	for _, part := range splitNames(raw) {
		if strings.Contains(part, "=") && !strings.HasPrefix(strings.TrimSpace(part), "{") {
			if n, ok := keyedName(part); ok {
				out = append(out, n)
				continue
			}
		}
		ns, others := bibtex.ParseNames(part)
		if others {
			out = append(out, csl.Name{Literal: "others"})
			continue
		}
		for _, n := range ns {
			if n.Corporate {
				out = append(out, csl.Name{Literal: n.Last})
				continue
			}
			// BibTeX's "von" part is a dropping particle, as in biblatex
			// without useprefix (and pandoc)
			cn := csl.Name{Family: n.Last, Given: n.First, Suffix: n.Jr, DroppingParticle: n.Von}
			out = append(out, cn)
		}
	}
	// "and others" stays a literal name "others", as pandoc keeps it: the
	// processor writes it as et al.
	return out
}

func splitNames(raw string) []string {
	ns, _ := bibtex.ParseNames(raw)
	if len(ns) == 0 && !strings.Contains(strings.ToLower(raw), "others") {
		return nil
	}
	// keyed names (family=..., given=...) need the raw parts, which
	// ParseNames does not give
	return bibtex.SplitAnd(raw)
}

// keyedName reads biblatex's extended name format
// "family=Gogh, given=Vincent, prefix=van, useprefix=true".
func keyedName(s string) (csl.Name, bool) {
	var n csl.Name
	prefix, usePrefix := "", false
	found := false
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		v = bibtex.Decode(strings.TrimSpace(v))
		switch k {
		case "family":
			n.Family, found = v, true
		case "given":
			n.Given = strings.TrimSpace(n.Given + " " + v)
			found = true
		case "prefix":
			prefix = v
		case "suffix":
			n.Suffix = v
		case "useprefix":
			usePrefix = v == "true"
		}
	}
	if usePrefix {
		n.NonDroppingParticle = prefix
	} else {
		n.DroppingParticle = prefix
	}
	return n, found
}

var monthNames = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

func parseMonth(s string) int {
	s = strings.ToLower(strings.TrimSpace(bibtex.Decode(s)))
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	if len(s) >= 3 {
		if n, ok := monthNames[s[:3]]; ok {
			return n
		}
	}
	return 0
}

// bibDate reads an EDTF date field, or the old year/month/day fields
// (with the prefix: "", "event", "orig", "url").
func bibDate(edtf string, f map[string]string, prefix string) *csl.Date {
	if edtf != "" {
		d := csl.ParseDateString(strings.ReplaceAll(bibtex.Decode(edtf), "\u00a0", "~"))
		return d
	}
	ys := strings.TrimSpace(bibtex.Decode(f[prefix+"year"]))
	if ys == "" {
		return nil
	}
	y, err := strconv.Atoi(strings.Replace(ys, "–", "-", 1))
	if err != nil {
		return &csl.Date{Literal: ys}
	}
	d := &csl.Date{Parts: [][3]int{{y, 0, 0}}, NParts: []int{1}}
	if m := parseMonth(f[prefix+"month"]); m > 0 && m <= 12 {
		d.Parts[0][1] = m
		d.NParts[0] = 2
		if day, err := strconv.Atoi(strings.TrimSpace(f[prefix+"day"])); err == nil && day > 0 && day <= 31 {
			d.Parts[0][2] = day
			d.NParts[0] = 3
		}
	}
	if ey, err := strconv.Atoi(strings.TrimSpace(bibtex.Decode(f[prefix+"endyear"]))); err == nil {
		end := [3]int{ey, 0, 0}
		n := 1
		if m := parseMonth(f[prefix+"endmonth"]); m > 0 && m <= 12 {
			end[1], n = m, 2
		}
		d.Parts = append(d.Parts, end)
		d.NParts = append(d.NParts, n)
	}
	return d
}

// resolveCrossRefs lets entries inherit the fields of the entries their
// crossref or xdata fields name (biblatex's inheritance: a book's title
// becomes an inbook's booktitle), without overriding their own fields.
func resolveCrossRefs(entries []bibtex.Entry) []bibtex.Entry {
	byKey := map[string]*bibtex.Entry{}
	for i := range entries {
		byKey[strings.ToLower(entries[i].Key)] = &entries[i]
	}
	out := make([]bibtex.Entry, 0, len(entries))
	for _, e := range entries {
		if e.Type == "xdata" {
			continue
		}
		fields := map[string]string{}
		for k, v := range e.Fields {
			fields[k] = v
		}
		inherit(fields, e.Type, e.Fields, byKey, 0)
		e.Fields = fields
		out = append(out, e)
	}
	return out
}

func inherit(dst map[string]string, childType string, own map[string]string, byKey map[string]*bibtex.Entry, depth int) {
	if depth > 8 {
		return
	}
	for _, field := range []string{"crossref", "xdata"} {
		for _, key := range strings.FieldsFunc(own[field], func(r rune) bool { return r == ',' || r == ' ' }) {
			parent := byKey[strings.ToLower(key)]
			if parent == nil {
				continue
			}
			// the parent's own parents first, so that nearer fields win
			pf := map[string]string{}
			for k, v := range parent.Fields {
				pf[k] = v
			}
			inherit(pf, parent.Type, parent.Fields, byKey, depth+1)
			for k, v := range pf {
				for _, k2 := range transformKey(parent.Type, childType, k, field == "xdata") {
					if _, has := dst[k2]; !has {
						dst[k2] = v
					}
				}
			}
		}
	}
}

// transformKey is biblatex's field mapping for inheritance (its manual's
// appendix B).
func transformKey(src, dst, k string, xdata bool) []string {
	switch k {
	case "ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label", "options",
		"presort", "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand",
		"shorthandintro", "sortkey":
		return nil
	}
	if xdata {
		return []string{k}
	}
	in := func(s string, l ...string) bool {
		for _, x := range l {
			if s == x {
				return true
			}
		}
		return false
	}
	if k == "author" && (in(src, "mvbook", "book") && in(dst, "inbook", "bookinbook", "suppbook") || src == "mvbook" && dst == "book") {
		return []string{"bookauthor", "author"}
	}
	standard := func() []string {
		switch k {
		case "title":
			return []string{"maintitle"}
		case "subtitle":
			return []string{"mainsubtitle"}
		case "titleaddon":
			return []string{"maintitleaddon"}
		case "shorttitle", "sorttitle", "indextitle", "indexsorttitle":
			return nil
		}
		return []string{k}
	}
	book := func() []string {
		switch k {
		case "title":
			return []string{"booktitle"}
		case "subtitle":
			return []string{"booksubtitle"}
		case "titleaddon":
			return []string{"booktitleaddon"}
		case "shorttitle", "sorttitle", "indextitle", "indexsorttitle":
			return nil
		}
		return []string{k}
	}
	switch {
	case src == "mvbook" && in(dst, "book", "inbook", "bookinbook", "suppbook"):
		return standard()
	case in(src, "mvcollection", "mvreference") && in(dst, "collection", "reference", "incollection", "inreference", "suppcollection"):
		return standard()
	case src == "mvproceedings" && in(dst, "proceedings", "inproceedings"):
		return standard()
	case src == "book" && in(dst, "inbook", "bookinbook", "suppbook"):
		return book()
	case in(src, "collection", "reference") && in(dst, "incollection", "inreference", "suppcollection"):
		return book()
	case src == "proceedings" && dst == "inproceedings":
		return book()
	case src == "periodical" && in(dst, "article", "suppperiodical"):
		switch k {
		case "title":
			return []string{"journaltitle"}
		case "subtitle":
			return []string{"journalsubtitle"}
		case "shorttitle", "sorttitle", "indextitle", "indexsorttitle":
			return nil
		}
	}
	// plain BibTeX crossref: a book's title is the booktitle of the
	// entries in it
	if k == "title" && in(dst, "inbook", "incollection", "inproceedings") {
		return []string{"booktitle"}
	}
	return []string{k}
}

// isYears reports whether a word is a year or a range of years ("1918",
// "1918--1922", "1933–41").
func isYears(w string) bool {
	w = strings.Trim(w, "{},.;")
	digits := 0
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '-' || r == '–' || r == '/':
		default:
			return false
		}
	}
	return digits >= 2
}

var shortArticle = map[string]bool{"a": true, "an": true, "the": true}
var shortStop = map[string]bool{"a": true, "an": true, "the": true, "and": true, "or": true, "of": true,
	"in": true, "on": true, "at": true, "to": true, "for": true, "with": true, "by": true, "from": true, "into": true}

// shortTitle derives a short title for an English title without one, as
// the Chicago Manual (14.30) shortens titles: the title before a colon,
// without an initial article, cut to at most four words that do not end
// on an article or preposition (five when the fifth is the last and ends
// a phrase the fourth began). It works on the BibTeX value, where a
// braced group is one word; it is "" when the title is short already.
func shortTitle(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	// words at brace depth 0, up to a colon at depth 0
	var w []string
	depth, start := 0, 0
	colon := false
	for i := 0; i <= len(raw) && !colon; i++ {
		c := byte(' ')
		if i < len(raw) {
			c = raw[i]
		}
		switch c {
		case '{':
			depth++
		case '}':
			if depth > 0 {
				depth--
			}
		case ' ', '\t', '\n', ':':
			if depth > 0 {
				continue
			}
			if c == ':' && (i+1 >= len(raw) || raw[i+1] != ' ') {
				continue
			}
			if i > start {
				w = append(w, raw[start:i])
			}
			start = i + 1
			if c == ':' {
				colon = true
			}
		}
	}
	full := len(w)
	if len(w) > 1 && shortArticle[strings.ToLower(w[0])] {
		w = w[1:]
	}
	// four words at most; a braced group counts its words and is not cut
	words := 0
	for k, tok := range w {
		n := len(strings.Fields(tok))
		if words+n > 4 {
			if words < 4 && n > 1 {
				k++ // a braced name is not cut ("Myth of the {Kwantung Army}")
			}
			if k == 0 {
				k = 1
			}
			if k == len(w)-1 && n == 1 && !shortStop[strings.ToLower(w[k-1])] && !strings.HasSuffix(w[k-1], ",") && !isYears(tok) {
				// one word more would be cut off a phrase ("Anatomy of
				// a Small War", not "Anatomy of a Small")
				k++
			}
			w = w[:k]
			for len(w) > 1 && shortStop[strings.ToLower(strings.Trim(w[len(w)-1], ",;"))] {
				w = w[:len(w)-1]
			}
			break
		}
		words += n
	}
	if len(w) == full && !colon {
		return ""
	}
	return strings.TrimRight(strings.Join(w, " "), ",;:")
}
