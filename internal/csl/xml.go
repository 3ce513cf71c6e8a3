package csl

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// node is one element of a parsed XML document, with the line it starts on.
type node struct {
	name  string // local name
	space string // namespace URI
	attrs []xml.Attr
	kids  []*node
	text  string // character data directly inside (concatenated)
	line  int
}

// attr returns the value of the attribute with the given local name.
func (n *node) attr(name string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Local == name && (a.Name.Space == "" || name == "lang" && a.Name.Space == xmlNS) {
			return a.Value, true
		}
	}
	return "", false
}

// get returns the attribute's value, or "" when it is absent.
func (n *node) get(name string) string {
	v, _ := n.attr(name)
	return v
}

const xmlNS = "http://www.w3.org/XML/1998/namespace"

// Error is a problem in a style or locale file, at a line of it.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// lineCounter maps byte offsets of the source to line numbers.
type lineCounter struct {
	src   []byte
	pos   int
	lines int
}

func (lc *lineCounter) lineAt(off int64) int {
	o := int(off)
	if o > len(lc.src) {
		o = len(lc.src)
	}
	if o < lc.pos {
		lc.pos, lc.lines = 0, 0
	}
	lc.lines += bytes.Count(lc.src[lc.pos:o], []byte{'\n'})
	lc.pos = o
	return lc.lines + 1
}

// maxDepth bounds the nesting of a style so that hostile input cannot
// exhaust the stack of the evaluator.
const maxDepth = 200

// parseXML reads a whole XML document into a node tree.
func parseXML(file string, src []byte) (*node, error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = true
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "utf8") {
			return r, nil
		}
		return nil, fmt.Errorf("encoding %q is not supported (use UTF-8)", label)
	}
	lc := &lineCounter{src: src}
	var stack []*node
	var root *node
	for {
		off := d.InputOffset()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			if se, ok := err.(*xml.SyntaxError); ok {
				line = se.Line
				msg := se.Msg
				return nil, &Error{File: file, Line: line, Msg: "not well-formed XML: " + msg}
			}
			return nil, &Error{File: file, Line: lc.lineAt(d.InputOffset()), Msg: "not well-formed XML: " + err.Error()}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			// the element starts at the '<' at or after off
			start := off
			for int(start) < len(src) && src[start] != '<' {
				start++
			}
			n := &node{name: t.Name.Local, space: t.Name.Space, line: lc.lineAt(start)}
			n.attrs = append(n.attrs, t.Attr...)
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
			if len(stack) > maxDepth {
				return nil, &Error{File: file, Line: n.line, Msg: fmt.Sprintf("elements nested more than %d deep", maxDepth)}
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(t)
			}
		}
	}
	if root == nil {
		return nil, &Error{File: file, Line: 1, Msg: "not an XML document (no element found)"}
	}
	return root, nil
}
