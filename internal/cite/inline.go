package cite

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"quire/internal/csl"
	"quire/internal/doc"
)

// run is a piece of text with the styles in force on it.
type run struct {
	s                                      string
	italic, bold, smallCaps, sup, sub, und bool
	url, ref                               string
}

type runState struct {
	italic, bold, smallCaps, sup, sub, und bool
	quote                                  int // 0 none, 1 outer, 2 inner
	url, ref                               string
}

// toInlines turns the processor's rich text into the document's inlines:
// italic inside italic is roman, quotation marks are the locale's (outer
// and inner by nesting), links and the cites' references to their
// bibliography entries (ref-ID) become Link and Ref.
func toInlines(t csl.Text, quotes [4]string) []doc.Inline {
	var runs []run
	collectRuns(csl.SplitSuperscripts(t), runState{}, quotes, &runs)
	return groupRuns(runs, 0)
}

func collectRuns(t csl.Text, st runState, q [4]string, out *[]run) {
	add := func(s string, st runState) {
		if s == "" {
			return
		}
		r := run{s: s, italic: st.italic, bold: st.bold, smallCaps: st.smallCaps, sup: st.sup, sub: st.sub, und: st.und, url: st.url, ref: st.ref}
		if n := len(*out); n > 0 {
			p := &(*out)[n-1]
			same := *p
			same.s = r.s
			if same == r {
				p.s += s
				return
			}
		}
		*out = append(*out, r)
	}
	for _, s := range t {
		n := st
		switch s.Kind {
		case csl.Plain:
			add(s.Text, st)
			continue
		case csl.Italic:
			n.italic = !st.italic
		case csl.NoItalic:
			n.italic = false
		case csl.Bold:
			n.bold = !st.bold
		case csl.NoBold:
			n.bold = false
		case csl.SmallCaps:
			n.smallCaps = !st.smallCaps
		case csl.NoSmallCaps:
			n.smallCaps = false
		case csl.Underline:
			n.und = true
		case csl.NoDecoration:
			n.italic, n.bold, n.smallCaps, n.und = false, false, false, false
		case csl.Sup:
			n.sup = true
		case csl.Sub:
			n.sub = true
		case csl.Baseline:
			n.sup, n.sub = false, false
		case csl.Link:
			if _, ok := doc.LinkScheme(s.Attr); ok {
				n.url = s.Attr
			}
		case csl.ItemRef:
			n.ref = "ref-" + s.Attr
		case csl.Quoted:
			switch {
			case st.quote == 1:
				n.quote = 2
			case st.quote == 2:
				n.quote = 1
			case s.Attr == "single":
				n.quote = 2
			default:
				n.quote = 1
			}
			open, close := q[0], q[1]
			if n.quote == 2 {
				open, close = q[2], q[3]
			}
			add(open, st)
			collectRuns(s.Kids, n, q, out)
			add(close, st)
			continue
		}
		collectRuns(s.Kids, n, q, out)
	}
}

// groupRuns nests runs: references outside links outside styles; a link
// is never inside a reference (a DOI in a note stays its own link).
func groupRuns(runs []run, level int) []doc.Inline {
	var out []doc.Inline
	for i := 0; i < len(runs); {
		r := runs[i]
		j := i + 1
		switch level {
		case 0: // references
			if r.ref != "" && r.url == "" {
				for j < len(runs) && runs[j].ref == r.ref && runs[j].url == "" {
					j++
				}
				out = append(out, doc.Ref{Target: r.ref, Content: groupRuns(runs[i:j], 1)})
			} else {
				for j < len(runs) && !(runs[j].ref != "" && runs[j].url == "") {
					j++
				}
				out = append(out, groupRuns(runs[i:j], 1)...)
			}
		case 1: // links
			if r.url != "" {
				for j < len(runs) && runs[j].url == r.url {
					j++
				}
				out = append(out, doc.Link{URL: r.url, Content: groupRuns(runs[i:j], 2)})
			} else {
				for j < len(runs) && runs[j].url == "" {
					j++
				}
				out = append(out, groupRuns(runs[i:j], 2)...)
			}
		default: // styles
			for ; i < len(runs); i++ {
				out = append(out, styled(runs[i]))
			}
			return mergeTexts(out)
		}
		i = j
	}
	return out
}

func styled(r run) doc.Inline {
	var x doc.Inline = doc.Text{S: r.s}
	wrap := func(f func([]doc.Inline) doc.Inline) { x = f([]doc.Inline{x}) }
	if r.smallCaps {
		wrap(func(c []doc.Inline) doc.Inline { return doc.SmallCaps{Content: c} })
	}
	if r.sup {
		wrap(func(c []doc.Inline) doc.Inline { return doc.Super{Content: c} })
	}
	if r.sub {
		wrap(func(c []doc.Inline) doc.Inline { return doc.Sub{Content: c} })
	}
	if r.und {
		wrap(func(c []doc.Inline) doc.Inline { return doc.Underline{Content: c} })
	}
	if r.bold {
		wrap(func(c []doc.Inline) doc.Inline { return doc.Strong{Content: c} })
	}
	if r.italic {
		wrap(func(c []doc.Inline) doc.Inline { return doc.Emph{Content: c} })
	}
	return x
}

func mergeTexts(in []doc.Inline) []doc.Inline {
	out := in[:0]
	for _, x := range in {
		if t, ok := x.(doc.Text); ok {
			if n := len(out); n > 0 {
				if p, ok := out[n-1].(doc.Text); ok {
					out[n-1] = doc.Text{S: p.S + t.S}
					continue
				}
			}
		}
		out = append(out, x)
	}
	return out
}

// firstText finds the first text of in, for capitalizing it.
func firstText(in []doc.Inline, f func(doc.Text) doc.Text) bool {
	for i, x := range in {
		switch x := x.(type) {
		case doc.Text:
			if strings.TrimSpace(x.S) == "" {
				continue
			}
			in[i] = f(x)
			return true
		case doc.Emph:
			if firstText(x.Content, f) {
				return true
			}
		case doc.Strong:
			return false // an unknown key's placeholder keeps its case
		case doc.Ref:
			if firstText(x.Content, f) {
				return true
			}
		case doc.Link:
			if firstText(x.Content, f) {
				return true
			}
		}
	}
	return false
}

// capitalize uppercases the first letter of in (a note starts a sentence).
func capitalize(in []doc.Inline) {
	firstText(in, func(t doc.Text) doc.Text {
		s := strings.TrimLeft(t.S, " ")
		r, n := utf8.DecodeRuneInString(s)
		return doc.Text{S: t.S[:len(t.S)-len(s)] + string(unicode.ToUpper(r)) + s[n:]}
	})
}

// decapitalize lowercases the first letter of in ("Ibid." after text).
func decapitalize(in []doc.Inline) {
	firstText(in, func(t doc.Text) doc.Text {
		r, n := utf8.DecodeRuneInString(t.S)
		return doc.Text{S: string(unicode.ToLower(r)) + t.S[n:]}
	})
}

// lastRuneOf is the last character of in's text.
func lastRuneOf(in []doc.Inline) rune {
	s := doc.PlainText(in)
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// cloneInlines copies a formatted run so that each use owns its values.
func cloneInlines(in []doc.Inline) []doc.Inline {
	out := make([]doc.Inline, len(in))
	for i, x := range in {
		if kids, ok := doc.Children(x); ok {
			x = doc.WithChildren(x, cloneInlines(kids))
		}
		out[i] = x
	}
	return out
}
