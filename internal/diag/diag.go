// Package diag carries diagnostics: a source position, a severity, a message
// and a hint of what to do. Every stage reports through a *List so that the
// command can print all problems of a build at once.
package diag

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Pos is a position in a source file. Line and Col are 1-based; zero means
// unknown (Col 0 prints as line only).
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as file:line:col, omitting unknown parts.
func (p Pos) String() string {
	switch {
	case p.File == "":
		return "<input>"
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severity is how bad a diagnostic is.
type Severity int

const (
	Warning Severity = iota
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Diagnostic is one problem found in the input.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Msg      string
	Hint     string // what the user can do; may be empty
}

// String formats the diagnostic as "file:line:col: error: message (hint)".
// Text from the input is escaped (see Escape): a diagnostic never writes a
// terminal escape sequence, and its first line is one line.
func (d Diagnostic) String() string {
	s := Escape(fmt.Sprintf("%s: %s: %s", d.Pos, d.Severity, d.Msg))
	if d.Hint != "" {
		s += "\n\thint: " + escapeHint(d.Hint)
	}
	return s
}

// List collects diagnostics; it is safe for concurrent use. The zero value is
// ready to use.
type List struct {
	// Draft turns recoverable errors (Recoverf) into warnings: a missing
	// image becomes a placeholder, an unknown citation or cross-reference
	// is printed as written, and the build goes on.
	Draft bool

	mu    sync.Mutex
	items []Diagnostic
	seen  map[string]int // dedupes repeated warnings
}

// maxRepeats bounds how many identical warnings (same message) are kept, so a
// pathological input cannot flood the output.
const maxRepeats = 5

// Add records d.
func (l *List) Add(d Diagnostic) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[string]int{}
	}
	if d.Severity == Warning {
		l.seen[d.Msg]++
		if l.seen[d.Msg] > maxRepeats {
			return
		}
	}
	if len(l.items) >= 1000 {
		return
	}
	l.items = append(l.items, d)
}

// Errorf records an error at pos.
func (l *List) Errorf(pos Pos, hint, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Error, Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// Recoverf records a problem the build can work around: an error, or a
// warning when the list is in Draft mode. The caller always recovers (a
// placeholder, the text as written), so a draft still gets a PDF.
func (l *List) Recoverf(pos Pos, hint, format string, args ...any) {
	sev := Error
	if l.Draft {
		sev = Warning
		if hint == "" {
			hint = "draft build: fix this before the final build"
		}
	}
	l.Add(Diagnostic{Pos: pos, Severity: sev, Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// Warnf records a warning at pos.
func (l *List) Warnf(pos Pos, hint, format string, args ...any) {
	l.Add(Diagnostic{Pos: pos, Severity: Warning, Msg: fmt.Sprintf(format, args...), Hint: hint})
}

// Len returns how many diagnostics are recorded.
func (l *List) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.items)
}

// Recorded returns the diagnostics in the order they were recorded (Items
// sorts them), for a caller that replays one list into another with Add.
func (l *List) Recorded() []Diagnostic {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Diagnostic(nil), l.items...)
}

// HasErrors reports whether any error was recorded.
func (l *List) HasErrors() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Items returns the diagnostics sorted by file, line and column (stable).
func (l *List) Items() []Diagnostic {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := append([]Diagnostic(nil), l.items...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Pos, out[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return out
}

// Print writes every diagnostic, one per line, to w.
func (l *List) Print(w io.Writer) {
	for _, d := range l.Items() {
		fmt.Fprintln(w, d.String())
	}
}

// Err returns an error summarising the recorded errors, or nil if none.
func (l *List) Err() error {
	var msgs []string
	for _, d := range l.Items() {
		if d.Severity == Error {
			msgs = append(msgs, d.String())
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("%s", strings.Join(msgs, "\n"))
}

// LineIndex converts byte offsets in a source text to 1-based line and column
// (column counted in runes). Successive calls with increasing offsets on one
// line count only the runes in between, so converting many positions of a
// very long line stays linear.
type LineIndex struct {
	File   string
	src    []byte
	starts []int
	// LineOffset is added to every line number: the Markdown body of a file
	// with front matter starts below it.
	LineOffset int

	mu                      sync.Mutex
	lastOff, lastCol, lastI int
}

// NewLineIndex indexes src, whose first byte is on line lineOffset+1 of file.
func NewLineIndex(file string, src []byte, lineOffset int) *LineIndex {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &LineIndex{File: file, src: src, starts: starts, LineOffset: lineOffset, lastI: -1}
}

// Pos returns the position of byte offset off.
func (x *LineIndex) Pos(off int) Pos {
	if x == nil {
		return Pos{}
	}
	if off < 0 {
		off = 0
	}
	if off > len(x.src) {
		off = len(x.src)
	}
	i := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off }) - 1
	x.mu.Lock()
	defer x.mu.Unlock()
	from, col := x.starts[i], 1
	if x.lastI == i && x.lastOff <= off {
		from, col = x.lastOff, x.lastCol
	}
	col += utf8.RuneCount(x.src[from:off])
	x.lastI, x.lastOff, x.lastCol = i, off, col
	return Pos{File: x.File, Line: i + 1 + x.LineOffset, Col: col}
}
