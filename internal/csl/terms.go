package csl

import (
	"strconv"
	"strings"
)

// specTerms are the terms CSL 1.0.2 defines (and the en-US locale), with
// the number variables a label names: a term a style names that is none of
// these and no locale defines is unknown, a typo or a term of another
// version.
var specTerms = map[string]bool{
	"accessed": true, "act": true, "ad": true, "advance-online-publication": true, "album": true,
	"and": true, "and others": true, "anonymous": true, "appendix": true, "article": true,
	"article-journal": true, "article-locator": true, "article-magazine": true,
	"article-newspaper": true, "at": true, "audio-recording": true, "author": true,
	"available at": true, "bc": true, "bce": true, "bill": true, "book": true, "broadcast": true,
	"by": true, "canon": true, "ce": true, "century": true, "chair": true, "chapter": true,
	"chapter-number": true, "circa": true, "citation-number": true, "cited": true, "classic": true,
	"close-inner-quote": true, "close-quote": true, "collection": true, "collection-editor": true,
	"collection-number": true, "colon": true, "column": true, "comma": true, "compiler": true,
	"composer": true, "container-author": true, "contributor": true, "curator": true, "dataset": true,
	"director": true, "document": true, "edition": true, "editor": true, "editor-translator": true,
	"editorial-director": true, "editortranslator": true, "elocation": true, "entry": true,
	"entry-dictionary": true, "entry-encyclopedia": true, "equation": true, "et-al": true,
	"event": true, "executive-producer": true, "figure": true, "film": true,
	"first-reference-note-number": true, "folio": true, "forthcoming": true, "from": true,
	"graphic": true, "guest": true, "hearing": true, "henceforth": true, "host": true, "ibid": true,
	"illustrator": true, "in": true, "in press": true, "internet": true, "interview": true,
	"interviewer": true, "issue": true, "legal_case": true, "legislation": true, "letter": true,
	"line": true, "loc-cit": true, "locator": true, "manuscript": true, "map": true,
	"motion_picture": true, "musical_score": true, "narrator": true, "no date": true,
	"no-place": true, "no-publisher": true, "note": true, "number": true, "number-of-pages": true,
	"number-of-volumes": true, "on": true, "online": true, "op-cit": true, "open-inner-quote": true,
	"open-quote": true, "opus": true, "ordinal": true, "organizer": true, "original-author": true,
	"original-work-published": true, "page": true, "page-range-delimiter": true, "pamphlet": true,
	"paper-conference": true, "paragraph": true, "part": true, "part-number": true, "patent": true,
	"performance": true, "performer": true, "periodical": true, "personal-communication": true,
	"personal_communication": true, "podcast": true, "podcast-episode": true, "post": true,
	"post-weblog": true, "preprint": true, "presented at": true, "printing-number": true,
	"producer": true, "radio-broadcast": true, "radio-series": true, "radio-series-episode": true,
	"recipient": true, "reference": true, "regulation": true, "report": true, "retrieved": true,
	"review": true, "review-book": true, "review-of": true, "reviewed-author": true, "rule": true,
	"scale": true, "scene": true, "script-writer": true, "section": true, "semicolon": true,
	"series-creator": true, "software": true, "song": true, "special-issue": true,
	"special-section": true, "speech": true, "standard": true, "sub-verbo": true,
	"supplement-number": true, "table": true, "television-broadcast": true, "television-series": true,
	"television-series-episode": true, "thesis": true, "timestamp": true, "title-locator": true,
	"translator": true, "treaty": true, "verse": true, "version": true, "video": true, "volume": true,
	"webpage": true, "working-paper": true,
}

// knownTerm reports whether name is a CSL term (ordinals and months by
// pattern).
func knownTerm(name string) bool {
	if specTerms[name] {
		return true
	}
	for _, p := range []string{"ordinal-", "long-ordinal-", "month-", "season-"} {
		if n, ok := strings.CutPrefix(name, p); ok {
			if _, err := strconv.Atoi(n); err == nil && len(n) == 2 {
				return true
			}
		}
	}
	return false
}
