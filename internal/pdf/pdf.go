// Package pdf writes a display list (package draw) as a PDF file. It uses
// fpdf only as a drawing surface: text is set at positions decided by
// layout, never flowed, and fonts are embedded as subsets.
//
// Output is deterministic: the same pages and Meta give the same bytes.
package pdf

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"quire/internal/doc"
	"quire/internal/draw"
	"quire/internal/shape"
)

// Meta is the document metadata written to the Info dictionary and, in the
// same words, to the XMP metadata stream.
type Meta struct {
	Title    string
	Authors  []string // joined with ", " in the Info dictionary
	Subject  string
	Keywords []string // joined with "; " in the Info dictionary
	Lang     string   // a BCP 47 language tag such as "en" or "de-CH"
	Creator  string   // "Quire" if empty
	Producer string   // "Quire" if empty
	// Date is the creation and modification date; the zero Date stands for
	// 2000-01-01 00:00:00 UTC so that output does not depend on the clock.
	Date time.Time
}

// Options control how the PDF is written.
type Options struct {
	// Compress deflates page content streams. It is true in
	// DefaultOptions; the zero Options writes them uncompressed, which is
	// handy for inspecting the output.
	Compress bool

	// TrimInset and BleedInset, when TrimInset is positive, give every
	// page a TrimBox and a BleedBox inset by that much from its MediaBox,
	// for a print shop (see boxes.go). No other page boxes are written.
	TrimInset, BleedInset float64

	// PDFA writes PDF/A: an sRGB output intent, PDF/A identification in
	// the XMP metadata, and images without transparency (see pdfa.go).
	PDFA bool
	// PDFALevel is the part and conformance level PDFA writes: "1b",
	// "2b", "2u" or "3b"; "" is "2b".
	PDFALevel string

	// Tagged writes a tagged PDF: marked content and a structure tree
	// from the items' structure nodes (see tagged.go). It is true in
	// DefaultOptions.
	Tagged bool
	// PDFUA declares PDF/UA-1 (ISO 14289-1) in the XMP metadata; it
	// needs Tagged.
	PDFUA bool

	// Outline, if set, is added to the outline after the bookmarks of the
	// pages, in its own order (see outline.go).
	Outline []OutlineEntry

	// Ctx, if set, stops Write with its error at the next page once it is
	// done (a build cancelled or out of time).
	Ctx context.Context

	// Release drops each page's display list (its Items) once the page is
	// written, so that memory does not hold every page of a long document
	// at once: for a caller that does not use the pages after Write.
	Release bool

	// Streams, if set, gives Write the deflated page streams an earlier
	// Write made of the same content, and keeps this one's (quire watch).
	Streams *StreamCache
	// Fonts, if set, keeps the fonts of this Write for the next and
	// serves this one those of the Write before (quire watch).
	Fonts *FontCache
	// Pages, if set, gives Write the pages an earlier Write drew the
	// same, and keeps this one's (quire watch; see PageCache).
	Pages *PageCache
}

// DefaultOptions returns the options Quire writes with.
func DefaultOptions() Options { return Options{Compress: true, Tagged: true} }

// DefaultDate is the date written when Meta.Date is zero.
var DefaultDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

var initOnce sync.Once

// Write renders pages to w as one PDF. Fonts are embedded as subsets of the
// faces the text actually uses; text a face cannot draw falls back to the
// face's fallback or to font.Replacement. Links to anchors that no page
// defines are dropped. Write never panics: failures inside fpdf are
// returned as errors.
func Write(w io.Writer, pages []*draw.Page, meta Meta, opt Options) error {
	data, err := Bytes(pages, meta, opt)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// Bytes is Write into a new slice: the file as it is made, not copied
// into a writer's buffer.
func Bytes(pages []*draw.Page, meta Meta, opt Options) (data []byte, err error) {
	initOnce.Do(func() { fpdf.SetDefaultCatalogSort(true) })
	defer func() {
		if r := recover(); r != nil {
			data, err = nil, fmt.Errorf("pdf: internal error: %v\n%s", r, debug.Stack())
		}
	}()
	if len(pages) == 0 {
		return nil, fmt.Errorf("pdf: no pages")
	}
	for i, p := range pages {
		if p == nil || !(p.Width > 0) || !(p.Height > 0) {
			return nil, fmt.Errorf("pdf: page %d has no size", i+1)
		}
	}
	if opt.PDFA {
		if pages, err = flattenImages(pages); err != nil {
			return nil, err
		}
	}
	pl, err := plan(pages, opt.Tagged)
	if err != nil {
		return nil, err
	}
	r := &renderer{plan: pl, mc: newMarker(opt.Tagged, len(pages)), release: opt.Release, labels: pageLabels(pages)}
	if data, err = r.render(pages, meta, opt); err != nil {
		return nil, err
	}
	return finish(data, pages, meta, opt)
}

// A planned is what a first pass over the pages learns: the glyph runs of
// every text item, the faces in use, the anchors and the images.
type planned struct {
	runs    [][]glyphRun        // per Text item without Glyphs (shaped by the plan), in display-list order
	firstU  []int               // per page, the index in runs of its first Text item without Glyphs
	first   []int               // per page, the index in spaces of its first Text item (a word of a Words is one)
	spaces  []float32           // per Text item of a tagged file, its word space or -1 (tagged.go)
	faces   map[string]*faceUse // by face name
	widths  map[string]*widths  // by face name, those of the codes drawn (text.go)
	anchors map[string]anchor
	images  []*draw.Image // first use of each distinct image, in order
	imgName map[string]string
}

// glyphRun is a run of glyphs in one face: a shaped text's own (the
// shaper's, which may be cached, read only), or one made for an item with
// Glyphs.
type glyphRun = shape.Run

type anchor struct {
	page int // 1-based
	y    float64
}

// renderer writes one document. The document's renderer holds fpdf and
// what is learnt of the whole file; the pages are drawn by drawers
// (renderer.drawer, parallel.go), one a core, which share with it only
// what is fixed before the first page is drawn (the plan, the fonts'
// resource names, the figures) and keep the graphics state of the page
// they draw, so that unchanged fonts and colours are not written again.
// A drawer never calls fpdf: what fpdf must do on a page (images, links,
// bookmarks, the content written between them) it lists as the page's
// ops, which the document's renderer hands to fpdf in page order
// (replay).
type renderer struct {
	plan  *planned
	f     *fpdf.Fpdf  // the document's renderer's; nil in a drawer
	seg   int         // index into plan.spaces
	useg  int         // index into plan.runs
	one   [1]glyphRun // the run of an item with Glyphs
	word  draw.Text   // the word of a draw.Words being drawn
	pageH float64
	mc    *marker   // marked content of the document (tagged.go)
	pm    pageMarks // marked content of the page a drawer draws
	space float32   // the word space after the Text being drawn, or -1 (tagged.go)
	// release drops what a page drew once it is written (Options.Release).
	release bool
	labels  []byte // the catalog's /PageLabels, or nil (labels.go)

	ts       textState         // the text written (text.go)
	ops      []pageOp          // what fpdf is to do on the page a drawer draws
	streams  *pageStreams      // pages' deflated content (parallel.go), if compressed
	own      bool              // the page's content is all in ts.out (pageStreams)
	fontName map[string]string // face name -> its resource name, "/F<n>" (fonts.go)
	fonts    []*fontJob        // the fonts, in the order of face names (fonts.go)
	start    graphics          // the graphics state fpdf starts each page with
	fill     [3]int
	fillOK   bool
	stroke   [3]int
	strokeOK bool
	lw       float64
	lwOK     bool

	links    map[string]int // anchor name -> fpdf link id
	lastH    float64        // height of the last page
	lastBook int            // level of the previous bookmark, -1 before any
	levels   []int          // levels of the bookmarks written

	cap, join string  // stroke caps and joins ("": butt, miter)
	miter     float64 // miter limit on the current page; 0 is 10

	forms  []*formUse          // PDF figures, in order of first use (form.go)
	formOf map[string]*formUse // by image name

	pages   *PageCache // pages drawn by an earlier Write (pagecache.go); nil: none
	pageCtx [32]byte   // what every page's drawing reads from the Write (drawContext)
	keys    pageKeyer  // a drawer's
}

// graphics is the part of fpdf's graphics state the writer tracks.
type graphics struct {
	fill, stroke [3]int
	lw           float64
}

func (r *renderer) render(pages []*draw.Page, meta Meta, opt Options) ([]byte, error) {
	first := pages[0]
	f := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "pt",
		Size:           fpdf.SizeType{Wd: first.Width, Ht: first.Height},
	})
	r.f = f
	f.SetCatalogSort(true)
	// fpdf makes a new zlib writer, about a megabyte, for every page's
	// content stream; fix compresses them with one writer instead.
	f.SetCompression(false)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	date := meta.Date
	if date.IsZero() {
		date = DefaultDate
	}
	date = date.UTC()
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	setInfo(f, meta)
	f.SetXmpMetadata(uaXMP(meta, date, opt))

	if err := r.registerFonts(opt.Fonts, opt.PDFA && opt.pdfaPart() == 1, opt.Compress); err != nil {
		return nil, err
	}
	if err := r.registerImages(); err != nil {
		return nil, err
	}

	r.links = map[string]int{}
	r.lastH = pages[len(pages)-1].Height
	r.lastBook = -1
	// The state fpdf writes at the start of every page (startState): the
	// writer never changes fpdf's own.
	fr, fg, fb := f.GetFillColor()
	dr, dg, db := f.GetDrawColor()
	r.start = graphics{[3]int{fr, fg, fb}, [3]int{dr, dg, db}, f.GetLineWidth()}
	if opt.Compress {
		r.streams = newPageStreams(len(pages))
		r.streams.cache = opt.Streams
		opt.Streams.begin()
	}
	if opt.Pages != nil {
		r.pages = opt.Pages
		r.pageCtx = r.drawContext()
		opt.Pages.begin()
	}
	if err := r.drawPages(pages, opt.Ctx); err != nil { // parallel.go
		return nil, err
	}
	if err := r.addOutline(pages, opt.Outline); err != nil {
		return nil, err
	}
	var out whole
	if err := f.Output(&out); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return r.fix(out.b, opt)
}

// whole keeps what fpdf's Output writes without copying it: Output hands
// over its buffer in one Write (bytes.Buffer.WriteTo), and fpdf is not
// used after, so the buffer is the file fix reads.
type whole struct{ b []byte }

func (w *whole) Write(p []byte) (int, error) {
	if w.b == nil {
		w.b = p
	} else {
		w.b = append(slices.Clip(w.b), p...)
	}
	return len(p), nil
}

func setInfo(f *fpdf.Fpdf, m Meta) {
	creator, producer := m.Creator, m.Producer
	if creator == "" {
		creator = "Quire"
	}
	if producer == "" {
		producer = "Quire"
	}
	// fpdf's own UTF-8 to UTF-16 conversion knows no surrogate pairs and
	// panics on some invalid UTF-8; hand it UTF-16 text strings instead.
	f.SetTitle(utf16BE(m.Title), false)
	f.SetAuthor(utf16BE(strings.Join(m.Authors, ", ")), false)
	f.SetSubject(utf16BE(m.Subject), false)
	f.SetKeywords(utf16BE(strings.Join(m.Keywords, "; ")), false)
	f.SetCreator(utf16BE(creator), false)
	f.SetProducer(utf16BE(producer), false)
	f.SetLang(cleanLang(m.Lang))
}

// cleanLang keeps what a language tag may contain; fpdf writes /Lang
// without escaping.
func cleanLang(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// registerImages registers each distinct image once, under a name derived
// from its bytes. fpdf orders image objects by pixel width only, breaking
// ties in Go map order, so each image's width is nudged by a fraction
// (which fpdf truncates away when writing /Width) to make the order total.
func (r *renderer) registerImages() error {
	var raster []*draw.Image
	for _, im := range r.plan.images {
		if im.Format != "pdf" {
			raster = append(raster, im)
		}
	}
	for i, im := range raster {
		name := r.imageName(im)
		format := strings.ToLower(im.Format)
		if format != "png" && format != "jpeg" && format != "jpg" {
			return fmt.Errorf("pdf: image %q: unsupported format %q", im.Key, im.Format)
		}
		info := r.f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: format}, bytes.NewReader(im.Data))
		if err := r.f.Error(); err != nil {
			return fmt.Errorf("pdf: image %q: %w", im.Key, err)
		}
		if err := nudgeWidth(info, float64(i+1)/float64(4*(len(raster)+1))); err != nil {
			return fmt.Errorf("pdf: image %q: %w", im.Key, err)
		}
	}
	return r.registerForms()
}

func (r *renderer) imageName(im *draw.Image) string {
	if n, ok := r.plan.imgName[im.Key]; ok && im.Key != "" {
		return n
	}
	sum := sha256.Sum256(im.Data)
	return hex.EncodeToString(sum[:16])
}

// nudgeWidth adds d (0 < d < 1) to the pixel width fpdf holds for an image.
// The fields are unexported; the only way in is fpdf's gob encoding, whose
// field order is fixed in fpdf v0.12.0 (def.go, GobEncode).
func nudgeWidth(info *fpdf.ImageInfoType, d float64) error {
	if info == nil {
		return fmt.Errorf("image not registered")
	}
	buf, err := info.GobEncode()
	if err != nil {
		return err
	}
	var (
		data, smask, pal []byte
		n, bpc           int
		w, h             float64
		cs, filter, dp   string
		trns             []int
		scale, dpi       float64
	)
	fields := []any{&data, &smask, &n, &w, &h, &cs, &pal, &bpc, &filter, &dp, &trns, &scale, &dpi}
	dec := gob.NewDecoder(bytes.NewReader(buf))
	for _, p := range fields {
		if err := dec.Decode(p); err != nil {
			return err
		}
	}
	if w != math.Trunc(w) {
		return fmt.Errorf("image width already nudged")
	}
	w += d
	var out bytes.Buffer
	enc := gob.NewEncoder(&out)
	for _, p := range []any{data, smask, n, w, h, cs, pal, bpc, filter, dp, trns, scale, dpi} {
		if err := enc.Encode(p); err != nil {
			return err
		}
	}
	return info.GobDecode(out.Bytes())
}

// hasImage reports whether fpdf draws on p: an image or an imported page.
func hasImage(p *draw.Page) bool {
	for _, it := range p.Items {
		if _, ok := it.(*draw.Image); ok {
			return true
		}
	}
	return false
}

// beginPage starts the state of a new page: the graphics state fpdf
// writes for it (AddPageFormat), no text state.
func (r *renderer) beginPage() {
	r.miter, r.cap, r.join = 0, "", ""
	r.ts.resetPage()
	r.fill, r.fillOK = r.start.fill, true
	r.stroke, r.strokeOK = r.start.stroke, true
	r.lw, r.lwOK = r.start.lw, true
}

// item draws item i of page p, it.
func (r *renderer) item(p *draw.Page, i int, it draw.Item) {
	if _, ok := it.(*draw.Image); ok {
		r.flush() // fpdf draws it
	}
	switch it := it.(type) {
	case *draw.Text:
		var runs []glyphRun
		if it.Glyphs != nil {
			r.one[0] = glyphRun{Face: it.Face, GlyphRun: draw.GlyphRun{Glyphs: it.Glyphs}}
			runs = r.one[:]
		} else {
			runs = r.plan.runs[r.useg]
			if r.release {
				r.plan.runs[r.useg] = nil // drawn once
			}
			r.useg++
		}
		r.space = -1
		if r.plan.spaces != nil {
			r.space = r.plan.spaces[r.seg]
		}
		r.seg++
		r.drawText(p, i, it, runs)
	case *draw.Path:
		r.drawPath(it)
	case *draw.Image:
		if it.W <= 0 || it.H <= 0 {
			return
		}
		r.ops = append(r.ops, pageOp{kind: opImage, item: it})
	case *draw.Link:
		r.drawLink(it)
	case *draw.Bookmark:
		r.ops = append(r.ops, pageOp{kind: opBookmark, item: it})
	case *draw.Anchor:
		// Resolved by the plan.
	}
}

func rgb(c draw.Color) [3]int {
	q := func(v float64) int {
		if !(v > 0) {
			return 0
		}
		if v >= 1 {
			return 255
		}
		return int(math.Round(v * 255))
	}
	return [3]int{q(c.R), q(c.G), q(c.B)}
}

// drawLink lists the link annotation of l, if it has one, among the
// page's ops, with its place in the page's reading order.
func (r *renderer) drawLink(l *draw.Link) {
	if l.W <= 0 || l.H <= 0 {
		return
	}
	if l.Dest != "" {
		if _, ok := r.plan.anchors[l.Dest]; !ok {
			return
		}
		r.ops = append(r.ops, pageOp{kind: opLink, item: l, order: r.annotOrder()})
		return
	}
	if _, ok := doc.LinkScheme(l.URL); !ok {
		return // markdown and cite warned and dropped it; never a javascript: or file: action
	}
	if u := cleanURL(l.URL); u != "" {
		r.ops = append(r.ops, pageOp{kind: opLink, item: l, url: u, order: r.annotOrder()})
	}
}

// annotOrder returns the place in reading order of an annotation drawn
// now, if the file is tagged.
func (r *renderer) annotOrder() int64 {
	if !r.pm.on {
		return 0
	}
	return r.pm.order()
}

// link gives fpdf the annotation of a link op.
func (r *renderer) link(op *pageOp) {
	l := op.item.(*draw.Link)
	if op.url != "" {
		r.f.LinkString(l.X, l.Y, l.W, l.H, op.url)
	} else {
		a := r.plan.anchors[l.Dest]
		id, ok := r.links[l.Dest]
		if !ok {
			id = r.f.AddLink()
			r.f.SetLink(id, a.y, a.page)
			r.links[l.Dest] = id
		}
		r.f.Link(l.X, l.Y, l.W, l.H, id)
	}
	r.mc.annot(l, op.order)
}

// image gives fpdf an image op.
func (r *renderer) image(it *draw.Image) {
	if it.Format == "pdf" {
		r.drawForm(it)
		return
	}
	format := strings.ToLower(it.Format)
	r.f.ImageOptions(r.imageName(it), it.X, it.Y, it.W, it.H, false,
		fpdf.ImageOptions{ImageType: format, AllowNegativePosition: true}, 0, "")
}

// cleanURL percent-encodes what may not appear raw in a URI action: spaces,
// controls and non-ASCII bytes.
func cleanURL(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func (r *renderer) bookmark(p *draw.Page, b *draw.Bookmark) {
	// fpdf's outline tree needs levels that grow by at most one.
	level := max(b.Level, 0)
	level = min(level, r.lastBook+1)
	r.lastBook = level
	r.levels = append(r.levels, level)
	// fpdf converts the title to UTF-16 only while a UTF-8 font is
	// current, which the writer never makes one (text.go writes the Tf
	// operators): it is done here.
	title := utf16BE(bmp(b.Title))
	// fpdf computes the destination with the height of the last page,
	// not of the bookmark's: shift y to compensate.
	r.f.Bookmark(title, level, b.Y+r.lastH-p.Height)
}

// bmp returns s as valid UTF-8 without runes above U+FFFF, which fpdf's
// UTF-16 conversion cannot take.
func bmp(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF {
			return '\uFFFD'
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// utf16BE returns s as UTF-16BE with a byte-order mark, as PDF text strings
// want it; "" stays "" so that fpdf leaves the entry out.
func utf16BE(s string) string {
	if s == "" {
		return ""
	}
	b := []byte{0xFE, 0xFF}
	for _, r := range s {
		if r > 0xFFFF {
			r1, r2 := 0xD800+((r-0x10000)>>10), 0xDC00+((r-0x10000)&0x3FF)
			b = append(b, byte(r1>>8), byte(r1), byte(r2>>8), byte(r2))
			continue
		}
		b = append(b, byte(r>>8), byte(r))
	}
	return string(b)
}
