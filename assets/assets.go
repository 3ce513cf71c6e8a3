// Package assets holds data files that are compiled into the quire binary.
//
// Each file is embedded with //go:embed; FS exposes all of them as a
// read-only file system and the exported variables give direct access to the
// ones in everyday use.
package assets

import "embed"

// FS is a read-only file system holding every embedded asset, rooted at the
// assets directory (for example "hyphen/hyph_en_US.dic"). The pattern
// sources of other languages (hyphen/*.dic) are not embedded: builds read
// their compiled tries (hyphen/trie/*.trie, written by `go generate
// ./internal/lang`).
//
//go:embed hyphen/hyph_en_US.dic hyphen/LICENSE hyphen/README hyphen/trie/*.trie styles/*.yaml fonts/*.yaml fonts/noto
var FS embed.FS

// HyphenEnUS is the US-English hyphenation pattern file in libhyphen (.dic)
// format, derived from TeX's plain hyphen.tex patterns. Its licence is in
// hyphen/LICENSE. Callers must not modify it.
//
//go:embed hyphen/hyph_en_US.dic
var HyphenEnUS []byte
