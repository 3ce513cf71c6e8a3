package pdfacheck

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// UAClauses lists what CheckUA checks: the requirements of PDF/UA-1 (ISO
// 14289-1) and the Matterhorn Protocol's failure conditions that can be
// tested from the file alone. What needs a reader's judgement (is the
// alternate text right, is the reading order the logical one, is a
// heading a heading) is not among them. The README repeats this list.
var UAClauses = []struct{ ID, What string }{
	{"5", "if XMP has pdfuaid:part, it is 1"},
	{"7.1 marked", "the catalog's /MarkInfo has /Marked true and no /Suspects true; there is a /StructTreeRoot"},
	{"7.1 content", "every painting operator of every page (text, paths, images, forms, shadings) lies in marked content that is either an /Artifact or has an MCID; no MCID inside an artifact, no artifact inside tagged content (Matterhorn 01-003 to 01-005)"},
	{"7.1 tree", "every MCID of a page is in the ParentTree under the page's /StructParents, pointing to a structure element whose /K holds that MCID on that page; every structure element's /P is its parent"},
	{"7.1 types", "every structure type is a standard one (ISO 32000-1 14.8.4) or role-mapped to one, without cycles (Matterhorn 02-001, 02-003, 02-004)"},
	{"7.1 title", "XMP has dc:title and the catalog's /ViewerPreferences has /DisplayDocTitle true (Matterhorn 06-003, 07-001, 07-002)"},
	{"7.2", "the catalog has a /Lang; every /Lang is a well-formed language tag"},
	{"7.3", "every Figure (and Formula) element has /Alt or /ActualText (Matterhorn 13-004)"},
	{"7.4.2", "numbered headings: the first is H1 and none skips a level, in the tree's order (Matterhorn 14-002, 14-003)"},
	{"7.5", "every Table has a TH; every TH in a table with more than one row and column has /Scope (or /Headers); table rows hold TH and TD only"},
	{"7.9", "every Note has an /ID, unique in the file (Matterhorn 19-003, 19-004)"},
	{"7.18.1", "every annotation has a /StructParent and the ParentTree gives it a structure element, which for a Link annotation is a Link element holding it as an OBJR (Matterhorn 28-011)"},
	{"7.18.3", "every page with annotations has /Tabs /S"},
	{"7.18.5", "every Link annotation has /Contents, its alternate description"},
	{"7.21.4.1", "every font is embedded"},
	{"7.21.7", "every font has a /ToUnicode CMap mapping every code the content shows to Unicode"},
}

// standard are the standard structure types of ISO 32000-1 14.8.4.
var standard = map[string]bool{}

func init() {
	for _, t := range []string{"Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
		"NonStruct", "Private", "H", "H1", "H2", "H3", "H4", "H5", "H6", "P", "L", "LI", "Lbl", "LBody",
		"Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry",
		"Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form"} {
		standard[t] = true
	}
}

// CheckUA returns an error listing every clause of UAClauses the file b
// fails, or nil.
func CheckUA(b []byte) error {
	u := &uaChecker{checker: checker{b: b, level: "ua"}}
	u.run()
	return errors.Join(u.errs...)
}

type uaChecker struct {
	checker
	roleMap  types.Dict
	elemOf   map[int]types.Dict // structure elements by object number
	parentOf map[int]int
	headings []string
	ids      map[string]int
}

func (u *uaChecker) failUA(clause, format string, args ...any) {
	u.errs = append(u.errs, fmt.Errorf("PDF/UA-1 %s: %s", clause, fmt.Sprintf(format, args...)))
}

func (u *uaChecker) run() {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadContext(bytes.NewReader(u.b), conf)
	if err != nil {
		u.failUA("7.1 marked", "the file cannot be read: %v", err)
		return
	}
	u.ctx = ctx
	if err := ctx.EnsurePageCount(); err != nil {
		u.failUA("7.1 marked", "no pages: %v", err)
		return
	}
	cat, err := ctx.Catalog()
	if err != nil {
		u.failUA("7.1 marked", "no catalog: %v", err)
		return
	}
	mi := u.dict(cat["MarkInfo"])
	if b := mi.BooleanEntry("Marked"); b == nil || !*b {
		u.failUA("7.1 marked", "the catalog's /MarkInfo does not say /Marked true")
	}
	if b := mi.BooleanEntry("Suspects"); b != nil && *b {
		u.failUA("7.1 marked", "/MarkInfo has /Suspects true")
	}
	vp := u.dict(cat["ViewerPreferences"])
	if b := vp.BooleanEntry("DisplayDocTitle"); b == nil || !*b {
		u.failUA("7.1 title", "the catalog's /ViewerPreferences do not say /DisplayDocTitle true")
	}
	u.checkXMP(cat)
	if lang := u.text(cat["Lang"]); lang == "" {
		u.failUA("7.2", "the catalog has no /Lang")
	} else if !wellFormedLang(lang) {
		u.failUA("7.2", "the catalog's /Lang %q is not a language tag", lang)
	}
	u.elemOf, u.parentOf, u.ids = map[int]types.Dict{}, map[int]int{}, map[string]int{}
	parents := map[int]types.Object{}
	if root := u.dict(cat["StructTreeRoot"]); root == nil {
		u.failUA("7.1 marked", "there is no /StructTreeRoot")
	} else {
		u.roleMap = u.dict(root["RoleMap"])
		for k := range u.roleMap {
			if standard[k] {
				u.failUA("7.1 types", "the standard type /%s is role-mapped", k)
			}
		}
		rootRef, _ := cat["StructTreeRoot"].(types.IndirectRef)
		u.walk(root["K"], rootRef.ObjectNumber.Value(), 0)
		u.checkHeadings()
		parents = u.parentTree(root)
	}
	u.checkPages(parents)
	u.checkFonts()
}

// checkXMP checks dc:title and pdfuaid:part.
func (u *uaChecker) checkXMP(cat types.Dict) {
	sd, ok := u.deref(cat["Metadata"]).(types.StreamDict)
	if !ok {
		u.failUA("7.1 title", "the catalog has no /Metadata")
		return
	}
	if err := sd.Decode(); err != nil {
		u.failUA("7.1 title", "metadata: %v", err)
		return
	}
	x, err := parseXMP(sd.Content)
	if err != nil {
		u.failUA("7.1 title", "XMP is not well-formed: %v", err)
		return
	}
	if len(x.values["dc:title"]) == 0 || x.values["dc:title"][0] == "" {
		u.failUA("7.1 title", "XMP has no dc:title")
	}
	if p, ok := x.values["pdfuaid:part"]; ok && (len(p) != 1 || p[0] != "1") {
		u.failUA("5", "XMP says pdfuaid:part %q", p)
	}
}

// text returns a string object's text.
func (u *uaChecker) text(o types.Object) string {
	switch s := u.deref(o).(type) {
	case types.StringLiteral:
		v, _ := types.StringLiteralToString(s)
		return v
	case types.HexLiteral:
		v, _ := types.HexLiteralToString(s)
		return v
	}
	return ""
}

func wellFormedLang(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	part := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '-':
			if part == 0 {
				return false
			}
			part = 0
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			part++
			if part > 8 {
				return false
			}
		default:
			return false
		}
	}
	return part > 0
}

// role returns the standard type a structure type maps to, or "".
func (u *uaChecker) role(s string) string {
	seen := map[string]bool{}
	for !standard[s] {
		if seen[s] {
			return ""
		}
		seen[s] = true
		next := name2(u.roleMap, s)
		if next == "" {
			return ""
		}
		s = next
	}
	return s
}

// walk checks the structure elements under k (a /K), whose parent is
// object parent, at depth.
func (u *uaChecker) walk(k types.Object, parent, depth int) {
	if depth > 200 {
		u.failUA("7.1 tree", "the structure tree is more than 200 levels deep")
		return
	}
	kids := u.kids(k)
	for _, kid := range kids {
		ref, ok := kid.(types.IndirectRef)
		if !ok {
			continue // an MCID or an MCR or OBJR dictionary
		}
		n := ref.ObjectNumber.Value()
		d := u.dict(ref)
		if d == nil || name2(d, "Type") == "MCR" || name2(d, "Type") == "OBJR" {
			continue
		}
		if _, seen := u.elemOf[n]; seen {
			u.failUA("7.1 tree", "structure element %d is in the tree twice", n)
			continue
		}
		u.elemOf[n] = d
		u.parentOf[n] = parent
		if p, ok := d["P"].(types.IndirectRef); !ok || p.ObjectNumber.Value() != parent {
			u.failUA("7.1 tree", "structure element %d's /P is not its parent %d", n, parent)
		}
		s := name2(d, "S")
		r := u.role(s)
		if r == "" {
			u.failUA("7.1 types", "structure type /%s (element %d) is neither standard nor role-mapped to a standard type", s, n)
		}
		switch r {
		case "Figure", "Formula":
			if u.text(d["Alt"]) == "" && u.text(d["ActualText"]) == "" {
				u.failUA("7.3", "%s element %d has no /Alt", r, n)
			}
		case "H1", "H2", "H3", "H4", "H5", "H6":
			u.headings = append(u.headings, r)
		case "Note":
			id := u.text(d["ID"])
			if id == "" {
				u.failUA("7.9", "Note element %d has no /ID", n)
			} else if o, dup := u.ids[id]; dup {
				u.failUA("7.9", "Note elements %d and %d have the same /ID %q", o, n, id)
			} else {
				u.ids[id] = n
			}
		case "Table":
			u.checkTable(d, n)
		}
		if l := u.text(d["Lang"]); d["Lang"] != nil && !wellFormedLang(l) {
			u.failUA("7.2", "element %d has /Lang %q", n, l)
		}
		u.walk(d["K"], n, depth+1)
	}
}

// kids returns the entries of a /K: its elements when it is an array,
// else the one object it is (nothing when it is absent). Every walk of
// the structure tree reads an element's children through it.
func (u *uaChecker) kids(k types.Object) []types.Object {
	if arr, ok := u.deref(k).(types.Array); ok {
		return arr
	}
	if k == nil {
		return nil
	}
	return []types.Object{k}
}

// checkHeadings checks the order of numbered headings.
func (u *uaChecker) checkHeadings() {
	last := 0
	for i, h := range u.headings {
		lv := int(h[1] - '0')
		if i == 0 && lv != 1 {
			u.failUA("7.4.2", "the first heading is %s, not H1", h)
		}
		if last > 0 && lv > last+1 {
			u.failUA("7.4.2", "heading %d is %s after H%d: a level is skipped", i+1, h, last)
		}
		last = lv
	}
}

// checkTable checks that a table has header cells, with scopes.
func (u *uaChecker) checkTable(t types.Dict, n int) {
	var rows [][]string // the cells' roles
	var scopes []bool
	var collect func(k types.Object, depth int)
	collect = func(k types.Object, depth int) {
		if depth > 4 {
			return
		}
		kids := u.kids(k)
		for _, kid := range kids {
			d := u.dict(kid)
			if d == nil {
				continue
			}
			switch r := u.role(name2(d, "S")); r {
			case "THead", "TBody", "TFoot":
				collect(d["K"], depth+1)
			case "TR":
				var cells []string
				arr := u.kids(d["K"])
				for _, c := range arr {
					cd := u.dict(c)
					if cd == nil {
						continue
					}
					cr := u.role(name2(cd, "S"))
					if cr != "TH" && cr != "TD" {
						u.failUA("7.5", "a row of table %d holds a %s", n, cr)
						continue
					}
					cells = append(cells, cr)
					if cr == "TH" {
						scopes = append(scopes, u.hasScope(cd))
					}
				}
				rows = append(rows, cells)
			}
		}
	}
	collect(t["K"], 0)
	th, cols := 0, 0
	for _, r := range rows {
		cols = max(cols, len(r))
		for _, c := range r {
			if c == "TH" {
				th++
			}
		}
	}
	if th == 0 {
		u.failUA("7.5", "table %d has no header cell (TH)", n)
		return
	}
	if len(rows) > 1 && cols > 1 {
		for _, ok := range scopes {
			if !ok {
				u.failUA("7.5", "a header cell of table %d has no /Scope", n)
				return
			}
		}
	}
}

func (u *uaChecker) hasScope(d types.Dict) bool {
	if d["Headers"] != nil {
		return true
	}
	var attrs []types.Object
	switch a := u.deref(d["A"]).(type) {
	case types.Array:
		attrs = a
	case types.Dict:
		attrs = []types.Object{a}
	}
	for _, a := range attrs {
		if ad := u.dict(a); ad != nil && name2(ad, "Scope") != "" {
			return true
		}
	}
	return false
}

// parentTree reads the ParentTree's number tree into a map from key to
// its value (an array of elements for a page, an element for an
// annotation).
func (u *uaChecker) parentTree(root types.Dict) map[int]types.Object {
	out := map[int]types.Object{}
	var read func(o types.Object, depth int)
	read = func(o types.Object, depth int) {
		d := u.dict(o)
		if d == nil || depth > 32 {
			return
		}
		if nums, ok := u.deref(d["Nums"]).(types.Array); ok {
			for i := 0; i+1 < len(nums); i += 2 {
				if k, ok := u.deref(nums[i]).(types.Integer); ok {
					out[k.Value()] = nums[i+1]
				}
			}
		}
		if kids, ok := u.deref(d["Kids"]).(types.Array); ok {
			for _, k := range kids {
				read(k, depth+1)
			}
		}
	}
	if root["ParentTree"] == nil {
		u.failUA("7.1 tree", "the StructTreeRoot has no /ParentTree")
		return out
	}
	read(root["ParentTree"], 0)
	return out
}

// mcidsOf returns the MCIDs on page pageObj that element d's /K holds.
func (u *uaChecker) mcidsOf(d types.Dict, pageObj int) map[int]bool {
	out := map[int]bool{}
	pg := -1
	if p, ok := d["Pg"].(types.IndirectRef); ok {
		pg = p.ObjectNumber.Value()
	}
	kids := u.kids(d["K"])
	for _, k := range kids {
		switch v := u.deref(k).(type) {
		case types.Integer:
			if pg == pageObj {
				out[v.Value()] = true
			}
		case types.Dict:
			if name2(v, "Type") != "MCR" {
				continue
			}
			mp := pg
			if p, ok := v["Pg"].(types.IndirectRef); ok {
				mp = p.ObjectNumber.Value()
			}
			if id, ok := u.deref(v["MCID"]).(types.Integer); ok && mp == pageObj {
				out[id.Value()] = true
			}
		}
	}
	return out
}

// objrs returns the annotation objects element d holds as OBJRs.
func (u *uaChecker) objrs(d types.Dict) map[int]bool {
	out := map[int]bool{}
	kids := u.kids(d["K"])
	for _, k := range kids {
		if v, ok := u.deref(k).(types.Dict); ok && name2(v, "Type") == "OBJR" {
			if o, ok := v["Obj"].(types.IndirectRef); ok {
				out[o.ObjectNumber.Value()] = true
			}
		}
	}
	return out
}

// checkPages checks each page's marked content against the tree, and its
// annotations.
func (u *uaChecker) checkPages(parents map[int]types.Object) {
	for p := 1; p <= u.ctx.PageCount; p++ {
		pd, ref, _, err := u.ctx.PageDict(p, false)
		if err != nil || pd == nil || ref == nil {
			u.failUA("7.1 content", "page %d cannot be read", p)
			continue
		}
		pageObj := ref.ObjectNumber.Value()
		content, err := u.ctx.PageContent(pd, p)
		if err != nil {
			u.failUA("7.1 content", "page %d: %v", p, err)
			continue
		}
		var elems types.Array
		key := pd.IntEntry("StructParents")
		if key != nil {
			elems, _ = u.deref(parents[*key]).(types.Array)
		}
		u.checkContent(p, pageObj, content, key != nil, elems)
		annots, _ := u.deref(pd["Annots"]).(types.Array)
		if len(annots) > 0 && name2(pd, "Tabs") != "S" {
			u.failUA("7.18.3", "page %d has annotations but no /Tabs /S", p)
		}
		for _, a := range annots {
			ar, _ := a.(types.IndirectRef)
			ad := u.dict(a)
			if ad == nil {
				continue
			}
			sub := name2(ad, "Subtype")
			if sub == "Popup" {
				continue
			}
			if sub == "Link" && u.text(ad["Contents"]) == "" {
				u.failUA("7.18.5", "a link annotation on page %d has no /Contents", p)
			}
			sp := ad.IntEntry("StructParent")
			if sp == nil {
				u.failUA("7.18.1", "an annotation on page %d has no /StructParent", p)
				continue
			}
			eref, ok := parents[*sp].(types.IndirectRef)
			if !ok {
				u.failUA("7.18.1", "the ParentTree gives annotation key %d no structure element", *sp)
				continue
			}
			ed := u.elemOf[eref.ObjectNumber.Value()]
			if ed == nil {
				u.failUA("7.18.1", "the structure element of annotation key %d is not in the tree", *sp)
				continue
			}
			if sub == "Link" && u.role(name2(ed, "S")) != "Link" {
				u.failUA("7.18.1", "a link annotation on page %d is in a %s element, not a Link", p, name2(ed, "S"))
			}
			if ar.ObjectNumber.Value() != 0 && !u.objrs(ed)[ar.ObjectNumber.Value()] {
				u.failUA("7.18.1", "the element of a link annotation on page %d does not hold it as an OBJR", p)
			}
		}
	}
}

// checkContent checks one page's content stream: every painting operator
// in tagged or artifact marked content, and every MCID in the tree.
func (u *uaChecker) checkContent(p, pageObj int, content []byte, hasKey bool, elems types.Array) {
	type mc struct {
		artifact bool
		mcid     int // -1: none
	}
	var stack []mc
	inArtifact := func() bool {
		for _, m := range stack {
			if m.artifact {
				return true
			}
		}
		return false
	}
	tagged := func() bool {
		for _, m := range stack {
			if m.mcid >= 0 {
				return true
			}
		}
		return false
	}
	untagged, mcids := 0, map[int]bool{}
	err := eachOp(content, func(op string, args []operand) {
		switch op {
		case "BMC", "BDC":
			m := mc{mcid: -1}
			if len(args) > 0 && args[0].kind == '/' && string(args[0].b) == "Artifact" {
				m.artifact = true
				if tagged() {
					u.failUA("7.1 content", "page %d: an artifact inside tagged content", p)
				}
			}
			if op == "BDC" && len(args) > 1 && args[1].kind == '<' {
				if v, ok := args[1].dict["MCID"]; ok && v.kind == 'n' {
					id, _ := strconv.Atoi(string(v.b))
					m.mcid = id
					if inArtifact() {
						u.failUA("7.1 content", "page %d: MCID %d inside an artifact", p, id)
					}
					if mcids[id] {
						u.failUA("7.1 content", "page %d: MCID %d used twice", p, id)
					}
					mcids[id] = true
				}
			}
			stack = append(stack, m)
		case "EMC":
			if len(stack) == 0 {
				u.failUA("7.1 content", "page %d: EMC without BMC or BDC", p)
				return
			}
			stack = stack[:len(stack)-1]
		default:
			if painting[op] && !inArtifact() && !tagged() {
				untagged++
			}
		}
	})
	if err != nil {
		u.failUA("7.1 content", "page %d: %v", p, err)
	}
	if len(stack) > 0 {
		u.failUA("7.1 content", "page %d: %d marked-content sequences left open", p, len(stack))
	}
	if untagged > 0 {
		u.failUA("7.1 content", "page %d: %d painting operators are neither tagged nor artifacts", p, untagged)
	}
	if len(mcids) > 0 && !hasKey {
		u.failUA("7.1 tree", "page %d has marked content but no /StructParents", p)
		return
	}
	for id := range mcids {
		if id >= len(elems) {
			u.failUA("7.1 tree", "page %d: MCID %d has no ParentTree entry", p, id)
			continue
		}
		ref, ok := elems[id].(types.IndirectRef)
		if !ok {
			u.failUA("7.1 tree", "page %d: the ParentTree entry of MCID %d is no element", p, id)
			continue
		}
		ed := u.elemOf[ref.ObjectNumber.Value()]
		if ed == nil {
			u.failUA("7.1 tree", "page %d: MCID %d belongs to element %d, which is not in the tree", p, id, ref.ObjectNumber.Value())
			continue
		}
		if !u.mcidsOf(ed, pageObj)[id] {
			u.failUA("7.1 tree", "page %d: element %d does not hold MCID %d, though the ParentTree says so", p, ref.ObjectNumber.Value(), id)
		}
	}
}

// checkFonts checks that every font is embedded and maps what it shows
// to Unicode, with the PDF/A checker's checks.
func (u *uaChecker) checkFonts() {
	c := &checker{b: u.b, ctx: u.ctx, level: "ua", part: 2, conf: 'U'}
	for n, e := range u.ctx.Table {
		if e == nil || e.Free || e.Object == nil {
			continue
		}
		d, ok := e.Object.(types.Dict)
		if ok && name2(d, "Type") == "Font" {
			c.checkFont(n, d)
		}
	}
	c.checkShownCodes()
	for _, err := range c.errs {
		clause := "7.21.7"
		if bytes.Contains([]byte(err.Error()), []byte("embedded")) {
			clause = "7.21.4.1"
		}
		u.failUA(clause, "%v", err)
	}
}

// UAMarkdown is the README's table of the PDF/UA checks (UAClauses).
func UAMarkdown() string {
	var b strings.Builder
	b.WriteString("| ISO 14289-1 | checked |\n|---|---|\n")
	for _, c := range UAClauses {
		fmt.Fprintf(&b, "| %s | %s |\n", c.ID, c.What)
	}
	return b.String()
}

// LevelsMarkdown is the README's table of what the other PDF/A levels
// add (LevelClauses).
func LevelsMarkdown() string {
	var b strings.Builder
	b.WriteString("| level | clause | checked |\n|---|---|---|\n")
	for _, c := range LevelClauses {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", c.Level, c.ID, c.What)
	}
	return b.String()
}
