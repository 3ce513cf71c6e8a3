package layout

import (
	"sync"

	"quire/internal/doc"
	"quire/internal/draw"
)

// looks holds one draw.Look for each colour and emboldening that text is
// set in, shared by every word set so: a document has a few, its words
// millions.
var looks sync.Map // draw.Look -> *draw.Look

// lookOf returns the shared Look of text in colour c emboldened by e,
// nil for plain black text.
func lookOf(c doc.Color, e float64) *draw.Look {
	if c == (doc.Color{}) && e == 0 {
		return nil
	}
	k := draw.Look{Color: c, Embolden: e}
	if l, ok := looks.Load(k); ok {
		return l.(*draw.Look)
	}
	l, _ := looks.LoadOrStore(k, &k)
	return l.(*draw.Look)
}
