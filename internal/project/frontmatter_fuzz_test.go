package project

import (
	"bytes"
	"strings"
	"testing"

	"quire/internal/diag"
	"quire/internal/doc"
)

// FuzzFrontMatter splits and decodes fuzzed front matter. It must not
// panic, and every diagnostic must name a line inside the file.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: A\n---\nbody\n",
		"---\ntitle: [unclosed\n---\n",
		"---\nkeywords: 42\nauthors:\n  - name: A\n    affiliation: B\n  - C\nfontsize: 11pt\npapersize: letter\n---\n",
		"---\nabstract: |\n  Text\n  more\nbibliography: [a.bib, b.json]\nnocite: \"@*\"\nibid: maybe\n---\n",
		"---\na: &a [x, x]\nb: [*a, *a]\ntitle: *a\n---\n",
		"---\n- a\n- b\n---\n",
		"---\njournal: {abstract-words: -1, keywords: x}\nprofiles: {handout: {imposition: 2up}}\n---\n",
		"\ufeff---\r\ntitle: CRLF\r\n...\r\n",
		"---\n\ttab: indented\n---\n",
		"---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		yml, body, bodyLine, has, closed := splitFrontMatter(src)
		lines := bytes.Count(src, []byte("\n")) + 1
		if bodyLine < 0 || bodyLine > lines {
			t.Fatalf("body starts at line %d of %d", bodyLine, lines)
		}
		if len(body) > len(src) || !has || !closed {
			return
		}
		var meta doc.Meta
		var diags diag.List
		abstract, line := parseFrontMatter("paper.md", yml, &meta, &diags)
		if abstract != "" && (line < 1 || line > lines) {
			t.Errorf("abstract at line %d of %d", line, lines)
		}
		for _, d := range diags.Items() {
			if d.Pos.File != "paper.md" || d.Pos.Line < 1 || d.Pos.Line > lines {
				t.Errorf("diagnostic outside the file's %d lines: %s", lines, d)
			}
			if strings.TrimSpace(d.Msg) == "" {
				t.Errorf("diagnostic without a message at %s", d.Pos)
			}
		}
	})
}
