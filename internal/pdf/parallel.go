package pdf

import (
	"bytes"
	"compress/zlib"
	"runtime"
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
