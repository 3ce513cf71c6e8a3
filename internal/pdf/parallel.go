package pdf

import (
	"bytes"
	"compress/zlib"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
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

// zlibWriters keeps one deflater per goroutine at work: a writer is about
// a megabyte, made once and reset for each stream.
var zlibWriters = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return &zstate{zw: zw}
}}

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
		z := zlibWriters.Get().(*zstate)
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

// pageStreams deflates pages' content streams as the pages are drawn, on
// the cores the drawing leaves free: page i's content, written by the
// renderer into its own buffer (text.go, content.go), is compressed while
// page i+1 is drawn, and fpdf is given only a placeholder for it, which
// fix replaces with the deflated stream. fpdf never holds the page's
// content, and the file is not compressed in a second pass. Each page is
// compressed on its own, the same bytes on any number of cores.
type pageStreams struct {
	data  [][]byte // per page, its deflated content; nil if fpdf wrote the page
	errs  []error
	sem   chan struct{} // a token per goroutine that may compress beside the drawing
	wg    sync.WaitGroup
	bufs  sync.Pool    // content buffers, given back once compressed
	cache *StreamCache // pages deflated by an earlier Write (streamcache.go); nil: none
}

func newPageStreams(pages int) *pageStreams {
	s := &pageStreams{data: make([][]byte, pages), errs: make([]error, pages)}
	s.sem = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)-1))
	return s
}

// placeholder is what fpdf is given as the content of page i whose
// content pageStreams holds.
func placeholder(i int) string { return "%quire-content " + strconv.Itoa(i) }

const placeholderHead = "%quire-content "

// add compresses content as page i's, on another goroutine if one is free
// and here otherwise; it takes content over.
func (s *pageStreams) add(i int, content []byte) {
	if runtime.GOMAXPROCS(0) > 1 {
		select {
		case s.sem <- struct{}{}:
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.compress(i, content)
				<-s.sem
			}()
			return
		default:
		}
	}
	s.compress(i, content)
}

func (s *pageStreams) compress(i int, content []byte) {
	b, keep := s.cache.deflated(content) // streamcache.go
	if b != nil {
		s.data[i] = b
		content = content[:0]
		s.bufs.Put(&content)
		return
	}
	z := zlibWriters.Get().(*zstate)
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

// wait returns once every page given is compressed.
func (s *pageStreams) wait() { s.wg.Wait() }
