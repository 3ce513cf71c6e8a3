package markdown

import (
	"sort"

	"quire/internal/diag"
)

// Part is one file of a source made of several: its lines start at line
// Line (0-based) of the source, and FileLine lines stand above them in File.
type Part struct {
	File     string
	Line     int
	FileLine int
}

// place turns a 0-based line of the source and a column into a position
// in the file the line comes from.
func (c *converter) place(line, col int) diag.Pos {
	ps := c.opt.Parts
	if len(ps) == 0 {
		return diag.Pos{File: c.opt.File, Line: line + 1 + c.opt.LineOffset, Col: col}
	}
	i := sort.Search(len(ps), func(i int) bool { return ps[i].Line > line }) - 1
	if i < 0 {
		i = 0
	}
	return diag.Pos{File: ps[i].File, Line: line - ps[i].Line + 1 + ps[i].FileLine, Col: col}
}
