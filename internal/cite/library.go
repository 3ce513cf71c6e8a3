// Package cite resolves citations against a bibliography and formats them in
// the Chicago Manual of Style (17th edition), notes-bibliography or
// author-date, adding the bibliography or reference list to the document.
//
// Databases are BibTeX (.bib) files, read by package bibtex, or CSL-JSON
// (.json) files as Zotero exports them.
package cite

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"quire/internal/cite/bibtex"
	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/project"
)

// Name is a person's or a body's name.
type Name struct {
	Given    string // "Alvin D."
	Particle string // "van", "de"
	Family   string // "Coox"; the whole name of a corporate author
	Suffix   string // "Jr."
	Literal  bool   // corporate or otherwise unsplittable: Family only
}

// Entry is one work in the library, with decoded field values.
type Entry struct {
	Key  string
	Type string // BibTeX type, lower case; CSL-JSON types are mapped to it

	Authors     []Name
	Editors     []Name
	Translators []Name
	EtAl        bool // the author list ended with "and others"

	Title       string
	ShortTitle  string // for short notes; "" means derived from Title
	Container   string // booktitle, journal or web site
	Volume      string
	Volumes     string // number of volumes
	Number      string // issue, or report number
	Pages       string
	Publisher   string // publisher, institution or school
	Place       string
	Year        string // "1985", or "" when undated
	Date        string // full date as written (YYYY-MM-DD), may equal Year
	Edition     string
	Series      string
	URL         string
	DOI         string
	Note        string
	URLDate     string // access date, YYYY-MM-DD
	Genre       string // thesis or report type
	Institution string

	Pos diag.Pos // where the entry is defined

	// Styled forms of Title and Container when they hold emphasis
	// (\emph{...}); nil otherwise.
	titleSpans, containerSpans []bibtex.Span
}

// Library holds the entries of one or more databases, by key.
type Library struct {
	entries map[string]*Entry
	keys    []string // in the order read
	failed  []string // databases that could not be read, or held no entry
}

// NewLibrary returns a library holding entries; later duplicates are dropped.
func NewLibrary(entries ...*Entry) *Library {
	l := &Library{entries: map[string]*Entry{}}
	for _, e := range entries {
		l.add(e, nil)
	}
	return l
}

func (l *Library) add(e *Entry, diags *diag.List) {
	if first, ok := l.entries[e.Key]; ok {
		if diags != nil {
			a, b := *first, *e
			a.Pos, b.Pos = diag.Pos{}, diag.Pos{}
			if reflect.DeepEqual(a, b) {
				diags.Warnf(e.Pos, "delete one of the copies", "duplicate entry %q, identical to the one at %s; the copy is ignored", e.Key, first.Pos)
			} else {
				diags.Errorf(e.Pos, "keep one of the two entries or rename a key",
					"duplicate citation key %q with different content (first defined at %s)", e.Key, first.Pos)
			}
		}
		return
	}
	l.entries[e.Key] = e
	l.keys = append(l.keys, e.Key)
}

// Lookup returns the entry with the given key.
func (l *Library) Lookup(key string) (*Entry, bool) {
	if l == nil {
		return nil, false
	}
	e, ok := l.entries[key]
	return e, ok
}

// Keys returns the keys in the order they were read.
func (l *Library) Keys() []string {
	if l == nil {
		return nil
	}
	return append([]string(nil), l.keys...)
}

// Len returns the number of entries.
func (l *Library) Len() int {
	if l == nil {
		return 0
	}
	return len(l.keys)
}

// Load reads the BibTeX (.bib) and CSL-JSON (.json) files named by paths
// (relative to the manuscript folder) through folder, which refuses files
// outside it, special files and files over the size limit. Problems are
// reported to diags with the file and line; the entries that could be read
// are kept. A file whose content is the other format (CSL-JSON in a .bib,
// BibTeX in a .json), or binary, is an error naming it.
func Load(paths []string, folder *project.Folder, diags *diag.List) *Library {
	l := &Library{entries: map[string]*Entry{}}
	for _, p := range paths {
		src, err := folder.ReadFile(p, project.Bibliography)
		if err != nil {
			diags.Errorf(diag.Pos{File: p}, hintOf(err, "check the bibliography: entry in the front matter"), "%v", err)
			l.failed = append(l.failed, p)
			continue
		}
		project.WarnUTF8(p, src, diags)
		isJSON := strings.EqualFold(filepath.Ext(p), ".json")
		switch sniff(src) {
		case "json":
			if !isJSON {
				diags.Errorf(diag.Pos{File: p, Line: 1}, "rename the file to "+strings.TrimSuffix(p, filepath.Ext(p))+".json (CSL-JSON is read from .json files), or export BibTeX",
					"bibliography %s holds CSL-JSON, not BibTeX", p)
				l.failed = append(l.failed, p)
				continue
			}
		case "bibtex":
			if isJSON {
				diags.Errorf(diag.Pos{File: p, Line: 1}, "rename the file to "+strings.TrimSuffix(p, filepath.Ext(p))+".bib (BibTeX is read from .bib files)",
					"bibliography %s holds BibTeX, not CSL-JSON", p)
				l.failed = append(l.failed, p)
				continue
			}
		}
		var entries []*Entry
		if isJSON {
			entries = ReadCSLJSON(p, src, diags)
		} else {
			entries = ReadBibTeX(p, src, diags)
		}
		if len(entries) == 0 && len(bytes.TrimSpace(src)) > 0 {
			l.failed = append(l.failed, p)
		}
		for _, e := range entries {
			if scheme, ok := doc.LinkScheme(e.URL); !ok {
				diags.Warnf(e.Pos, "give an http: or https: address; a PDF reader could run or open what "+scheme+": names",
					"entry %q: the url is a %s: address; it is printed but not linked", e.Key, scheme)
			}
			l.add(e, diags)
		}
	}
	return l
}

// sniff guesses a bibliography's format from its first significant byte:
// "json" for [ or {, "bibtex" for @ or %, "" otherwise.
func sniff(src []byte) string {
	s := bytes.TrimLeft(bytes.TrimPrefix(src, []byte("\uFEFF")), " \t\r\n")
	if len(s) == 0 {
		return ""
	}
	switch s[0] {
	case '[', '{':
		return "json"
	case '@', '%':
		return "bibtex"
	}
	return ""
}

func hintOf(err error, def string) string {
	var h interface{ HintText() string }
	if errors.As(err, &h) && h.HintText() != "" {
		return h.HintText()
	}
	return def
}

// ReadBibTeX parses a BibTeX database named file (for messages).
func ReadBibTeX(file string, src []byte, diags *diag.List) []*Entry {
	raw, errs := bibtex.Parse(src)
	for _, e := range errs {
		pos := diag.Pos{File: file, Line: e.Line}
		if e.Warning {
			diags.Warnf(pos, "the entry is kept; check it in the .bib file", "%s", e.Msg)
		} else {
			diags.Errorf(pos, "fix the .bib file; the entry is left out", "%s", e.Msg)
		}
	}
	out := make([]*Entry, 0, len(raw))
	for _, r := range raw {
		out = append(out, fromBibTeX(file, r))
	}
	return out
}

func names(raw string) ([]Name, bool) {
	ns, others := bibtex.ParseNames(raw)
	out := make([]Name, 0, len(ns))
	for _, n := range ns {
		out = append(out, Name{Given: n.First, Particle: n.Von, Family: n.Last, Suffix: n.Jr, Literal: n.Corporate})
	}
	return out, others
}

var yearRE = regexp.MustCompile(`\d{4}`)

func fromBibTeX(file string, r bibtex.Entry) *Entry {
	f := func(names ...string) string {
		for _, n := range names {
			if v, ok := r.Fields[n]; ok {
				if d := bibtex.Decode(v); d != "" {
					return d
				}
			}
		}
		return ""
	}
	e := &Entry{Key: r.Key, Type: r.Type, Pos: diag.Pos{File: file, Line: r.Line}}
	e.Authors, e.EtAl = names(r.Fields["author"])
	e.Editors, _ = names(r.Fields["editor"])
	e.Translators, _ = names(r.Fields["translator"])
	e.Title = f("title")
	e.ShortTitle = f("shorttitle")
	switch r.Type {
	case "article":
		e.Container = f("journaltitle", "journal")
	case "online", "misc", "software", "electronic", "www":
		e.Container = f("journaltitle", "journal", "booktitle", "organization", "howpublished", "publisher")
	default:
		e.Container = f("booktitle")
	}
	e.titleSpans = styled(r.Fields["title"])
	for _, n := range []string{"journaltitle", "journal", "booktitle"} {
		if v, ok := r.Fields[n]; ok && bibtex.Decode(v) == e.Container {
			e.containerSpans = styled(v)
			break
		}
	}
	e.Volume = f("volume")
	e.Volumes = f("volumes")
	e.Number = f("number", "issue")
	e.Pages = f("pages")
	e.Institution = f("institution", "school")
	e.Publisher = f("publisher")
	if e.Publisher == "" {
		e.Publisher = e.Institution
	}
	e.Place = f("location", "address")
	e.Date = f("date")
	e.Year = f("year")
	if e.Year == "" {
		e.Year = yearRE.FindString(e.Date)
	}
	if e.Date == "" {
		e.Date = e.Year
	}
	if m := f("month"); m != "" && e.Date == e.Year && e.Year != "" {
		if n, err := strconv.Atoi(m); err == nil && n >= 1 && n <= 12 {
			e.Date = fmt.Sprintf("%s-%02d", e.Year, n)
		} else {
			e.Date = m + " " + e.Year
		}
	}
	e.Edition = f("edition")
	e.Series = f("series")
	e.URL = strings.TrimSpace(r.Fields["url"])
	e.DOI = cleanDOI(r.Fields["doi"])
	e.Note = f("note")
	e.URLDate = f("urldate")
	e.Genre = f("type")
	if e.Type == "mastersthesis" && e.Genre == "" {
		e.Genre = "MA thesis"
	}
	return e
}

// styled returns the decoded spans of v when some are italic.
func styled(v string) []bibtex.Span {
	sp := bibtex.DecodeSpans(v)
	for _, s := range sp {
		if s.Italic {
			return sp
		}
	}
	return nil
}

func cleanDOI(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return s[len(p):]
		}
	}
	return s
}

// cslName is a CSL-JSON name object.
type cslName struct {
	Family      string `json:"family"`
	Given       string `json:"given"`
	Literal     string `json:"literal"`
	NonDropping string `json:"non-dropping-particle"`
	Dropping    string `json:"dropping-particle"`
	Suffix      string `json:"suffix"`
}

type cslDate struct {
	DateParts [][]any `json:"date-parts"`
	Raw       string  `json:"raw"`
	Literal   string  `json:"literal"`
}

// cslItem is the part of a CSL-JSON item that Quire uses.
type cslItem struct {
	ID             any       `json:"id"`
	Type           string    `json:"type"`
	Author         []cslName `json:"author"`
	Editor         []cslName `json:"editor"`
	Translator     []cslName `json:"translator"`
	Title          string    `json:"title"`
	TitleShort     string    `json:"title-short"`
	ContainerTitle string    `json:"container-title"`
	Volume         any       `json:"volume"`
	Volumes        any       `json:"number-of-volumes"`
	Issue          any       `json:"issue"`
	Number         any       `json:"number"`
	Page           any       `json:"page"`
	Publisher      string    `json:"publisher"`
	PublisherPlace string    `json:"publisher-place"`
	Issued         *cslDate  `json:"issued"`
	Accessed       *cslDate  `json:"accessed"`
	Edition        any       `json:"edition"`
	Collection     string    `json:"collection-title"`
	URL            string    `json:"URL"`
	DOI            string    `json:"DOI"`
	Note           string    `json:"note"`
	Genre          string    `json:"genre"`
}

// cslTypes maps CSL types to BibTeX entry types.
var cslTypes = map[string]string{
	"book": "book", "article-journal": "article", "article-magazine": "article",
	"article-newspaper": "article", "article": "article", "chapter": "incollection",
	"paper-conference": "inproceedings", "thesis": "phdthesis", "report": "report",
	"webpage": "online", "post-weblog": "online", "post": "online",
	"collection": "collection", "entry-encyclopedia": "incollection",
	"entry-dictionary": "incollection", "manuscript": "misc", "software": "misc",
}

func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case json.Number:
		return v.String()
	}
	return ""
}

func (d *cslDate) iso() (year, full string) {
	if d == nil {
		return "", ""
	}
	if len(d.DateParts) > 0 && len(d.DateParts[0]) > 0 {
		var parts []string
		for i, p := range d.DateParts[0] {
			s := str(p)
			if i > 0 && len(s) == 1 {
				s = "0" + s
			}
			parts = append(parts, s)
		}
		return parts[0], strings.Join(parts, "-")
	}
	s := d.Raw
	if s == "" {
		s = d.Literal
	}
	return yearRE.FindString(s), s
}

func cslNames(ns []cslName) []Name {
	out := make([]Name, 0, len(ns))
	for _, n := range ns {
		if n.Literal != "" {
			out = append(out, Name{Family: n.Literal, Literal: true})
			continue
		}
		p := strings.TrimSpace(strings.TrimSpace(n.Dropping + " " + n.NonDropping))
		out = append(out, Name{Given: n.Given, Particle: p, Family: n.Family, Suffix: n.Suffix})
	}
	return out
}

// ReadCSLJSON reads a CSL-JSON array of items named file (for messages).
func ReadCSLJSON(file string, src []byte, diags *diag.List) []*Entry {
	lines := diag.NewLineIndex(file, src, 0)
	dec := json.NewDecoder(bytes.NewReader(src))
	errAt := func(off int64, err error) {
		diags.Errorf(lines.Pos(int(off)), "CSL-JSON must be an array of items, as Zotero exports it",
			"bad CSL-JSON: %v", err)
	}
	tok, err := dec.Token()
	if err != nil {
		errAt(dec.InputOffset(), err)
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		errAt(0, fmt.Errorf("expected an array"))
		return nil
	}
	var out []*Entry
	for dec.More() {
		off := int(dec.InputOffset())
		for off < len(src) && (src[off] == ',' || src[off] == ' ' || src[off] == '\n' || src[off] == '\r' || src[off] == '\t') {
			off++
		}
		var it cslItem
		if err := dec.Decode(&it); err != nil {
			errAt(int64(off), err)
			return out
		}
		pos := lines.Pos(off)
		pos.Col = 0
		key := str(it.ID)
		if key == "" {
			diags.Errorf(pos, "give every item an \"id\"", "CSL-JSON item has no id")
			continue
		}
		typ, ok := cslTypes[it.Type]
		if !ok {
			typ = "misc"
		}
		e := &Entry{Key: key, Type: typ, Pos: pos,
			Authors: cslNames(it.Author), Editors: cslNames(it.Editor), Translators: cslNames(it.Translator),
			Title: it.Title, ShortTitle: it.TitleShort, Container: it.ContainerTitle, Volume: str(it.Volume), Volumes: str(it.Volumes),
			Number: str(it.Issue), Pages: strings.ReplaceAll(str(it.Page), "-", "–"),
			Publisher: it.Publisher, Place: it.PublisherPlace, Edition: str(it.Edition),
			Series: it.Collection, URL: it.URL, DOI: cleanDOI(it.DOI), Note: it.Note, Genre: it.Genre}
		if e.Number == "" {
			e.Number = str(it.Number)
		}
		e.Year, e.Date = it.Issued.iso()
		_, e.URLDate = it.Accessed.iso()
		if typ == "phdthesis" || typ == "report" {
			e.Institution = e.Publisher
		}
		out = append(out, e)
	}
	return out
}
