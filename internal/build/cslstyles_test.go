package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	cslfiles "quire/assets/csl"
	"quire/internal/diag"
)

// copyManuscript copies the article (manuscript/) into a temporary
// folder, its front matter's citation-style: line replaced by line.
func copyManuscript(t *testing.T, line string) string {
	t.Helper()
	src := filepath.Join("..", "..", "manuscript")
	dir := t.TempDir()
	err := filepath.WalkDir(src, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if e.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rel == "paper.md" {
			s := string(b)
			if !strings.Contains(s, "\ncitation-style: chicago-notes\n") {
				t.Fatal("manuscript/paper.md has no line citation-style: chicago-notes")
			}
			b = []byte(strings.Replace(s, "\ncitation-style: chicago-notes\n", "\n"+line+"\n", 1))
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// squashText drops white space and hyphens (a line break may hyphenate
// any word), so that text is compared whatever the line breaks.
func squashText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '\u00ad' {
			return -1
		}
		return r
	}, s)
}

// TestShippedStylesBuild builds the article with csl: set to each shipped
// style, its .csl file copied into the manuscript folder: every build
// succeeds without a diagnostic and its PDF shows the citations and the
// bibliography as the style has them (APA author-date, IEEE [1] in order
// of first citation, Nature superscript numbers, Chicago full and short
// notes).
func TestShippedStylesBuild(t *testing.T) {
	want := map[string][]string{
		"apa": {
			"interviews (Coox, 1977, 1985);",
			"(Beckmann & Okubo, 1969; Linkhoeva, 2020).",
			"Coox, A. D. (1985). Nomonhan: Japan against Russia, 1939 (Vol. 1–2). Stanford University Press.",
			"Bridges, B. (1980). Yoshizawa Kenkichi and the Soviet-Japanese non-aggression pact proposal. Modern Asian Studies, 14(1), 111–127.",
			"Hata, I. (1976). The Japanese-Soviet confrontation, 1935–1939. In J. W. Morley (Ed.), Deterrent diplomacy: Japan, Germany, and the USSR, 1935–1940. Columbia University Press.",
		},
		"ieee": {
			"interviews [1], [2];",
			"foreign policy [4]–[7].",
			"[1] A. D. Coox, The anatomy of a small war:",
			"[18] B. Bridges, “Yoshizawa Kenkichi and the Soviet-Japanese non-aggression pact proposal,” Modern Asian Studies, vol. 14, no. 1, pp. 111–127, 1980.",
		},
		"nature": {
			"interviews;1,2 George",
			"foreign policy.4–7 A parallel",
			"1. Coox, A. D. The anatomy of a small war:",
			"18. Bridges, B. Yoshizawa Kenkichi and the Soviet-Japanese non-aggression pact proposal. Modern Asian Studies 14, 111–127 (1980).",
		},
		"chicago-fullnote-bibliography": {
			"Alvin D. Coox, The Anatomy of a Small War: The Soviet-Japanese Struggle for Changkufeng/Khasan, 1938, Contributions in Military History 13 (Westport, CT: Greenwood Press, 1977)",
			"Coox, Anatomy of a Small War, chap. 14.",
			"Bridges, Brian. “Yoshizawa Kenkichi and the Soviet-Japanese Non-aggression Pact Proposal.” Modern Asian Studies 14, no. 1 (1980): 111–27.",
		},
	}
	for _, style := range cslfiles.Styles() {
		t.Run(style, func(t *testing.T) {
			dir := copyManuscript(t, "csl: "+style+".csl")
			src, ok := cslfiles.Style(style)
			if !ok {
				t.Fatalf("no style %s", style)
			}
			if err := os.WriteFile(filepath.Join(dir, style+".csl"), src, 0o644); err != nil {
				t.Fatal(err)
			}
			var diags diag.List
			b, _, _, err := Compile(Options{Path: dir}, &diags)
			if err != nil {
				t.Fatalf("%v\n%s", err, diagText(&diags))
			}
			if len(diags.Items()) > 0 {
				t.Errorf("diagnostics:\n%s", diagText(&diags))
			}
			text := squashText(pdfText(t, b))
			for _, w := range append([]string{"Soviet–Japanese relations"}, want[style]...) {
				if !strings.Contains(text, squashText(w)) {
					t.Errorf("the PDF lacks %q", w)
				}
			}
			// every work of references.bib the article cites is in the
			// bibliography: one of its last entries is always there
			if !strings.Contains(text, squashText("Unterberger")) {
				t.Errorf("the PDF has no entry for Unterberger")
			}
		})
	}
	for style := range want {
		if _, ok := cslfiles.Resolve(style); !ok {
			t.Errorf("style %s does not ship", style)
		}
	}
}
