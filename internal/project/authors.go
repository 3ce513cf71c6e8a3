package project

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"quire/internal/diag"
	"quire/internal/doc"
)

// rawAuthor is an author as written, before affiliations are resolved.
type rawAuthor struct {
	a        doc.Author
	name     markup
	affs     []affRef
	note     markup // the author's own note (note:, thanks:)
	address  string // current-address
	deceased bool
	group    bool // a group of authors (Quarto): noted with author-notes' group text
	pos      diag.Pos
}

// affRef is an author's affiliation: a reference to a listed affiliation
// (Quarto ref:, a JOSS index) or a name.
type affRef struct {
	ref   string // id or index; "" when name is given
	name  string
	byRef bool // written as ref: (must match)
	pos   diag.Pos
}

// rawAff is an entry of the top-level affiliations list.
type rawAff struct {
	id   string
	name string
	pos  diag.Pos
}

// authorFieldsHint lists the author fields Quire reads.
const authorFieldsHint = "author fields: name, affiliation(s), email, orcid, url, corresponding, equal-contributor, deceased, group, note, current-address"

// authorOther are author fields of other tools (Manubot, Quarto, JOSS
// templates): accepted and named in the one line of ignored keys.
var authorOther = map[string]bool{
	"github": true, "initials": true, "twitter": true, "mastodon": true, "mastodon-server": true,
	"funders": true, "roles": true, "role": true, "degrees": true, "symbol_str": true,
	"id": true, "number": true, "acknowledgements": true, "attributes-other": true, "metadata": true,
	"ror": true, "isni": true, "ringgold": true, "fax": true, "phone": true, "address": true,
	"coi": true, "v1": true, "v2": true, "bluesky": true, "linkedin": true, "facebook": true,
	"orcid-url": true, "affiliation-url": true, "surname": true, "prefix": true, "suffix": true,
}

func (r *reader) authors(k string, v *yaml.Node) {
	r.st.authors = nil
	r.st.authorsPos = r.pos(v)
	if v.Kind == yaml.SequenceNode {
		for _, c := range v.Content {
			if a, ok := r.author(c); ok {
				r.st.authors = append(r.st.authors, a)
			}
		}
		return
	}
	if a, ok := r.author(v); ok {
		r.st.authors = append(r.st.authors, a)
	}
}

// author reads one author: a name, or a mapping in the pandoc, Quarto,
// JOSS or Manubot schema.
func (r *reader) author(n *yaml.Node) (*rawAuthor, bool) {
	ra := &rawAuthor{pos: r.pos(n)}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag != "!!str" && n.Tag != "!!null" {
			r.diags.Errorf(r.pos(n), "write authors as a list of names or of {name, affiliation, email, orcid}", "an author must be a name or a mapping, not a %s", kindName(n))
			return nil, false
		}
		if n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
			r.diags.Errorf(r.pos(n), "write each author's name, or remove the empty item", "empty author")
			return nil, false
		}
		ra.name = markup{Text: n.Value, Pos: r.textPos(n)}
		return ra, true
	case yaml.MappingNode:
	default:
		r.diags.Errorf(r.pos(n), "write authors as a list of names or of {name, affiliation, email, orcid}", "an author must be a name or a mapping, not a %s", kindName(n))
		return nil, false
	}
	var given, family string
	text := func(k string, val *yaml.Node) (string, bool) {
		if val.Kind != yaml.ScalarNode {
			r.diags.Errorf(r.pos(val), "write each author field as text", "author %s must be text, not a %s", k, kindName(val))
			return "", false
		}
		return val.Value, true
	}
	flag := func(k string, val *yaml.Node) bool {
		b, _ := r.boolean("author "+k, val)
		return b
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, val := n.Content[i], n.Content[i+1]
		k := kn.Value
		if val.Kind == yaml.ScalarNode && val.Tag == "!!null" {
			continue
		}
		switch k {
		case "name":
			if val.Kind == yaml.MappingNode {
				given, family = r.nameParts(val, &ra.name)
				continue
			}
			if s, ok := text(k, val); ok {
				ra.name = markup{Text: s, Pos: r.textPos(val)}
			}
		case "given", "given-names", "first":
			given, _ = text(k, val)
		case "family", "family-names", "last":
			family, _ = text(k, val)
		case "literal":
			if s, ok := text(k, val); ok {
				ra.name = markup{Text: s, Pos: r.textPos(val)}
			}
		case "affiliation", "affiliations", "institute", "institution":
			ra.affs = append(ra.affs, r.affRefs(val)...)
		case "email":
			ra.a.Email, _ = text(k, val)
		case "orcid", "ORCID":
			if id, ok := text(k, val); ok {
				if ra.a.ORCID = orcidOf(id); ra.a.ORCID == "" {
					r.diags.Warnf(r.pos(val), "write the 16-character iD as ORCID shows it, e.g. orcid: 0000-0002-1825-0097",
						"%q is not an ORCID iD (four groups of four digits, the last character a check digit); it is not linked", id)
				}
			}
		case "url", "homepage":
			ra.a.URL, _ = text(k, val)
		case "corresponding":
			ra.a.Corresponding = flag(k, val)
		case "equal-contributor", "equal-contrib", "equal_contrib":
			ra.a.EqualContributor = flag(k, val)
		case "deceased":
			ra.deceased = flag(k, val)
		case "group":
			ra.group = flag(k, val)
			ra.a.Group = ra.group
		case "note", "thanks":
			if s, ok := text(k, val); ok {
				ra.note = markup{Text: s, Pos: r.textPos(val)}
			}
		case "current-address", "current_address":
			ra.address, _ = text(k, val)
		case "attributes":
			// Quarto: attributes: {corresponding, equal-contributor, deceased}
			if val.Kind != yaml.MappingNode {
				r.diags.Errorf(r.pos(val), "e.g. attributes: {corresponding: true}", "author attributes must be a mapping")
				continue
			}
			for j := 0; j+1 < len(val.Content); j += 2 {
				switch ak, av := val.Content[j].Value, val.Content[j+1]; ak {
				case "corresponding":
					ra.a.Corresponding = flag(ak, av)
				case "equal-contributor":
					ra.a.EqualContributor = flag(ak, av)
				case "deceased":
					ra.deceased = flag(ak, av)
				default:
					r.st.ignored = append(r.st.ignored, ignored{"author attributes." + ak, "Quarto", r.pos(val.Content[j])})
				}
			}
		default:
			if authorOther[k] {
				r.st.ignored = append(r.st.ignored, ignored{"author." + k, "author fields", r.pos(kn)})
			} else {
				r.diags.Warnf(r.pos(kn), authorFieldsHint, "unknown author field %q is ignored", k)
			}
		}
	}
	if ra.name.empty() && (given != "" || family != "") {
		ra.name = markup{Text: strings.TrimSpace(given + " " + family), Pos: ra.pos}
	}
	if ra.name.empty() {
		r.diags.Errorf(r.pos(n), "give each author a name: field", "author without a name")
		return nil, false
	}
	return ra, true
}

// nameParts reads a Quarto name mapping {given, family, literal,
// dropping-particle, non-dropping-particle}; literal, when given, is the
// name.
func (r *reader) nameParts(v *yaml.Node, name *markup) (given, family string) {
	var dropping, nonDropping string
	for j := 0; j+1 < len(v.Content); j += 2 {
		k, val := v.Content[j].Value, v.Content[j+1]
		if val.Kind != yaml.ScalarNode {
			r.diags.Errorf(r.pos(val), "write each part of the name as text", "author name %s must be text", k)
			continue
		}
		switch k {
		case "given":
			given = val.Value
		case "family":
			family = val.Value
		case "literal":
			*name = markup{Text: val.Value, Pos: r.textPos(val)}
		case "dropping-particle":
			dropping = val.Value
		case "non-dropping-particle":
			nonDropping = val.Value
		default:
			r.diags.Warnf(r.pos(v.Content[j]), "name parts: given, family, literal, dropping-particle, non-dropping-particle", "unknown name part %q is ignored", k)
		}
	}
	if dropping != "" {
		given = strings.TrimSpace(given + " " + dropping)
	}
	if nonDropping != "" {
		family = strings.TrimSpace(nonDropping + " " + family)
	}
	return given, family
}

// affRefs reads an author's affiliations: "1, 2" (JOSS indexes), 1, a
// name, or a list of those and of mappings ({ref: id}, {name: ...}).
func (r *reader) affRefs(v *yaml.Node) []affRef {
	var out []affRef
	one := func(n *yaml.Node) {
		switch n.Kind {
		case yaml.ScalarNode:
			if n.Tag == "!!null" {
				return
			}
			if n.Tag == "!!int" {
				out = append(out, affRef{ref: n.Value, pos: r.pos(n)})
				return
			}
			// "1, 2, 4" is a list of indexes; an institution's name may
			// hold commas too, so finishAuthors decides which it is.
			out = append(out, affRef{ref: n.Value, name: n.Value, pos: r.pos(n)})
		case yaml.MappingNode:
			var ar affRef
			ar.pos = r.pos(n)
			var parts []string
			for j := 0; j+1 < len(n.Content); j += 2 {
				k, val := n.Content[j].Value, n.Content[j+1]
				if val.Kind != yaml.ScalarNode {
					continue
				}
				switch k {
				case "ref":
					ar.ref, ar.byRef, ar.pos = val.Value, true, r.pos(val)
				case "name", "department":
					parts = append(parts, val.Value)
				case "city", "region", "state", "country":
					parts = append(parts, val.Value)
				case "id":
					ar.ref = val.Value
				}
			}
			ar.name = strings.Join(parts, ", ")
			if !ar.byRef && ar.name == "" {
				r.diags.Errorf(ar.pos, "e.g. affiliations: [{ref: aff1}] or [{name: University of X}]", "an affiliation needs a name or a ref")
				return
			}
			if ar.name != "" && !ar.byRef {
				// An affiliation given in full, perhaps with an id that
				// other authors refer to: listed at the top level too.
				r.st.affs = append(r.st.affs, &rawAff{id: ar.ref, name: ar.name, pos: ar.pos})
				ar.ref = ""
			}
			out = append(out, ar)
		default:
			r.diags.Errorf(r.pos(n), "write the affiliation as text, a number, {ref: id} or {name: ...}", "an affiliation must be text, a number or a mapping, not a %s", kindName(n))
		}
	}
	if v.Kind == yaml.SequenceNode {
		for _, c := range v.Content {
			one(c)
		}
	} else {
		one(v)
	}
	return out
}

// affiliations reads the top-level list: JOSS {index, name}, Quarto {id,
// name, department, city, region, country}, or plain names.
func (r *reader) affiliations(k string, v *yaml.Node) {
	items := v.Content
	if v.Kind != yaml.SequenceNode {
		items = []*yaml.Node{v}
	}
	for _, n := range items {
		switch n.Kind {
		case yaml.ScalarNode:
			if n.Tag == "!!str" {
				r.st.affs = append(r.st.affs, &rawAff{id: strconv.Itoa(len(r.st.affs) + 1), name: n.Value, pos: r.pos(n)})
				continue
			}
			r.diags.Errorf(r.pos(n), "e.g. affiliations:\n\t  - index: 1\n\t    name: University of X", "each affiliation must be a mapping with a name, not a %s", kindName(n))
			continue
		case yaml.MappingNode:
		default:
			r.diags.Errorf(r.pos(n), "e.g. affiliations:\n\t  - index: 1\n\t    name: University of X", "each affiliation must be a mapping with a name, not a %s", kindName(n))
			continue
		}
		a := &rawAff{pos: r.pos(n)}
		var parts []string
		for j := 0; j+1 < len(n.Content); j += 2 {
			kk, val := n.Content[j].Value, n.Content[j+1]
			if val.Kind != yaml.ScalarNode {
				r.diags.Errorf(r.pos(val), "write each affiliation field as text", "affiliation %s must be text, not a %s", kk, kindName(val))
				continue
			}
			switch kk {
			case "index", "id", "number":
				if a.id == "" || kk == "id" {
					a.id = val.Value
				}
			case "department", "name":
				parts = append(parts, val.Value)
			case "city", "region", "state", "country":
				parts = append(parts, val.Value)
			default:
				r.st.ignored = append(r.st.ignored, ignored{"affiliations." + kk, "affiliation fields", r.pos(n.Content[j])})
			}
		}
		a.name = strings.Join(parts, ", ")
		if a.name == "" {
			r.diags.Errorf(a.pos, "give the affiliation a name: field", "affiliation without a name")
			continue
		}
		r.st.affs = append(r.st.affs, a)
	}
}

// authorNotes reads Quarto's author-notes: the wording of the notes made
// for corresponding, equal-contributor and deceased authors.
func (r *reader) authorNotes(k string, v *yaml.Node) {
	if v.Kind != yaml.MappingNode {
		r.diags.Errorf(r.pos(v), "e.g. author-notes: {equal-contributor: These authors contributed equally.}", "author-notes must be a mapping")
		return
	}
	for j := 0; j+1 < len(v.Content); j += 2 {
		kk, val := v.Content[j].Value, v.Content[j+1]
		switch kk {
		case "corresponding", "equal-contributor", "deceased", "group":
			if m, ok := r.md("author-notes "+kk, val); ok {
				r.st.notesText[kk] = m
			}
		default:
			r.diags.Warnf(r.pos(v.Content[j]), "author notes: corresponding, equal-contributor, deceased, group", "unknown author note %q is ignored", kk)
		}
	}
}

// titleNote is a note on the title block, before its Markdown is converted.
type titleNote struct {
	note *doc.Note
	text markup       // Markdown, or
	gen  []doc.Inline // generated text
}

// finishAuthors resolves the authors' affiliations into the numbered list,
// and makes the title notes: the title's thanks, then per author the
// corresponding, equal-contributor, deceased, own and address notes.
func (st *metaState) finishAuthors() {
	m := st.meta
	byID := map[string]int{} // affiliation id -> index into st.affs
	for i, a := range st.affs {
		if a.id != "" {
			if _, dup := byID[a.id]; !dup {
				byID[a.id] = i
			}
		}
	}
	hasIndexes := len(byID) > 0
	used := map[int]int{} // st.affs index -> number (1-based)
	var order []int
	number := func(i int) int {
		if n, ok := used[i]; ok {
			return n
		}
		order = append(order, i)
		used[i] = len(order)
		return len(order)
	}
	byName := map[string]int{}
	for i, a := range st.affs {
		if _, ok := byName[a.name]; !ok {
			byName[a.name] = i
		}
	}
	m.Authors = nil
	for _, ra := range st.authors {
		a := ra.a
		a.Name = ra.name.Text
		for _, ar := range ra.affs {
			ids := []string{ar.ref}
			if !ar.byRef && ar.ref != "" && strings.Contains(ar.ref, ",") {
				ids = splitList(ar.ref)
			}
			all := ar.ref != ""
			for _, id := range ids {
				if _, ok := byID[strings.TrimSpace(id)]; !ok {
					all = false
				}
			}
			switch {
			case all:
				for _, id := range ids {
					a.Affiliations = append(a.Affiliations, number(byID[strings.TrimSpace(id)]))
				}
			case ar.byRef || hasIndexes && looksLikeRefs(ar.ref):
				var known []string
				for _, x := range st.affs {
					if x.id != "" {
						known = append(known, x.id)
					}
				}
				st.diags.Errorf(ar.pos, "refer to an affiliation listed under affiliations: ("+strings.Join(known, ", ")+")",
					"author %s: affiliation %q is not among the affiliations", a.Name, ar.ref)
			case ar.name != "":
				i, ok := byName[ar.name]
				if !ok {
					st.affs = append(st.affs, &rawAff{name: ar.name, pos: ar.pos})
					i = len(st.affs) - 1
					byName[ar.name] = i
				}
				a.Affiliations = append(a.Affiliations, number(i))
			}
		}
		m.Authors = append(m.Authors, a)
	}
	// JOSS numbers affiliations by their index: when every used
	// affiliation has a numeric index, keep the author's numbers.
	if numericIDs(st.affs, order) {
		for i := range m.Authors {
			for j, n := range m.Authors[i].Affiliations {
				id, _ := strconv.Atoi(st.affs[order[n-1]].id)
				m.Authors[i].Affiliations[j] = id
			}
		}
		maxID := 0
		for _, i := range order {
			id, _ := strconv.Atoi(st.affs[i].id)
			maxID = max(maxID, id)
		}
		m.Affiliations = make([]doc.Affiliation, maxID)
		for _, i := range order {
			id, _ := strconv.Atoi(st.affs[i].id)
			m.Affiliations[id-1] = doc.Affiliation{ID: st.affs[i].id, Name: st.affs[i].name}
		}
		// Listed but unused indexes are kept so that numbers match.
		for _, a := range st.affs {
			if id, err := strconv.Atoi(a.id); err == nil && id >= 1 && id <= maxID && m.Affiliations[id-1].Name == "" {
				m.Affiliations[id-1] = doc.Affiliation{ID: a.id, Name: a.name}
			}
		}
	} else {
		m.Affiliations = nil
		for _, i := range order {
			m.Affiliations = append(m.Affiliations, doc.Affiliation{ID: st.affs[i].id, Name: st.affs[i].name})
		}
	}
	st.makeNotes()
}

// looksLikeRefs reports whether s reads as a list of ids ("1, 2", "aff3")
// rather than an institution's name.
func looksLikeRefs(s string) bool {
	for _, p := range splitList(s) {
		if strings.ContainsAny(p, " \t") {
			return false
		}
	}
	return strings.TrimSpace(s) != ""
}

func numericIDs(affs []*rawAff, order []int) bool {
	if len(order) == 0 {
		return false
	}
	for _, i := range order {
		n, err := strconv.Atoi(affs[i].id)
		if err != nil || n < 1 || n > 100 {
			return false
		}
	}
	return true
}

// noteMarks are the marks of title notes, in order, as LaTeX's \thanks.
var noteMarks = []string{"*", "†", "‡", "§", "¶", "‖"}

func noteMark(i int) string {
	return strings.Repeat(noteMarks[i%len(noteMarks)], i/len(noteMarks)+1)
}

// noteWords are the generated title notes' default wording. (One place,
// for the per-language terms table to redirect.)
var noteWords = map[string]string{
	"corresponding":     "Corresponding author",
	"equal-contributor": "These authors contributed equally to this work.",
	"deceased":          "Deceased.",
	"current-address":   "Current address: ",
}

// makeNotes creates the title notes. Their Markdown is converted later
// (ConvertMarkup); generated notes are plain text.
func (st *metaState) makeNotes() {
	m := st.meta
	m.TitleNotes = nil
	st.pending = nil
	add := func(tn titleNote) *doc.Note {
		n := &doc.Note{Mark: noteMark(len(m.TitleNotes)), ID: "title-note-" + strconv.Itoa(len(m.TitleNotes)+1), Pos: tn.text.Pos}
		tn.note = n
		if tn.gen != nil {
			n.Blocks = []doc.Block{&doc.Paragraph{Content: tn.gen}}
		}
		m.TitleNotes = append(m.TitleNotes, n)
		st.pending = append(st.pending, tn)
		return n
	}
	wording := func(key string) titleNote {
		if t, ok := st.notesText[key]; ok {
			return titleNote{text: t}
		}
		return titleNote{gen: []doc.Inline{doc.Text{S: noteWords[key]}}}
	}
	st.thanksNote = nil
	if !st.thanks.empty() {
		st.thanksNote = add(titleNote{text: st.thanks})
	}
	var corr, equal, dead, group *doc.Note
	var corrAuthors []doc.Author
	for _, a := range m.Authors {
		if a.Corresponding {
			corrAuthors = append(corrAuthors, a)
		}
	}
	for i, ra := range st.authors {
		a := &m.Authors[i]
		if a.Corresponding {
			if corr == nil {
				tn := wording("corresponding")
				if tn.gen != nil {
					tn.gen = correspondingText(corrAuthors)
				}
				corr = add(tn)
			}
			a.Notes = append(a.Notes, corr)
		}
		if a.EqualContributor {
			if equal == nil {
				equal = add(wording("equal-contributor"))
			}
			a.Notes = append(a.Notes, equal)
		}
		if ra.deceased {
			if dead == nil {
				dead = add(wording("deceased"))
			}
			a.Notes = append(a.Notes, dead)
		}
		if _, worded := st.notesText["group"]; ra.group && worded {
			if group == nil {
				group = add(wording("group"))
			}
			a.Notes = append(a.Notes, group)
		}
		if !ra.note.empty() {
			a.Notes = append(a.Notes, add(titleNote{text: ra.note}))
		}
		if ra.address != "" {
			text := ra.address
			if !strings.HasPrefix(strings.ToLower(text), "current address") {
				text = noteWords["current-address"] + text
			}
			a.Notes = append(a.Notes, add(titleNote{gen: []doc.Inline{doc.Text{S: text}}}))
		}
	}
}

// correspondingText is "Corresponding author: a@x.org" (names added when
// several authors correspond).
func correspondingText(as []doc.Author) []doc.Inline {
	out := []doc.Inline{doc.Text{S: noteWords["corresponding"]}}
	var withMail []doc.Author
	for _, a := range as {
		if a.Email != "" {
			withMail = append(withMail, a)
		}
	}
	if len(withMail) == 0 {
		return append(out, doc.Text{S: "."})
	}
	out = append(out, doc.Text{S: ": "})
	for i, a := range withMail {
		if i > 0 {
			out = append(out, doc.Text{S: "; "})
		}
		if len(withMail) > 1 {
			out = append(out, doc.Text{S: a.Name + ", "})
		}
		out = append(out, doc.Link{URL: "mailto:" + a.Email, Content: []doc.Inline{doc.Text{S: a.Email}}})
	}
	return append(out, doc.Text{S: "."})
}

// orcidOf returns the ORCID iD written as id ("0000-0002-1825-0097", or
// its https://orcid.org/ URL), or "" if id is not one: four groups of four
// digits, the last character the ISO 7064 11,2 check digit (0-9 or X).
func orcidOf(id string) string {
	s := strings.TrimSpace(id)
	for _, p := range []string{"https://orcid.org/", "http://orcid.org/", "orcid.org/"} {
		s = strings.TrimPrefix(s, p)
	}
	if len(s) != 19 {
		return ""
	}
	total := 0
	for i := 0; i < 19; i++ {
		c := s[i]
		switch {
		case i%5 == 4:
			if c != '-' {
				return ""
			}
			continue
		case i == 18:
			want := (12 - total%11) % 11
			if want == 10 && (c == 'X' || c == 'x') || c >= '0' && c <= '9' && int(c-'0') == want {
				return s[:18] + strings.ToUpper(string(c))
			}
			return ""
		case c < '0' || c > '9':
			return ""
		}
		total = (total + int(c-'0')) * 2
	}
	return ""
}
