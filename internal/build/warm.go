package build

import (
	"strings"

	"quire/internal/cite"
	"quire/internal/doc"
	"quire/internal/font"
)

// warm loads, on another core, what the later stages of nearly every build
// need and load lazily on their first use (each is parsed once per
// process, then cached): the body faces, and the citation style and its
// locales when the manuscript names a bibliography. It runs while the
// Markdown is converted, so that on a machine with more than one core
// layout and citation processing find them ready. It reports nothing and
// changes nothing in the output: the stages that use them load them the
// same way (and report what goes wrong); this only loads them earlier.
//
// A face named by mainfont (a file, or another family) is not guessed at:
// applyFonts reads it, through the manuscript folder.
func warm(m *doc.Meta) {
	// What the goroutine reads is copied now: the build goes on
	// changing the front matter (profile defaults, anonymisation).
	faces := strings.TrimSpace(m.MainFont) == ""
	var cm *doc.Meta
	if len(m.Bibliography) > 0 {
		cm = &doc.Meta{CSL: m.CSL, CitationStyle: m.CitationStyle, CSLLocale: m.CSLLocale, Lang: m.Lang, Pos: map[string]doc.Pos{}}
		if p, ok := m.Pos["lang"]; ok {
			cm.Pos["lang"] = p
		}
	}
	go func() {
		if faces {
			if f, err := font.Get(font.Serif); err == nil && f.Family != nil {
				font.Get(font.SerifBold)             // headings, the title
				font.Get(f.Family.Face(false, true)) // emphasis
			}
		}
		if cm != nil {
			cite.Warm(*cm)
		}
	}()
}
