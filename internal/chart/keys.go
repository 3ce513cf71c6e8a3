package chart

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// Key is a key of a chart block: its name, whether a block must have it,
// what it means (a line of README.md's table of keys, which KeysMarkdown
// writes from this table), and how its value is read into the Spec.
type Key struct {
	Name     string
	Required bool
	Meaning  string
	parse    func(p *specParser, v *yaml.Node)
}

// Keys lists every key a chart block takes, in the order README.md
// gives them. The parser knows no key that is not here.
var Keys = []Key{
	{"id", true, "figure id; the figure is `fig:<id>`",
		func(p *specParser, v *yaml.Node) { p.s.ID = p.str(v, "id") }},
	{"type", true, "", // "`bar`, `stacked-bar`, ...": written from Types by KeysMarkdown
		func(p *specParser, v *yaml.Node) { p.s.Type = p.str(v, "type") }},
	{"data", true, "CSV path relative to the manuscript; may not leave its directory",
		func(p *specParser, v *yaml.Node) { p.s.Data = p.str(v, "data") }},
	{"x", false, "x column: date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) for timelines and binned bars; number or date for lines; text categories for unbinned bars",
		func(p *specParser, v *yaml.Node) { p.s.X = p.str(v, "x") }},
	{"y", false, "number column; absent for bars = count rows",
		func(p *specParser, v *yaml.Node) { p.s.Y = p.str(v, "y") }},
	{"group", false, "stacks (stacked-bar), side-by-side bars (bar), series (line), marker shape (timeline)",
		func(p *specParser, v *yaml.Node) { p.s.Group = p.str(v, "group") }},
	{"label", false, "label column, or a template `\"{date|year} {name}\"`",
		func(p *specParser, v *yaml.Node) { p.s.Label = mathText(p.str(v, "label")) }},
	{"bin", false, "`year`: one bar per year, empty years included",
		func(p *specParser, v *yaml.Node) {
			p.s.Bin = p.str(v, "bin")
			if p.s.Bin != "year" {
				p.bad(v, `the only bin is "year"`, "chart key bin: unknown bin %q", p.s.Bin)
			}
		}},
	{"where", false, "filters: `{col: v}`, `{col: [a, b]}`, `{col: {not: v}}`; numbers compare by value",
		func(p *specParser, v *yaml.Node) { p.s.Where = p.where(v) }},
	{"range", false, "`[from, to]` years shown, inclusive", (*specParser).rangeKey},
	{"highlight", false, "`{from, to, label}` shaded stretch of years", (*specParser).highlight},
	{"annotate", false, "list of `{x, text}` notes above the bar at x", (*specParser).annotate},
	{"spans", false, "`{end, label, where}`: rows with y > 1 are period totals, drawn as labelled brackets above the bars from x to `end`, never split into years", (*specParser).spans},
	{"title", false, "the caption's title, set bold before the caption",
		func(p *specParser, v *yaml.Node) { p.s.Title = mathText(p.str(v, "title")) }},
	{"caption", false, "the caption, after the title",
		func(p *specParser, v *yaml.Node) { p.s.Caption = p.str(v, "caption") }},
	{"xlabel", false, "the x axis title",
		func(p *specParser, v *yaml.Node) { p.s.XLabel = mathText(p.str(v, "xlabel")) }},
	{"ylabel", false, "the y axis title",
		func(p *specParser, v *yaml.Node) { p.s.YLabel = mathText(p.str(v, "ylabel")) }},
	{"notes", false, "a \"Note:\" line under the figure",
		func(p *specParser, v *yaml.Node) { p.s.Notes = p.str(v, "notes") }},
	{"source", false, "source line; default: \"Sources: \" + distinct values of the `source` column of the rows drawn",
		func(p *specParser, v *yaml.Node) { p.s.Source = p.str(v, "source") }},
	{"height", false, "height / width for bars and lines, 0.2 to 1.5 (default 0.6)",
		func(p *specParser, v *yaml.Node) {
			p.s.Height = p.num(v, "chart key height")
			if p.s.Height < 0.2 || p.s.Height > 1.5 {
				p.bad(v, "give the height as a fraction of the width, e.g. 0.6", "chart key height: %v is out of range", p.s.Height)
			}
		}},
	{"alt", false, "what the chart shows, in words (a tagged PDF's alternate text); default: described from the data drawn — kind, axes, series and ranges, in English",
		func(p *specParser, v *yaml.Node) { p.s.Alt = p.str(v, "alt") }},
}

// lookupKey is the entry of Keys named name, or nil.
func lookupKey(name string) *Key {
	for i := range Keys {
		if Keys[i].Name == name {
			return &Keys[i]
		}
	}
	return nil
}

// keyNames lists the names of Keys, for the unknown-key warning.
func keyNames() []string {
	names := make([]string, len(Keys))
	for i, k := range Keys {
		names[i] = k.Name
	}
	return names
}

// KeysMarkdown is README.md's table of chart keys, made from Keys.
func KeysMarkdown() string {
	var b strings.Builder
	b.WriteString("| key | meaning |\n|---|---|\n")
	for _, k := range Keys {
		m := k.Meaning
		if k.Name == "type" {
			m = "`" + strings.Join(Types, "`, `") + "`"
		}
		if k.Required {
			m += " (required)"
		}
		b.WriteString("| `" + k.Name + "` | " + strings.ReplaceAll(m, "|", `\|`) + " |\n")
	}
	return b.String()
}

func (p *specParser) rangeKey(v *yaml.Node) {
	if v.Kind != yaml.SequenceNode || len(v.Content) != 2 {
		p.bad(v, "write range: [1918, 1939]", "chart key range: want [from, to]")
		return
	}
	r := [2]float64{p.num(v.Content[0], "range"), p.num(v.Content[1], "range")}
	if r[1] < r[0] {
		p.bad(v, "", "chart key range: %v is after %v", r[0], r[1])
	}
	p.s.Range = &r
}

func (p *specParser) highlight(v *yaml.Node) {
	if v.Kind != yaml.MappingNode {
		p.bad(v, "write highlight: {from: 1918, to: 1939, label: ...}", "chart key highlight: want from, to and label")
		return
	}
	h := &Highlight{}
	p.subKeys(v, "highlight takes from, to and label", "chart key highlight", map[string]func(*yaml.Node){
		"from":  func(n *yaml.Node) { h.From = p.num(n, "highlight from") },
		"to":    func(n *yaml.Node) { h.To = p.num(n, "highlight to") },
		"label": func(n *yaml.Node) { h.Label = mathText(p.str(n, "highlight label")) },
	})
	p.s.Highlight = h
}

func (p *specParser) annotate(v *yaml.Node) {
	if v.Kind != yaml.SequenceNode {
		p.bad(v, "write a list of {x: 1938, text: ...}", "chart key annotate: want a list")
		return
	}
	for _, e := range v.Content {
		a := Annotation{Pos: p.at(e)}
		if e.Kind != yaml.MappingNode {
			p.bad(e, "write {x: 1938, text: ...}", "annotation: want x and text")
			continue
		}
		p.subKeys(e, "an annotation takes x and text", "annotation", map[string]func(*yaml.Node){
			"x":    func(n *yaml.Node) { a.X = p.num(n, "annotation x") },
			"text": func(n *yaml.Node) { a.Text = p.str(n, "annotation text") },
		})
		if a.Text == "" {
			p.bad(e, "", "annotation has no text")
		}
		p.s.Annotate = append(p.s.Annotate, a)
	}
}

func (p *specParser) spans(v *yaml.Node) {
	if v.Kind != yaml.MappingNode {
		p.bad(v, "write spans: {end: end, label: \"{count} ..., {period}\"}", "chart key spans: want end, label and where")
		return
	}
	sp := &SpanSpec{}
	p.subKeys(v, "spans takes end, label and where", "chart key spans", map[string]func(*yaml.Node){
		"end":   func(n *yaml.Node) { sp.End = p.str(n, "spans end") },
		"label": func(n *yaml.Node) { sp.Label = mathText(p.str(n, "spans label")) },
		"where": func(n *yaml.Node) { sp.Where = p.where(n) },
	})
	p.s.Spans = sp
}
