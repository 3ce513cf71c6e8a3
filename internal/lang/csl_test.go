package lang

import (
	"strings"
	"testing"

	cslfiles "quire/assets/csl"
	"quire/internal/csl"
)

// cslDifferences are the places where a language's quotation marks or "et
// al." deliberately differ from the CSL locale that the citation processor
// uses (assets/csl/locales), each with its reason. Anything else must
// agree, so that text and citations use the same marks and words.
var cslDifferences = map[string]string{
	// CSL's Czech locale writes the typewriter stand-ins " and ´ for the
	// closing marks; Czech typography (ÚJČ) closes with “ and ‘.
	"cs close-quote": "“", "cs close-inner-quote": "‘",
	// Ukrainian nests „…“ inside «…» (ДСТУ 3582, the orthography of
	// 2019); CSL's locale has ‘…’. Ukrainian references write "та ін."
	// (ДСТУ 8302:2015), the locale the Latin "et al.".
	"uk open-inner-quote": "„", "uk close-inner-quote": "“", "uk et-al": "та ін.",
	// Greek quotes «…» with “…” inside (Babiniotis); CSL's locale has
	// ‘…’ and the typewriter ' inside.
	"el open-quote": "«", "el close-quote": "»", "el open-inner-quote": "“", "el close-inner-quote": "”",
	// CSL's Chinese "quotes" are the title marks 《…》〈…〉 it puts around
	// titles; quotation in running text is “…” and ‘…’ (GB/T 15834).
	"zh open-quote": "“", "zh close-quote": "”", "zh open-inner-quote": "‘", "zh close-inner-quote": "’",
	// Korean scholarship writes "외" after the first author; the locale's
	// "기타" is "and so on".
	"ko et-al": "외",
}

// TestCSLLocalesAgree checks the quotation marks and "et al." of every
// language against the CSL locale of its primary dialect. French spacing
// is the one difference of form: the locale puts a no-break space inside
// the guillemets; Quire's French spacing puts a narrow one there.
func TestCSLLocalesAgree(t *testing.T) {
	for _, l := range All() {
		tag := l.Tag
		if !strings.Contains(tag, "-") {
			tag = csl.PrimaryDialect(tag)
		}
		src, ok := cslfiles.Locale(tag)
		if !ok {
			t.Errorf("%s: no CSL locale %s in assets/csl/locales", l.Tag, tag)
			continue
		}
		loc, err := csl.ParseLocale(tag, src)
		if err != nil {
			t.Fatal(err)
		}
		short := strings.SplitN(l.Tag, "-", 2)[0]
		if l.Tag == "en-GB" {
			short = "en-GB"
		}
		for _, c := range []struct{ term, ours string }{
			{"open-quote", l.Quotes[0]}, {"close-quote", l.Quotes[1]},
			{"open-inner-quote", l.Quotes[2]}, {"close-inner-quote", l.Quotes[3]},
			{"et-al", l.Terms.EtAl},
		} {
			theirs, ok := loc.Term(c.term)
			if !ok {
				t.Errorf("%s: the CSL locale has no %s", l.Tag, c.term)
				continue
			}
			spaced := strings.Trim(theirs, "\u00a0\u202f ") != theirs
			theirs = strings.Trim(theirs, "\u00a0\u202f ")
			if strings.HasSuffix(c.term, "quote") && !strings.Contains(c.term, "inner") && spaced != l.FrenchSpacing {
				t.Errorf("%s: the CSL locale's %s %q is spaced: %v; French spacing: %v", l.Tag, c.term, theirs, spaced, l.FrenchSpacing)
			}
			if want, ok := cslDifferences[short+" "+c.term]; ok {
				if c.ours != want {
					t.Errorf("%s: %s is %q, listed as the deliberate difference %q", l.Tag, c.term, c.ours, want)
				}
				if theirs == want {
					t.Errorf("%s: %s %q now agrees with the CSL locale: drop it from cslDifferences", l.Tag, c.term, want)
				}
				continue
			}
			if c.ours != theirs {
				t.Errorf("%s: %s is %q; the CSL locale %s, which citations use, has %q", l.Tag, c.term, c.ours, tag, theirs)
			}
		}
	}
}
