package build

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/pdf"
)

// ParseLength reads a length such as 3mm, 0.3cm, 0.125in or 9pt and
// returns it in points. Lengths up to one inch are accepted.
func ParseLength(s string) (float64, error) {
	s = strings.TrimSpace(s)
	units := []struct {
		name string
		pt   float64
	}{{"mm", 72 / 25.4}, {"cm", 72 / 2.54}, {"in", 72}, {"pt", 1}}
	for _, u := range units {
		if strings.HasSuffix(s, u.name) {
			v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, u.name)), 64)
			if err != nil || !(v >= 0 && v*u.pt <= 72) { // NaN too
				return 0, fmt.Errorf("bad length %q: use e.g. 3mm (at most 1in)", s)
			}
			return v * u.pt, nil
		}
	}
	if s == "0" {
		return 0, nil
	}
	return 0, fmt.Errorf("bad length %q: give a unit, e.g. 3mm", s)
}

// profileKeys are the settings a profile may give in the front matter,
// under profiles: {NAME: {...}}.
var profileKeys = []string{"anonymous", "bleed", "fontsize", "imposition", "marks", "papersize", "pdfa"}

// applyProfile applies the front matter's defaults for profile to opt and
// m. Command-line settings win: a flag that is set (a true switch, a
// non-empty imposition, a bleed) is kept. Unknown keys and values of the
// wrong type are reported as warnings at the profiles key.
func applyProfile(profile string, opt *Options, m *doc.Meta, diags *diag.List) {
	raw, ok := m.Extra["profiles"]
	if !ok || raw == nil {
		return
	}
	pos := m.Pos["profiles"]
	all, ok := raw.(map[string]any)
	if !ok {
		diags.Warnf(pos, "e.g. profiles: {submission: {anonymous: true}}", "profiles must be a mapping from profile names to settings; ignored")
		return
	}
	for name := range all {
		if name != "article" && name != "submission" && name != "handout" {
			diags.Warnf(pos, "profiles are article, submission and handout", "unknown profile %q in profiles is ignored", name)
		}
	}
	set, ok := all[profile].(map[string]any)
	if !ok {
		if all[profile] != nil {
			diags.Warnf(pos, "e.g. profiles: {submission: {anonymous: true}}", "profiles.%s must be a mapping of settings; ignored", profile)
		}
		return
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	bad := func(k, want string) {
		diags.Warnf(pos, "", "profiles.%s.%s must be %s; ignored", profile, k, want)
	}
	for _, k := range keys {
		v := set[k]
		switch k {
		case "pdfa":
			// true (PDF/A-2b), or a level; the command line wins.
			switch v := v.(type) {
			case bool:
				opt.PDFA = opt.PDFA || v
			case string:
				l := strings.ToLower(v)
				if !slices.Contains(pdf.PDFALevels, l) {
					bad(k, "true, false, or a PDF/A level: 1b, 2b, 2u or 3b")
					continue
				}
				if !opt.PDFA && opt.PDFALevel == "" {
					opt.PDFA, opt.PDFALevel = true, l
				}
			default:
				bad(k, "true, false, or a PDF/A level: 1b, 2b, 2u or 3b")
			}
		case "anonymous", "marks":
			b, ok := v.(bool)
			if !ok {
				bad(k, "true or false")
				continue
			}
			switch k {
			case "anonymous":
				opt.Anonymize = opt.Anonymize || b
			case "marks":
				opt.Marks = opt.Marks || b
			}
		case "imposition":
			s, ok := v.(string)
			if !ok {
				bad(k, "booklet, 2up or none")
				continue
			}
			if opt.Imposition == "" {
				opt.Imposition = s
			}
		case "bleed":
			s, ok := v.(string)
			if !ok {
				bad(k, "a length such as 3mm")
				continue
			}
			l, err := ParseLength(s)
			if err != nil {
				diags.Warnf(pos, "", "profiles.%s.bleed: %v; ignored", profile, err)
				continue
			}
			if opt.Bleed == 0 {
				opt.Bleed = l
			}
		case "papersize":
			s, ok := v.(string)
			if !ok {
				bad(k, "a4 or letter")
				continue
			}
			m.PaperSize = s
		case "fontsize":
			var f float64
			switch n := v.(type) {
			case int:
				f = float64(n)
			case float64:
				f = n
			default:
				bad(k, "a number of points")
				continue
			}
			if !(f >= 6 && f <= 24) { // NaN too
				bad(k, "a number of points between 6 and 24")
				continue
			}
			m.FontSize = f
		default:
			diags.Warnf(pos, "profile settings: "+strings.Join(profileKeys, ", "), "unknown setting profiles.%s.%s is ignored", profile, k)
		}
	}
}
