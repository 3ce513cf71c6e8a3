// Package project finds and reads a manuscript: the Markdown file, its front
// matter (with source positions), and the files it references (images,
// bibliographies, data), refusing anything outside the manuscript folder.
package project

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // register decoders for checking images
	_ "image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

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
	Dir      string // the manuscript folder; every referenced file must lie inside it
	File     string // the (first) Markdown file, as given or found (used in diagnostics)
	Name     string // base name for outputs: "paper" for paper.md
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
		pl, err = discover(path, diags)
		if err != nil {
			if err != errListed {
				diags.Errorf(diag.Pos{File: path}, "put the manuscript in paper.md, or name the .md file to build", "%v", err)
			}
			return nil
		}
	}
	abs, _ := filepath.Abs(root)
	p := &Project{Dir: abs, File: pl.files[0], Name: pl.name}
	p.st = newMetaState(&p.Meta, diags)
	for _, mf := range pl.metadata {
		src, err := readLimited(mf, maxFrontMatter)
		if err != nil {
			diags.Errorf(diag.Pos{File: mf}, "check that the metadata file can be read", "%v", err)
			return nil
		}
		yml, lineOff := src, 0
		if y, _, _, ok, closed := splitFrontMatter(src); ok && closed {
			yml, lineOff = y, 1
		}
		p.st.read(mf, yml, lineOff, diags)
	}
	var body bytes.Buffer
	total := 0
	lines := 0
	for i, file := range pl.files {
		src, err := readLimited(file, MaxSource-int64(total))
		if err != nil {
			diags.Errorf(diag.Pos{File: file}, "split the manuscript, or check that this is the right file", "%v", err)
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
		body.Write(part.body)
		lines += bytes.Count(part.body, []byte("\n"))
	}
	p.Body, p.BodyLine = body.Bytes(), p.Parts[0].FileLine
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
	return p
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
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, n := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			off += n
		}
		diags.Warnf(diag.NewLineIndex(file, src, 0).Pos(off), "save the file as UTF-8",
			"the file is not valid UTF-8 (byte %#x here); invalid bytes are replaced", src[off])
	}
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

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func readLimited(file string, max int64) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", file, unwrapPathErr(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a file", file)
	}
	if fi.Size() > max {
		return nil, fmt.Errorf("%s is %.1f MB; the limit is %d MB", file, float64(fi.Size())/(1<<20), max>>20)
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(f); err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", file, err)
	}
	return buf.Bytes(), nil
}

// looksLikeText rejects binary files and UTF-16 text: in the first 64 KB,
// more than a few control characters (NUL and the like), or more than a
// quarter of them, or more than 5% invalid UTF-8. A stray NUL in text is
// allowed: CommonMark replaces it with U+FFFD.
func looksLikeText(b []byte) bool {
	head := b
	if len(head) > 1<<16 {
		head = head[:1<<16]
	}
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b {
			ctl++
		}
	}
	if ctl > 8 || ctl*4 > len(head) {
		return false
	}
	bad := 0
	for rest := head; len(rest) > 0; {
		r, n := utf8.DecodeRune(rest)
		if r == utf8.RuneError && n == 1 && len(rest) > 3 {
			bad++
		}
		rest = rest[n:]
	}
	return bad*20 < len(head)+1
}

// Resolve turns a path written in the manuscript into a file path inside
// the manuscript folder. URLs and paths leaving the folder are refused.
func (p *Project) Resolve(rel string) (string, error) {
	if strings.Contains(rel, "://") || strings.HasPrefix(rel, "//") || strings.HasPrefix(rel, "data:") {
		return "", fmt.Errorf("%q is a URL; Quire never fetches files from the network: download it into the manuscript folder", rel)
	}
	if filepath.IsAbs(rel) {
		return "", fmt.Errorf("%q is an absolute path; give a path relative to the manuscript folder", rel)
	}
	full := filepath.Join(p.Dir, filepath.FromSlash(rel))
	r, err := filepath.Rel(p.Dir, full)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%q leaves the manuscript folder; keep referenced files inside %s", rel, p.Dir)
	}
	if real, err := filepath.EvalSymlinks(full); err == nil {
		if dir, err2 := filepath.EvalSymlinks(p.Dir); err2 == nil {
			if r, err := filepath.Rel(dir, real); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
				return "", fmt.Errorf("%q links outside the manuscript folder", rel)
			}
		}
	}
	return full, nil
}

// Image limits: a larger image is refused before it is decoded.
const (
	MaxImageBytes  = 50 << 20
	MaxImagePixels = 50_000_000
	MaxImageSide   = 20_000
)

// LoadImage reads and checks a PNG or JPEG referenced as rel. The header is
// checked before decoding, so an image declaring absurd dimensions costs
// nothing; the whole image is then decoded once to catch corrupt data.
func (p *Project) LoadImage(rel string) (*doc.Image, error) {
	full, err := p.Resolve(rel)
	if err != nil {
		return nil, err
	}
	data, err := readLimited(full, MaxImageBytes)
	if err != nil {
		return nil, err
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
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("image %s is corrupt: %v", rel, err)
	}
	return &doc.Image{Path: rel, Data: data, Format: format, Width: cfg.Width, Height: cfg.Height}, nil
}
