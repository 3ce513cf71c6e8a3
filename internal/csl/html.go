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
		case Italic:
			if st.italic {
				b.WriteString(`<span style="font-style:normal;">`)
				n := st
				n.italic = false
				writeHTML(b, s.Kids, n, q)
				b.WriteString("</span>")
			} else {
				b.WriteString("<i>")
				n := st
				n.italic = true
				writeHTML(b, s.Kids, n, q)
				b.WriteString("</i>")
			}
		case NoItalic:
			if st.italic {
				b.WriteString(`<span style="font-style:normal;">`)
				n := st
				n.italic = false
				writeHTML(b, s.Kids, n, q)
				b.WriteString("</span>")
			} else {
				writeHTML(b, s.Kids, st, q)
			}
		case Bold:
			if st.bold {
				b.WriteString(`<span style="font-weight:normal;">`)
				n := st
				n.bold = false
				writeHTML(b, s.Kids, n, q)
				b.WriteString("</span>")
			} else {
				b.WriteString("<b>")
				n := st
				n.bold = true
				writeHTML(b, s.Kids, n, q)
				b.WriteString("</b>")
			}
		case NoBold:
			if st.bold {
				b.WriteString(`<span style="font-weight:normal;">`)
				n := st
				n.bold = false
				writeHTML(b, s.Kids, n, q)
				b.WriteString("</span>")
			} else {
				writeHTML(b, s.Kids, st, q)
			}
		case SmallCaps:
			if st.smallCaps {
				b.WriteString(`<span style="font-variant:normal;">`)
				n := st
				n.smallCaps = false
				writeHTML(b, s.Kids, n, q)
				b.WriteString("</span>")
			} else {
				b.WriteString(`<span style="font-variant:small-caps;">`)
				n := st
				n.smallCaps = true
				writeHTML(b, s.Kids, n, q)
				b.WriteString("</span>")
			}
		case NoSmallCaps:
			if st.smallCaps {
				b.WriteString(`<span style="font-variant:normal;">`)
				n := st
				n.smallCaps = false
				writeHTML(b, s.Kids, n, q)
				b.WriteString("</span>")
			} else {
				writeHTML(b, s.Kids, st, q)
			}
		case Underline:
			b.WriteString(`<span style="text-decoration:underline;">`)
			writeHTML(b, s.Kids, st, q)
			b.WriteString("</span>")
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
				b.WriteString(`<span style="` + style + `">`)
				writeHTML(b, s.Kids, n, q)
				b.WriteString("</span>")
			} else {
				writeHTML(b, s.Kids, n, q)
			}
		case Sup:
			b.WriteString("<sup>")
			writeHTML(b, s.Kids, st, q)
			b.WriteString("</sup>")
		case Sub:
			b.WriteString("<sub>")
			writeHTML(b, s.Kids, st, q)
			b.WriteString("</sub>")
		case Baseline:
			b.WriteString(`<span style="baseline">`)
			writeHTML(b, s.Kids, st, q)
			b.WriteString("</span>")
		case Quoted:
			n := st
			n.quote = quoteLevel(st.quote, s)
			if n.quote == 1 {
				b.WriteString(q[0])
				writeHTML(b, s.Kids, n, q)
				b.WriteString(q[1])
			} else {
				b.WriteString(q[2])
				writeHTML(b, s.Kids, n, q)
				b.WriteString(q[3])
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

func escapeHTML(s string) string {
	if !strings.ContainsAny(s, "<>&") {
		return s
	}
	s = strings.ReplaceAll(s, "&", "&#38;")
	s = strings.ReplaceAll(s, "<", "&#60;")
	s = strings.ReplaceAll(s, ">", "&#62;")
	return s
}
