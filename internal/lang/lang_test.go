package lang

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"quire/assets"
	"quire/internal/testenv"
)

// hyphenate renders word with '-' at each of the language's points.
func hyphenate(l *Language, word string) string {
	pts := l.Hyphenator().Points(word)
	var b strings.Builder
	for i, r := range []rune(word) {
		if len(pts) > 0 && pts[0] == i {
			b.WriteByte('-')
			pts = pts[1:]
		}
		b.WriteRune(r)
	}
	return b.String()
}

// knownWords are dictionary divisions (Duden, Le Robert, RAE, Treccani,
// Priberam, Van Dale, SAOL, Retskrivningsordbogen, Bokmålsordboka, PWN,
// ÚJČ, Lopatin's orthographic dictionary, the Ukrainian orthographic
// dictionary, Babiniotis, Latin school usage, Merriam-Webster and Oxford),
// restricted by the language's minimum lengths, that the shipped patterns
// give in full.
var knownWords = map[string][]string{
	"en-US": {"hy-phen-ation", "type-set-ting", "in-ter-na-tional", "re-la-tions", "agree-ment", "al-go-rithm", "pub-li-ca-tion", "bib-li-og-ra-phy", "ty-pog-ra-phy", "chil-dren"},
	"en-GB": {"dic-tion-ary", "gov-ern-ment", "re-la-tions", "in-ter-na-tional", "his-tory", "ne-go-ti-ation", "fron-tier", "de-vel-op-ment", "Ja-pan-ese", "So-viet"},
	"de":    {"Sil-ben-tren-nung", "Wör-ter-buch", "Bun-des-re-gie-rung", "Un-ter-su-chung", "Zu-sam-men-ar-beit", "Ge-schich-te", "Wis-sen-schaft", "Au-ßen-mi-nis-ter", "Kriegs-ge-fan-ge-ne", "Staats-an-ge-hö-rig-keit", "Do-nau-dampf-schiff-fahrt", "So-wjet-uni-on"},
	"fr":    {"dic-tion-naire", "gou-ver-ne-ment", "ty-po-gra-phie", "bi-blio-thèque", "re-la-tions", "in-ter-na-tio-nales", "né-go-cia-tion", "fron-tière", "dé-ve-lop-pe-ment", "so-vié-tique", "ja-po-naise"},
	"es":    {"dic-cio-na-rio", "ti-po-gra-fía", "bi-blio-te-ca", "re-la-cio-nes", "in-ter-na-cio-na-les", "his-to-ria", "ne-go-cia-ción", "fron-te-ra", "de-sa-rro-llo", "so-vié-ti-co", "ja-po-ne-sa"},
	"it":    {"di-zio-na-rio", "go-ver-no", "ti-po-gra-fia", "bi-blio-te-ca", "re-la-zio-ni", "in-ter-na-zio-na-li", "sto-ria", "ne-go-zia-to", "fron-tie-ra", "svi-lup-po", "so-vie-ti-co", "giap-po-ne-se"},
	"pt":    {"ti-po-gra-fia", "re-la-ções", "his-tó-ria", "fron-teira", "de-sen-vol-vi-mento", "ja-po-nesa", "li-te-ra-tura", "uni-ver-si-dade", "Por-tu-gal", "re-pú-blica", "eco-no-mia"},
	"nl":    {"woor-den-boek", "re-ge-ring", "ty-po-gra-fie", "bi-bli-o-theek", "be-trek-kin-gen", "in-ter-na-ti-o-na-le", "ge-schie-de-nis", "on-der-han-de-ling", "ont-wik-ke-ling", "Ja-pan-se"},
	"sv":    {"ord-bok", "re-ge-ring-en", "ty-po-gra-fi", "bib-li-o-tek", "för-hand-ling-ar", "in-ter-na-tio-nel-la", "his-to-ria", "ut-veck-ling", "grän-sen", "sov-je-tis-ka", "ja-pans-ka"},
	"da":    {"ord-bog", "re-ge-rin-gen", "bi-bli-o-tek", "for-hand-lin-ger", "in-ter-na-tio-na-le", "hi-sto-rie", "ud-vik-ling", "græn-sen", "sov-je-ti-ske", "ja-pan-ske"},
	"nb":    {"ord-bok", "re-gje-rin-gen", "ty-po-gra-fi", "bi-blio-tek", "for-hand-lin-ger", "in-ter-na-sjo-na-le", "his-to-rie", "ut-vik-ling", "gren-sen", "sov-je-tis-ke", "ja-pans-ke"},
	"pl":    {"słow-nik", "ty-po-gra-fia", "bi-blio-te-ka", "sto-sun-ki", "mię-dzy-na-ro-do-we", "ne-go-cja-cje", "gra-ni-ca", "roz-wój", "ra-dziec-ki", "ja-poń-ski"},
	"cs":    {"slov-ník", "ty-po-gra-fie", "me-zi-ná-rodní", "his-to-rie", "vy-jed-ná-vání", "roz-voj", "so-vět-ský", "ja-pon-ský", "li-te-ra-tura", "uni-ver-zita", "re-pub-lika", "eko-no-mika"},
	"ru":    {"сло-варь", "пра-ви-тель-ство", "ти-по-гра-фия", "биб-лио-те-ка", "от-но-ше-ния", "меж-ду-на-род-ные", "ис-то-рия", "пе-ре-го-во-ры", "гра-ни-ца", "раз-ви-тие", "со-вет-ский", "япон-ский"},
	"uk":    {"слов-ник", "ти-по-гра-фія", "бі-бліо-те-ка", "від-но-си-ни", "між-на-ро-дні", "пе-ре-го-во-ри", "кор-дон", "роз-ви-ток", "ра-дян-ський", "япон-ський"},
	"el":    {"λε-ξι-κό", "κυ-βέρ-νη-ση", "τυ-πο-γρα-φί-α", "βι-βλιο-θή-κη", "ι-στο-ρί-α", "δια-πραγ-μα-τεύ-σεις", "σύ-νο-ρα", "σο-βιε-τι-κός", "ι-α-πω-νι-κός", "διε-θνείς"},
	"la":    {"dic-tio-na-rium", "gu-ber-na-tio", "ty-po-gra-phia", "bi-blio-the-ca", "re-la-tio-nes", "in-ter-na-tio-na-les", "hi-sto-ria", "ne-go-tia-tio", "pro-gres-sus", "fi-nis"},
}

func TestKnownHyphenations(t *testing.T) {
	for _, l := range All() {
		if l.Patterns == "" {
			if !l.CJK {
				t.Errorf("%s: no patterns", l.Tag)
			}
			continue
		}
		words := knownWords[l.Tag]
		if len(words) < 10 {
			t.Errorf("%s: %d known words, want at least ten", l.Tag, len(words))
		}
		for _, want := range words {
			if got := hyphenate(l, strings.ReplaceAll(want, "-", "")); got != want {
				t.Errorf("%s: %q, want %q", l.Tag, got, want)
			}
		}
	}
}

// TestMinimums checks that each language's minimums are applied.
func TestMinimums(t *testing.T) {
	for _, l := range All() {
		h := l.Hyphenator()
		if h == nil {
			continue
		}
		if left, right := h.Minimums(); left != l.LeftMin || right != l.RightMin {
			t.Errorf("%s: minimums %d,%d, want %d,%d", l.Tag, left, right, l.LeftMin, l.RightMin)
		}
		for _, w := range knownWords[l.Tag] {
			w = strings.ReplaceAll(w, "-", "")
			n := len([]rune(w))
			for _, p := range h.Points(w) {
				if p < l.LeftMin || p > n-l.RightMin {
					t.Errorf("%s: %q has a point at %d", l.Tag, w, p)
				}
			}
		}
	}
}

// TestCompiledFresh fails while a compiled trie in assets/hyphen/trie does
// not match its pattern file: run `go generate ./internal/lang`.
func TestCompiledFresh(t *testing.T) {
	dir := filepath.Join("..", "..", "assets", "hyphen")
	seen := map[string]bool{}
	for _, l := range All() {
		if l.Patterns == "" || seen[l.Patterns] {
			continue
		}
		seen[l.Patterns] = true
		want, err := CompilePatterns(l, dir)
		if err != nil {
			t.Fatal(err)
		}
		got, err := assets.FS.ReadFile("hyphen/trie/" + l.Patterns + ".trie")
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: assets/hyphen/trie/%s.trie is stale or missing; run go generate ./internal/lang", l.Tag, l.Patterns)
		}
		if _, err := os.Stat(filepath.Join(dir, "LICENSE-"+l.Patterns)); err != nil && l.Patterns != "en-US" {
			t.Errorf("%s: no licence file for the patterns: %v", l.Tag, err)
		}
	}
	// No stray compiled files.
	ents, _ := assets.FS.ReadDir("hyphen/trie")
	for _, e := range ents {
		if !seen[strings.TrimSuffix(e.Name(), ".trie")] {
			t.Errorf("assets/hyphen/trie/%s belongs to no language", e.Name())
		}
	}
}

func TestLookup(t *testing.T) {
	for tag, want := range map[string]string{
		"": "en-US", "en": "en-US", "en-US": "en-US", "en-GB": "en-GB", "en_AU": "en-GB", "EN-gb": "en-GB",
		"de": "de", "de-DE": "de", "de-CH-1996": "de", "fr-CA": "fr", "ru-RU": "ru", "no": "nb", "nb-NO": "nb",
		"ja-JP": "ja", "zh-Hans": "zh", "zh-TW": "zh", "ko-KR": "ko", "pt-BR": "pt", "uk-UA": "uk", "el-GR": "el",
	} {
		l, ok := Lookup(tag)
		if !ok || l.Tag != want {
			t.Errorf("Lookup(%q) = %v, %v; want %s", tag, l, ok, want)
		}
	}
	for _, tag := range []string{"xx", "tlh", "ar", "he"} {
		if l, ok := Lookup(tag); ok || l != nil {
			t.Errorf("Lookup(%q) = %v, %v; want nil, false", tag, l, ok)
		}
	}
}

func TestForScript(t *testing.T) {
	en, _ := Lookup("en-US")
	uk, _ := Lookup("uk")
	de, _ := Lookup("de")
	for _, tc := range []struct {
		in   *Language
		word string
		want string
	}{
		{en, "Коминтерн", "ru"}, {en, "Ἀθῆναι", "el"}, {en, "word", "en-US"}, {en, "123", "en-US"},
		{uk, "Коминтерн", "uk"}, {uk, "word", "uk"}, {de, "Straße", "de"}, {de, "Москва", "ru"},
	} {
		if got := tc.in.ForScript(ScriptOf(tc.word)); got.Tag != tc.want {
			t.Errorf("%s.ForScript(%q) = %s, want %s", tc.in.Tag, tc.word, got.Tag, tc.want)
		}
	}
	if ScriptOf("東京") != nil || ScriptOf("Ω") != unicode.Greek {
		t.Error("ScriptOf")
	}
}

func TestTermsComplete(t *testing.T) {
	for _, l := range All() {
		for _, k := range TermKeys {
			v := l.Terms.Get(k.Key)
			if v == "" {
				t.Errorf("%s: no term for %s", l.Tag, k.Key)
			}
			for _, a := range k.Alias {
				if l.Terms.Get(a) != v {
					t.Errorf("%s: alias %s differs from %s", l.Tag, a, k.Key)
				}
			}
		}
		for _, tpl := range []struct{ s, ph string }{
			{l.Terms.PageOf, "{n}"}, {l.Terms.PageOf, "{total}"}, {l.Terms.WordCountRest, "{body}"}, {l.Terms.WordCountRest, "{notes}"},
			{l.Terms.AbstractWords, "{n}"}, {l.Terms.Limit, "{n}"}, {l.Terms.FloatsRest, "{figures}"}, {l.Terms.FloatsRest, "{tables}"},
			{l.Terms.FigureMany, "{n}"}, {l.Terms.TableMany, "{n}"},
		} {
			if !strings.Contains(tpl.s, tpl.ph) {
				t.Errorf("%s: %q lacks %s", l.Tag, tpl.s, tpl.ph)
			}
		}
		if l.Quotes[0] == "" || l.Quotes[1] == "" || l.Quotes[2] == "" || l.Quotes[3] == "" {
			t.Errorf("%s: quotation marks missing", l.Tag)
		}
	}
}

func TestWithTerms(t *testing.T) {
	ru, _ := Lookup("ru")
	c := ru.WithTerms(map[string]string{"figureTitle": "Рисунок", "tableTitle": "Табл.", "table-title": "Таб.", "figPrefix": "рис.\u00a0", "unknown": "x"})
	if c.Terms.Figure != "Рисунок" || c.Terms.Table != "Таб." || c.Terms.FigureRef != "рис." {
		t.Errorf("overrides: %+v", c.Terms)
	}
	if ru.Terms.Figure != "Рис." {
		t.Error("WithTerms changed the table")
	}
	if ru.WithTerms(nil) != ru {
		t.Error("no overrides should return the language itself")
	}
}

func TestGroupDigits(t *testing.T) {
	en, _ := Lookup("en")
	ru, _ := Lookup("ru")
	for _, tc := range []struct {
		l    *Language
		n    int
		want string
	}{{en, 0, "0"}, {en, 999, "999"}, {en, 1234, "1,234"}, {en, 1234567, "1,234,567"}, {ru, 1234, "1234"}, {ru, 12345, "12\u00a0345"}, {en, -1234, "-1,234"}} {
		if got := tc.l.GroupDigits(tc.n); got != tc.want {
			t.Errorf("%s.GroupDigits(%d) = %q, want %q", tc.l.Tag, tc.n, got, tc.want)
		}
	}
}

// TestREADME keeps the README's language tables in step with the code.
func TestREADME(t *testing.T) {
	if !strings.Contains(testenv.ModuleFile(t, "README.md"), README()) {
		t.Error("README.md's section on languages is out of date: run go generate ./internal/lang")
	}
}

// TestPluralTerms: every language words two references of a kind, and a
// prefix given without its plural serves for both.
func TestPluralTerms(t *testing.T) {
	for _, l := range All() {
		tt := l.Terms
		for _, s := range []string{tt.Sections, tt.FigureRefs, tt.TableRefs, tt.EquationRefs, tt.ListingRefs} {
			if s == "" {
				t.Errorf("%s: a plural cross-reference word is missing: %+v", l.Tag, tt)
			}
		}
	}
	de, _ := Lookup("de")
	if de.Terms.FigureRefs != "Abbildungen" || de.Terms.Sections != "Abschnitte" {
		t.Errorf("German plurals: %q %q", de.Terms.FigureRefs, de.Terms.Sections)
	}
	if PluralKey("figPrefix") != "figure-prefix-plural" || PluralKey("section-prefix") != "section-prefix-plural" || PluralKey("figureTitle") != "" || PluralKey("nope") != "" {
		t.Error("PluralKey")
	}
	c := de.WithTerms(map[string]string{"figPrefix": "Abb.", "tblPrefix": "Tab.", "table-prefix-plural": "Tabn."})
	if c.Terms.FigureRef != "Abb." || c.Terms.FigureRefs != "Abb." || c.Terms.TableRef != "Tab." || c.Terms.TableRefs != "Tabn." || c.Terms.Sections != "Abschnitte" {
		t.Errorf("overrides: %+v", c.Terms)
	}
}
