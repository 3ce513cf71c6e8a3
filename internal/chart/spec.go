package chart

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"quire/internal/diag"
)

// Types lists the known chart types.
var Types = []string{"bar", "stacked-bar", "timeline", "line"}

// Spec is a chart block after YAML decoding. Lines are Markdown lines.
type Spec struct {
	ID, Type, Data     string
	X, Y, Group, Label string
	Bin                string
	Where              []Filter
	Range              *[2]float64
	Highlight          *Highlight
	Annotate           []Annotation
	Spans              *SpanSpec
	Title, Caption     string
	XLabel, YLabel     string
	Notes, Source      string
	Alt                string  // what the chart shows, in words; "" = described from the data (describe.go)
	Height             float64 // height as a fraction of the width; 0 = default
	keyPos             map[string]diag.Pos
	blockPos           diag.Pos
}

// Filter keeps rows whose Column is (or, with Not, is not) one of Values.
type Filter struct {
	Column string
	Values []string
	Not    bool
	Pos    diag.Pos
}

// Highlight is a span of the x axis set off by shading, with a label.
type Highlight struct {
	From, To float64
	Label    string
}

// Annotation is a note placed at an x value.
type Annotation struct {
	X    float64
	Text string
	Pos  diag.Pos
}

// SpanSpec says how period-total rows (y value above 1) are drawn: as
// labelled horizontal spans above the bars, from the x date to the End date.
type SpanSpec struct {
	End   string   // column holding the end date
	Label string   // label template
	Where []Filter // which period rows to draw (all if empty)
}

// knownKeys lists the spec keys, for the unknown-key warning.
var knownKeys = []string{"id", "type", "data", "x", "y", "group", "label", "bin", "where", "range",
	"highlight", "annotate", "spans", "title", "caption", "xlabel", "ylabel", "notes", "source", "height", "alt"}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// parseSpec decodes a chart block. pos is the Markdown position of the
// block's first line of YAML.
func parseSpec(text []byte, pos diag.Pos, diags *diag.List) (*Spec, bool) {
	at := func(n *yaml.Node) diag.Pos {
		p := diag.Pos{File: pos.File, Line: pos.Line, Col: 0}
		if n != nil && n.Line > 0 {
			p.Line = pos.Line + n.Line - 1
		}
		return p
	}
	s := &Spec{keyPos: map[string]diag.Pos{}, blockPos: diag.Pos{File: pos.File, Line: pos.Line}}
	var root yaml.Node
	if err := yaml.Unmarshal(text, &root); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		p := s.blockPos
		if m := yamlLine.FindStringSubmatchIndex(msg); m != nil {
			k, _ := strconv.Atoi(msg[m[2]:m[3]])
			p.Line = pos.Line + k - 1
			msg = strings.TrimPrefix(msg[:m[0]]+msg[m[1]:], ": ")
			msg = strings.TrimSpace(strings.TrimPrefix(msg, ":"))
		}
		diags.Errorf(p, "a chart block holds YAML: one \"key: value\" per line", "chart block: bad YAML: %s", msg)
		return nil, false
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		diags.Errorf(s.blockPos, "write at least id, type and data", "chart block is empty")
		return nil, false
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		diags.Errorf(at(m), "write one \"key: value\" per line", "chart block must be a YAML mapping of keys to values")
		return nil, false
	}
	ok := true
	bad := func(n *yaml.Node, hint, format string, args ...any) {
		diags.Errorf(at(n), hint, format, args...)
		ok = false
	}
	str := func(n *yaml.Node, key string) string {
		if n.Kind != yaml.ScalarNode {
			bad(n, "", "chart key %q: want a single value", key)
			return ""
		}
		return strings.TrimSpace(n.Value)
	}
	num := func(n *yaml.Node, what string) float64 {
		if n.Kind != yaml.ScalarNode {
			bad(n, "", "%s: want a number", what)
			return 0
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64)
		switch {
		case err != nil && !strings.Contains(err.Error(), "out of range"), math.IsNaN(v):
			bad(n, "", "%s: %q is not a number", what, n.Value)
			return 0
		case !finite(v):
			bad(n, "give a value between -1e15 and 1e15", "%s: %s is out of range (a chart's numbers are at most 1e15)", what, strings.TrimSpace(n.Value))
			return 0
		}
		return v
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key := k.Value
		if _, dup := s.keyPos[key]; dup {
			bad(k, "remove one of them", "chart key %q given twice", key)
			continue
		}
		s.keyPos[key] = at(k)
		switch key {
		case "id":
			s.ID = str(v, key)
		case "type":
			s.Type = str(v, key)
		case "data":
			s.Data = str(v, key)
		case "x":
			s.X = str(v, key)
		case "y":
			s.Y = str(v, key)
		case "group":
			s.Group = str(v, key)
		case "label":
			s.Label = mathText(str(v, key))
		case "bin":
			s.Bin = str(v, key)
			if s.Bin != "year" {
				bad(v, `the only bin is "year"`, "chart key bin: unknown bin %q", s.Bin)
			}
		case "title":
			s.Title = mathText(str(v, key))
		case "caption":
			s.Caption = str(v, key)
		case "xlabel":
			s.XLabel = mathText(str(v, key))
		case "ylabel":
			s.YLabel = mathText(str(v, key))
		case "notes":
			s.Notes = str(v, key)
		case "source":
			s.Source = str(v, key)
		case "alt":
			s.Alt = str(v, key)
		case "height":
			s.Height = num(v, "chart key height")
			if s.Height < 0.2 || s.Height > 1.5 {
				bad(v, "give the height as a fraction of the width, e.g. 0.6", "chart key height: %v is out of range", s.Height)
			}
		case "where":
			s.Where = parseWhere(v, at, bad)
		case "range":
			if v.Kind != yaml.SequenceNode || len(v.Content) != 2 {
				bad(v, "write range: [1918, 1939]", "chart key range: want [from, to]")
				continue
			}
			r := [2]float64{num(v.Content[0], "range"), num(v.Content[1], "range")}
			if r[1] < r[0] {
				bad(v, "", "chart key range: %v is after %v", r[0], r[1])
			}
			s.Range = &r
		case "highlight":
			h := &Highlight{}
			if v.Kind != yaml.MappingNode {
				bad(v, "write highlight: {from: 1918, to: 1939, label: ...}", "chart key highlight: want from, to and label")
				continue
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				switch hk, hv := v.Content[j].Value, v.Content[j+1]; hk {
				case "from":
					h.From = num(hv, "highlight from")
				case "to":
					h.To = num(hv, "highlight to")
				case "label":
					h.Label = mathText(str(hv, "highlight label"))
				default:
					diags.Warnf(at(v.Content[j]), "highlight takes from, to and label", "chart key highlight: unknown key %q ignored", hk)
				}
			}
			s.Highlight = h
		case "annotate":
			if v.Kind != yaml.SequenceNode {
				bad(v, "write a list of {x: 1938, text: ...}", "chart key annotate: want a list")
				continue
			}
			for _, e := range v.Content {
				a := Annotation{Pos: at(e)}
				if e.Kind != yaml.MappingNode {
					bad(e, "write {x: 1938, text: ...}", "annotation: want x and text")
					continue
				}
				for j := 0; j+1 < len(e.Content); j += 2 {
					switch ak, av := e.Content[j].Value, e.Content[j+1]; ak {
					case "x":
						a.X = num(av, "annotation x")
					case "text":
						a.Text = str(av, "annotation text")
					default:
						diags.Warnf(at(e.Content[j]), "an annotation takes x and text", "annotation: unknown key %q ignored", ak)
					}
				}
				if a.Text == "" {
					bad(e, "", "annotation has no text")
				}
				s.Annotate = append(s.Annotate, a)
			}
		case "spans":
			sp := &SpanSpec{}
			if v.Kind != yaml.MappingNode {
				bad(v, "write spans: {end: end, label: \"{count} ..., {period}\"}", "chart key spans: want end, label and where")
				continue
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				switch sk, sv := v.Content[j].Value, v.Content[j+1]; sk {
				case "end":
					sp.End = str(sv, "spans end")
				case "label":
					sp.Label = mathText(str(sv, "spans label"))
				case "where":
					sp.Where = parseWhere(sv, at, bad)
				default:
					diags.Warnf(at(v.Content[j]), "spans takes end, label and where", "chart key spans: unknown key %q ignored", sk)
				}
			}
			s.Spans = sp
		default:
			diags.Warnf(at(k), "known keys: "+strings.Join(knownKeys, ", "), "chart block: unknown key %q ignored", key)
		}
	}
	for _, req := range []string{"id", "type", "data"} {
		if _, has := s.keyPos[req]; !has {
			bad(nil, "", "chart block has no %q key", req)
		}
	}
	if s.Type != "" && !contains(Types, s.Type) {
		bad(nodeOr(m, "type"), "use type: bar, stacked-bar, timeline or line", "chart type %q is unknown; known types are %s", s.Type, strings.Join(Types, ", "))
	}
	if s.ID != "" && !validID.MatchString(s.ID) {
		bad(nodeOr(m, "id"), "use letters, digits, '-' and '_'", "chart id %q is not a valid identifier", s.ID)
	}
	return s, ok
}

var validID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

func nodeOr(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func parseWhere(v *yaml.Node, at func(*yaml.Node) diag.Pos, bad func(*yaml.Node, string, string, ...any)) []Filter {
	const hint = "write where: {column: value}, {column: [a, b]} or {column: {not: value}}"
	if v.Kind != yaml.MappingNode {
		bad(v, hint, "where: want a mapping of column names to values")
		return nil
	}
	var fs []Filter
	for j := 0; j+1 < len(v.Content); j += 2 {
		f := Filter{Column: v.Content[j].Value, Pos: at(v.Content[j])}
		val := v.Content[j+1]
		if val.Kind == yaml.MappingNode && len(val.Content) == 2 && val.Content[0].Value == "not" {
			f.Not = true
			val = val.Content[1]
		}
		switch val.Kind {
		case yaml.ScalarNode:
			f.Values = []string{strings.TrimSpace(val.Value)}
		case yaml.SequenceNode:
			for _, e := range val.Content {
				if e.Kind != yaml.ScalarNode {
					bad(e, hint, "where %s: list items must be single values", f.Column)
					continue
				}
				f.Values = append(f.Values, strings.TrimSpace(e.Value))
			}
		default:
			bad(val, hint, "where %s: want a value, a list or {not: ...}", f.Column)
			continue
		}
		fs = append(fs, f)
	}
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Pos.Line < fs[j].Pos.Line })
	return fs
}

// match reports whether cell passes the filter. Numbers compare by value,
// so 1 matches "1.0".
func (f Filter) match(cell string) bool {
	hit := false
	for _, v := range f.Values {
		if cell == v {
			hit = true
			break
		}
		a, err1 := strconv.ParseFloat(cell, 64)
		b, err2 := strconv.ParseFloat(v, 64)
		if err1 == nil && err2 == nil && a == b {
			hit = true
			break
		}
	}
	return hit != f.Not
}

func (f Filter) String() string {
	op := "="
	if f.Not {
		op = "≠"
	}
	return fmt.Sprintf("%s %s %s", f.Column, op, strings.Join(f.Values, "|"))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
