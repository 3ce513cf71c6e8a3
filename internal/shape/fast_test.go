package shape

import (
	"math"
	"os"
	"strings"
	"testing"

	"quire/internal/font"
)

// fastCorpus returns words to compare the fast path with HarfBuzz on: the
// words of the repository's manuscript, every pair of ASCII letters and
// punctuation, and the usual kerning trouble makers.
func fastCorpus(t *testing.T) []string {
	src, err := os.ReadFile("../../manuscript/paper.md")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var words []string
	for _, w := range strings.Fields(string(src)) {
		if !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	const chars = "AaBbCcDdEeFfGgHhIiJjKkLlMmNnOoPpQqRrSsTtUuVvWwXxYyZz.,;:'\"()-–—’‘“”!?0123456789/"
	for _, a := range chars {
		for _, b := range chars {
			words = append(words, string(a)+string(b))
		}
	}
	words = append(words, "AVATAR", "Toyota", "WAVE", "P.", "Tyrol", "office", "fjord", "L’Avenir", "“Yes,”", "r.", "T.", "Wä", "Ōsaka", "Tōkyō",
		// Ligatures next to kerning pairs, punctuation and each other.
		"affluent", "efficient", "shelfful", "fifth", "offload", "off.", "“fi”", "f.", "eff—", "Tfi", "ffj", "fff", "ﬁ", "AVfiVA")
	return words
}

// TestFastMatchesHarfBuzz shapes every word of the corpus in every shipped
// face both ways and requires the same glyphs and advances.
func TestFastMatchesHarfBuzz(t *testing.T) {
	words := fastCorpus(t)
	fast, total := 0, 0
	for _, fam := range font.Families() {
		if strings.HasPrefix(fam.ID, "cjk") {
			continue
		}
		for _, bold := range []bool{false, true} {
			for _, italic := range []bool{false, true} {
				face := fam.Face(bold, italic)
				fc := font.MustGet(face)
				for _, f := range []Features{0, OldStyle, NoLigatures, Lining, SmallCaps} {
					if f != 0 && (bold || italic) {
						continue
					}
					for _, w := range words {
						total++
						if _, ok := fastRun(fc, face, []rune(w), 0, f); ok {
							fast++
						}
						a, b := shape(face, w, f), shape(face, w, f|noFast)
						if !sameShape(a, b) {
							t.Fatalf("%s %v %q: fast %+v, HarfBuzz %+v", face, f, w, a.Runs, b.Runs)
						}
					}
				}
			}
		}
	}
	if fast*2 < total {
		t.Errorf("the fast path set only %d of %d words", fast, total)
	}
	t.Logf("fast path: %d of %d words", fast, total)
}

func sameShape(a, b *Shaped) bool {
	if len(a.Runs) != len(b.Runs) || math.Abs(a.Width-b.Width) > 0.01 {
		return false
	}
	for i := range a.Runs {
		ra, rb := a.Runs[i], b.Runs[i]
		if ra.Face != rb.Face || len(ra.Glyphs) != len(rb.Glyphs) {
			return false
		}
		for k := range ra.Glyphs {
			ga, gb := ra.Glyphs[k], rb.Glyphs[k]
			if ga.Code != gb.Code || ga.Text != gb.Text || math.Abs(float64(ga.Adv-gb.Adv)) > 0.01 || ra.Starts[k] != rb.Starts[k] {
				return false
			}
		}
	}
	return true
}
