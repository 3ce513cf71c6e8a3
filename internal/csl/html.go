package csl

import "strings"

type htmlState struct {
	italic, bold, smallCaps bool
	quote                   int // 0 outside quotation marks, 1 inside outer ones, 2 inside inner ones
}

// quoteLevel is the level (1 outer, 2 inner) of a quotation inside one at level cur.
func quoteLevel(cur int, s Span) int {
	switch cur {
	case 1:
		return 2
	case 2:
		return 1
	}
	if s.Attr == "single" {
		return 2
	}
	return 1
}

// writeHTML writes the test suite's HTML: nested italics flip to roman,
// quotation marks alternate between outer and inner.
func writeHTML(b *strings.Builder, t Text, st htmlState, q [4]string) {
	for _, s := range t {
		switch s.Kind {
		case Plain:
			b.WriteString(escapeHTML(s.Text))
		case Italic, NoItalic:
			writeFlip(b, s.Kids, st, q, func(h *htmlState) *bool { return &h.italic }, s.Kind == Italic,
				"<i>", "</i>", "font-style:normal;")
		case Bold, NoBold:
			writeFlip(b, s.Kids, st, q, func(h *htmlState) *bool { return &h.bold }, s.Kind == Bold,
				"<b>", "</b>", "font-weight:normal;")
		case SmallCaps, NoSmallCaps:
			writeFlip(b, s.Kids, st, q, func(h *htmlState) *bool { return &h.smallCaps }, s.Kind == SmallCaps,
				`<span style="font-variant:small-caps;">`, "</span>", "font-variant:normal;")
		case Underline:
			writeWrapped(b, s.Kids, st, q, `<span style="text-decoration:underline;">`, "</span>")
		case NoDecoration:
			style := ""
			if st.italic {
				style += "font-style:normal;"
			}
			if st.bold {
				style += "font-weight:normal;"
			}
			if st.smallCaps {
				style += "font-variant:normal;"
			}
			n := htmlState{quote: st.quote}
			if style != "" {
				writeWrapped(b, s.Kids, n, q, `<span style="`+style+`">`, "</span>")
			} else {
				writeHTML(b, s.Kids, n, q)
			}
		case Sup:
			writeWrapped(b, s.Kids, st, q, "<sup>", "</sup>")
		case Sub:
			writeWrapped(b, s.Kids, st, q, "<sub>", "</sub>")
		case Baseline:
			writeWrapped(b, s.Kids, st, q, `<span style="baseline">`, "</span>")
		case Quoted:
			n := st
			n.quote = quoteLevel(st.quote, s)
			if n.quote == 1 {
				writeWrapped(b, s.Kids, n, q, q[0], q[1])
			} else {
				writeWrapped(b, s.Kids, n, q, q[2], q[3])
			}
		case NoCase, Link, userAffix, ItemRef:
			writeHTML(b, s.Kids, st, q)
		case Block:
			// as citeproc-js writes them
			switch s.Attr {
			case "block":
				b.WriteString("\n\n    <div class=\"csl-block\">")
			case "left-margin":
				b.WriteString("\n    <div class=\"csl-left-margin\">")
			default:
				b.WriteString(`<div class="csl-` + s.Attr + `">`)
			}
			writeHTML(b, s.Kids, st, q)
			switch s.Attr {
			case "block":
				b.WriteString("</div>\n")
			case "left-margin":
				b.WriteString("</div>")
			default:
				b.WriteString("</div>\n  ")
			}
		}
	}
}

// writeFlip writes kids with a formatting that flips (italics, bold,
// small capitals: field selects it in the state) set, when set, or unset:
// set inside text already so formatted, or unset there, it is turned off
// (a span of style normal, as the test suite's nested italics are
// roman); set elsewhere it is turned on (open and close); unset elsewhere
// it changes nothing.
func writeFlip(b *strings.Builder, kids Text, st htmlState, q [4]string, field func(*htmlState) *bool, set bool, open, close, normal string) {
	n := st
	f := field(&n)
	switch {
	case *f:
		*f = false
		writeWrapped(b, kids, n, q, `<span style="`+normal+`">`, "</span>")
	case set:
		*f = true
		writeWrapped(b, kids, n, q, open, close)
	default:
		writeHTML(b, kids, st, q)
	}
}

// writeWrapped writes kids between open and close.
func writeWrapped(b *strings.Builder, kids Text, st htmlState, q [4]string, open, close string) {
	b.WriteString(open)
	writeHTML(b, kids, st, q)
	b.WriteString(close)
}

func escapeHTML(s string) string {
	if !strings.ContainsAny(s, "<>&") {
		return s
	}
	s = strings.ReplaceAll(s, "&", "&#38;")
	s = strings.ReplaceAll(s, "<", "&#60;")
	s = strings.ReplaceAll(s, ">", "&#62;")
	return s
}
