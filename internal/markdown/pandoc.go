package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"

	"quire/internal/doc"
)

// attrs are pandoc attributes: {#id .class key=value -}.
type attrs struct {
	id         string
	classes    []string
	unnumbered bool              // "-" or .unnumbered
	unlisted   bool              // .unlisted: not in the table of contents
	raw        string            // format of a raw block: {=latex}
	kv         map[string]string // key=value pairs, values unquoted
}

// get returns the value of key k ("" if absent).
func (a attrs) get(k string) string { return a.kv[k] }

// parseAttrs parses a pandoc attribute block "{...}" (braces included).
func parseAttrs(s string) (attrs, bool) {
	var a attrs
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return a, false
	}
	s = strings.TrimSpace(s[1 : len(s)-1])
	if strings.HasPrefix(s, "=") {
		f := s[1:]
		if f == "" || strings.IndexFunc(f, func(r rune) bool { return !isLetterOrDigit(r) && r != '_' && r != '-' }) >= 0 {
			return a, false
		}
		a.raw = f
		return a, true
	}
	for s != "" {
		var tok string
		// A quoted value may hold spaces: key="a b".
		if i := strings.IndexAny(s, " \t\n\""); i >= 0 && s[i] == '"' {
			j := strings.IndexByte(s[i+1:], '"')
			if j < 0 {
				return a, false
			}
			end := i + 1 + j + 1
			tok, s = s[:end], strings.TrimSpace(s[end:])
		} else if i >= 0 {
			tok, s = s[:i], strings.TrimSpace(s[i:])
		} else {
			tok, s = s, ""
		}
		switch {
		case tok == "-":
			a.unnumbered = true
		case strings.HasPrefix(tok, "#") && len(tok) > 1:
			a.id = tok[1:]
			// "{#tbl: name}": a stray space after the prefix's colon.
			if strings.HasSuffix(a.id, ":") && s != "" && s[0] != '.' && s[0] != '#' && !strings.ContainsAny(strings.Fields(s)[0], "=\"") {
				w := strings.Fields(s)[0]
				a.id += w
				s = strings.TrimSpace(s[len(w):])
			}
		case strings.HasPrefix(tok, ".") && len(tok) > 1:
			a.classes = append(a.classes, tok[1:])
			if tok == ".unnumbered" {
				a.unnumbered = true
			}
			if tok == ".unlisted" {
				a.unlisted = true
			}
		case strings.Contains(tok, "="):
			k, v, _ := strings.Cut(tok, "=")
			if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
				v = v[1 : len(v)-1]
			}
			if a.kv == nil {
				a.kv = map[string]string{}
			}
			a.kv[k] = v
		default:
			return a, false
		}
	}
	return a, true
}

// trailingAttrs splits a trailing pandoc attribute block off inline content:
// the last Text must end with "{...}".
func trailingAttrs(in []doc.Inline) ([]doc.Inline, attrs, bool) {
	if len(in) == 0 {
		return in, attrs{}, false
	}
	t, ok := in[len(in)-1].(doc.Text)
	if !ok {
		return in, attrs{}, false
	}
	s := strings.TrimRight(t.S, " \t")
	if !strings.HasSuffix(s, "}") {
		return in, attrs{}, false
	}
	i := strings.LastIndexByte(s, '{')
	if i < 0 {
		return in, attrs{}, false
	}
	a, ok := parseAttrs(s[i:])
	if !ok || a.raw != "" {
		return in, attrs{}, false
	}
	out := append([]doc.Inline(nil), in[:len(in)-1]...)
	if rest := strings.TrimRight(s[:i], " \t"); rest != "" {
		out = append(out, doc.Text{S: rest})
	}
	return out, a, true
}

// outsideFences calls f for every line of src outside fenced code: off and
// end delimit the line, t is the line without its indentation and
// block-quote markers. The line opening a fence is passed with fenceOpen
// set; the fence's body and closing line are not passed.
func outsideFences(src []byte, f func(off, end int, line, t []byte, fenceOpen bool)) {
	var fence byte
	fenceLen := 0
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += off
		}
		line := src[off:end]
		t := bytes.TrimLeft(line, " \t>")
		switch {
		case fence != 0:
			if n := countRun(t, fence); n >= fenceLen && len(bytes.TrimSpace(t[n:])) == 0 {
				fence = 0
			}
		case bytes.HasPrefix(t, []byte("```")) || bytes.HasPrefix(t, []byte("~~~")):
			fence = t[0]
			fenceLen = countRun(t, fence)
			f(off, end, line, t, true)
		default:
			f(off, end, line, t, false)
		}
		off = end + 1
	}
}

func countRun(b []byte, c byte) int {
	n := 0
	for n < len(b) && b[n] == c {
		n++
	}
	return n
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func itoa(i int) string { return strconv.Itoa(i) }
