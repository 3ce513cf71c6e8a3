package cite

import (
	"errors"
	"path"
	"strings"
	"sync"

	cslfiles "quire/assets/csl"
	"quire/internal/csl"
	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/project"
)

// DefaultStyle is the style used when the front matter names none.
const DefaultStyle = "chicago-fullnote-bibliography"

var (
	cacheMu sync.Mutex
	styles  = map[string]*csl.Style{}
	locales = map[string]*csl.Locale{}
)

// shippedStyle parses a style that ships with Quire, once.
func shippedStyle(name string) (*csl.Style, error) {
	n, ok := cslfiles.Resolve(name)
	if !ok {
		return nil, errors.New("no such style")
	}
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if st, ok := styles[n]; ok {
		return st, nil
	}
	src, _ := cslfiles.Style(n)
	st, err := csl.ParseStyle(n+".csl", src)
	if err != nil {
		return nil, err
	}
	styles[n] = st
	return st, nil
}

// shippedLocale parses a locale that ships with Quire, once; it is the
// processor's LocaleSource.
func shippedLocale(tag string) *csl.Locale {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if l, ok := locales[tag]; ok {
		return l
	}
	var l *csl.Locale
	if src, ok := cslfiles.Locale(tag); ok {
		l, _ = csl.ParseLocale("locales-"+tag+".xml", src)
	}
	locales[tag] = l
	return l
}

// hasLocale reports whether a locale (or its primary dialect) ships.
func hasLocale(tag string) bool {
	if shippedLocale(tag) != nil {
		return true
	}
	base := tag
	if i := strings.IndexByte(tag, '-'); i > 0 {
		base = tag[:i]
	}
	return shippedLocale(csl.PrimaryDialect(base)) != nil
}

// loadStyle finds the document's style: the csl: file read through the
// manuscript folder, or the shipped style citation-style: names, or the
// default. A style that cannot be used is an error at the .csl file's line
// (a warning in a draft build, which uses the default style instead).
func loadStyle(m doc.Meta, folder *project.Folder, diags *diag.List) *csl.Style {
	if m.CSL != "" {
		if st := readStyleFile(m, folder, diags); st != nil {
			return st
		}
	} else if m.CitationStyle != "" {
		st, err := shippedStyle(m.CitationStyle)
		if err == nil {
			return st
		}
		diags.Errorf(m.Pos["citation-style"], "use one of: "+strings.Join(cslfiles.Styles(), ", ")+"; or give a style file with csl:",
			"citation-style %q is not a style that ships with Quire", m.CitationStyle)
	}
	st, err := shippedStyle(DefaultStyle)
	if err != nil {
		panic("cite: the default style does not parse: " + err.Error())
	}
	return st
}

const styleHint = "fix the style, or use one that ships with Quire (citation-style:); a --draft build uses the default style"

func readStyleFile(m doc.Meta, folder *project.Folder, diags *diag.List) *csl.Style {
	p := m.CSL
	// a shipped style named by file name (csl: apa.csl) when the folder
	// has no such file
	if folder == nil || !folder.Exists(p) {
		if !strings.ContainsAny(p, "/\\") {
			if st, err := shippedStyle(p); err == nil {
				return st
			}
		}
		if folder == nil {
			diags.Errorf(m.Pos["csl"], "put the .csl file in the manuscript folder, or name a style that ships with Quire with citation-style:",
				"csl: the style %s cannot be read", p)
			return nil
		}
	}
	src, err := folder.ReadFile(p, project.Style)
	if err != nil {
		diags.Errorf(m.Pos["csl"], hintOf(err, "check the csl: entry in the front matter"), "%v", err)
		return nil
	}
	st, err := csl.ParseStyle(p, src)
	if err != nil {
		var ce *csl.Error
		pos := diag.Pos{File: p}
		if errors.As(err, &ce) {
			pos.Line = ce.Line
			diags.Recoverf(pos, styleHint, "%s", ce.Msg)
		} else {
			diags.Recoverf(pos, styleHint, "%v", err)
		}
		return nil
	}
	if st.Citation == nil && st.Parent != "" {
		// a dependent style: its parent must ship
		parent := path.Base(strings.TrimRight(st.Parent, "/"))
		pst, err := shippedStyle(parent)
		if err != nil {
			diags.Recoverf(diag.Pos{File: p, Line: 1}, "download the parent style and name it with csl:, or use a style that ships with Quire; a --draft build uses the default style",
				"%s is a dependent style whose parent %s does not ship with Quire", p, st.Parent)
			return nil
		}
		if st.DefaultLocale != "" {
			c := *pst
			c.DefaultLocale = st.DefaultLocale
			return &c
		}
		return pst
	}
	return st
}

// localeFor is the locale tag for a document: locale:, else lang: (as
// pandoc has it, the document's language wins over the style's
// default-locale), else the style's default-locale, else en-US. A style
// whose default-locale has no locale is an error at its line; a document
// language without one, a warning.
func localeFor(m doc.Meta, st *csl.Style, diags *diag.List) string {
	tag, key := m.CSLLocale, "locale"
	if tag == "" {
		if _, set := m.Pos["lang"]; set && m.Lang != "" {
			tag, key = m.Lang, "lang"
		} else if st.DefaultLocale != "" {
			tag, key = st.DefaultLocale, ""
		} else {
			tag, key = m.Lang, "lang"
		}
	}
	if tag == "" {
		return "en-US"
	}
	if !hasLocale(tag) && !hasStyleLocale(st, tag) {
		if key != "" {
			diags.Warnf(m.Pos[key], "citations use the en-US terms; pick a language that ships a CSL locale",
				"no CSL locale for %q", tag)
		} else {
			diags.Recoverf(diag.Pos{File: st.File, Line: st.Line}, "give a default-locale that CSL has (de-DE, fr-FR, ...), or set locale: in the front matter; a --draft build uses the en-US terms",
				"the style's default-locale %q names no CSL locale", tag)
		}
		return "en-US"
	}
	return tag
}

func hasStyleLocale(st *csl.Style, tag string) bool {
	return st.HasLocale(tag)
}
