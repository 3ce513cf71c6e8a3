package project

import (
	"strings"

	cslfiles "quire/assets/csl"
)

// shippedStyles lists the CSL styles that ship with Quire, for the keys
// table (and so the README).
func shippedStyles() string {
	var b strings.Builder
	for i, n := range cslfiles.Styles() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("`" + n + "`")
	}
	return b.String()
}
