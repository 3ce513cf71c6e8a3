package build

import (
	"quire/internal/cite"
	"quire/internal/layout"
	"quire/internal/pdf"
)

// A Cache carries from one build to the next what an edit seldom changes,
// for quire watch: each stage that keeps something keys it by the content
// it was made from (never by a file's time), so that a build through a
// Cache writes the very bytes a clean build writes. After each finished
// build the cache drops what that build did not use: its memory follows
// the manuscript, not the history of edits.
//
// A Cache serves one build at a time (a watcher's); a build it serves that
// is stopped leaves it usable.
type Cache struct {
	lines   *layout.LineCache // the lines of paragraphs (package layout)
	streams *pdf.StreamCache  // deflated page content streams (package pdf)
	fonts   *pdf.FontCache    // embedded fonts (package pdf)
	pages   *pdf.PageCache    // pages as drawn (package pdf)
	cites   *cite.Results     // formatted citations (package cite)
	bibs    *cite.Sources     // parsed bibliography files (package cite)
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{lines: layout.NewLineCache(), streams: pdf.NewStreamCache(), fonts: pdf.NewFontCache(), pages: pdf.NewPageCache(), cites: cite.NewResults(), bibs: cite.NewSources()}
}

// lineCache returns the layout's line cache, nil without a Cache.
func (c *Cache) lineCache() *layout.LineCache {
	if c == nil {
		return nil
	}
	return c.lines
}

// streamCache returns the PDF writer's stream cache, nil without a Cache.
func (c *Cache) streamCache() *pdf.StreamCache {
	if c == nil {
		return nil
	}
	return c.streams
}

// fontCache returns the PDF writer's font cache, nil without a Cache.
func (c *Cache) fontCache() *pdf.FontCache {
	if c == nil {
		return nil
	}
	return c.fonts
}

// citeResults returns the citation cache, nil without a Cache.
func (c *Cache) citeResults() *cite.Results {
	if c == nil {
		return nil
	}
	return c.cites
}

// pageCache returns the PDF writer's page cache, nil without a Cache.
func (c *Cache) pageCache() *pdf.PageCache {
	if c == nil {
		return nil
	}
	return c.pages
}

// bibSources returns the parsed bibliography files, nil without a Cache.
func (c *Cache) bibSources() *cite.Sources {
	if c == nil {
		return nil
	}
	return c.bibs
}
