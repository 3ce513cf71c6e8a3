package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"

	"codeberg.org/go-pdf/fpdf"

	"quire/internal/draw"
)

// Work that the writer spreads over the machine's cores. Each piece is
// computed on its own and put back in its place, so the file is the same
// bytes whatever the number of cores (GOMAXPROCS).

// forEach calls f(i) for every i in [0, n), on up to GOMAXPROCS goroutines,
// and returns when all calls have returned. Calls for different i run
// concurrently; f must only write what belongs to i.
func forEach(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

// streamJob is a page content stream to deflate: its object's body and
// where the body starts in the file, and the index of the edit that will
// replace it.
type streamJob struct {
	body []byte
	at   int
	edit int
	num  int
}

// zlibWriters keeps a deflater for each goroutine at work, from one
// Write to the next: a writer is about a megabyte, made once and reset for
// each stream (a sync.Pool would drop them at every collection, and a
// long Write makes new ones after each).
var zlibWriters = zlibPool{free: make(chan *zstate, 16), level: zlib.BestSpeed}

// fontZlib is zlibWriters for the fonts' streams (fonts.go), at the
// default level: a Write deflates several streams of every face, on all
// cores, each face's once made with a deflater of its own.
var fontZlib = zlibPool{free: make(chan *zstate, 16), level: zlib.DefaultCompression}

type zlibPool struct {
	free  chan *zstate
	level int
}

func (p zlibPool) Get() *zstate {
	select {
	case z := <-p.free:
		return z
	default:
		zw, _ := zlib.NewWriterLevel(nil, p.level)
		return &zstate{zw: zw}
	}
}

func (p zlibPool) Put(z *zstate) {
	select {
	case p.free <- z:
	default:
	}
}

type zstate struct {
	zw  *zlib.Writer
	buf bytes.Buffer
}

// compressStreams deflates the streams of jobs in parallel and puts each
// result in edits at its job's index. It returns the first error in job
// order, with the job's object number.
func compressStreams(jobs []streamJob, edits []edit) (int, error) {
	errs := make([]error, len(jobs))
	forEach(len(jobs), func(i int) {
		z := zlibWriters.Get()
		defer zlibWriters.Put(z)
		e, err := compressStream(jobs[i].body, jobs[i].at, &z.zw, &z.buf)
		if err != nil {
			errs[i] = err
			return
		}
		edits[jobs[i].edit] = e
	})
	for i, err := range errs {
		if err != nil {
			return jobs[i].num, err
		}
	}
	return 0, nil
}

// pageStreams holds the deflated content streams of the pages the writer
// writes whole (those fpdf draws nothing on: no image): page i's content,
// drawn into its own buffer (text.go, content.go), is deflated by the
// drawer that drew it, on its core, and fpdf is given only a placeholder
// for it, which fix replaces with the deflated stream (placed). fpdf
// never holds the page's content, and the file is not compressed in a
// second pass. Each page is compressed on its own, the same bytes on any
// number of cores.
type pageStreams struct {
	data  [][]byte // per page, its deflated content; nil if fpdf wrote the page
	errs  []error
	bufs  sync.Pool    // content buffers, given back once compressed
	cache *StreamCache // pages deflated by an earlier Write (streamcache.go); nil: none
}

func newPageStreams(pages int) *pageStreams {
	return &pageStreams{data: make([][]byte, pages), errs: make([]error, pages)}
}

// placeholder is what fpdf is given as the content of page i whose
// content pageStreams holds.
func placeholder(i int) string { return "%quire-content " + strconv.Itoa(i) }

const placeholderHead = "%quire-content "

// compress deflates content as page i's; it takes content over.
func (s *pageStreams) compress(i int, content []byte) {
	b, keep := s.cache.deflated(content) // streamcache.go
	if b != nil {
		s.data[i] = b
		content = content[:0]
		s.bufs.Put(&content)
		return
	}
	z := zlibWriters.Get()
	defer zlibWriters.Put(z)
	z.buf.Reset()
	z.zw.Reset(&z.buf)
	if _, err := z.zw.Write(content); err != nil {
		s.errs[i] = err
		return
	}
	if err := z.zw.Close(); err != nil {
		s.errs[i] = err
		return
	}
	s.data[i] = bytes.Clone(z.buf.Bytes())
	if keep != nil {
		keep(s.data[i])
	}
	content = content[:0]
	s.bufs.Put(&content)
}

// buffer returns an empty buffer for a page's content.
func (s *pageStreams) buffer() []byte {
	if b, ok := s.bufs.Get().(*[]byte); ok {
		return *b
	}
	return make([]byte, 0, 16<<10)
}

// The pages are drawn on all cores. A page's content depends only on its
// items and on what the plan and the fonts' registration fixed before the
// first page is drawn; each page is drawn by a drawer (a renderer of its
// own, drawer) into its own buffer, deflated there if fpdf draws nothing
// on it, and handed to the document's renderer, which gives fpdf the
// pages in order (replay): the page, its placeholder or its content
// between the images fpdf draws, its links and bookmarks, and to the
// marker what the page learnt of the structure. So the file is the one a
// one-core build writes, whatever the number of cores.

// opKind is what fpdf is to do on a page.
type opKind uint8

const (
	opContent  opKind = iota // write content, drawn by the writer
	opImage                  // draw an image or a PDF figure (form.go)
	opLink                   // add a link annotation
	opBookmark               // add a bookmark
)

// A pageOp is one thing fpdf is to do on a page, in the order the page's
// items ask for it.
type pageOp struct {
	kind    opKind
	content string    // opContent: lines, each ended by a newline
	item    draw.Item // the image, link or bookmark
	url     string    // opLink: the URI, cleaned; "" for a link to an anchor
	order   int64     // opLink: its place in the page's reading order (tagged.go)
}

// A pageOut is a page drawn, for replay.
type pageOut struct {
	done  chan struct{} // closed once the page is drawn
	ops   []pageOp
	own   bool // its content is in pageStreams, fpdf gets a placeholder
	marks pageMarksOut
	err   error
}

// drawer returns a renderer that draws pages for r: it shares with r only
// what no page changes.
func (r *renderer) drawer() *renderer {
	return &renderer{
		plan:     r.plan,
		release:  r.release,
		streams:  r.streams,
		fontName: r.fontName,
		start:    r.start,
		formOf:   r.formOf,
		mc:       r.mc, // for its spare marks only: a drawer's are pm
		pm:       pageMarks{on: r.mc.on, loose: r.mc.loose},
		pages:    r.pages,
		keys:     pageKeyer{ctx: r.pageCtx},
	}
}

// drawPage draws page pi, p, into out.
func (r *renderer) drawPage(pi int, p *draw.Page, out *pageOut) {
	defer func() {
		if e := recover(); e != nil {
			out.err = fmt.Errorf("pdf: internal error: %v\n%s", e, debug.Stack())
		}
	}()
	r.seg, r.useg = r.plan.first[pi], r.plan.firstU[pi]
	var key pageKey
	cache := r.pages != nil
	if cache {
		key, cache = r.keys.key(r.plan, pi, p, &r.pages.seeds)
	}
	if cache {
		if e, ok := r.pages.get(key); ok {
			if data := e.use(p, out, r.pm.loose); e.own {
				r.streams.data[pi] = data
			}
			r.drawn(pi, p)
			return
		}
	}
	r.beginPage()
	// A page that fpdf draws nothing on is written here whole and
	// compressed here; on one with images fpdf's drawing and the
	// writer's take turns (flush).
	r.own = r.streams != nil && !hasImage(p)
	r.ts.out = r.ts.out[:0]
	if r.own {
		r.ts.out = append(r.streams.buffer(), startState...)
	}
	r.pageH = p.Height
	r.ops = nil
	r.pm.beginPage(pi, p.Height, r.mc.spare())
	for i, it := range p.Items {
		if w, ok := it.(*draw.Words); ok {
			// A Text a word, as layout once made them.
			for k := range w.W {
				if k == 0 {
					r.word = w.At(0)
				} else {
					w.Next(k, &r.word)
				}
				r.pm.before(r, &r.word)
				r.item(p, i, &r.word)
			}
			continue
		}
		r.pm.before(r, it)
		r.item(p, i, it)
	}
	out.marks = r.pm.endPage(r)
	if r.own {
		r.endText()
		r.streams.compress(pi, r.ts.out)
		r.ts.out = nil
	} else {
		r.flush()
	}
	out.ops, out.own = r.ops, r.own
	r.ops = nil
	if cache && (!out.own || r.streams.errs[pi] == nil) {
		var data []byte
		if out.own {
			data = r.streams.data[pi]
		}
		if e := keep(p, out, data, r.pm.loose); e != nil {
			r.pages.put(key, e)
		}
	}
	if r.release {
		p.Items = nil
	}
}

// drawn releases what page pi, p, holds once a PageCache has drawn it
// (Options.Release): its items, its texts' runs.
func (r *renderer) drawn(pi int, p *draw.Page) {
	if !r.release {
		return
	}
	end := len(r.plan.runs)
	if pi+1 < len(r.plan.firstU) {
		end = r.plan.firstU[pi+1]
	}
	clear(r.plan.runs[r.plan.firstU[pi]:end])
	p.Items = nil
}

// replay gives fpdf page pi, p, as drawn into out.
func (r *renderer) replay(pi int, p *draw.Page, out *pageOut) error {
	if out.err != nil {
		return out.err
	}
	f := r.f
	f.AddPageFormat("P", fpdf.SizeType{Wd: p.Width, Ht: p.Height})
	r.mc.beginPage()
	for k := range out.ops {
		op := &out.ops[k]
		switch op.kind {
		case opContent:
			// RawWriteStr adds the newline that ends the last line.
			f.RawWriteStr(op.content[:len(op.content)-1])
		case opImage:
			r.image(op.item.(*draw.Image))
		case opLink:
			r.link(op)
		case opBookmark:
			r.bookmark(p, op.item.(*draw.Bookmark))
		}
	}
	if out.own {
		f.RawWriteStr(placeholder(pi))
	}
	r.mc.addPage(&out.marks)
	if err := f.Error(); err != nil {
		return fmt.Errorf("pdf: page %d: %w", f.PageNo(), err)
	}
	return nil
}

// drawPages draws the pages on up to GOMAXPROCS drawers and gives them to
// fpdf in order. The drawers run at most a window of pages ahead of fpdf,
// so that memory holds what fpdf is still to be given of some pages, not
// of all.
func (r *renderer) drawPages(pages []*draw.Page, ctx context.Context) error {
	n := len(pages)
	stopped := func() error {
		if ctx != nil {
			return ctx.Err()
		}
		return nil
	}
	workers := min(runtime.GOMAXPROCS(0), n)
	// The marks of the pages a window holds, and of those the drawers
	// draw: a drawer draws the next page in the arrays of one given to
	// fpdf before (tagged.go). The drawers are often a window ahead, as
	// the pages are handed over between their turns on the cores.
	window := 32 * workers
	if r.mc.on {
		r.mc.free = make(chan pageMarksOut, window+workers)
		defer func() { r.mc.free = nil }()
	}
	if workers <= 1 {
		d := r.drawer()
		for pi, p := range pages {
			if err := stopped(); err != nil {
				return err
			}
			var out pageOut
			d.drawPage(pi, p, &out)
			if err := r.replay(pi, p, &out); err != nil {
				return err
			}
		}
		return nil
	}
	outs := make([]pageOut, n)
	for i := range outs {
		outs[i].done = make(chan struct{})
	}
	// The window is the pages drawn and not yet given to fpdf: a page
	// waiting holds its ops and marks, its content already deflated, so
	// the window can be wide enough that a drawer held up (a busy machine
	// takes its core away) does not stop the others.
	tokens := make(chan struct{}, window)
	for range window {
		tokens <- struct{}{}
	}
	stop := make(chan struct{})
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := r.drawer()
			for {
				select {
				case <-tokens:
				case <-stop:
					return
				}
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				d.drawPage(i, pages[i], &outs[i])
				close(outs[i].done)
			}
		}()
	}
	defer func() {
		close(stop)
		wg.Wait()
	}()
	for pi, p := range pages {
		if err := stopped(); err != nil {
			return err
		}
		<-outs[pi].done
		err := r.replay(pi, p, &outs[pi])
		outs[pi] = pageOut{}
		tokens <- struct{}{}
		if err != nil {
			return err
		}
	}
	return nil
}
