package markdown

import (
	"bytes"
	"sort"
)

// shift records that, from offset at of the rewritten source on, offsets
// are total bytes short of the original.
type shift struct{ at, total int }

// capNesting removes block-quote and list markers beyond maxDepth at the
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
		if n, cut0, cut1 := markerPrefix(src[off:end]); n > maxDepth {
			if !c.depthWarned {
				c.depthWarned = true
				c.warnf(off, "reduce the nesting of lists, quotations or emphasis",
					"nesting deeper than %d levels is flattened", maxDepth)
			}
			out = append(out, src[last:off+cut0]...)
			total += cut1 - cut0
			c.shifts = append(c.shifts, shift{at: len(out), total: total})
			last = off + cut1
		}
		off = end + 1
	}
	if out == nil {
		return src
	}
	return append(out, src[last:]...)
}

// markerPrefix counts the container markers ("> ", "- ", "1. ") at the start
// of line. cut0 is the end of the maxDepth-th marker and cut1 the end of the
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
		if n == maxDepth {
			cut0 = i
		}
		cut1 = i
	}
}

// origOffset maps an offset of the rewritten source to the original.
func (c *converter) origOffset(off int) int {
	if len(c.shifts) == 0 {
		return off
	}
	i := sort.Search(len(c.shifts), func(i int) bool { return c.shifts[i].at > off }) - 1
	if i < 0 {
		return off
	}
	return off + c.shifts[i].total
}
