package font

import (
	"encoding/binary"
	"sync"

	gtfont "github.com/go-text/typesetting/font"
	ottables "github.com/go-text/typesetting/font/opentype/tables"
)

// Which characters a face draws is known from its cmap alone: a fallback
// face is asked whether it has a character (for a kanji the book face
// lacks, every face of the chain is asked before the CJK face answers)
// without being loaded, and is loaded only when it draws one.

// coverage is what a face's cmap says, for a face not loaded.
type coverage struct {
	cmap gtfont.Cmap // nil when the face cannot be read: Get reports why
	n    int         // glyphs in the face
}

var coverages sync.Map // face name -> *coverageOnce

type coverageOnce struct {
	once sync.Once
	c    coverage
}

// covers reports whether the face called name has a glyph for r, as
// Face.Has would once it is loaded.
func covers(name string, r rune) bool {
	if f, ok := faces.Load(name); ok {
		return f.(*Face).Has(r)
	}
	if r < 0 || r >= 0xFFFF || r >= 0xD800 && r < 0xE000 {
		return false
	}
	v, _ := coverages.LoadOrStore(name, &coverageOnce{})
	co := v.(*coverageOnce)
	co.once.Do(func() { co.c = readCoverage(name) })
	if co.c.cmap == nil {
		// A face that cannot be read: loading it says why.
		f, err := Get(name)
		return err == nil && f.Has(r)
	}
	g, ok := co.c.cmap.Lookup(r)
	return ok && g != 0 && int(g) < co.c.n
}

// readCoverage reads the cmap of face name, as load selects it.
func readCoverage(name string) coverage {
	src, ok := registry().faces[name]
	if !ok {
		return coverage{}
	}
	data, err := src.bytes()
	if err != nil || fileKind(data) != kindTrueType {
		return coverage{}
	}
	tabs, err := tables(data)
	if err != nil {
		return coverage{}
	}
	raw, _, err := ottables.ParseCmap(tabs["cmap"])
	if err != nil {
		return coverage{}
	}
	page := ottables.FPNone
	if os2 := tabs["OS/2"]; len(os2) >= 64 && binary.BigEndian.Uint16(os2) == 0 {
		page = ottables.FontPage(binary.BigEndian.Uint16(os2[62:]) & 0xFF00)
	}
	cm, _, err := gtfont.ProcessCmap(raw, page)
	if err != nil {
		return coverage{}
	}
	return coverage{cmap: cm, n: numGlyphs(tabs)}
}
