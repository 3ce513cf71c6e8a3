// Package cite resolves a document's citations against its bibliography
// and formats them with a CSL style (package csl), as footnotes for note
// styles and in the text for the others, adding the bibliography.
//
// Bibliographies are BibTeX or biblatex (.bib, read by package bibtex and
// mapped to CSL items as pandoc's citeproc maps them), CSL-JSON (.json) or
// CSL-YAML (.yaml, .yml) files. The style is the front matter's csl: file
// (inside the manuscript folder) or a style that ships with Quire, named
// by citation-style:; the locale follows locale: or lang:.
package cite

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"

	"quire/internal/cite/bibtex"
	"quire/internal/csl"
	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/project"
)

// Entry is one work of a library: its CSL item and where it is defined.
type Entry struct {
	Key  string
	Item *csl.Item
	Pos  diag.Pos
}

// Library holds the entries of one or more databases, by key.
type Library struct {
	entries map[string]*Entry
	keys    []string // in the order read
	failed  []string // databases that could not be read, or held no entry
	folder  *project.Folder
}

func (l *Library) folderOrNil() *project.Folder {
	if l == nil {
		return nil
	}
	return l.folder
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
			if reflect.DeepEqual(first.Item, e.Item) {
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

// format is a bibliography file's format, from its name.
func format(p string) string {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".json":
		return "json"
	case ".yaml", ".yml":
		return "yaml"
	}
	return "bibtex"
}

// Load reads the BibTeX (.bib), CSL-JSON (.json) and CSL-YAML (.yaml,
// .yml) files named by paths (relative to the manuscript folder) through
// folder, which refuses files outside it, special files and files over the
// size limit. Problems are reported to diags with the file and line; the
// entries that could be read are kept. A file whose content is another
// format than its name says, or binary, is an error naming it.
func Load(paths []string, folder *project.Folder, diags *diag.List) *Library {
	return LoadWith(paths, folder, diags, nil)
}

// LoadWith is Load, taking what it made of a file whose bytes are
// unchanged from s (which may be nil; see Sources).
func LoadWith(paths []string, folder *project.Folder, diags *diag.List, s *Sources) *Library {
	l := &Library{entries: map[string]*Entry{}, folder: folder}
	s.begin()
	for _, p := range paths {
		src, err := folder.ReadFile(p, project.Bibliography)
		if err != nil {
			diags.Errorf(diag.Pos{File: p}, hintOf(err, "check the bibliography: entry in the front matter"), "%v", err)
			l.failed = append(l.failed, p)
			continue
		}
		f := s.get(p, src, diags.Draft)
		if f == nil {
			var own diag.List
			own.Draft = diags.Draft
			f = parseFile(p, src, &own)
			f.src, f.draft, f.diags = src, diags.Draft, own.Recorded()
			s.put(p, f)
		}
		for _, d := range f.diags {
			diags.Add(d)
		}
		if f.skip {
			l.failed = append(l.failed, p)
			continue
		}
		if len(f.entries) == 0 && len(bytes.TrimSpace(src)) > 0 {
			l.failed = append(l.failed, p)
		}
		for _, e := range f.entries {
			if u := e.Item.Vars["URL"]; u != "" {
				if scheme, ok := doc.LinkScheme(u); !ok {
					diags.Warnf(e.Pos, "give an http: or https: address; a PDF reader could run or open what "+scheme+": names",
						"entry %q: the url is a %s: address; it is printed but not linked", e.Key, scheme)
				}
			}
			l.add(e, diags)
		}
	}
	return l
}

// parseFile reads the entries of bibliography file p, src, reporting to
// diags: what depends only on the file's name and bytes.
func parseFile(p string, src []byte, diags *diag.List) *parsed {
	project.WarnUTF8(p, src, diags)
	fm := format(p)
	switch sniff(src) {
	case "json":
		if fm == "bibtex" {
			diags.Errorf(diag.Pos{File: p, Line: 1}, "rename the file to "+strings.TrimSuffix(p, filepath.Ext(p))+".json (CSL-JSON is read from .json files), or export BibTeX",
				"bibliography %s holds CSL-JSON, not BibTeX", p)
			return &parsed{skip: true}
		}
	case "bibtex":
		if fm != "bibtex" {
			diags.Errorf(diag.Pos{File: p, Line: 1}, "rename the file to "+strings.TrimSuffix(p, filepath.Ext(p))+".bib (BibTeX is read from .bib files)",
				"bibliography %s holds BibTeX, not CSL-%s", p, strings.ToUpper(fm))
			return &parsed{skip: true}
		}
	}
	switch fm {
	case "json":
		return &parsed{entries: ReadCSLJSON(p, src, diags)}
	case "yaml":
		return &parsed{entries: ReadCSLYAML(p, src, diags)}
	}
	return &parsed{entries: ReadBibTeX(p, src, diags)}
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

// ReadBibTeX parses a BibTeX or biblatex database named file (for
// messages) and maps its entries to CSL items; crossref and xdata fields
// are resolved first.
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
	known := map[string]bool{}
	for _, r := range raw {
		known[strings.ToLower(r.Key)] = true
	}
	for _, r := range raw {
		for _, field := range []string{"crossref", "xdata"} {
			for _, k := range strings.FieldsFunc(r.Fields[field], func(c rune) bool { return c == ',' || c == ' ' }) {
				if !known[strings.ToLower(k)] {
					diags.Warnf(diag.Pos{File: file, Line: r.Line}, "add the entry "+k+" or remove the "+field+" field",
						"entry %q: %s names %q, which the file does not hold", r.Key, field, k)
				}
			}
		}
	}
	resolved := resolveCrossRefs(raw)
	out := make([]*Entry, 0, len(resolved))
	for _, r := range resolved {
		if _, known := bibTypes[r.Type]; !known {
			diags.Warnf(diag.Pos{File: file, Line: r.Line}, "use a BibTeX or biblatex entry type (book, article, incollection...)",
				"entry %q: unknown entry type @%s; it is formatted as a generic work", r.Key, r.Type)
		}
		out = append(out, &Entry{Key: r.Key, Item: fromBibTeX(r), Pos: diag.Pos{File: file, Line: r.Line}})
	}
	return out
}

// ReadCSLJSON reads a CSL-JSON array of items named file (for messages).
func ReadCSLJSON(file string, src []byte, diags *diag.List) []*Entry {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	lines := diag.NewLineIndex(file, src, 0)
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
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
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			errAt(int64(off), err)
			return out
		}
		pos := lines.Pos(off)
		pos.Col = 0
		if e := itemEntry(m, pos, "CSL-JSON", diags); e != nil {
			out = append(out, e)
		}
	}
	return out
}

func itemEntry(m map[string]any, pos diag.Pos, what string, diags *diag.List) *Entry {
	it, err := csl.ItemFromMap(m)
	if err != nil {
		diags.Errorf(pos, "check the item against the CSL data schema", "bad %s item: %v", what, err)
		return nil
	}
	if it.ID == "" {
		diags.Errorf(pos, "give every item an \"id\"", "%s item has no id", what)
		return nil
	}
	if it.Type == "" {
		diags.Warnf(pos, "give the item a CSL type (book, article-journal, chapter...)", "%s item %q has no type", what, it.ID)
	}
	if d := it.Vars["DOI"]; d != "" {
		it.Vars["DOI"] = cleanDOI(d)
	}
	return &Entry{Key: it.ID, Item: it, Pos: pos}
}

// ReadCSLYAML reads CSL-YAML, as pandoc writes it: a mapping whose
// references key holds the items, or a list of items.
func ReadCSLYAML(file string, src []byte, diags *diag.List) []*Entry {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		line := 1
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			msg := err.Error()
			if i := strings.Index(msg, "line "); i >= 0 {
				fmt.Sscanf(msg[i+5:], "%d", &line)
			}
		}
		diags.Errorf(diag.Pos{File: file, Line: line}, "CSL-YAML is a references: list of items, as pandoc writes it", "bad CSL-YAML: %v", err)
		return nil
	}
	n := &root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind == yaml.MappingNode {
		var refs *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == "references" {
				refs = n.Content[i+1]
			}
		}
		if refs == nil {
			diags.Errorf(diag.Pos{File: file, Line: n.Line}, "put the items under a references: key", "CSL-YAML without references:")
			return nil
		}
		n = refs
	}
	if n.Kind != yaml.SequenceNode {
		diags.Errorf(diag.Pos{File: file, Line: n.Line}, "CSL-YAML is a references: list of items, as pandoc writes it", "CSL-YAML references is not a list")
		return nil
	}
	var out []*Entry
	for _, itn := range n.Content {
		pos := diag.Pos{File: file, Line: itn.Line}
		var m map[string]any
		if err := itn.Decode(&m); err != nil {
			diags.Errorf(pos, "each item is a mapping of CSL variables", "bad CSL-YAML item: %v", err)
			continue
		}
		normalizeYAML(m)
		if e := itemEntry(m, pos, "CSL-YAML", diags); e != nil {
			out = append(out, e)
		}
	}
	return out
}

// normalizeYAML turns the shapes CSL-YAML allows into CSL-JSON's: dates
// written as 2001-03-04 (a time.Time to YAML) or as a list of
// {year, month, day}, numbers as strings.
func normalizeYAML(m map[string]any) {
	for k, v := range m {
		if csl.IsDateVariable(k) {
			m[k] = yamlDate(v)
		}
	}
}

func yamlDate(v any) any {
	switch x := v.(type) {
	case interface{ Format(string) string }:
		return x.Format("2006-01-02")
	case int:
		return fmt.Sprint(x)
	case []any:
		var parts []any
		for _, p := range x {
			pm, ok := p.(map[string]any)
			if !ok {
				return v
			}
			var dp []any
			for _, key := range []string{"year", "month", "day"} {
				if val, ok := pm[key]; ok {
					dp = append(dp, fmt.Sprint(val))
				} else {
					break
				}
			}
			parts = append(parts, dp)
		}
		return map[string]any{"date-parts": parts}
	case map[string]any:
		if _, ok := x["date-parts"]; ok {
			return x
		}
		var dp []any
		for _, key := range []string{"year", "month", "day"} {
			if val, ok := x[key]; ok {
				dp = append(dp, fmt.Sprint(val))
			} else {
				break
			}
		}
		if len(dp) > 0 {
			return map[string]any{"date-parts": []any{dp}}
		}
	}
	return v
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
