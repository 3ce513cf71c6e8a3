package cite

import (
	"quire/internal/diag"
	"quire/internal/doc"
)

// Warm parses, ahead of Process and into the same per-process cache, the
// shipped style and the locales a document with front matter m will use,
// so that a caller can have it done on another core while it converts the
// Markdown. It reports nothing (Process reports what is wrong with the
// style or locale when it loads them) and does nothing for a style file
// (csl:), which Process reads through the manuscript folder.
func Warm(m doc.Meta) {
	if m.CSL != "" {
		return
	}
	var quiet diag.List
	st := loadStyle(m, nil, &quiet)
	shippedLocale(localeFor(m, st, &quiet))
	shippedLocale("en-US") // every locale's fallback
}
