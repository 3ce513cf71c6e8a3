// Package project finds and reads a manuscript: the Markdown file, its front
// matter (with source positions), and the files it references (images,
// bibliographies, data). Every file of a manuscript is read through one
// type, Folder, which refuses anything outside the manuscript folder,
// anything but a regular file, and anything over its size limit; other
// packages take a *Folder rather than a path.
package project

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // register decoders for checking images
	_ "image/png"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"quire/internal/diag"
	"quire/internal/doc"
)

// MaxSource bounds the Markdown file's size. Typesetting needs about
// 150 bytes of memory per byte of text (a 10 MB paragraph peaks at 1.3 GB),
// so the limit keeps a build within about 2.5 GB; a book is rarely above
// 2 MB.
const MaxSource = 16 << 20

// Project is a loaded manuscript before conversion.
type Project struct {
	Dir      string  // the manuscript folder (absolute); every referenced file must lie inside it
	Folder   *Folder // reads every input: see Folder
	File     string  // the (first) Markdown file, as given or found (used in diagnostics)
	Name     string  // base name for outputs: "paper" for paper.md
	Meta     doc.Meta
	Body     []byte // Markdown after the front matter: every part's, in order
	BodyLine int    // lines above Body in File
	// Parts are the files Body is made of, in order; one for a manuscript
	// in one file.
	Parts []Part

	Abstract     string // Markdown of the abstract
	AbstractLine int
	AbstractPos  diag.Pos // where the abstract's text starts (file and line)

	st *metaState

	imgMu  sync.Mutex
	images map[string]cachedImage // by cleaned path
}

// Part is one file of a manuscript: its body starts at line Line (0-based)
// of Project.Body, and FileLine lines (its front matter) stand above it in
// File.
type Part struct {
	File     string
	Line     int
	FileLine int
}

// Load reads the manuscript at path: a folder or a Markdown file. A folder
// holds paper.md (or .qmd), index.md, main.md, the only Markdown file, a
// Quarto project, or numbered chapter files read in order (see discover).
// Problems go to diags; Load returns nil when the manuscript cannot be
// read at all.
func Load(path string, diags *diag.List) *Project {
	fi, err := os.Stat(path)
	if err != nil {
		diags.Errorf(diag.Pos{File: path}, "give a manuscript folder or a .md file", "cannot read manuscript: %v", unwrapPathErr(err))
		return nil
	}
	pl := &plan{files: []string{path}, name: strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))}
	root := filepath.Dir(path)
	if fi.IsDir() {
		root = path
	}
	folder, err := OpenFolder(root)
	if err != nil {
		diags.Errorf(diag.Pos{File: path}, "give a manuscript folder or a .md file", "cannot read manuscript folder: %v", unwrapPathErr(err))
		return nil
	}
	folder.display = root
	ok := false
	defer func() {
		if !ok {
			folder.Close()
		}
	}()
	if fi.IsDir() {
		pl, err = discover(folder, path, diags)
		if err != nil {
			if err != errListed {
				diags.Errorf(diag.Pos{File: path}, "put the manuscript in paper.md, or name the .md file to build", "%v", err)
			}
			return nil
		}
	}
	p := &Project{Dir: folder.Dir, Folder: folder, File: pl.files[0], Name: pl.name}
	p.st = newMetaState(&p.Meta, diags)
	for _, mf := range pl.metadata {
		src, err := folder.ReadFile(folder.rel(mf), Metadata)
		if err != nil {
			diags.Errorf(diag.Pos{File: mf}, hintOf(err, "check that the metadata file can be read"), "%v", err)
			return nil
		}
		yml, lineOff := src, 0
		if y, _, _, ok, closed := splitFrontMatter(src); ok && closed {
			yml, lineOff = y, 1
		}
		p.st.read(mf, yml, lineOff, diags)
	}
	var body bytes.Buffer
	var single []byte
	total := 0
	lines := 0
	for i, file := range pl.files {
		k := Markdown
		k.Max -= int64(total)
		src, err := folder.ReadFile(folder.rel(file), k)
		if err != nil {
			pos := diag.Pos{File: file}
			if errors.Is(err, errBinary) {
				pos.Line = 1
			}
			diags.Errorf(pos, hintOf(err, "split the manuscript, or check that this is the right file"), "%v", err)
			return nil
		}
		total += len(src)
		part, ok := p.readPart(file, src, diags)
		if !ok {
			return nil
		}
		if i > 0 && body.Len() > 0 {
			// A blank line between files, as pandoc reads them.
			if !bytes.HasSuffix(body.Bytes(), []byte("\n")) {
				body.WriteByte('\n')
				lines++
			}
			body.WriteByte('\n')
			lines++
		}
		p.Parts = append(p.Parts, Part{File: file, Line: lines, FileLine: part.line})
		if len(pl.files) == 1 && len(part.body) > 0 {
			// One file: its body as read, not a copy of it.
			single = part.body[:len(part.body):len(part.body)]
			continue
		}
		body.Write(part.body)
		lines += bytes.Count(part.body, []byte("\n"))
	}
	p.Body, p.BodyLine = body.Bytes(), p.Parts[0].FileLine
	if single != nil {
		p.Body = single
	}
	if len(pl.files) == 1 {
		p.Body = p.Body[:len(p.Body):len(p.Body)]
	}
	p.st.finish(pl.files)
	p.Abstract, p.AbstractLine, p.AbstractPos = p.st.abstract.Text, p.st.abstract.Pos.Line, p.st.abstract.Pos
	if len(bytes.TrimSpace(p.Body)) == 0 && p.Meta.Title == "" && strings.TrimSpace(p.Abstract) == "" {
		// An empty file is more often an accident (a truncated save) than
		// a manuscript; refusing it keeps the last good PDF.
		diags.Errorf(diag.Pos{File: p.File, Line: 1}, "write the manuscript in Markdown below the front matter, or give a title:", "the manuscript is empty; there is nothing to typeset")
		return nil
	}
	if p.Meta.Lang == "" {
		p.Meta.Lang = "en-US"
	}
	if p.Meta.CitationStyle == "" {
		p.Meta.CitationStyle = "chicago-notes"
	}
	if p.Meta.ShortTitle == "" {
		p.Meta.ShortTitle = p.Meta.Title
	}
	ok = true
	return p
}

// Close releases the manuscript folder.
func (p *Project) Close() error {
	if p == nil {
		return nil
	}
	return p.Folder.Close()
}

// hintOf returns the hint an error carries, or def.
func hintOf(err error, def string) string {
	var h interface{ HintText() string }
	if errors.As(err, &h) && h.HintText() != "" {
		return h.HintText()
	}
	return def
}

// part is one file's body after its front matter.
type part struct {
	body []byte
	line int // lines above the body
}

// readPart checks one Markdown file and reads its front matter.
func (p *Project) readPart(file string, src []byte, diags *diag.List) (part, bool) {
	if !looksLikeText(src) {
		diags.Errorf(diag.Pos{File: file, Line: 1}, "give a Markdown text file (UTF-8)", "%s is not a text file (it contains binary data)", file)
		return part{}, false
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		diags.Warnf(diag.NewLineIndex(file, src, 0).Pos(i), "remove the NUL bytes (U+0000) from the file",
			"the file holds NUL bytes; they are replaced with U+FFFD")
	}
	WarnUTF8(file, src, diags)
	yml, body, bodyLine, has, closed := splitFrontMatter(src)
	if has && !closed {
		diags.Errorf(diag.Pos{File: file, Line: 1}, "end the front matter with a line holding only ---", "front matter opened with --- is never closed")
		return part{}, false
	}
	if has {
		p.st.read(file, yml, 1, diags)
	}
	return part{body: body, line: bodyLine}, true
}

// ConvertMarkup converts the front matter's Markdown (title, subtitle,
// author names, title notes) with conv, which returns the blocks of text
// that starts at pos, and stores it in Meta: the inlines for the title
// block, the plain text for the PDF's metadata and the running head. The
// abstract is left to the caller (Abstract, AbstractLine).
func (p *Project) ConvertMarkup(conv func(text string, pos diag.Pos) []doc.Block) {
	m, st := &p.Meta, p.st
	if st == nil {
		return
	}
	inlines := func(mu markup) []doc.Inline {
		return firstInlines(conv(mu.Text, mu.Pos))
	}
	short := m.ShortTitle == m.Title
	if !st.title.empty() {
		m.TitleInlines = inlines(st.title)
		m.Title = strings.TrimSpace(doc.PlainText(m.TitleInlines))
		if short {
			m.ShortTitle = m.Title
		}
	}
	if st.thanksNote != nil {
		m.TitleInlines = append(m.TitleInlines, doc.NoteRef{Note: st.thanksNote})
	}
	if !st.subtitle.empty() {
		m.SubtitleInlines = inlines(st.subtitle)
		m.Subtitle = strings.TrimSpace(doc.PlainText(m.SubtitleInlines))
	}
	for i, ra := range st.authors {
		if i < len(m.Authors) && strings.ContainsAny(ra.name.Text, "*_`[^\\<~&") {
			m.Authors[i].NameInlines = inlines(ra.name)
			m.Authors[i].Name = strings.TrimSpace(doc.PlainText(m.Authors[i].NameInlines))
		}
	}
	for _, tn := range st.pending {
		if tn.gen == nil {
			tn.note.Blocks = conv(tn.text.Text, tn.text.Pos)
		}
	}
	// Notes written inside the title or a name (^[...]) are title notes
	// too: marked, not numbered.
	mark := func(in []doc.Inline) {
		doc.EachInline(in, func(x doc.Inline) {
			if r, ok := x.(doc.NoteRef); ok && r.Note != nil && r.Note.Mark == "" {
				r.Note.Mark = noteMark(len(m.TitleNotes))
				r.Note.ID = "title-note-" + strconv.Itoa(len(m.TitleNotes)+1)
				m.TitleNotes = append(m.TitleNotes, r.Note)
			}
		})
	}
	mark(m.TitleInlines)
	mark(m.SubtitleInlines)
	for _, a := range m.Authors {
		mark(a.NameInlines)
	}
}

// firstInlines returns the inline content of bs: its paragraphs joined by
// spaces.
func firstInlines(bs []doc.Block) []doc.Inline {
	var out []doc.Inline
	for _, b := range bs {
		var in []doc.Inline
		switch b := b.(type) {
		case *doc.Paragraph:
			in = b.Content
		case *doc.Heading:
			in = b.Content
		default:
			continue
		}
		if len(out) > 0 {
			out = append(out, doc.Text{S: " "})
		}
		out = append(out, in...)
	}
	return out
}

// Image limits: a larger image is refused before it is decoded.
const (
	MaxImageBytes  = 50 << 20
	MaxImagePixels = 50_000_000
	MaxImageSide   = 20_000
)

// LoadImage reads and checks a PNG or JPEG referenced as rel. The header is
// checked before decoding, so an image declaring absurd dimensions costs
// nothing; the whole image is then decoded once to catch corrupt data. An
// image referenced again (by the same path) is read and decoded once.
func (p *Project) LoadImage(rel string) (*doc.Image, error) {
	key := path.Clean(strings.ReplaceAll(rel, "\\", "/"))
	p.imgMu.Lock()
	defer p.imgMu.Unlock()
	if c, ok := p.images[key]; ok {
		return c.img, c.err
	}
	img, err := p.loadImage(rel)
	if p.images == nil {
		p.images = map[string]cachedImage{}
	}
	p.images[key] = cachedImage{img, err}
	return img, err
}

type cachedImage struct {
	img *doc.Image
	err error
}

func (p *Project) loadImage(rel string) (*doc.Image, error) {
	kind := Image
	if ext := strings.ToLower(filepath.Ext(rel)); ext == ".svg" || ext == ".pdf" {
		kind = Figure
	}
	data, err := p.Folder.ReadFile(rel, kind)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if alt := p.Folder.otherCase(rel); alt != "" {
				return nil, fmt.Errorf("image %s is not there (names are case-sensitive); did you mean %s?", rel, alt)
			}
		}
		return nil, err
	}
	if isSVG(rel, data) {
		return loadSVG(rel, data)
	}
	if isPDF(rel, data) {
		return loadPDF(rel, data)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("image %s is not a readable PNG or JPEG: %v", rel, err)
	}
	if format != "png" && format != "jpeg" {
		return nil, fmt.Errorf("image %s is %s; use PNG or JPEG", rel, format)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxImageSide || cfg.Height > MaxImageSide || cfg.Width*cfg.Height > MaxImagePixels {
		return nil, fmt.Errorf("image %s declares %d×%d pixels; the limit is %d pixels a side and %d megapixels", rel, cfg.Width, cfg.Height, MaxImageSide, MaxImagePixels/1_000_000)
	}
	// A sound PNG (nearly all) is checked without decoding its pixels;
	// any other image is decoded, and its error is the one reported.
	if format != "png" || !pngSound(data) {
		if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
			return nil, fmt.Errorf("image %s is corrupt: %v", rel, err)
		}
	}
	return &doc.Image{Path: rel, Data: data, Format: format, Width: cfg.Width, Height: cfg.Height}, nil
}
