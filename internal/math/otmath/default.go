package otmath

import (
	"sync"

	"github.com/go-fonts/dejavu/dejavumathtexgyre"
)

var (
	defOnce sync.Once
	defFont *Font
	defData []byte
	defErr  error
)

// Default returns Quire's math font, DejaVu Math TeX Gyre (from
// github.com/go-fonts/dejavu, TrueType with a MATH table), parsed, and
// the bytes of its derived copy (see Derive) for the PDF writer. It is
// parsed once.
func Default() (*Font, []byte, error) {
	defOnce.Do(func() {
		defFont, defErr = Parse(dejavumathtexgyre.TTF)
		if defErr == nil {
			defData, defErr = defFont.Derive(dejavumathtexgyre.TTF)
		}
	})
	return defFont, defData, defErr
}
