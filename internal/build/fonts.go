package build

import (
	"errors"
	"io/fs"
	"path"
	"strings"

	"quire/internal/diag"
	"quire/internal/doc"
	"quire/internal/font"
	"quire/internal/project"
	"quire/internal/style"
)

// applyFonts sets the faces the front matter chooses (mainfont, sansfont,
// monofont, as pandoc names them) into st: a shipped family by name, or a
// TrueType file in the manuscript folder, with its bold and italic files
// found beside it by name (X-Regular.ttf, X-Bold.ttf, X-Italic.ttf,
// X-BoldItalic.ttf). A file fpdf cannot embed (PostScript outlines, a
// collection) or an unknown family is an error at the key.
func applyFonts(st *style.Style, m *doc.Meta, folder *project.Folder, diags *diag.List) {
	for _, k := range []struct {
		key, value, kind string
		set              func(*font.Family)
	}{
		{"mainfont", m.MainFont, "serif", func(f *font.Family) {
			st.BodyFace, st.HeadingFace = f.Face(false, false), f.Face(true, false)
		}},
		{"sansfont", m.SansFont, "sans", func(f *font.Family) { st.ChartFace = f.Face(false, false) }},
		{"monofont", m.MonoFont, "mono", func(f *font.Family) { st.MonoFace = f.Face(false, false) }},
	} {
		if strings.TrimSpace(k.value) == "" {
			continue
		}
		if fam := fontFamily(k.key, k.value, k.kind, m.Pos[k.key], folder, diags); fam != nil {
			k.set(fam)
		}
	}
}

// shippedNames lists the families an author can name, for hints.
func shippedNames() string {
	var names []string
	for _, f := range font.Families() {
		if f.Fallback || strings.HasPrefix(f.ID, "cjk") || strings.HasPrefix(f.ID, "file-") {
			continue
		}
		names = append(names, f.Name)
	}
	return strings.Join(names, ", ")
}

func fontFamily(key, value, kind string, pos diag.Pos, folder *project.Folder, diags *diag.List) *font.Family {
	v := strings.TrimSpace(value)
	ext := strings.ToLower(path.Ext(v))
	if ext != ".ttf" && ext != ".otf" && ext != ".ttc" && ext != ".otc" && !strings.Contains(v, "/") {
		if fam := font.Lookup(v); fam != nil {
			return fam
		}
		diags.Errorf(pos, "name one of the shipped families ("+shippedNames()+") or a .ttf file in the manuscript folder",
			"%s: no font family %q", key, v)
		return nil
	}
	if folder == nil {
		diags.Errorf(pos, "build the manuscript from its folder", "%s: %s cannot be read without a manuscript folder", key, v)
		return nil
	}
	data, err := folder.ReadFile(v, project.Font)
	if err != nil {
		diags.Errorf(pos, "give the path of a .ttf file relative to the manuscript folder", "%s: %v", key, err)
		return nil
	}
	faces := map[string][]byte{"regular": data}
	// The other styles, by the usual file names.
	dir, base := path.Split(v)
	stem := strings.TrimSuffix(base, path.Ext(base))
	family := stem
	for _, suf := range []string{"-Regular", "Regular", "-Roman", "-Book"} {
		if s, ok := strings.CutSuffix(stem, suf); ok {
			family = s
			break
		}
	}
	for style, names := range map[string][]string{
		"bold":        {"-Bold", "Bold"},
		"italic":      {"-Italic", "Italic", "-Oblique"},
		"bold-italic": {"-BoldItalic", "BoldItalic", "-BoldOblique"},
	} {
		for _, n := range names {
			rel := dir + family + n + path.Ext(base)
			if rel == v {
				continue
			}
			b, err := folder.ReadFile(rel, project.Font)
			if err == nil {
				faces[style] = b
				break
			}
			if !errors.Is(err, fs.ErrNotExist) {
				diags.Warnf(pos, "", "%s: %v", key, err)
			}
		}
	}
	fam, err := font.Register(family, kind, faces)
	if err != nil {
		hint := "give a TrueType (.ttf) face"
		switch {
		case strings.Contains(err.Error(), "CFF"):
			hint = "the PDF writer embeds TrueType outlines only: convert the font to TrueType (FontForge: Generate Fonts, TrueType) or use the .ttf edition of the family"
		case strings.Contains(err.Error(), "collection"):
			hint = "extract the face you want from the collection into a .ttf file (FontForge opens .ttc files)"
		}
		diags.Errorf(pos, hint, "%s: %s: %v", key, v, err)
		return nil
	}
	return fam
}
