package csl

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Name is a personal or institutional name.
type Name struct {
	Family, Given                         string
	DroppingParticle, NonDroppingParticle string
	Suffix                                string
	CommaSuffix, StaticOrdering           bool
	Literal                               string
}

func (n *Name) isPersonal() bool { return n.Literal == "" && (n.Family != "" || n.Given != "") }

// Date is a date or a range of two dates. Each part holds year, month,
// day (month and day may be 0 for unknown; months 13-16 are seasons).
type Date struct {
	Parts   [][3]int // one or two
	NParts  []int    // how many of year/month/day each part has
	Season  int      // 1-4 spring..winter, or 0
	Circa   bool
	Literal string
}

// Item is one bibliographic item in CSL's data model.
type Item struct {
	ID    string
	Type  string
	Vars  map[string]string // standard and number variables (may contain markup)
	Names map[string][]Name
	Dates map[string]*Date
}

// NewItem makes an empty item.
func NewItem(id, typ string) *Item {
	return &Item{ID: id, Type: typ, Vars: map[string]string{}, Names: map[string][]Name{}, Dates: map[string]*Date{}}
}

var dateVars = map[string]bool{
	"accessed": true, "available-date": true, "container": true, "event-date": true, "issued": true,
	"original-date": true, "submitted": true,
}

var nameVars = map[string]bool{
	"author": true, "chair": true, "collection-editor": true, "composer": true, "compiler": true,
	"container-author": true, "contributor": true, "curator": true, "director": true, "editor": true,
	"editorial-director": true, "editortranslator": true, "executive-producer": true, "guest": true,
	"host": true, "illustrator": true, "interviewer": true, "narrator": true, "organizer": true,
	"original-author": true, "performer": true, "producer": true, "recipient": true,
	"reviewed-author": true, "script-writer": true, "series-creator": true, "translator": true,
}

// IsNameVariable and IsDateVariable classify CSL variables.
func IsNameVariable(v string) bool { return nameVars[v] }
func IsDateVariable(v string) bool { return dateVars[v] }

var numberVars = map[string]bool{
	"chapter-number": true, "citation-number": true, "collection-number": true, "edition": true,
	"first-reference-note-number": true, "issue": true, "locator": true, "number": true,
	"number-of-pages": true, "number-of-volumes": true, "page": true, "page-first": true,
	"part-number": true, "printing-number": true, "section": true, "supplement-number": true,
	"version": true, "volume": true,
}

// ParseJSON reads CSL-JSON: an array of items (or one item).
func ParseJSON(src []byte) ([]*Item, error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	var raw any
	d := json.NewDecoder(bytes.NewReader(src))
	d.UseNumber()
	if err := d.Decode(&raw); err != nil {
		return nil, jsonError(src, err)
	}
	var list []any
	switch v := raw.(type) {
	case []any:
		list = v
	case map[string]any:
		list = []any{v}
	default:
		return nil, fmt.Errorf("CSL-JSON must be an array of items")
	}
	items := make([]*Item, 0, len(list))
	for i, x := range list {
		m, ok := x.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("item %d is not an object", i+1)
		}
		it, err := ItemFromMap(m)
		if err != nil {
			return nil, fmt.Errorf("item %d: %v", i+1, err)
		}
		items = append(items, it)
	}
	return items, nil
}

func jsonError(src []byte, err error) error {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	if off >= 0 {
		if off > int64(len(src)) {
			off = int64(len(src))
		}
		line := bytes.Count(src[:off], []byte{'\n'}) + 1
		return fmt.Errorf("line %d: %v", line, err)
	}
	return err
}

func scalarString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case int:
		return strconv.Itoa(x), true
	case bool:
		if x {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// ItemFromMap builds an item from decoded CSL-JSON (or CSL-YAML) data.
func ItemFromMap(m map[string]any) (*Item, error) {
	it := NewItem("", "")
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var note string
	for _, k := range keys {
		v := m[k]
		switch {
		case k == "id":
			s, ok := scalarString(v)
			if !ok {
				return nil, fmt.Errorf("id must be a string or number")
			}
			it.ID = s
		case k == "type":
			s, _ := scalarString(v)
			it.Type = s
		case nameVars[k]:
			ns, err := namesFrom(v)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", k, err)
			}
			if len(ns) > 0 {
				it.Names[k] = ns
			}
		case dateVars[k]:
			d, err := dateFrom(v)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", k, err)
			}
			if d != nil {
				it.Dates[k] = d
			}
		case k == "note":
			note, _ = scalarString(v)
		default:
			key := k
			switch k {
			case "journalAbbreviation":
				key = "container-title-short"
			case "shortTitle":
				key = "title-short"
			}
			if s, ok := scalarString(v); ok {
				if _, dup := it.Vars[key]; !dup || key == k {
					it.Vars[key] = s
				}
			}
		}
	}
	if note != "" {
		rest := applyNoteFields(it, note)
		if rest != "" {
			it.Vars["note"] = rest
		}
	}
	return it, nil
}

// applyNoteFields reads the "cheater syntax" that Zotero users put in the
// note field ("original-date: 1900" lines, or {:key: value}) and returns
// the rest of the note.
func applyNoteFields(it *Item, note string) string {
	lines := strings.Split(note, "\n")
	var rest []string
	fieldsDone := false
	for _, ln := range lines {
		if !fieldsDone {
			if k, v, ok := noteField(ln); ok {
				setCheater(it, k, v)
				continue
			}
			fieldsDone = true
		}
		rest = append(rest, ln)
	}
	out := strings.Join(rest, "\n")
	// braced fields anywhere
	for {
		i := strings.Index(out, "{:")
		if i < 0 {
			break
		}
		j := strings.IndexByte(out[i:], '}')
		if j < 0 {
			break
		}
		body := out[i+2 : i+j]
		c := strings.IndexByte(body, ':')
		if c <= 0 {
			break
		}
		setCheater(it, strings.TrimSpace(body[:c]), strings.TrimSpace(body[c+1:]))
		out = out[:i] + out[i+j+1:]
	}
	return strings.TrimSpace(out)
}

func noteField(ln string) (string, string, bool) {
	c := strings.IndexByte(ln, ':')
	if c <= 0 {
		return "", "", false
	}
	k := ln[:c]
	for _, r := range k {
		if !(unicode.IsLetter(r) || r == '-' || r == '_') {
			return "", "", false
		}
	}
	if !nameVars[k] && !dateVars[k] && !knownVar[k] && !knownVar[strings.TrimSuffix(k, "-short")] && k != "type" {
		return "", "", false
	}
	return k, strings.TrimSpace(ln[c+1:]), true
}

var knownVar = map[string]bool{
	"abstract": true, "annote": true, "archive": true, "archive_collection": true, "archive_location": true,
	"archive-place": true, "authority": true, "call-number": true, "chapter-number": true,
	"citation-key": true, "citation-label": true, "collection-number": true, "collection-title": true,
	"container-title": true, "container-title-short": true, "dimensions": true, "division": true,
	"DOI": true, "edition": true, "event": true, "event-place": true, "event-title": true, "genre": true,
	"ISBN": true, "ISSN": true, "issue": true, "jurisdiction": true, "keyword": true, "language": true,
	"license": true, "locator": true, "medium": true, "number": true, "number-of-pages": true,
	"number-of-volumes": true, "original-publisher": true, "original-publisher-place": true,
	"original-title": true, "page": true, "page-first": true, "part-number": true, "part-title": true,
	"PMCID": true, "PMID": true, "printing-number": true, "publisher": true, "publisher-place": true,
	"references": true, "reviewed-genre": true, "reviewed-title": true, "scale": true, "section": true,
	"source": true, "status": true, "supplement-number": true, "title": true, "title-short": true,
	"URL": true, "version": true, "volume": true, "volume-title": true, "year-suffix": true,
}

func setCheater(it *Item, k, v string) {
	switch {
	case k == "type":
		it.Type = v
	case nameVars[k]:
		var n Name
		if i := strings.Index(v, "||"); i >= 0 {
			n.Family = strings.TrimSpace(v[:i])
			n.Given = strings.TrimSpace(v[i+2:])
		} else {
			n.Literal = v
		}
		normalizeName(&n, true)
		it.Names[k] = append(it.Names[k], n)
	case dateVars[k]:
		if d := ParseDateString(v); d != nil {
			it.Dates[k] = d
		}
	default:
		if _, has := it.Vars[k]; !has {
			it.Vars[k] = v
		}
	}
}

func namesFrom(v any) ([]Name, error) {
	list, ok := v.([]any)
	if !ok {
		if s, ok := v.(string); ok {
			return []Name{{Literal: s}}, nil
		}
		return nil, fmt.Errorf("names must be an array")
	}
	var out []Name
	for _, x := range list {
		switch y := x.(type) {
		case map[string]any:
			var n Name
			str := func(k string) string { s, _ := scalarString(y[k]); return s }
			n.Family = str("family")
			n.Given = str("given")
			n.DroppingParticle = str("dropping-particle")
			n.NonDroppingParticle = str("non-dropping-particle")
			n.Suffix = str("suffix")
			n.Literal = str("literal")
			n.CommaSuffix = truthy(y["comma-suffix"])
			n.StaticOrdering = truthy(y["static-ordering"])
			parse := true
			if pn, ok := y["parse-names"]; ok && !truthy(pn) {
				parse = false
			}
			if n.Literal == "" && n.Family == "" && n.Given == "" {
				if s := str("name"); s != "" {
					n.Literal = s
				}
			}
			normalizeName(&n, parse)
			out = append(out, n)
		case string:
			out = append(out, Name{Literal: y})
		}
	}
	return out, nil
}

func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		return x == "true" || x == "1"
	case json.Number:
		return x.String() != "0"
	case float64:
		return x != 0
	case int:
		return x != 0
	}
	return false
}

func fixApos(s string) string { return strings.ReplaceAll(s, "'", "’") }

// normalizeName splits particles and suffixes out of family and given
// names as citeproc-js does when parse-names is not false.
func normalizeName(n *Name, parse bool) {
	n.Family = fixApos(n.Family)
	n.Given = fixApos(n.Given)
	n.DroppingParticle = fixApos(n.DroppingParticle)
	n.NonDroppingParticle = fixApos(n.NonDroppingParticle)
	if !parse {
		return
	}
	// quoted family or given: a unit
	if len(n.Family) > 1 && strings.HasPrefix(n.Family, "\"") && strings.HasSuffix(n.Family, "\"") {
		n.Family = n.Family[1 : len(n.Family)-1]
	} else if n.NonDroppingParticle == "" && n.Family != "" {
		n.NonDroppingParticle, n.Family = splitLeadingParticle(n.Family)
	}
	if len(n.Given) > 1 && strings.HasPrefix(n.Given, "\"") && strings.HasSuffix(n.Given, "\"") {
		n.Given = n.Given[1 : len(n.Given)-1]
		return
	}
	if n.Suffix == "" && n.Given != "" {
		if i := strings.IndexByte(n.Given, ','); i > 0 {
			rest := n.Given[i+1:]
			if strings.HasPrefix(rest, "!") {
				n.CommaSuffix = true
				rest = rest[1:]
			}
			n.Suffix = strings.TrimSpace(rest)
			n.Given = strings.TrimSpace(n.Given[:i])
		}
	}
	if n.DroppingParticle == "" && n.Given != "" {
		ws := strings.Fields(n.Given)
		k := len(ws)
		for k > 0 && isParticleWord(ws[k-1]) {
			k--
		}
		if k > 0 && k < len(ws) {
			n.DroppingParticle = strings.Join(ws[k:], " ")
			n.Given = strings.Join(ws[:k], " ")
		}
	}
}

func isParticleWord(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !(unicode.IsLower(r) || r == '\'' || r == '’' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// splitLeadingParticle splits "van der Berg" into "van der" and "Berg", and
// "d’Alembert" into "d’" and "Alembert".
func splitLeadingParticle(fam string) (string, string) {
	ws := strings.Fields(fam)
	k := 0
	for k < len(ws)-1 && isParticleWord(ws[k]) {
		k++
	}
	if k > 0 {
		// find the byte offset after the k-th word in the original
		rest := fam
		for i := 0; i < k; i++ {
			rest = strings.TrimLeft(rest, " ")
			j := strings.IndexByte(rest, ' ')
			rest = rest[j:]
		}
		part := strings.Join(ws[:k], " ")
		if strings.HasSuffix(part, "’") || strings.HasSuffix(part, "'") {
			part += " " // "de’ Frinkle" keeps its space
		}
		return part, strings.TrimSpace(rest)
	}
	// "d’Alembert", "de'Medici", "al-Hakim"
	for i, r := range fam {
		if r == '’' || r == '\'' || r == '-' {
			pre := fam[:i]
			if pre != "" && isParticleWord(pre) && i+len(string(r)) < len(fam) {
				after := fam[i+len(string(r)):]
				if ar := []rune(after); len(ar) > 0 && unicode.IsUpper(ar[0]) {
					return pre + string(r), after
				}
			}
			break
		}
		if !unicode.IsLower(r) {
			break
		}
	}
	return "", fam
}

func dateFrom(v any) (*Date, error) {
	switch x := v.(type) {
	case string:
		return ParseDateString(x), nil
	case json.Number, float64:
		s, _ := scalarString(x)
		return ParseDateString(s), nil
	case map[string]any:
		d := &Date{}
		if lit, ok := x["literal"]; ok {
			d.Literal, _ = scalarString(lit)
		}
		if s, ok := x["season"]; ok {
			str, _ := scalarString(s)
			if i, err := strconv.Atoi(strings.TrimSpace(str)); err == nil {
				d.Season = i
			} else if str != "" {
				d.Season = seasonFromName(str)
			}
		}
		if c, ok := x["circa"]; ok {
			d.Circa = truthy(c)
		}
		if dp, ok := x["date-parts"]; ok {
			list, _ := dp.([]any)
			for _, p := range list {
				pl, _ := p.([]any)
				var part [3]int
				n := 0
				for i := 0; i < len(pl) && i < 3; i++ {
					s, _ := scalarString(pl[i])
					s = strings.TrimSpace(s)
					if s == "" {
						break
					}
					v, err := strconv.Atoi(s)
					if err != nil {
						f, ferr := strconv.ParseFloat(s, 64)
						if ferr != nil {
							break
						}
						v = int(f)
					}
					part[i] = v
					n = i + 1
				}
				if n == 1 && part[0] == 0 && len(d.Parts) == 1 {
					n = 0 // [0]: an open range
				}
				if n == 0 {
					if len(d.Parts) == 1 {
						// open range
						d.Parts = append(d.Parts, [3]int{})
						d.NParts = append(d.NParts, 0)
					}
					continue
				}
				d.Parts = append(d.Parts, part)
				d.NParts = append(d.NParts, n)
				if len(d.Parts) == 2 {
					break
				}
			}
		}
		if raw, ok := x["raw"]; ok && len(d.Parts) == 0 {
			s, _ := scalarString(raw)
			r := ParseDateString(s)
			if r != nil {
				r.Circa = r.Circa || d.Circa
				if d.Season != 0 {
					r.Season = d.Season
				}
				return r, nil
			}
		}
		if len(d.Parts) == 0 && d.Literal == "" {
			if d.Season != 0 || d.Circa {
				return d, nil
			}
			return nil, nil
		}
		return d, nil
	}
	return nil, nil
}

func seasonFromName(s string) int {
	switch strings.ToLower(s) {
	case "spring":
		return 1
	case "summer":
		return 2
	case "autumn", "fall":
		return 3
	case "winter":
		return 4
	}
	return 0
}

var monthAbbr = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// ParseDateString reads an EDTF/ISO date ("2001-03-04", "2001/2003",
// "2001~"), or a plain one ("March 2001", "3/4/2001"); anything else is a
// literal date.
func ParseDateString(s string) *Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if d := parseEDTF(s); d != nil {
		return d
	}
	if d := parseLooseDate(s); d != nil {
		return d
	}
	return &Date{Literal: s}
}

func parseEDTF(s string) *Date {
	circa := false
	ranges := strings.Split(s, "/")
	if len(ranges) > 2 {
		return nil
	}
	d := &Date{}
	for _, r := range ranges {
		r = strings.TrimSpace(r)
		if strings.HasSuffix(r, "~") || strings.HasSuffix(r, "?") || strings.HasSuffix(r, "%") {
			circa = true
			r = strings.TrimRight(r, "~?%")
		}
		if r == "" || r == ".." || r == "open" || r == "unknown" {
			if len(ranges) == 2 {
				d.Parts = append(d.Parts, [3]int{})
				d.NParts = append(d.NParts, 0)
				continue
			}
			return nil
		}
		if i := strings.IndexByte(r, 'T'); i > 0 {
			r = r[:i]
		}
		neg := false
		if strings.HasPrefix(r, "-") {
			neg = true
			r = r[1:]
		}
		ps := strings.Split(r, "-")
		if len(ps) > 3 || len(ps[0]) < 1 || len(ps[0]) > 4 && !strings.HasPrefix(ps[0], "y") {
			return nil
		}
		var part [3]int
		for i, p := range ps {
			if i > 0 && len(p) != 2 {
				return nil
			}
			v, err := strconv.Atoi(p)
			if err != nil {
				return nil
			}
			part[i] = v
		}
		if len(ps[0]) != 4 && len(ranges) == 1 && len(ps) == 1 {
			// a bare number: a year only if it looks like one
			if len(ps[0]) > 4 {
				return nil
			}
		}
		if neg {
			part[0] = -part[0]
		}
		if len(ps) > 1 && (part[1] < 1 || part[1] > 16 && part[1] < 21 || part[1] > 24) {
			return nil
		}
		if len(ps) > 2 && (part[2] < 1 || part[2] > 31) {
			return nil
		}
		d.Parts = append(d.Parts, part)
		d.NParts = append(d.NParts, len(ps))
	}
	d.Circa = circa
	return d
}

func parseLooseDate(s string) *Date {
	// "March 2001", "Mar 4, 2001", "4 March 2001", "3/4/2001", "2001-2003"
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '/' || r == '.' })
	if len(f) == 0 || len(f) > 3 {
		return nil
	}
	var y, m, d int
	var nums []int
	for _, w := range f {
		if v, err := strconv.Atoi(w); err == nil {
			nums = append(nums, v)
			continue
		}
		lw := strings.ToLower(w)
		found := false
		for i, a := range monthAbbr {
			if len(lw) >= 3 && strings.HasPrefix(lw, a) {
				m = i + 1
				found = true
				break
			}
		}
		if !found {
			if sn := seasonFromName(lw); sn != 0 {
				m = 12 + sn
				found = true
			}
		}
		if !found {
			return nil
		}
	}
	switch {
	case m != 0 && len(nums) == 1:
		y = nums[0]
	case m != 0 && len(nums) == 2:
		if nums[0] > 31 {
			y, d = nums[0], nums[1]
		} else {
			d, y = nums[0], nums[1]
		}
	case m == 0 && len(nums) == 3:
		m, d, y = nums[0], nums[1], nums[2]
	case m == 0 && len(nums) == 2:
		m, y = nums[0], nums[1]
	default:
		return nil
	}
	if m > 16 || d > 31 {
		return nil
	}
	date := &Date{}
	if m > 12 {
		date.Season = m - 12
		m = 0
	}
	n := 1
	if m > 0 {
		n = 2
		if d > 0 {
			n = 3
		}
	}
	date.Parts = [][3]int{{y, m, d}}
	date.NParts = []int{n}
	return date
}

func (d *Date) year() int {
	if d == nil || len(d.Parts) == 0 {
		return 0
	}
	return d.Parts[0][0]
}

// has reports whether the date has any parts.
func (d *Date) hasParts() bool { return d != nil && len(d.Parts) > 0 && d.NParts[0] > 0 }
