package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quire/assets"
	"quire/internal/diag"
	"quire/internal/draw"
	"quire/internal/font"
)

func writeManuscript(t *testing.T, front string, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	md := "---\ntitle: Fonts\n" + front + "---\n\nSome *emphasis*, **bold** text and `code`, office.\n"
	os.WriteFile(filepath.Join(dir, "paper.md"), []byte(md), 0o644)
	for n, b := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, n)), 0o755)
		os.WriteFile(filepath.Join(dir, n), b, 0o644)
	}
	return dir
}

func faces(pages []*draw.Page) map[string]bool {
	m := map[string]bool{}
	for _, p := range pages {
		for _, it := range p.Items {
			if t, ok := it.(*draw.Text); ok {
				m[t.Face] = true
			}
		}
	}
	return m
}

// TestFontKeys checks mainfont, sansfont and monofont: a shipped family by
// name, a .ttf file of the manuscript with its bold file beside it, and the
// errors for what the PDF writer cannot embed.
func TestFontKeys(t *testing.T) {
	var diags diag.List
	pages, err := Pages(writeManuscript(t, "mainfont: Liberation Serif\nmonofont: Liberation Mono\n", nil), "", &diags)
	if err != nil {
		t.Fatal(err, diagText(&diags))
	}
	got := faces(pages)
	lib := font.Lookup("Liberation Serif")
	for _, want := range []string{lib.Face(false, false), lib.Face(false, true), lib.Face(true, false), font.Lookup("Liberation Mono").Face(false, false)} {
		if !got[want] {
			t.Errorf("no text in %s; faces %v", want, got)
		}
	}
	if got[font.Serif] {
		t.Errorf("text still in the default face: %v", got)
	}

	reg, _ := fs.ReadFile(assets.FS, "fonts/noto/NotoSans-Regular.ttf")
	bold, _ := fs.ReadFile(assets.FS, "fonts/noto/NotoSans-Bold.ttf")
	diags = diag.List{}
	dir := writeManuscript(t, "mainfont: fonts/MyFace-Regular.ttf\n", map[string][]byte{"fonts/MyFace-Regular.ttf": reg, "fonts/MyFace-Bold.ttf": bold})
	pages, err = Pages(dir, "", &diags)
	if err != nil || diags.HasErrors() {
		t.Fatal(err, diagText(&diags))
	}
	var regular, boldFace bool
	for f := range faces(pages) {
		fc := font.MustGet(f)
		if fc.Family != nil && fc.Family.Name == "fonts/MyFace" || strings.HasPrefix(f, "file-") {
			if fc.Bold {
				boldFace = true
			} else {
				regular = true
			}
		}
	}
	if !regular || !boldFace {
		t.Errorf("the manuscript's face and its bold are not used: %v", faces(pages))
	}

	for _, c := range []struct {
		front string
		files map[string][]byte
		want  []string
	}{
		{"mainfont: Comic Serif\n", nil, []string{"paper.md:3:1: error: mainfont: no font family \"Comic Serif\"", "hint: name one of the shipped families (", "Noto Serif"}},
		{"mainfont: face.otf\n", map[string][]byte{"face.otf": []byte("OTTO\x00\x0a\x00\x80\x00\x03\x00\x20 rest of a font")}, []string{"mainfont: face.otf:", "PostScript (CFF)", "hint: the PDF writer embeds TrueType outlines only"}},
		{"sansfont: set.ttc\n", map[string][]byte{"set.ttc": []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01 more")}, []string{"sansfont: set.ttc:", "collection", "hint: extract the face"}},
		{"monofont: missing.ttf\n", nil, []string{"monofont:", "missing.ttf"}},
	} {
		diags = diag.List{}
		_, _, _, err := Compile(Options{Path: writeManuscript(t, c.front, c.files)}, &diags)
		text := diagText(&diags)
		if err == nil {
			t.Errorf("%q built", c.front)
		}
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%q: diagnostics lack %q:\n%s", c.front, w, text)
			}
		}
	}
}
