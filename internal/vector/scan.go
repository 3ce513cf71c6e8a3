package vector

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// element is what the scan learns of a drawable element (a shape or a
// <use>) that oksvg does not keep.
type element struct {
	evenOdd bool   // fill-rule: evenodd
	hidden  bool   // display: none here or above; or inside a clip path, mask, pattern, marker or symbol
	clip    string // the id of the <clipPath> outside <defs> it is part of
	clipRef string // the id of the clip path it (or a group around it) is clipped to
	end     int    // offset just after the element in the file
}

// scanned is the result of scan.
type scanned struct {
	elems   []element
	rootEnd int             // offset just after "<svg" of the root element
	rootSet map[string]bool // the root element's attributes
	missing map[string]bool // what is not drawn, for a warning
	clips   map[string]bool // the ids of the clip paths used
	// clipRects are the clip paths that are one rectangle, in the user
	// units of what they clip; a clip path that is not holds false in ok.
	clipRects map[string]clipRect
	inserts   []insert // style attributes added (CSS oksvg does not apply)
}

// clipRect is a clip path of one <rect>.
type clipRect struct {
	r  rect
	ok bool
}

// insert is text added to the file at an offset.
type insert struct {
	at   int
	text string
}

// drawable are the elements oksvg makes paths of.
var drawable = map[string]bool{"path": true, "rect": true, "circle": true, "ellipse": true, "line": true, "polyline": true, "polygon": true, "use": true}

// notDrawn are containers whose content is not drawn where it stands.
var notDrawn = map[string]bool{"clipPath": true, "mask": true, "pattern": true, "marker": true, "symbol": true}

// frame is the cascade at one element of the XML tree.
type frame struct {
	name    string
	evenOdd bool
	hidden  bool
	inDefs  bool
	clip    string // the enclosing <clipPath>'s id, outside <defs>
	clipDef string // the enclosing <clipPath>'s id
	clipRef string // the clip path applied here
}

// scan checks that data is an SVG document, computes for each drawable
// element what oksvg does not (fill rule, whether it is shown), and lists
// what is not drawn.
func scan(data []byte) (*scanned, error) {
	rules, err := styleRules(data)
	if err != nil {
		return nil, err
	}
	sc := &scanned{missing: map[string]bool{}, clips: map[string]bool{}, clipRects: map[string]clipRect{}}
	for _, r := range rules {
		if r.complex {
			sc.missing["CSS rules other than by element, .class and #id"] = true
		}
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	stack := []frame{{}}
	root := ""
	defsIDs := map[string]bool{}
	var uses []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("the SVG is not well-formed XML: %v", err)
		}
		switch se := tok.(type) {
		case xml.StartElement:
			n := se.Name.Local
			if root == "" {
				root = n
				if n == "svg" {
					sc.rootEnd = svgTagEnd(data, int(dec.InputOffset()))
					sc.rootSet = map[string]bool{}
					for _, a := range se.Attr {
						sc.rootSet[a.Name.Local] = true
					}
				}
			}
			top := stack[len(stack)-1]
			f := frame{name: n, evenOdd: top.evenOdd, hidden: top.hidden || notDrawn[n], inDefs: top.inDefs || n == "defs", clip: top.clip, clipDef: top.clipDef, clipRef: top.clipRef}
			props, css := declared(se, rules)
			if css != "" {
				// Before the end of the start tag, so that it wins over
				// the presentation attributes.
				at := int(dec.InputOffset()) - 1
				if at > 0 && data[at-1] == '/' {
					at--
				}
				sc.inserts = append(sc.inserts, insert{at, ` style="` + css + `"`})
			}
			if n == "clipPath" {
				f.clipDef = props["id"]
				if !f.inDefs {
					f.clip = props["id"]
				}
				// A clip path in its own units or transformed is not a
				// plain rectangle.
				sc.clipRects[f.clipDef] = clipRect{ok: props["clipPathUnits"] != "objectBoundingBox" && props["transform"] == ""}
			} else if f.clipDef != "" {
				sc.clipShape(f.clipDef, n, props)
			}
			switch props["fill-rule"] {
			case "evenodd":
				f.evenOdd = true
			case "nonzero":
				f.evenOdd = false
			}
			if props["display"] == "none" || props["visibility"] == "hidden" || props["visibility"] == "collapse" {
				f.hidden = true
			}
			if v := props["clip-path"]; v != "" && v != "none" {
				// Applied where it is a rectangle; otherwise judged once
				// the clip paths are drawn (Parse): one that leaves the
				// whole picture is no loss.
				f.clipRef = urlRef(v)
				sc.clips[f.clipRef] = true
			}
			if props["mask"] != "" && props["mask"] != "none" {
				sc.missing["masks"] = true
			}
			if props["filter"] != "" && props["filter"] != "none" {
				sc.missing["filters"] = true
			}
			for _, k := range []string{"marker-start", "marker-mid", "marker-end", "marker"} {
				if v := props[k]; v != "" && v != "none" {
					sc.missing["markers"] = true
				}
			}
			if strings.Contains(props["fill"], "url(") || strings.Contains(props["stroke"], "url(") {
				if ref := urlRef(props["fill"] + props["stroke"]); ref != "" {
					uses = append(uses, "paint:"+ref)
				}
			}
			switch n {
			case "text", "textPath", "tspan":
				sc.missing["text"] = true
			case "image", "foreignObject":
				sc.missing[map[string]string{"image": "embedded images", "foreignObject": "foreign objects"}[n]] = true
			case "filter", "mask", "pattern", "marker":
				// Named when used (above); defined but unused, nothing
				// is lost.
			case "use":
				for _, a := range se.Attr {
					if a.Name.Local == "href" {
						uses = append(uses, strings.TrimPrefix(a.Value, "#"))
					}
				}
			}
			if f.inDefs {
				for _, a := range se.Attr {
					if a.Name.Local == "id" {
						defsIDs[a.Value] = true
					}
				}
			}
			stack = append(stack, f)
		case xml.EndElement:
			if len(stack) > 1 {
				f := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if drawable[f.name] {
					sc.elems = append(sc.elems, element{evenOdd: f.evenOdd, hidden: f.hidden, clip: f.clip, clipRef: f.clipRef, end: int(dec.InputOffset())})
				}
			}
		}
	}
	if root != "svg" {
		return nil, fmt.Errorf("the file is not an SVG image (its root element is <%s>)", root)
	}
	var grads map[string]bool
	for _, u := range uses {
		if ref, ok := strings.CutPrefix(u, "paint:"); ok {
			if grads == nil {
				grads = gradientIDs(data)
			}
			if !grads[ref] {
				sc.missing["patterns"] = true
			}
			continue
		}
		if !defsIDs[u] {
			sc.missing["<use> of elements outside <defs>"] = true
		}
	}
	return sc, nil
}

// unsupported lists what is not drawn, sorted. boxes are the extents of
// the clip paths drawn outside <defs>, in view-box units; a clip path used
// that is not among them, or does not hold the whole w x h picture, is not
// applied.
func (sc *scanned) unsupported(boxes map[string][4]float64, w, h float64) []string {
	for id := range sc.clips {
		if sc.clipRects[id].ok {
			continue // applied (or named by convert where it cannot be)
		}
		b, ok := boxes[id]
		if tol := 0.005 * max(w, h); !ok || b[0] > tol || b[1] > tol || b[2] < w-tol || b[3] < h-tol {
			sc.missing["clip paths"] = true
		}
	}
	var out []string
	for k := range sc.missing {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// marked returns data with a marker path after each drawable element (so
// that oksvg's paths can be told apart by element), the style attributes
// of CSS rules oksvg does not apply, and SVG's defaults for the line join,
// miter, and the stroke width, 1, on the root element (oksvg's are bevel
// and 2).
func (sc *scanned) marked(data []byte) []byte {
	ins := slices.Clone(sc.inserts)
	if sc.rootEnd > 0 {
		// An attribute the author set is not given twice.
		var root string
		if !sc.rootSet["stroke-linejoin"] {
			root += ` stroke-linejoin="miter"`
		}
		if !sc.rootSet["stroke-width"] {
			root += ` stroke-width="1"`
		}
		ins = append(ins, insert{sc.rootEnd, root})
	}
	for k, e := range sc.elems {
		ins = append(ins, insert{e.end, markerPath(k)})
	}
	slices.SortStableFunc(ins, func(a, b insert) int { return a.at - b.at })
	var b bytes.Buffer
	b.Grow(len(data) + len(ins)*80)
	last := 0
	for _, in := range ins {
		if in.at < last || in.at > len(data) {
			continue
		}
		b.Write(data[last:in.at])
		b.WriteString(in.text)
		last = in.at
	}
	b.Write(data[last:])
	return b.Bytes()
}

// clipShape notes a shape of the clip path id: the first <rect> makes it a
// rectangle, anything more makes it not one.
func (sc *scanned) clipShape(id, name string, props map[string]string) {
	c, seen := sc.clipRects[id]
	if !seen || !c.ok {
		return
	}
	if name != "rect" || c.r != (rect{}) || props["transform"] != "" {
		sc.clipRects[id] = clipRect{}
		return
	}
	var v [4]float64
	for i, k := range []string{"x", "y", "width", "height"} {
		s := strings.TrimSuffix(strings.TrimSpace(props[k]), "px")
		if s == "" {
			continue
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			sc.clipRects[id] = clipRect{}
			return
		}
		v[i] = f
	}
	if v[2] <= 0 || v[3] <= 0 {
		sc.clipRects[id] = clipRect{}
		return
	}
	sc.clipRects[id] = clipRect{r: rect{v[0], v[1], v[0] + v[2], v[1] + v[3]}, ok: true}
}

// svgTagEnd returns the offset just after the name of the <svg ...> start
// tag that ends before end.
func svgTagEnd(data []byte, end int) int {
	i := bytes.LastIndex(data[:min(end, len(data))], []byte("<svg"))
	if i < 0 {
		return 0
	}
	j := i + len("<svg")
	for j < len(data) && data[j] != ' ' && data[j] != '\t' && data[j] != '\n' && data[j] != '\r' && data[j] != '>' && data[j] != '/' {
		j++ // a prefixed name, <svg:svg
	}
	return j
}

// urlRef returns the id in "url(#id)".
func urlRef(s string) string {
	i := strings.Index(s, "url(")
	if i < 0 {
		return ""
	}
	s = strings.TrimSpace(s[i+4:])
	s = strings.Trim(strings.TrimPrefix(strings.Trim(s, `'"`), "#"), `'" `)
	if j := strings.IndexAny(s, `)'"`); j >= 0 {
		s = s[:j]
	}
	return s
}

// gradientIDs returns the ids of the gradients of data.
func gradientIDs(data []byte) map[string]bool {
	ids := map[string]bool{}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err != nil {
			return ids
		}
		if se, ok := tok.(xml.StartElement); ok && (se.Name.Local == "linearGradient" || se.Name.Local == "radialGradient") {
			for _, a := range se.Attr {
				if a.Name.Local == "id" {
					ids[a.Value] = true
				}
			}
		}
	}
}

// rule is a CSS rule of a <style> element.
type rule struct {
	selectors   []string
	decls       map[string]string
	order       []string // the declared properties, in order
	simpleClass bool     // every selector is ".name", which oksvg applies itself
	complex     bool     // a selector is neither a name, .class, #id nor name.class
}

// styleRules reads the CSS rules of the document's <style> elements.
func styleRules(data []byte) ([]rule, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	var rules []rule
	in := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return rules, nil
		}
		if err != nil {
			return nil, fmt.Errorf("the SVG is not well-formed XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			in = t.Name.Local == "style"
		case xml.EndElement:
			in = false
		case xml.CharData:
			if in {
				rules = append(rules, parseCSS(string(t))...)
			}
		}
	}
}

// parseCSS reads simple CSS: selectors, then declarations in braces.
// Comments and at-rules are skipped.
func parseCSS(s string) []rule {
	for {
		i := strings.Index(s, "/*")
		if i < 0 {
			break
		}
		j := strings.Index(s[i+2:], "*/")
		if j < 0 {
			s = s[:i]
			break
		}
		s = s[:i] + s[i+2+j+2:]
	}
	var rules []rule
	for _, block := range strings.Split(s, "}") {
		sel, body, ok := strings.Cut(block, "{")
		if !ok || strings.HasPrefix(strings.TrimSpace(sel), "@") {
			continue
		}
		r := rule{simpleClass: true}
		r.decls, r.order = declsOrdered(body)
		for _, x := range strings.Split(sel, ",") {
			x = strings.TrimSpace(x)
			if x == "" {
				continue
			}
			r.selectors = append(r.selectors, x)
			if !isSimpleClass(x) {
				r.simpleClass = false
			}
			if x != "*" && strings.ContainsAny(x, "[]:> +~*") {
				r.complex = true
			}
		}
		if len(r.selectors) > 0 {
			rules = append(rules, r)
		}
	}
	return rules
}

func isSimpleClass(sel string) bool {
	if len(sel) < 2 || sel[0] != '.' {
		return false
	}
	return !strings.ContainsAny(sel[1:], ".#[]:> +~*")
}

// decls reads "a: b; c: d".
func decls(s string) map[string]string {
	out, _ := declsOrdered(s)
	return out
}

// declsOrdered reads "a: b; c: d", and the order of the properties.
func declsOrdered(s string) (map[string]string, []string) {
	out := map[string]string{}
	var order []string
	for _, d := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(d, ":")
		if ok {
			k = strings.ToLower(strings.TrimSpace(k))
			if _, seen := out[k]; !seen {
				order = append(order, k)
			}
			out[k] = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "!important"))
		}
	}
	return out, order
}

// declared returns the properties an element declares for itself, by
// precedence: presentation attributes, CSS rules that match it by element
// name, class or id (simple selectors only), then its style attribute.
// css is what oksvg would miss of it, as a style attribute's value: the
// declarations of the matching rules oksvg does not apply (all but
// ".class" rules for an element of one class) that its own style does not
// override; "" if none.
func declared(se xml.StartElement, rules []rule) (props map[string]string, css string) {
	props = map[string]string{}
	id, classes, style := "", []string(nil), ""
	for _, a := range se.Attr {
		switch a.Name.Local {
		case "style":
			style += a.Value + ";"
		case "class":
			classes = strings.Fields(a.Value)
			props["class"] = a.Value
		case "id":
			id = a.Value
			fallthrough
		default:
			props[a.Name.Local] = strings.TrimSpace(a.Value)
		}
	}
	own, order := declsOrdered(style)
	attrs := maps.Clone(props)
	var extra []string
	for _, r := range rules {
		for _, sel := range r.selectors {
			if matches(sel, se.Name.Local, id, classes) {
				for _, k := range r.order {
					props[k] = r.decls[k]
					// oksvg applies ".class" rules, to an element of one
					// class. The element's own style wins over CSS, and
					// oksvg multiplies opacities rather than replace them.
					_, styled := own[k]
					_, attr := attrs[k]
					if (!r.simpleClass || len(classes) > 1) && !styled && !(attr && strings.HasSuffix(k, "opacity")) {
						extra = append(extra, k+":"+cssValue(r.decls[k]))
					}
				}
				break
			}
		}
	}
	for _, k := range order {
		props[k] = own[k]
	}
	return props, strings.Join(extra, ";")
}

// cssValue makes a CSS value safe in a double-quoted attribute, and
// url("#x") into url(#x), which oksvg reads.
func cssValue(v string) string {
	if ref := urlRef(v); ref != "" && strings.HasPrefix(strings.TrimSpace(v), "url(") {
		v = "url(#" + ref + ")"
	}
	return strings.NewReplacer(`"`, "&quot;", "<", "&lt;", "&", "&amp;").Replace(v)
}

// matches reports whether a simple selector (name, .class, #id, or
// name.class) matches an element.
func matches(sel, name, id string, classes []string) bool {
	if sel == "*" {
		return true
	}
	if strings.ContainsAny(sel, "[]:> +~*") {
		return false
	}
	tag, rest := sel, ""
	if i := strings.IndexAny(sel, ".#"); i >= 0 {
		tag, rest = sel[:i], sel[i:]
	}
	if tag != "" && tag != name {
		return false
	}
	for rest != "" {
		kind := rest[0]
		rest = rest[1:]
		j := strings.IndexAny(rest, ".#")
		part := rest
		if j >= 0 {
			part, rest = rest[:j], rest[j:]
		} else {
			rest = ""
		}
		switch kind {
		case '.':
			if !slices.Contains(classes, part) {
				return false
			}
		case '#':
			if part != id {
				return false
			}
		}
	}
	return true
}
