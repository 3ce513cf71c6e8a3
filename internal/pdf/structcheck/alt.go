package structcheck

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf16"

	"quire/internal/doc"
)

// pdfinfo -struct-text prints no /Alt, so the figures' alternate texts are
// read with another program Quire does not contain: qpdf, whose JSON
// (version 2) gives every object with its text strings decoded.

// QPDFJSON runs qpdf --json=2 on the file at path (objects only, no
// stream data) and returns its output.
func QPDFJSON(path string) ([]byte, error) {
	return run("qpdf", "qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=none", path)
}

// Alt is a Figure element's alternate text; Has tells an empty /Alt from
// none.
type Alt struct {
	Text string
	Has  bool
}

// FigureAlts reads qpdf's JSON of a PDF and returns the /Alt of every
// Figure element (by its type or its role map) in the structure tree's
// order, which is the reading order.
func FigureAlts(qpdfJSON []byte) ([]Alt, error) {
	var j struct {
		QPDF []json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal(qpdfJSON, &j); err != nil {
		return nil, fmt.Errorf("qpdf's JSON: %v", err)
	}
	if len(j.QPDF) < 2 {
		return nil, fmt.Errorf("qpdf's JSON has no objects")
	}
	var objs map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal(j.QPDF[1], &objs); err != nil {
		return nil, fmt.Errorf("qpdf's JSON objects: %v", err)
	}
	// resolve follows a reference ("12 0 R").
	resolve := func(v any) any {
		for i := 0; i < 32; i++ {
			s, ok := v.(string)
			if !ok || !strings.HasSuffix(s, " R") {
				return v
			}
			v = objs["obj:"+s].Value
		}
		return v
	}
	dict := func(v any) map[string]any { m, _ := resolve(v).(map[string]any); return m }
	trailer := dict(objs["trailer"].Value)
	root := dict(trailer["/Root"])
	tree := dict(root["/StructTreeRoot"])
	if tree == nil {
		return nil, fmt.Errorf("no /StructTreeRoot")
	}
	roles := dict(tree["/RoleMap"])
	typ := func(s string) string {
		for i := 0; i < 8; i++ {
			r, ok := roles[s].(string)
			if !ok {
				break
			}
			s = r
		}
		return s
	}
	var alts []Alt
	seen := map[string]bool{}
	var walk func(k any, depth int)
	walk = func(k any, depth int) {
		if depth > 256 {
			return
		}
		if s, ok := k.(string); ok && strings.HasSuffix(s, " R") {
			if seen[s] {
				return
			}
			seen[s] = true
		}
		switch v := resolve(k).(type) {
		case []any:
			for _, x := range v {
				walk(x, depth+1)
			}
		case map[string]any:
			s, _ := v["/S"].(string)
			if s == "" {
				return // a marked-content or object reference
			}
			if typ(s) == "/Figure" {
				a, ok := v["/Alt"].(string)
				alts = append(alts, Alt{Text: pdfString(a), Has: ok})
			}
			walk(v["/K"], depth+1)
		}
	}
	walk(tree["/K"], 0)
	return alts, nil
}

// pdfString decodes qpdf's JSON string: "u:" text as UTF-8, "b:" bytes in
// hexadecimal (UTF-16BE with its byte order mark, or PDFDocEncoding read
// as Latin-1).
func pdfString(s string) string {
	switch {
	case strings.HasPrefix(s, "u:"):
		return s[2:]
	case strings.HasPrefix(s, "b:"):
		b, err := hex.DecodeString(s[2:])
		if err != nil {
			return ""
		}
		if len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF {
			u := make([]uint16, 0, len(b)/2)
			for i := 2; i+1 < len(b); i += 2 {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			}
			return string(utf16.Decode(u))
		}
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return string(r)
	}
	return s
}

// CheckAlts checks the Figure elements' alternate texts against d: one
// Figure with a non-empty /Alt for each figure (a group's subfigures one
// each), in the manuscript's order, and each chart's /Alt its generated
// description (doc.Describer).
func CheckAlts(d *doc.Document, alts []Alt) []error {
	var errs []error
	var figs []*doc.Figure
	doc.EachBlock(d.Blocks, func(b doc.Block) {
		if f, ok := b.(*doc.Figure); ok {
			if len(f.Sub) > 0 {
				figs = append(figs, f.Sub...)
			} else {
				figs = append(figs, f)
			}
		}
	})
	if len(alts) != len(figs) {
		errs = append(errs, fmt.Errorf("%d Figure elements, want %d", len(alts), len(figs)))
	}
	for i, a := range alts {
		if !a.Has || strings.TrimSpace(a.Text) == "" {
			errs = append(errs, fmt.Errorf("Figure element %d has no /Alt", i+1))
			continue
		}
		if i >= len(figs) {
			continue
		}
		if g, ok := figs[i].Graphic.(doc.Describer); ok && a.Text != g.Describe() {
			errs = append(errs, fmt.Errorf("Figure element %d's /Alt is %q, not the chart's description %q", i+1, a.Text, g.Describe()))
		}
	}
	return errs
}
