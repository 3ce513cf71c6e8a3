package project

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"quire/internal/diag"
)

// plan is what a folder build reads: the Markdown files in order, and the
// metadata files read before their front matter.
type plan struct {
	files    []string // Markdown files, in reading order
	metadata []string // YAML metadata files (metadata.yaml, _quarto.yml), in order
	name     string   // base name for outputs
}

// mainNames are the file names a folder build looks for first, in order.
var mainNames = []string{"paper.md", "paper.qmd", "index.md", "index.qmd", "main.md", "main.qmd", "manuscript.md", "manuscript.qmd"}

// chapterDirs are the conventional folders of a manuscript in several
// files: Manubot's content/, the pandoc thesis template's source/.
var chapterDirs = []string{"content", "source", "src", "chapters"}

// isMarkdown reports whether name is a Markdown source (.md, .qmd,
// .markdown), README excluded.
func isMarkdown(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	if ext != ".md" && ext != ".qmd" && ext != ".markdown" {
		return false
	}
	return !strings.EqualFold(strings.TrimSuffix(name, filepath.Ext(name)), "README")
}

// chapterNumber returns the leading number of a chapter file's name
// ("02.intro.md", "10_chapter_2.md", "3-methods.qmd").
func chapterNumber(name string) (int, bool) {
	i := 0
	for i < len(name) && name[i] >= '0' && name[i] <= '9' {
		i++
	}
	if i == 0 || i > 6 || i >= len(name) || !strings.ContainsRune("._- ", rune(name[i])) {
		return 0, false
	}
	n, err := strconv.Atoi(name[:i])
	return n, err == nil
}

// discover decides which files a folder build reads:
//
//  1. a Quarto project (_quarto.yml): the book's chapters, the
//     manuscript's article, or the files of project.render; the file's
//     metadata is read first;
//  2. paper.md, paper.qmd, index.md, index.qmd, main.md/.qmd, manuscript.md/.qmd;
//  3. numbered files (Manubot's 01.abstract.md, a thesis's 09_chapter_1.md)
//     in the order of their numbers, with metadata.yaml (or .yml) beside them;
//  4. the folder's only .md or .qmd file;
//  5. the same, in content/, source/, src/ or chapters/.
func discover(f *Folder, dir string, diags *diag.List) (*plan, error) {
	if q := quartoFile(f, dir); q != "" {
		p, err := quartoPlan(f, dir, q, diags)
		if p != nil || err != nil {
			return p, err
		}
	}
	p, err := folderPlan(f, dir, dir)
	if p != nil || err != nil {
		return p, err
	}
	for _, sub := range chapterDirs {
		d := filepath.Join(dir, sub)
		if !f.isDir(f.rel(d)) {
			continue
		}
		p, err := folderPlan(f, d, dir)
		if p != nil || err != nil {
			return p, err
		}
	}
	return nil, fmt.Errorf("no Markdown file (paper.md) in %s", dir)
}

// folderPlan applies rules 2-4 to the folder d of manuscript root.
func folderPlan(f *Folder, d, root string) (*plan, error) {
	base := filepath.Base(filepath.Clean(root))
	for _, n := range mainNames {
		p := filepath.Join(d, n)
		if f.isFile(f.rel(p)) {
			return &plan{files: []string{p}, name: strings.TrimSuffix(n, filepath.Ext(n)), metadata: metadataBeside(f, d)}, nil
		}
	}
	ents, err := f.readDir(f.rel(d))
	if err != nil {
		return nil, fmt.Errorf("cannot read folder %s: %v", d, unwrapPathErr(err))
	}
	var mds, numbered, plain []string
	for _, e := range ents {
		if e.IsDir() || !isMarkdown(e.Name()) {
			continue
		}
		mds = append(mds, e.Name())
		if _, ok := chapterNumber(e.Name()); ok {
			numbered = append(numbered, e.Name())
		} else {
			plain = append(plain, e.Name())
		}
	}
	switch {
	case len(mds) == 0:
		return nil, nil
	case len(numbered) > 0 && len(plain) == 0:
		sort.SliceStable(numbered, func(i, j int) bool {
			a, _ := chapterNumber(numbered[i])
			b, _ := chapterNumber(numbered[j])
			if a != b {
				return a < b
			}
			return numbered[i] < numbered[j]
		})
		p := &plan{metadata: metadataBeside(f, d), name: base}
		for _, n := range numbered {
			p.files = append(p.files, filepath.Join(d, n))
		}
		if len(p.files) == 1 && len(p.metadata) == 0 {
			p.name = strings.TrimSuffix(numbered[0], filepath.Ext(numbered[0]))
		}
		return p, nil
	case len(mds) == 1:
		return &plan{files: []string{filepath.Join(d, mds[0])}, name: strings.TrimSuffix(mds[0], filepath.Ext(mds[0]))}, nil
	}
	sort.Strings(mds)
	return nil, fmt.Errorf("%s holds several Markdown files (%s) and no paper.md; number them (01-intro.md, 02-methods.md) to read them in order as one manuscript, or name the file to build", d, strings.Join(mds, ", "))
}

// metadataBeside returns the metadata file of a folder of chapters.
func metadataBeside(f *Folder, d string) []string {
	for _, n := range []string{"metadata.yaml", "metadata.yml"} {
		p := filepath.Join(d, n)
		if f.isFile(f.rel(p)) {
			return []string{p}
		}
	}
	return nil
}

func quartoFile(f *Folder, dir string) string {
	for _, n := range []string{"_quarto.yml", "_quarto.yaml"} {
		p := filepath.Join(dir, n)
		if f.isFile(f.rel(p)) {
			return p
		}
	}
	return ""
}

// quartoPlan reads the files a Quarto project lists: book.chapters (and
// appendices), manuscript.article, or project.render. It returns nil
// when the project lists none, so that the folder rules apply.
func quartoPlan(f *Folder, dir, q string, diags *diag.List) (*plan, error) {
	src, err := f.ReadFile(f.rel(q), Metadata)
	if err != nil {
		return nil, err
	}
	// No list: the folder's own rules, with the project's metadata (whose
	// reader reports a YAML error with its line).
	folder := func() (*plan, error) {
		fp, err := folderPlan(f, dir, dir)
		if fp == nil || err != nil {
			return fp, err
		}
		fp.metadata = append([]string{q}, fp.metadata...)
		return fp, nil
	}
	var root yaml.Node
	if yaml.Unmarshal(src, &root) != nil || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return folder()
	}
	get := func(m *yaml.Node, k string) *yaml.Node {
		if m == nil || m.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == k {
				return m.Content[i+1]
			}
		}
		return nil
	}
	top := root.Content[0]
	p := &plan{metadata: []string{q}, name: filepath.Base(filepath.Clean(dir))}
	bad := false
	add := func(n *yaml.Node) {
		if n.Kind != yaml.ScalarNode || n.Value == "" {
			return
		}
		file := filepath.Join(dir, filepath.FromSlash(n.Value))
		if !f.isFile(f.rel(file)) {
			diags.Errorf(diag.Pos{File: q, Line: n.Line, Col: n.Column}, "check the path: it is relative to the folder of _quarto.yml",
				"%s lists %s, which is not there", filepath.Base(q), n.Value)
			bad = true
			return
		}
		if !isMarkdown(file) {
			diags.Warnf(diag.Pos{File: q, Line: n.Line, Col: n.Column}, "convert notebooks to .qmd or .md to build them with Quire",
				"%s: only Markdown (.md, .qmd) is read; %s is left out", filepath.Base(q), n.Value)
			return
		}
		p.files = append(p.files, file)
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n == nil {
			return
		}
		switch n.Kind {
		case yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c)
			}
		case yaml.ScalarNode:
			add(n)
		case yaml.MappingNode: // {part: title, chapters: [...]}
			walk(get(n, "chapters"))
		}
	}
	if book := get(top, "book"); book != nil {
		walk(get(book, "chapters"))
		walk(get(book, "appendices"))
	}
	if len(p.files) == 0 {
		if a := get(get(top, "manuscript"), "article"); a != nil {
			add(a)
			if len(p.files) == 1 {
				p.name = strings.TrimSuffix(filepath.Base(p.files[0]), filepath.Ext(p.files[0]))
			}
		}
	}
	if len(p.files) == 0 {
		walk(get(get(top, "project"), "render"))
	}
	if bad {
		return nil, errListed
	}
	if len(p.files) == 0 {
		return folder()
	}
	return p, nil
}

// errListed reports a project file listing a missing file (already
// diagnosed).
var errListed = fmt.Errorf("the project lists files that are not there")
