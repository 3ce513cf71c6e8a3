package cite

import (
	"sync"

	"quire/internal/contentkey"
	"quire/internal/csl"
	"quire/internal/diag"
	"quire/internal/doc"
)

// Results keeps the last result of citation processing for the next build
// of the same manuscript (quire watch): when the style, the language, the
// entries cited and every citation (keys, locators, affixes, the notes
// they are in) are what they were, the formatted citations and
// bibliography are taken from it instead of being formatted again. The
// key is the content itself (package contentkey), so a build through
// Results formats what a build without it formats. It holds one result:
// what the last build did not use is gone.
type Results struct {
	mu   sync.Mutex
	key  string
	st   *csl.Style // the style of key: parsed once, never changed
	res  *csl.Result
	hits int
}

// NewResults returns an empty cache.
func NewResults() *Results { return &Results{} }

// Hits returns how many times processing was skipped.
func (r *Results) Hits() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hits
}

// ProcessWith is Process, taking the formatted citations from r when they
// are there (r may be nil).
func ProcessWith(d *doc.Document, lib *Library, diags *diag.List, r *Results) {
	process(d, lib, diags, r)
}

// run returns p.Process(cits), from r when an earlier call had the same
// style st, language tag, entries and citations. The result is read, not
// changed, by the caller.
func (r *Results) run(p *csl.Processor, st *csl.Style, tag string, items []*csl.Item, cits []csl.Citation) *csl.Result {
	if r == nil {
		return p.Process(cits)
	}
	w := &contentkey.Writer{}
	w.String(tag)
	w.Any(p.NoIbid)
	w.Any(p.DisambiguateUncited)
	w.Any(items)
	w.Any(cits)
	key, ok := w.Key()
	r.mu.Lock()
	if ok && r.res != nil && r.key == key && r.st == st {
		r.hits++
		res := r.res
		r.mu.Unlock()
		return res
	}
	r.mu.Unlock()
	res := p.Process(cits)
	if ok {
		r.mu.Lock()
		r.key, r.st, r.res = key, st, res
		r.mu.Unlock()
	}
	return res
}
