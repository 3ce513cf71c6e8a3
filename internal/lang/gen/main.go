// Command gen compiles the hyphenation patterns of every language in
// package lang's table into assets/hyphen/trie/<name>.trie, the form
// hyph.Load reads, and rewrites the README's section on languages from
// the same table. Run it with `go generate ./internal/lang` after changing
// a pattern file or an exception list; a test in package lang fails while a
// compiled file is stale.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"quire/internal/lang"
)

func main() {
	dir := filepath.Join("..", "..", "assets", "hyphen")
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	for _, l := range lang.All() {
		if l.Patterns == "" {
			continue
		}
		b, err := lang.CompilePatterns(l, dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out := filepath.Join(dir, "trie", l.Patterns+".trie")
		if err := os.WriteFile(out, b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("%s: %d bytes\n", out, len(b))
	}
	readme := filepath.Join(dir, "..", "..", "README.md")
	src, err := os.ReadFile(readme)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, ok := lang.UpdateREADME(string(src))
	if !ok {
		fmt.Fprintf(os.Stderr, "%s: no %q marker\n", readme, lang.ReadmeBegin)
		os.Exit(1)
	}
	if err := os.WriteFile(readme, []byte(out), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
