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

var yamlLine = regexp.MustCompile(`line (\d+)`)

// specParser holds what parsing one chart block needs: the block's position
// (for file:line of every key), the diagnostics, and whether all went well.
type specParser struct {
	s     *Spec
	pos   diag.Pos // the Markdown position of the block's first line of YAML
	diags *diag.List
	ok    bool
}

// at is the Markdown position of a YAML node of the block.
func (p *specParser) at(n *yaml.Node) diag.Pos {
	at := diag.Pos{File: p.pos.File, Line: p.pos.Line, Col: 0}
	if n != nil && n.Line > 0 {
		at.Line = p.pos.Line + n.Line - 1
	}
	return at
}

// bad reports an error at n; the block is then not drawn.
func (p *specParser) bad(n *yaml.Node, hint, format string, args ...any) {
	p.diags.Errorf(p.at(n), hint, format, args...)
	p.ok = false
}

// str is the trimmed text of a scalar; anything else is an error.
func (p *specParser) str(n *yaml.Node, key string) string {
	if n.Kind != yaml.ScalarNode {
		p.bad(n, "", "chart key %q: want a single value", key)
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// num is a scalar read as a finite number of at most 1e15.
func (p *specParser) num(n *yaml.Node, what string) float64 {
	if n.Kind != yaml.ScalarNode {
		p.bad(n, "", "%s: want a number", what)
		return 0
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64)
	switch {
	case err != nil && !strings.Contains(err.Error(), "out of range"), math.IsNaN(v):
		p.bad(n, "", "%s: %q is not a number", what, n.Value)
		return 0
	case !finite(v):
		p.bad(n, "give a value between -1e15 and 1e15", "%s: %s is out of range (a chart's numbers are at most 1e15)", what, strings.TrimSpace(n.Value))
		return 0
	}
	return v
}

// subKeys reads the keys of a nested mapping v (highlight, an annotation,
// spans), each by its function in set; other keys are warned of with hint.
func (p *specParser) subKeys(v *yaml.Node, hint, what string, set map[string]func(*yaml.Node)) {
	for j := 0; j+1 < len(v.Content); j += 2 {
		k := v.Content[j].Value
		if f, ok := set[k]; ok {
			f(v.Content[j+1])
			continue
		}
		p.diags.Warnf(p.at(v.Content[j]), hint, "%s: unknown key %q ignored", what, k)
	}
}

// parseSpec decodes a chart block. pos is the Markdown position of the
// block's first line of YAML.
func parseSpec(text []byte, pos diag.Pos, diags *diag.List) (*Spec, bool) {
	s := &Spec{keyPos: map[string]diag.Pos{}, blockPos: diag.Pos{File: pos.File, Line: pos.Line}}
	p := &specParser{s: s, pos: pos, diags: diags, ok: true}
	var root yaml.Node
	if err := yaml.Unmarshal(text, &root); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		at := s.blockPos
		if m := yamlLine.FindStringSubmatchIndex(msg); m != nil {
			k, _ := strconv.Atoi(msg[m[2]:m[3]])
			at.Line = pos.Line + k - 1
			msg = strings.TrimPrefix(msg[:m[0]]+msg[m[1]:], ": ")
			msg = strings.TrimSpace(strings.TrimPrefix(msg, ":"))
		}
		diags.Errorf(at, "a chart block holds YAML: one \"key: value\" per line", "chart block: bad YAML: %s", msg)
		return nil, false
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		diags.Errorf(s.blockPos, "write at least id, type and data", "chart block is empty")
		return nil, false
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		diags.Errorf(p.at(m), "write one \"key: value\" per line", "chart block must be a YAML mapping of keys to values")
		return nil, false
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key := k.Value
		if _, dup := s.keyPos[key]; dup {
			p.bad(k, "remove one of them", "chart key %q given twice", key)
			continue
		}
		s.keyPos[key] = p.at(k)
		if ks := lookupKey(key); ks != nil {
			ks.parse(p, v)
			continue
		}
		diags.Warnf(p.at(k), "known keys: "+strings.Join(keyNames(), ", "), "chart block: unknown key %q ignored", key)
	}
	for _, k := range Keys {
		if _, has := s.keyPos[k.Name]; k.Required && !has {
			p.bad(nil, "", "chart block has no %q key", k.Name)
		}
	}
	if s.Type != "" && !contains(Types, s.Type) {
		p.bad(nodeOr(m, "type"), "use type: bar, stacked-bar, timeline or line", "chart type %q is unknown; known types are %s", s.Type, strings.Join(Types, ", "))
	}
	if s.ID != "" && !validID.MatchString(s.ID) {
		p.bad(nodeOr(m, "id"), "use letters, digits, '-' and '_'", "chart id %q is not a valid identifier", s.ID)
	}
	return s, p.ok
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

func (p *specParser) where(v *yaml.Node) []Filter {
	const hint = "write where: {column: value}, {column: [a, b]} or {column: {not: value}}"
	if v.Kind != yaml.MappingNode {
		p.bad(v, hint, "where: want a mapping of column names to values")
		return nil
	}
	var fs []Filter
	for j := 0; j+1 < len(v.Content); j += 2 {
		f := Filter{Column: v.Content[j].Value, Pos: p.at(v.Content[j])}
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
					p.bad(e, hint, "where %s: list items must be single values", f.Column)
					continue
				}
				f.Values = append(f.Values, strings.TrimSpace(e.Value))
			}
		default:
			p.bad(val, hint, "where %s: want a value, a list or {not: ...}", f.Column)
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
