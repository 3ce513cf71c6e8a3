package pdfacheck

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// A content-stream reader: enough of ISO 32000-1 7.8.2 to follow marked
// content, fonts and the strings shown.

// operand is one operand of a content-stream operator.
type operand struct {
	kind  byte   // 'n' number, '/' name, 's' string, '[' array, '<' dictionary, 'k' keyword (true, false, null)
	b     []byte // a string's bytes, a name without its slash, a number's text
	items []operand
	dict  map[string]operand
}

// lexer reads a content stream.
type lexer struct {
	b   []byte
	i   int
	err error
}

func isWhite(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' || c == '%'
}

func (l *lexer) skip() {
	for l.i < len(l.b) {
		c := l.b[l.i]
		if isWhite(c) {
			l.i++
			continue
		}
		if c == '%' {
			for l.i < len(l.b) && l.b[l.i] != '\n' && l.b[l.i] != '\r' {
				l.i++
			}
			continue
		}
		return
	}
}

// next returns the next operand, or the next operator as op (with ok
// false at the end of the stream).
func (l *lexer) next() (o operand, op string, ok bool) {
	l.skip()
	if l.i >= len(l.b) {
		return o, "", false
	}
	c := l.b[l.i]
	switch {
	case c == '/':
		l.i++
		s := l.i
		for l.i < len(l.b) && !isWhite(l.b[l.i]) && !isDelim(l.b[l.i]) {
			l.i++
		}
		return operand{kind: '/', b: l.b[s:l.i]}, "", true
	case c == '(':
		return operand{kind: 's', b: l.literal()}, "", true
	case c == '<' && l.i+1 < len(l.b) && l.b[l.i+1] == '<':
		l.i += 2
		d := map[string]operand{}
		for {
			l.skip()
			if l.i+1 < len(l.b) && l.b[l.i] == '>' && l.b[l.i+1] == '>' {
				l.i += 2
				return operand{kind: '<', dict: d}, "", true
			}
			k, kop, ok := l.next()
			if !ok || kop != "" || k.kind != '/' {
				l.fail("bad dictionary")
				return o, "", false
			}
			v, vop, ok := l.next()
			if !ok || vop != "" {
				l.fail("bad dictionary value")
				return o, "", false
			}
			d[string(k.b)] = v
		}
	case c == '<':
		l.i++
		s := l.i
		for l.i < len(l.b) && l.b[l.i] != '>' {
			l.i++
		}
		h := bytes.Map(func(r rune) rune {
			if isWhite(byte(r)) {
				return -1
			}
			return r
		}, l.b[s:min(l.i, len(l.b))])
		if len(h)%2 == 1 {
			h = append(h, '0')
		}
		v, err := hex.DecodeString(string(h))
		if err != nil {
			l.fail("bad hexadecimal string")
		}
		l.i++
		return operand{kind: 's', b: v}, "", true
	case c == '[':
		l.i++
		var items []operand
		for {
			l.skip()
			if l.i < len(l.b) && l.b[l.i] == ']' {
				l.i++
				return operand{kind: '[', items: items}, "", true
			}
			it, iop, ok := l.next()
			if !ok || iop != "" {
				l.fail("bad array")
				return o, "", false
			}
			items = append(items, it)
		}
	case c == ']' || c == '>' || c == ')' || c == '{' || c == '}':
		l.fail(fmt.Sprintf("unexpected %q", c))
		return o, "", false
	}
	s := l.i
	for l.i < len(l.b) && !isWhite(l.b[l.i]) && !isDelim(l.b[l.i]) {
		l.i++
	}
	w := l.b[s:l.i]
	if _, err := strconv.ParseFloat(string(w), 64); err == nil {
		return operand{kind: 'n', b: w}, "", true
	}
	switch string(w) {
	case "true", "false", "null":
		return operand{kind: 'k', b: w}, "", true
	}
	return o, string(w), true
}

func (l *lexer) fail(msg string) {
	if l.err == nil {
		l.err = fmt.Errorf("content stream at byte %d: %s", l.i, msg)
	}
	l.i = len(l.b)
}

// literal reads a literal string at l.i, returning its bytes.
func (l *lexer) literal() []byte {
	l.i++ // (
	var out []byte
	depth := 1
	for l.i < len(l.b) {
		c := l.b[l.i]
		l.i++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out
			}
		case '\\':
			if l.i >= len(l.b) {
				return out
			}
			e := l.b[l.i]
			l.i++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r', '\n':
				if e == '\r' && l.i < len(l.b) && l.b[l.i] == '\n' {
					l.i++
				}
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.i < len(l.b) && l.b[l.i] >= '0' && l.b[l.i] <= '7'; k++ {
						v = v*8 + int(l.b[l.i]-'0')
						l.i++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	l.fail("unterminated string")
	return out
}

// eachOp calls f with every operator of content and its operands, and
// returns the first syntax error. Inline images (BI ... ID ... EI) are
// passed as the operator EI.
func eachOp(content []byte, f func(op string, args []operand)) error {
	l := &lexer{b: content}
	var args []operand
	for {
		o, op, ok := l.next()
		if !ok {
			break
		}
		if op == "" {
			args = append(args, o)
			continue
		}
		if op == "ID" {
			// Inline image data up to EI.
			j := bytes.Index(l.b[l.i:], []byte("EI"))
			if j < 0 {
				l.fail("inline image without EI")
				break
			}
			l.i += j + 2
			op = "EI"
		}
		f(op, args)
		args = args[:0]
	}
	return l.err
}

// painting operators: what draws on the page (text, paths, images,
// shadings, forms), which tagged content must mark.
var painting = map[string]bool{
	"Tj": true, "TJ": true, "'": true, "\"": true,
	"S": true, "s": true, "f": true, "F": true, "f*": true, "B": true, "B*": true, "b": true, "b*": true,
	"sh": true, "Do": true, "EI": true,
}

// fontStrings calls f with the font resource and the string operands of
// every text-showing operator of content.
func fontStrings(content []byte, f func(font string, s []byte)) error {
	cur := ""
	return eachOp(content, func(op string, args []operand) {
		switch op {
		case "Tf":
			if len(args) >= 1 && args[0].kind == '/' {
				cur = string(args[0].b)
			}
		case "Tj", "'":
			if len(args) >= 1 && args[len(args)-1].kind == 's' {
				f(cur, args[len(args)-1].b)
			}
		case "\"":
			if len(args) >= 3 && args[2].kind == 's' {
				f(cur, args[2].b)
			}
		case "TJ":
			if len(args) >= 1 && args[0].kind == '[' {
				for _, it := range args[0].items {
					if it.kind == 's' {
						f(cur, it.b)
					}
				}
			}
		}
	})
}

// resourcesOf returns the font and XObject dictionaries of a resource
// dictionary.
func (c *checker) resourcesOf(res types.Dict) (fonts, xobjects types.Dict) {
	if res == nil {
		return nil, nil
	}
	return c.dict(res["Font"]), c.dict(res["XObject"])
}
