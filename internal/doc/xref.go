package doc

import (
	"sort"
	"strconv"
	"strings"

	"quire/internal/diag"
)

// NumberFloats numbers figures and tables in reading order (figures and
// tables separately, from 1), gives unnamed ones an ID, and returns the
// label ("Figure 2", "Table 1", "Section 3") of every referenceable ID.
func NumberFloats(d *Document) map[string]string {
	labels := map[string]string{}
	fig, tbl := 0, 0
	var sec []int
	var walk func(bs []Block)
	walk = func(bs []Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *Figure:
				fig++
				b.Number = fig
				if b.ID == "" {
					b.ID = "fig:" + strconv.Itoa(fig)
				}
				labels[b.ID] = "Figure " + strconv.Itoa(fig)
			case *Table:
				if len(b.Caption) > 0 || b.ID != "" {
					tbl++
					b.Number = tbl
					if b.ID == "" {
						b.ID = "tbl:" + strconv.Itoa(tbl)
					}
					labels[b.ID] = "Table " + strconv.Itoa(tbl)
				}
			case *Heading:
				if b.Unnumbered {
					if b.ID != "" {
						labels[b.ID] = "“" + PlainText(b.Content) + "”"
					}
					continue
				}
				lv := b.Level
				if lv < 1 {
					lv = 1
				}
				for len(sec) < lv {
					sec = append(sec, 0)
				}
				sec = sec[:lv]
				sec[lv-1]++
				if b.ID != "" {
					parts := make([]string, len(sec))
					for i, n := range sec {
						parts[i] = strconv.Itoa(n)
					}
					labels[b.ID] = "Section " + strings.Join(parts, ".")
				}
			case *List:
				for _, it := range b.Items {
					walk(it.Blocks)
				}
			case *Quote:
				walk(b.Blocks)
			}
		}
	}
	walk(d.Blocks)
	return labels
}

// ResolveRefs numbers floats and replaces every CrossRef with a Ref whose
// text is the target's label ("Figure 2"). An unknown target is an error at
// the reference's position, with the known IDs as a hint.
func ResolveRefs(d *Document, diags *diag.List) {
	labels := NumberFloats(d)
	MapInlines(d, func(in []Inline, _ bool) []Inline {
		for i, x := range in {
			cr, ok := x.(CrossRef)
			if !ok {
				continue
			}
			label, ok := labels[cr.Target]
			if !ok {
				prefix, _, _ := strings.Cut(cr.Target, ":")
				var known []string
				for id := range labels {
					if strings.HasPrefix(id, prefix+":") {
						known = append(known, "@"+id)
					}
				}
				sort.Strings(known)
				hint := "label the figure or table with {#" + cr.Target + "}"
				if len(known) > 0 {
					hint = "known: " + strings.Join(known, ", ")
				}
				diags.Recoverf(cr.Pos, hint, "unknown cross-reference @%s", cr.Target)
				in[i] = Text{S: "??"}
				continue
			}
			in[i] = Ref{Target: cr.Target, Content: []Inline{Text{S: label}}}
		}
		return in
	})
}
