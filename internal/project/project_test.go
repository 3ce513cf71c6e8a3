package project

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quire/internal/diag"
)

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func diagText(l *diag.List) string {
	var b bytes.Buffer
	l.Print(&b)
	return b.String()
}

func TestFrontMatter(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "paper.md", `---
title: "A Title: With Colon"
subtitle: Sub
short-title: Short
authors:
  - name: Ann Author
    affiliation: Uni
    email: ann@example.org
    orcid: 0000-0002-1825-0097
  - Bob Writer
date: 2026-11-27
abstract: |
  First line of the abstract.
keywords: [alpha, beta]
lang: de-CH
papersize: letter
fontsize: 11pt
bibliography: refs.bib
citation-style: chicago-author-date
nocite: "@*"
ibid: true
---

# Body
`)
	var diags diag.List
	p := Load(dir, &diags)
	if p == nil || diags.HasErrors() {
		t.Fatalf("load failed:\n%s", diagText(&diags))
	}
	m := p.Meta
	if m.Title != "A Title: With Colon" || m.Subtitle != "Sub" || m.ShortTitle != "Short" {
		t.Errorf("titles: %+v", m)
	}
	if len(m.Authors) != 2 || len(m.Authors[0].Affiliations) != 1 || m.Affiliations[0].Name != "Uni" || m.Authors[0].ORCID != "0000-0002-1825-0097" || m.Authors[1].Name != "Bob Writer" {
		t.Errorf("authors: %+v", m.Authors)
	}
	if strings.Join(m.Keywords, "|") != "alpha|beta" || m.Lang != "de-CH" || m.PaperSize != "letter" || m.FontSize != 11 {
		t.Errorf("settings: %+v", m)
	}
	if m.CitationStyle != "chicago-author-date" || !m.Ibid || len(m.NoCite) != 1 || m.NoCite[0] != "*" || m.Bibliography[0] != "refs.bib" {
		t.Errorf("citation settings: %+v", m)
	}
	if p.Abstract != "First line of the abstract.\n" || p.AbstractLine != 13 {
		t.Errorf("abstract %q at line %d, want line 13", p.Abstract, p.AbstractLine)
	}
	if p.BodyLine != 22 || !strings.HasPrefix(string(p.Body), "\n# Body") {
		t.Errorf("body starts after line %d: %q", p.BodyLine, p.Body[:10])
	}
	if p.Meta.Pos["keywords"].Line != 14 {
		t.Errorf("keywords recorded at line %d, want 14", p.Meta.Pos["keywords"].Line)
	}
}

func TestFrontMatterErrors(t *testing.T) {
	cases := []struct {
		name, src, want string
		fatal           bool
	}{
		{"unknown key", "---\ntitle: T\ncolour: red\n---\n", "paper.md:3:1: warning: front-matter keys Quire does not use are ignored (not known to Quire: colour)", false},
		{"keywords number", "---\ntitle: T\nkeywords: 42\n---\n", "paper.md:3:11: error: keywords must be a list of text items, not a number", false},
		{"title list", "---\ntitle: [a, b]\n---\n", "paper.md:2:8: error: title must be text, not a list", false},
		{"bad yaml", "---\ntitle: T\n  bad: indent\n---\n", "paper.md:3: error: invalid YAML in front matter: mapping values are not allowed", false},
		{"unclosed", "---\ntitle: T\n\nbody\n", "paper.md:1: error: front matter opened with --- is never closed", true},
		{"papersize", "---\npapersize: a3\n---\n", "paper.md:2:12: error: unknown papersize \"a3\"", false},
		{"author no name", "---\nauthors:\n  - affiliation: X\n---\n", "paper.md:3:5: error: author without a name", false},
		{"not a mapping", "---\n- a\n- b\n---\n", "front matter must be a mapping", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "paper.md", c.src+"\nText.\n")
			var diags diag.List
			p := Load(dir, &diags)
			if (p == nil) != c.fatal {
				t.Errorf("Load returned %v", p)
			}
			if got := diagText(&diags); !strings.Contains(got, c.want) {
				t.Errorf("diagnostics:\n%s\nwant %q", got, c.want)
			}
		})
	}
}

func TestPlainMarkdownAndBinary(t *testing.T) {
	dir := t.TempDir()
	f := write(t, dir, "notes.md", "# Just Markdown\n\nText.\n")
	var diags diag.List
	p := Load(f, &diags)
	if p == nil || p.Name != "notes" || p.BodyLine != 0 || p.Meta.Lang != "en-US" {
		t.Fatalf("plain file: %+v %s", p, diagText(&diags))
	}
	bin := write(t, dir, "x.md", "\x00\x01\x02PNG\x00")
	diags = diag.List{}
	if Load(bin, &diags) != nil || !strings.Contains(diagText(&diags), "not a text file") {
		t.Fatalf("binary file accepted: %s", diagText(&diags))
	}
	diags = diag.List{}
	if Load(filepath.Join(dir, "missing.md"), &diags) != nil {
		t.Fatal("missing file accepted")
	}
}

// hugePNG returns a PNG header declaring w×h pixels with no real data.
func hugePNG(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2
	binary.Write(&b, binary.BigEndian, uint32(13))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestLoadImage(t *testing.T) {
	dir := t.TempDir()
	p := &Project{Dir: dir, Folder: openFolder(t, dir)}
	var good bytes.Buffer
	png.Encode(&good, image.NewGray(image.Rect(0, 0, 4, 3)))
	write(t, dir, "ok.png", good.String())
	im, err := p.LoadImage("ok.png")
	if err != nil || im.Width != 4 || im.Height != 3 || im.Format != "png" {
		t.Fatalf("good PNG: %+v %v", im, err)
	}
	write(t, dir, "huge.png", string(hugePNG(100000, 100000)))
	if _, err := p.LoadImage("huge.png"); err == nil || !strings.Contains(err.Error(), "100000×100000") {
		t.Errorf("huge PNG: %v", err)
	}
	corrupt := good.Bytes()[:len(good.Bytes())-20]
	write(t, dir, "bad.png", string(corrupt))
	if _, err := p.LoadImage("bad.png"); err == nil {
		t.Error("corrupt PNG accepted")
	}
	if _, err := p.LoadImage("missing.png"); err == nil {
		t.Error("missing image accepted")
	}
}
