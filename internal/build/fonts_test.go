package build

import (
	"fmt"
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
		for _, it := range draw.Expand(p.Items) {
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
		{"mainfont: face.otf\n", map[string][]byte{"face.otf": []byte("OTTO\x00\x0a\x00\x80\x00\x03\x00\x20 rest of a font")}, []string{"paper.md:3:1: error: mainfont: face.otf:", "PostScript (CFF)", "hint: the PDF writer embeds TrueType outlines only"}},
		{"sansfont: set.ttc\n", map[string][]byte{"set.ttc": []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01 more")}, []string{"paper.md:3:1: error: sansfont: set.ttc:", "collection", "hint: extract the face"}},
		{"title-x: 1\nmonofont: missing.ttf\n", nil, []string{"paper.md:4:1: error: monofont:", "missing.ttf", "hint: "}},
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

// TestFontFallback builds a manuscript whose mainfont is a TrueType file
// of the folder (Liberation Serif's regular face under another name) and
// whose text holds runes that face lacks: each is drawn by the next face
// of the chain that has it (Cyrillic Ԙ by the book face, ✓ by the sans
// fallback, past the serif faces that lack it), and a rune no face has
// stays a warning at its position and is drawn as the replacement.
func TestFontFallback(t *testing.T) {
	lib := font.MustGet(font.Lookup("Liberation Serif").Face(false, false))
	const missing = 'ཀ' // Tibetan: no shipped face has it
	if font.Covered(missing) {
		t.Fatalf("%U is covered now; the test needs a rune no face has", missing)
	}
	for _, r := range "Ԙ✓" {
		if lib.Has(r) {
			t.Fatalf("Liberation Serif has %c; the test needs a rune it lacks", r)
		}
	}
	if font.MustGet(font.Serif).Has('✓') || !font.MustGet(font.FallbackSans).Has('✓') {
		t.Fatal("✓ must be in the sans fallback only")
	}
	dir := t.TempDir()
	md := "---\ntitle: Fonts\nmainfont: MyFace-Regular.ttf\n---\n\nPlain words, the letter Ԙ, a tick ✓ and ཀ.\n"
	os.WriteFile(filepath.Join(dir, "paper.md"), []byte(md), 0o644)
	os.WriteFile(filepath.Join(dir, "MyFace-Regular.ttf"), lib.Plain(), 0o644)
	var diags diag.List
	pages, err := Pages(dir, "", &diags)
	if err != nil || diags.HasErrors() {
		t.Fatal(err, diagText(&diags))
	}
	drawn := map[string]string{} // text -> face, for the body's runs
	for _, it := range draw.Expand(pages[0].Items) {
		if tx, ok := it.(*draw.Text); ok {
			drawn[tx.S] += tx.Face + " "
		}
	}
	face := func(s string) string {
		for text, f := range drawn {
			if strings.Contains(text, s) {
				return strings.TrimSpace(f)
			}
		}
		return ""
	}
	plain := face("Plain")
	if plain == "" || font.MustGet(plain).Family == nil || font.MustGet(plain).Family.Name != "MyFace" {
		t.Fatalf("body text not in the manuscript's face: %v", drawn)
	}
	if f := face("Ԙ"); f != font.Serif {
		t.Errorf("Ԙ drawn in %q, want the book face %q (runs %v)", f, font.Serif, drawn)
	}
	if f := face("✓"); f != font.FallbackSans {
		t.Errorf("✓ drawn in %q, want the sans fallback %q (runs %v)", f, font.FallbackSans, drawn)
	}
	if face(string(missing)) != "" || face(string(font.Replacement)) == "" {
		t.Errorf("%U not replaced by %c: %v", missing, font.Replacement, drawn)
	}
	text := diagText(&diags)
	col := strings.Index(strings.Split(md, "\n")[5], string(missing))
	want := fmt.Sprintf("paper.md:6:%d: warning: U+0F40 is not in any font", len([]rune(strings.Split(md, "\n")[5][:col]))+1)
	if !strings.Contains(text, want) {
		t.Errorf("diagnostics lack %q:\n%s", want, text)
	}
	if strings.Count(text, "warning:") != 1 {
		t.Errorf("want one warning, for %U only:\n%s", missing, text)
	}
}
