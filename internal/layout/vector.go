package layout

import (
	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/font"
)

// imageItems places image im in the box (x, y, w, h): a raster image as
// one display-list image, a vector figure (SVG) as its paths, drawn at
// that size.
func imageItems(im *doc.Image, key string, x, y, w, h float64) []draw.Item {
	if im.Vector == nil {
		return []draw.Item{&draw.Image{X: x, Y: y, W: w, H: h, Key: key, Data: im.Data, Format: im.Format}}
	}
	rec := &draw.Recorder{Measure: font.Measure}
	if _, err := im.Vector.Draw(rec, w); err != nil {
		return nil
	}
	return draw.Shift(rec.Items, x, y)
}
