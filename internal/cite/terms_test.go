package cite

import (
	"testing"

	cslfiles "quire/assets/csl"
	"quire/internal/csl"
)

// TestShippedTerms checks that the shipped styles name only terms the
// shipped locales define (after the fallback to en-US), in the languages
// Quire's users write most: an unknown term would render nothing, with a
// warning at the style's line.
func TestShippedTerms(t *testing.T) {
	for _, name := range cslfiles.Styles() {
		st, err := shippedStyle(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"en-US", "en-GB", "de-DE", "fr-FR", "ja-JP", "ru-RU"} {
			p, err := csl.NewProcessor(st, lang, shippedLocale, nil)
			if err != nil {
				t.Fatalf("%s %s: %v", name, lang, err)
			}
			for _, w := range p.Process(nil).Warnings {
				t.Errorf("%s in %s: line %d: %s", name, lang, w.Line, w.Msg)
			}
		}
	}
}
