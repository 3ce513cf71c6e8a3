package build

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"image"
	"image/color"
	"image/png"

	"quire/internal/diag"
	"quire/internal/draw"
)

// pdfText extracts a PDF's text with poppler's pdftotext (CI installs
// poppler-utils before the tests).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found: apt-get install poppler-utils (.ci/run does)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func compileSource(t *testing.T, src string) []byte {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "paper.md")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	b, _, _, err := Compile(Options{Path: p}, &diags)
	if err != nil {
		t.Fatalf("%v: %v", err, diags.Items())
	}
	for _, d := range diags.Items() {
		t.Errorf("diagnostic: %v", d)
	}
	return b
}

func squashSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

const japanese = "一九三九年の夏、満洲国とモンゴル人民共和国の国境をめぐって、日本軍とソ連軍はハルハ河畔で大規模な戦闘を行った。" +
	"日本ではこれを「ノモンハン事件」と呼び、ソ連およびモンゴルでは「ハルハ河の戦い」と呼ぶ。防衛庁防衛研修所戦史室の『戦史叢書』は、" +
	"関東軍の作戦をくわしく記録している。ちょっとした違いでも、ゃゅょのような小書きの仮名は行頭に来てはならない。"

// TestJapaneseText builds a Japanese paragraph and reads the PDF back: the
// same characters come out, in the Japanese face.
func TestJapaneseText(t *testing.T) {
	pdf := compileSource(t, "---\nlang: ja\ntitle: 日ソ関係\n---\n\n"+japanese+"\n")
	got := squashSpace(pdfText(t, pdf))
	if !strings.Contains(got, japanese) {
		t.Errorf("extracted text:\n%s\nwant it to contain\n%s", got, japanese)
	}
	if !strings.Contains(string(pdf), "BIZUDMincho") {
		t.Error("the Japanese face is not embedded")
	}
	// An English document embeds no CJK face.
	en := compileSource(t, "---\ntitle: English\n---\n\nOne paragraph of English text.\n")
	for _, f := range []string{"BIZUDMincho", "Nanum", "SungtiL"} {
		if strings.Contains(string(en), f) {
			t.Errorf("an English PDF embeds %s", f)
		}
	}
}

// TestRussianPaper is the Russian paper case: lang: ru-RU gives Russian
// hyphenation, «quotes» and Russian generated words.
func TestRussianPaper(t *testing.T) {
	src := `---
title: Советско-японские отношения
lang: ru-RU
abstract: Статья рассматривает советско-японские отношения между мировыми войнами.
bibliography: refs.bib
citation-style: chicago-author-date
---

Пограничные конфликты между Советским Союзом и Японией продолжались несколько лет; "необъявленная война" на Халхин-Голе закончилась перемирием, которое подготовило почву для пакта о нейтралитете 1941 года. Правительство стремилось урегулировать международные отношения, а переговоры о границе продолжались [@krivosheev1993]. Исследователи расходятся в оценках потерь, поэтому каждая цифра приводится с указанием источника.

![Карта района боёв](map.png){#fig:map}

| Год | Событие |
|-----|---------|
| 1938 | "Хасан" |
| 1939 | Халхин-Гол |

: Пограничные конфликты {#tbl:clashes}

См. @fig:map и @tbl:clashes.
`
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "paper.md"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	bib := "@book{krivosheev1993, author = {Krivosheev, G. F.}, title = {Grif sekretnosti sniat}, publisher = {Voenizdat}, address = {Moscow}, year = {1993}}\n"
	if err := os.WriteFile(filepath.Join(dir, "refs.bib"), []byte(bib), 0o644); err != nil {
		t.Fatal(err)
	}
	writePNG(t, filepath.Join(dir, "map.png"))
	var diags diag.List
	b, _, _, err := Compile(Options{Path: filepath.Join(dir, "paper.md"), Draft: true}, &diags)
	if err != nil {
		t.Fatalf("%v: %v", err, diags.Items())
	}
	text := pdfText(t, b)
	for _, want := range []string{"Аннотация", "Рис. 1.", "Таблица 1.", "Литература", "«необъявленная война»", "«Хасан»", "рис. 1", "табл. 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	// Russian hyphenation: some line ends in a hyphen after Cyrillic, at
	// a point of the Russian patterns.
	pages, err := Pages(filepath.Join(dir, "paper.md"), "article", &diag.List{Draft: true})
	if err != nil {
		t.Fatal(err)
	}
	hyphenated := 0
	for _, p := range pages {
		for _, it := range draw.Expand(p.Items) {
			if tx, ok := it.(*draw.Text); ok {
				rs := []rune(tx.S)
				if n := len(rs); n >= 3 && rs[n-1] == '-' && unicode.Is(unicode.Cyrillic, rs[n-2]) {
					hyphenated++
				}
			}
		}
	}
	if hyphenated == 0 {
		t.Errorf("no Russian word is hyphenated:\n%s", text)
	}
	for _, d := range diags.Items() {
		if strings.Contains(d.String(), "lang") {
			t.Errorf("diagnostic about the language: %v", d)
		}
	}
}

func writePNG(t *testing.T, path string) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for x := 0; x < 40; x++ {
		img.Set(x, 10, color.Black)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
