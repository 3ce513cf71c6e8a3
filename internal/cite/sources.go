package cite

import (
	"bytes"
	"sync"

	"quire/internal/diag"
)

// Sources keeps what Load made of each bibliography file for the next
// build of the same manuscript (quire watch): a file whose bytes are what
// they were, read in the same draft mode, gives the same entries and the
// same diagnostics, replayed in their order, without being parsed again.
// The key is the file's name, its bytes and the mode, so a build through
// Sources reads what a build without it reads. Entries are never changed
// once made: citation processing only reads them (TestSourcesReplay;
// TestCacheRebuildIsCleanBuild in package build formats them through many
// builds). It keeps only the files the last build read.
type Sources struct {
	mu         sync.Mutex
	last, this map[string]*parsed
	hits       int
}

// parsed is what Load made of one file's bytes.
type parsed struct {
	src     []byte
	draft   bool
	diags   []diag.Diagnostic
	skip    bool // the file's content is another format than its name says
	entries []*Entry
}

// NewSources returns an empty cache.
func NewSources() *Sources { return &Sources{} }

// Hits returns how many files were taken from the cache.
func (s *Sources) Hits() int {
	if s == nil {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits
}

// begin starts a build.
func (s *Sources) begin() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last, s.this = s.this, map[string]*parsed{}
}

// get returns what an earlier build made of file p's bytes src.
func (s *Sources) get(p string, src []byte, draft bool) *parsed {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range []map[string]*parsed{s.this, s.last} {
		if e := m[p]; e != nil && e.draft == draft && bytes.Equal(e.src, src) {
			s.this[p] = e
			s.hits++
			return e
		}
	}
	return nil
}

// put keeps what this build made of file p.
func (s *Sources) put(p string, e *parsed) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.this[p] = e
}
