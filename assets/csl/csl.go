// Package cslfiles holds the CSL styles and locales compiled into Quire
// (from Debian's citation-style-language-styles and -locales packages,
// CC BY-SA 3.0; see README and the LICENSE files).
//
// Styles are found by their file name without .csl, or by one of the
// short names in Aliases; locales by their language tag.
package cslfiles

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed README styles/*.csl styles/LICENSE locales/*.xml locales/LICENSE
var FS embed.FS

// Aliases are other names a front matter may give a shipped style.
var Aliases = map[string]string{
	// Chicago notes and bibliography, full notes first (the name the
	// style has in today's CSL repository; Quire's older names)
	"chicago":                    "chicago-fullnote-bibliography",
	"chicago-notes":              "chicago-fullnote-bibliography",
	"chicago-note":               "chicago-fullnote-bibliography",
	"chicago-notes-bibliography": "chicago-fullnote-bibliography",
	// shortened notes throughout
	"chicago-shortened-notes-bibliography": "chicago-note-bibliography",
	"apa-7":                                "apa",
	"mla":                                  "modern-language-association",
	"ama":                                  "american-medical-association",
	"apsa":                                 "american-political-science-association",
	"harvard":                              "harvard-cite-them-right",
	"mhra":                                 "modern-humanities-research-association",
	"gost":                                 "gost-r-7-0-5-2008-numeric",
}

// Styles lists the names of the shipped styles (their file names without
// .csl), sorted.
func Styles() []string {
	ents, _ := fs.ReadDir(FS, "styles")
	var names []string
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".csl"); ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// Resolve returns the shipped style a name stands for ("chicago-notes" ->
// "chicago-note-bibliography"); ok is false when there is none. Case and
// a ".csl" ending are ignored.
func Resolve(name string) (string, bool) {
	n := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".csl")
	if a, ok := Aliases[n]; ok {
		n = a
	}
	if _, err := fs.Stat(FS, "styles/"+n+".csl"); err != nil {
		return "", false
	}
	return n, true
}

// Style returns the source of a shipped style by name or alias.
func Style(name string) ([]byte, bool) {
	n, ok := Resolve(name)
	if !ok {
		return nil, false
	}
	b, err := FS.ReadFile("styles/" + n + ".csl")
	return b, err == nil
}

// Locale returns the locale file for a language tag ("de-DE", "la").
func Locale(tag string) ([]byte, bool) {
	b, err := FS.ReadFile("locales/locales-" + tag + ".xml")
	return b, err == nil
}
