package project

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"quire/internal/diag"
	"quire/internal/doc"
)

// maxFrontMatter bounds the front matter's size; YAML bombs and runaway
// blocks are refused before parsing.
const maxFrontMatter = 256 << 10

// splitFrontMatter separates a leading YAML block delimited by "---" lines
// from the body. It returns the YAML (without delimiters), the body, and the
// number of lines before the body. ok is false when src has no front matter;
// closed is false when the opening line has no closing line.
func splitFrontMatter(src []byte) (yml, body []byte, bodyLine int, ok, closed bool) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	first, rest, found := bytes.Cut(src, []byte("\n"))
	if !found || strings.TrimRight(string(first), " \t\r") != "---" {
		return nil, src, 0, false, false
	}
	line := 1
	off := len(first) + 1
	for len(rest) > 0 {
		l, r, _ := bytes.Cut(rest, []byte("\n"))
		line++
		t := strings.TrimRight(string(l), " \t\r")
		if t == "---" || t == "..." {
			return src[len(first)+1 : off], r, line, true, true
		}
		off += len(l) + 1
		rest = r
	}
	return nil, src, 0, true, false
}

// known front-matter keys; anything else draws a warning.
var knownKeys = map[string]bool{
	"title": true, "subtitle": true, "short-title": true, "authors": true, "author": true,
	"date": true, "abstract": true, "keywords": true, "lang": true, "papersize": true,
	"fontsize": true, "bibliography": true, "citation-style": true, "bibliography-title": true,
	"reference-section-title": true, "nocite": true, "ibid": true, "profile": true,
	"anonymous": true, "journal": true, "profiles": true, "acknowledgements": true,
}

// parseFrontMatter decodes yml into meta, reporting positions relative to the
// file (the YAML's first line is file line 2). abstract is returned as raw
// Markdown with its file line so the caller can convert it.
func parseFrontMatter(file string, yml []byte, meta *doc.Meta, diags *diag.List) (abstract string, abstractLine int) {
	if len(yml) > maxFrontMatter {
		diags.Errorf(diag.Pos{File: file, Line: 1}, "keep the front matter to titles, authors, abstract and settings", "front matter is larger than %d KB", maxFrontMatter>>10)
		return "", 0
	}
	// YAML also counts a lone carriage return as a line break; keep its
	// line numbers within the front matter, closing --- included.
	lastLine := bytes.Count(yml, []byte("\n")) + 2
	var root yaml.Node
	if err := yaml.Unmarshal(yml, &root); err != nil {
		line := 2
		msg := err.Error()
		// yaml.v3 messages read "yaml: line N: ..."; shift to file lines.
		if strings.HasPrefix(msg, "yaml: line ") {
			rest := strings.TrimPrefix(msg, "yaml: line ")
			if i := strings.Index(rest, ":"); i > 0 {
				if n, e := strconv.Atoi(rest[:i]); e == nil {
					line = min(max(n+1, 2), lastLine)
					msg = strings.TrimSpace(rest[i+1:])
				}
			}
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		diags.Errorf(diag.Pos{File: file, Line: line}, "check indentation and quoting; values containing ':' need quotes", "invalid YAML in front matter: %s", msg)
		return "", 0
	}
	if len(root.Content) == 0 {
		return "", 0
	}
	m := root.Content[0]
	pos := func(n *yaml.Node) diag.Pos {
		return diag.Pos{File: file, Line: min(max(n.Line+1, 2), lastLine), Col: n.Column}
	}
	if m.Kind != yaml.MappingNode {
		diags.Errorf(pos(m), "write the front matter as 'key: value' lines", "front matter must be a mapping of keys to values")
		return "", 0
	}
	meta.Pos = map[string]diag.Pos{}
	meta.Extra = map[string]any{}
	str := func(k string, v *yaml.Node) (string, bool) {
		if v.Kind != yaml.ScalarNode {
			diags.Errorf(pos(v), fmt.Sprintf("write %s as text, e.g. %s: \"...\"", k, k), "%s must be text, not a %s", k, kindName(v))
			return "", false
		}
		return v.Value, true
	}
	strList := func(k string, v *yaml.Node) ([]string, bool) {
		switch v.Kind {
		case yaml.SequenceNode:
			var out []string
			for _, c := range v.Content {
				if c.Kind != yaml.ScalarNode || c.Tag == "!!null" {
					diags.Errorf(pos(c), fmt.Sprintf("give %s as a list of text items", k), "%s: each item must be text", k)
					return nil, false
				}
				out = append(out, c.Value)
			}
			return out, true
		case yaml.ScalarNode:
			if v.Tag == "!!str" {
				return []string{v.Value}, true
			}
		}
		diags.Errorf(pos(v), fmt.Sprintf("write %s as a list, e.g.\n\t%s:\n\t  - first\n\t  - second", k, k), "%s must be a list of text items, not a %s", k, kindName(v))
		return nil, false
	}
	boolean := func(k string, v *yaml.Node) (bool, bool) {
		var b bool
		if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
			diags.Errorf(pos(v), "use true or false", "%s must be true or false", k)
			return false, false
		}
		return b, true
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		kn, v := m.Content[i], m.Content[i+1]
		k := kn.Value
		meta.Pos[k] = pos(kn)
		switch k {
		case "title":
			meta.Title, _ = str(k, v)
		case "subtitle":
			meta.Subtitle, _ = str(k, v)
		case "short-title":
			meta.ShortTitle, _ = str(k, v)
		case "date":
			meta.Date, _ = str(k, v)
		case "lang":
			meta.Lang, _ = str(k, v)
		case "abstract":
			abstract, _ = str(k, v)
			abstractLine = v.Line + 1
			if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				abstractLine++
			}
		case "keywords":
			if l, ok := strList(k, v); ok {
				if len(l) == 1 && strings.ContainsAny(l[0], ",;") {
					l = splitList(l[0])
				}
				meta.Keywords = l
			}
		case "papersize":
			if s, ok := str(k, v); ok {
				s = strings.ToLower(s)
				if s != "a4" && s != "letter" {
					diags.Errorf(pos(v), "use a4 or letter", "unknown papersize %q", s)
				} else {
					meta.PaperSize = s
				}
			}
		case "fontsize":
			if s, ok := str(k, v); ok {
				f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "pt"), 64)
				if err != nil || f < 6 || f > 24 {
					diags.Errorf(pos(v), "give a size in points between 6 and 24, e.g. fontsize: 11pt", "bad fontsize %q", s)
				} else {
					meta.FontSize = f
				}
			}
		case "author", "authors":
			meta.Authors = parseAuthors(v, pos, diags)
		case "bibliography":
			meta.Bibliography, _ = strList(k, v)
		case "citation-style":
			if s, ok := str(k, v); ok {
				s = strings.TrimSuffix(strings.ToLower(s), ".csl")
				switch s {
				case "chicago-notes", "chicago-note-bibliography", "chicago-notes-bibliography", "chicago-fullnote-bibliography":
					meta.CitationStyle = "chicago-notes"
				case "chicago-author-date":
					meta.CitationStyle = "chicago-author-date"
				default:
					diags.Errorf(pos(v), "use chicago-notes or chicago-author-date", "unknown citation-style %q", s)
				}
			}
		case "bibliography-title", "reference-section-title":
			meta.BibTitle, _ = str(k, v)
		case "nocite":
			if l, ok := strList(k, v); ok {
				for _, s := range l {
					for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
						meta.NoCite = append(meta.NoCite, strings.TrimPrefix(f, "@"))
					}
				}
			}
		case "ibid":
			meta.Ibid, _ = boolean(k, v)
		case "anonymous":
			meta.Anonymous, _ = boolean(k, v)
		case "profile":
			meta.Profile, _ = str(k, v)
		case "journal":
			parseJournal(v, meta, pos, diags)
		case "profiles", "acknowledgements":
			var x any
			if err := v.Decode(&x); err == nil {
				meta.Extra[k] = x
			}
			meta.Extra[k+"@node"] = v
		default:
			if doc.IsCrossRefKey(k) { // pandoc-crossref's settings
				if meta.CrossRef == nil {
					meta.CrossRef = map[string]string{}
				}
				meta.CrossRef[k] = v.Value
				continue
			}
			diags.Warnf(pos(kn), "known keys: title, subtitle, short-title, authors, date, abstract, keywords, lang, papersize, fontsize, bibliography, citation-style", "unknown front-matter key %q is ignored", k)
		}
	}
	return abstract, abstractLine
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping"
	case yaml.AliasNode:
		return "alias"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "number"
	case "!!bool":
		return "boolean"
	case "!!null":
		return "empty value"
	}
	return "text"
}

func parseAuthors(v *yaml.Node, pos func(*yaml.Node) diag.Pos, diags *diag.List) []doc.Author {
	one := func(n *yaml.Node) (doc.Author, bool) {
		switch n.Kind {
		case yaml.ScalarNode:
			if n.Tag == "!!str" {
				return doc.Author{Name: n.Value}, true
			}
		case yaml.MappingNode:
			var a doc.Author
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, val := n.Content[i].Value, n.Content[i+1]
				known := k == "name" || k == "email" || k == "orcid" || k == "ORCID"
				if known && val.Kind != yaml.ScalarNode {
					diags.Errorf(pos(val), "write each author field as text", "author %s must be text", k)
					continue
				}
				switch k {
				case "name":
					a.Name = val.Value
				case "affiliation", "affiliations", "institute":
					// Text, or a list as pandoc templates write it:
					// of names, or of mappings with a name.
					if aff, ok := affiliation(val); ok {
						a.Affiliation = aff
					} else {
						diags.Warnf(pos(val), "write the affiliation as text", "author %s is not text or a list of names; it is ignored", k)
					}
				case "email":
					a.Email = val.Value
				case "orcid", "ORCID":
					a.ORCID = val.Value
				default:
					diags.Warnf(pos(n.Content[i]), "author fields: name, affiliation, email, orcid", "unknown author field %q is ignored", k)
				}
			}
			if a.Name == "" {
				diags.Errorf(pos(n), "give each author a name: field", "author without a name")
				return a, false
			}
			return a, true
		}
		diags.Errorf(pos(n), "write authors as a list of names or of {name, affiliation, email, orcid}", "an author must be a name or a mapping, not a %s", kindName(n))
		return doc.Author{}, false
	}
	var out []doc.Author
	if v.Kind == yaml.SequenceNode {
		for _, c := range v.Content {
			if a, ok := one(c); ok {
				out = append(out, a)
			}
		}
		return out
	}
	if a, ok := one(v); ok {
		out = append(out, a)
	}
	return out
}

// affiliation reads an author's affiliation: text, or a list of names or
// of mappings holding a name, joined by "; ".
func affiliation(v *yaml.Node) (string, bool) {
	switch v.Kind {
	case yaml.ScalarNode:
		return v.Value, true
	case yaml.SequenceNode:
		var names []string
		for _, c := range v.Content {
			switch c.Kind {
			case yaml.ScalarNode:
				names = append(names, c.Value)
			case yaml.MappingNode:
				for j := 0; j+1 < len(c.Content); j += 2 {
					if c.Content[j].Value == "name" && c.Content[j+1].Kind == yaml.ScalarNode {
						names = append(names, c.Content[j+1].Value)
					}
				}
			}
		}
		return strings.Join(names, "; "), len(names) > 0
	}
	return "", false
}

func parseJournal(v *yaml.Node, meta *doc.Meta, pos func(*yaml.Node) diag.Pos, diags *diag.List) {
	if v.Kind != yaml.MappingNode {
		diags.Errorf(pos(v), "e.g. journal: {abstract-words: 250, keywords: 6, words: 10000}", "journal must be a mapping of limits")
		return
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i].Value, v.Content[i+1]
		var n int
		if val.Kind != yaml.ScalarNode || val.Decode(&n) != nil || n < 0 {
			diags.Errorf(pos(val), "give a whole number", "journal %s must be a whole number", k)
			continue
		}
		switch k {
		case "abstract-words":
			meta.Journal.AbstractWords = n
		case "keywords":
			meta.Journal.Keywords = n
		case "words":
			meta.Journal.Words = n
		default:
			diags.Warnf(pos(v.Content[i]), "journal limits: abstract-words, keywords, words", "unknown journal limit %q is ignored", k)
		}
	}
}
