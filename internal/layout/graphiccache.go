package layout

import (
	"quire/internal/doc"
	"quire/internal/draw"
)

// graphicEntry is a graphic drawn by an earlier build: its items (which
// nothing changes: they are placed by copying them, draw.Shift) and height.
type graphicEntry struct {
	items []draw.Item
	h     float64
	gen   uint64
}

// drawGraphic draws g into rec at width w, or takes what an earlier build
// drew of a graphic with the same content (a chart whose spec and data
// are unchanged) at the same width in the same style. Only rec.Items is
// set on a hit; a graphic that cannot be keyed, or fails, is drawn.
func (c *LineCache) drawGraphic(g doc.Graphic, rec *draw.Recorder, w float64, l *Layout) (float64, error) {
	if c == nil {
		return g.Draw(rec, w)
	}
	c.mu.Lock()
	sf, ok := c.styles[l.st]
	if !ok {
		sf = fingerprint(l.st)
		c.styles[l.st] = sf
	}
	c.mu.Unlock()
	kw := keyWriter(nil)
	kw.String(sf)
	kw.Float(w)
	kw.Any(g)
	key, ok := kw.Key()
	if !ok {
		return g.Draw(rec, w)
	}
	c.mu.Lock()
	e := c.graphics[key]
	if e != nil {
		e.gen = c.gen
		c.ghits++
	}
	c.mu.Unlock()
	if e != nil {
		rec.Items = append(rec.Items, e.items...)
		return e.h, nil
	}
	start := len(rec.Items)
	h, err := g.Draw(rec, w)
	if err != nil || start != 0 {
		return h, err
	}
	c.mu.Lock()
	c.graphics[key] = &graphicEntry{items: draw.Shift(rec.Items, 0, 0), h: h, gen: c.gen}
	c.mu.Unlock()
	return h, nil
}
