package markdown

import (
	"bytes"
	"sort"
)

// shift records that, from offset at of a rewritten source on, offsets are
// total bytes short of the original (negative when bytes were inserted);
// limit, if not negative, caps the original offset (inside a rewritten run).
type shift struct{ at, total, limit int }

// capNesting removes block-quote and list markers beyond maxMarkers at the
// start of a line, so that goldmark, whose work per line grows with the
// number of open blocks, stays fast on absurdly nested input. Line numbers
// are kept; the removed bytes are recorded so that positions still point
// into the original text.
func (c *converter) capNesting(src []byte) []byte {
	var out []byte
	last, total := 0, 0
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off
		}
		if n, cut0, cut1 := markerPrefix(src[off:end]); n > maxMarkers {
			if !c.depthWarned {
				c.depthWarned = true
				c.warnf(off, "reduce the nesting of lists, quotations or emphasis",
					"nesting deeper than %d levels is flattened", maxMarkers)
			}
			out = append(out, src[last:off+cut0]...)
			total += cut1 - cut0
			c.shifts = append(c.shifts, shift{at: len(out), total: total, limit: -1})
			last = off + cut1
		}
		off = end + 1
	}
	if out == nil {
		return src
	}
	return append(out, src[last:]...)
}

// maxMarkers is the number of container markers kept at the start of a
// line.
const maxMarkers = 32

// markerPrefix counts the container markers ("> ", "- ", "1. ") at the start
// of line. cut0 is the end of the maxMarkers-th marker and cut1 the end of the
// last one.
func markerPrefix(line []byte) (n, cut0, cut1 int) {
	i := 0
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i >= len(line) {
			return n, cut0, cut1
		}
		j := i
		switch ch := line[i]; {
		case ch == '>':
			j = i + 1
		case ch == '-' || ch == '*' || ch == '+':
			if i+1 < len(line) && line[i+1] != ' ' && line[i+1] != '\t' {
				return n, cut0, cut1
			}
			j = i + 1
		case ch >= '0' && ch <= '9':
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j >= len(line) || line[j] != '.' && line[j] != ')' ||
				j+1 < len(line) && line[j+1] != ' ' && line[j+1] != '\t' {
				return n, cut0, cut1
			}
			j++
		default:
			return n, cut0, cut1
		}
		if j < len(line) && (line[j] == ' ' || line[j] == '\t') {
			j++
		}
		i = j
		n++
		if n == maxMarkers {
			cut0 = i
		}
		cut1 = i
	}
}

// origOffset maps an offset of the rewritten source to the original.
func (c *converter) origOffset(off int) int {
	return unshift(c.shifts, unshift(c.dshifts, off))
}

// unshift maps an offset through shifts.
func unshift(shifts []shift, off int) int {
	if len(shifts) == 0 {
		return off
	}
	i := sort.Search(len(shifts), func(i int) bool { return shifts[i].at > off }) - 1
	if i < 0 {
		return off
	}
	off += shifts[i].total
	if l := shifts[i].limit; l >= 0 && off > l {
		off = l
	}
	return off
}

// Limits of defuse.
const (
	denseMin     = 16 << 10 // bytes of a run of lines worth checking
	densePercent = 15       // share of markup characters that makes it dense
	maxColumns   = 500      // table columns
)

// isMarkup reports whether ch opens or closes inline markup.
func isMarkup(ch byte) bool {
	switch ch {
	case '*', '_', '[', ']', '(', ')', '`', '!', '<', '~', '\\':
		return true
	}
	return false
}

// countMarkup returns the number of markup characters in b.
func countMarkup(b []byte) int {
	n := 0
	for _, ch := range b {
		if isMarkup(ch) {
			n++
		}
	}
	return n
}

// defuse protects goldmark, whose inline parsing is quadratic on some
// inputs, from text dense with markup: in a run of non-blank lines of at
// least denseMin bytes of which at least densePercent are markup
// characters, every markup character is escaped, so the run is set as
// plain text. A table delimiter row of more than maxColumns columns is
// escaped too. Each case is reported once. Code fences are left alone.
func (c *converter) defuse(src []byte) []byte {
	var out []byte
	last, total := 0, 0
	warnedDense, warnedTable := false, false
	runStart := -1
	flush := func(end int) {
		start := runStart
		runStart = -1
		// The run's lines are src[start:end] with the newlines between
		// them; only a long run is worth counting.
		if start < 0 || end-start < denseMin || countMarkup(src[start:end])*100 < (end-start)*densePercent {
			return
		}
		if !warnedDense {
			warnedDense = true
			c.warnf(start, "add blank lines or remove markup characters",
				"text too dense with Markdown markup is set as plain text")
		}
		out = append(out, src[last:start]...)
		c.dshifts = append(c.dshifts, shift{at: len(out), total: total, limit: end})
		for i := start; i < end; i++ {
			if isMarkup(src[i]) {
				out = append(out, '\\')
				total--
			}
			out = append(out, src[i])
		}
		c.dshifts = append(c.dshifts, shift{at: len(out), total: total, limit: -1})
		last = end
	}
	outsideFences(src, func(off, end int, line, t []byte, fenceOpen bool) {
		switch {
		case fenceOpen, len(bytes.TrimSpace(t)) == 0:
			flush(off)
		default:
			if runStart < 0 {
				runStart = off
			}
			if len(line) > 2*maxColumns && isWideDelimiterRow(line) {
				if !warnedTable {
					warnedTable = true
					c.warnf(off, "split the table", "a table of more than %d columns is set as text", maxColumns)
				}
				i := off + (len(line) - len(bytes.TrimLeft(line, " \t")))
				out = append(out, src[last:i]...)
				out = append(out, '\\')
				total--
				c.dshifts = append(c.dshifts, shift{at: len(out), total: total, limit: -1})
				last = i
			}
		}
	})
	flush(len(src))
	if out == nil {
		return src
	}
	return append(out, src[last:]...)
}

// isWideDelimiterRow reports whether line is a table delimiter row of more
// than maxColumns columns.
func isWideDelimiterRow(line []byte) bool {
	pipes := 0
	for _, ch := range line {
		switch ch {
		case '|':
			pipes++
		case '-', ':', ' ', '\t', '\r':
		default:
			return false
		}
	}
	return pipes > maxColumns
}
