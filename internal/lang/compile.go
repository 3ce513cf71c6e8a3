package lang

import (
	"fmt"
	"os"
	"path/filepath"

	"quire/internal/hyph"
)

// PatternFile is the file name of l's patterns in assets/hyphen.
func (l *Language) PatternFile() string {
	if l.Patterns == "en-US" {
		return "hyph_en_US.dic" // Debian's name, kept since the file is unmodified
	}
	return l.Patterns + ".dic"
}

// CompilePatterns compiles l's pattern file, found in dir, with l's
// exceptions into the binary form of assets/hyphen/trie (used by the
// generator and by the test that keeps the compiled files fresh).
func CompilePatterns(l *Language, dir string) ([]byte, error) {
	src, err := os.ReadFile(filepath.Join(dir, l.PatternFile()))
	if err != nil {
		return nil, err
	}
	h, err := hyph.New(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", l.PatternFile(), err)
	}
	for _, e := range l.Exceptions {
		if err := h.AddException(e); err != nil {
			return nil, fmt.Errorf("%s: exception %q: %v", l.Tag, e, err)
		}
	}
	return h.MarshalBinary()
}
