package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// spanReader returns a reader of the source of an inline note or a
// bracketed span, from start, in the middle of a line, to end. A
// text.Reader over the source positioned at start would find its first
// line from the start of the source and compute LineOffset on it from
// there at every call: 20,000 inline notes took minutes. This reads the
// span's lines only, and counts columns on its first line from the column
// of its start, which colMemo finds in reading order in linear time.
func (c *converter) spanReader(start, end int) text.Reader {
	segs := text.NewSegments()
	for off := start; off < end; {
		stop := end
		if k := bytes.IndexByte(c.src[off:end], '\n'); k >= 0 {
			stop = off + k + 1
		}
		segs.Append(text.NewSegment(off, stop))
		off = stop
	}
	return &spanReader{Reader: text.NewBlockReader(c.src, segs), start: start, col: c.spanCol.column(c.src, start)}
}

// spanReader is a span's reader, with the first line's LineOffset.
type spanReader struct {
	text.Reader
	start int // the span's offset on line 0
	col   int // its column, tabs expanded
}

// LineOffset implements text.Reader.
func (r *spanReader) LineOffset() int {
	line, pos := r.Reader.Position()
	if line != 0 || pos.Start < r.start {
		return r.Reader.LineOffset()
	}
	return advanceCol(r.col, r.Source()[r.start:pos.Start]) - pos.Padding
}

// advanceCol returns the column after b from column v, tabs expanded.
func advanceCol(v int, b []byte) int {
	for _, c := range b {
		if c == '\t' {
			v += util.TabWidth(v)
		} else {
			v++
		}
	}
	return v
}

// colMemo remembers the column of the last offset asked for, so that the
// columns of many spans on one long line are found without rescanning it.
type colMemo struct {
	off, col int
	ok       bool
}

// column returns the column of off in src, tabs expanded.
func (m *colMemo) column(src []byte, off int) int {
	if m.ok && m.off <= off && bytes.IndexByte(src[m.off:off], '\n') < 0 {
		m.col = advanceCol(m.col, src[m.off:off])
	} else {
		head := bytes.LastIndexByte(src[:off], '\n') + 1
		m.col = advanceCol(0, src[head:off])
	}
	m.off, m.ok = off, true
	return m.col
}
