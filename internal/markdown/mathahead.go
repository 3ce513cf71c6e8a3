package markdown

// Formulas read ahead, on the other cores.
//
// The conversion runs on one goroutine, and reading a formula (package
// math's Parse) is most of its work in a manuscript with a formula in
// every paragraph. readAhead lists the formulas of goldmark's tree in
// document order before the conversion starts and has workers read them
// while the conversion runs; the conversion takes what a worker read, or
// reads the formula itself when no worker has started on it, and reports
// errors where it always did, so that diagnostics, their order and the
// document are those of reading every formula in turn.
//
// What a formula reads as depends on the macros defined before it (in a
// paragraph of definitions, or in a formula). The walk keeps its own copy
// of the macros and reads the definitions into it in document order, so
// that each formula is read with the macros it would see if the
// conversion met the definitions in the same order; formulas that may
// define a macro are not read ahead. The conversion uses a formula read
// ahead only if it met exactly the definitions the walk met before the
// formula, at the same nodes: it logs the definitions it reads (the Gen
// of its macros changes) and compares the log with the walk's. Any other
// order (a footnote's formula converted at its reference, a definition in
// a table cell's text) makes it read the formula itself, as without the
// read-ahead.

import (
	"bytes"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	texmath "quire/internal/math"
)

// A document with fewer formulas than readAheadMin reads them as it
// converts them; readAheadProcs is the number of workers (0: one fewer
// than GOMAXPROCS). Tests set both, and readAheadWait, which makes the
// conversion start only once the workers have read every formula, so
// that what it takes from them does not depend on how they were
// scheduled.
var (
	readAheadMin   = 64
	readAheadProcs = 0
	readAheadWait  = false
)

// readAheadTaken counts the formulas the conversions took as read
// ahead (for the tests).
var readAheadTaken atomic.Int64

// mathJob is a formula to read ahead, once for all the formulas of the
// same source, display flag and macros.
type mathJob struct {
	src     string
	display bool
	ms      *texmath.Macros // frozen
	defs    int             // the definitions met before it
	mu      sync.Mutex      // held by the worker that reads it
	taken   atomic.Bool
	done    bool
	f       *texmath.Formula
	err     error
}

// mathDef is a definition the walk met: the node that reads it and the
// Gen of the macros after it.
type mathDef struct {
	node ast.Node
	gen  uint64
}

// mathAhead is the read-ahead of one conversion.
type mathAhead struct {
	real  *texmath.Macros
	defs  []mathDef
	jobs  []*mathJob
	next  atomic.Int64 // workers take jobs from the end, the conversion meets them from the start
	stop  atomic.Bool
	wg    sync.WaitGroup
	met   int    // definitions the conversion met as the walk did
	gen   uint64 // the Gen of real after the conversion's last read
	wrong bool   // the conversion met a definition the walk did not
}

type mathJobKey struct {
	src     string
	display bool
	defs    int
}

// readAhead starts reading the formulas under root.
func (c *converter) readAhead(root ast.Node) {
	procs := readAheadProcs
	if procs <= 0 {
		procs = runtime.GOMAXPROCS(0) - 1
	}
	if c.opt.Macros == nil || procs < 1 {
		return
	}
	if bytes.IndexByte(c.src, '$') < 0 && bytes.IndexByte(c.src, '\\') < 0 {
		return // no formula: every one starts with $ or \
	}
	// About as many formulas as pairs of $.
	nodes := make([]ast.Node, 0, bytes.Count(c.src, []byte{'$'})/2+16)
	formulas := 0
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch x := n.(type) {
		case *mathNode:
			nodes = append(nodes, n)
			formulas++
		case *mathBlockNode:
			if x.closed {
				nodes = append(nodes, n)
				formulas++
			}
		case *ast.Paragraph, *ast.TextBlock, *east.DefinitionTerm:
			if c.mayDefine(n) {
				nodes = append(nodes, n)
			}
		}
		return ast.WalkContinue, nil
	})
	if formulas < readAheadMin {
		return
	}
	a := &mathAhead{real: c.opt.Macros, gen: c.opt.Macros.Gen()}
	cur, used := a.real.Clone(), false
	// own makes cur a set of macros no job reads, to read definitions into.
	own := func() {
		if used {
			cur, used = cur.Clone(), false
		}
	}
	byKey := map[mathJobKey]*mathJob{}
	a.jobs = make([]*mathJob, 0, formulas)
	var slab []mathJob // the jobs, allocated a few hundred at once
	for _, n := range nodes {
		var tex []byte
		var display bool
		var slot **mathJob
		switch x := n.(type) {
		case *mathNode:
			tex, display, slot = x.tex, x.display, &x.job
		case *mathBlockNode:
			tex, display, slot = x.tex, true, &x.job
		default:
			own()
			cur.Define(c.linesText(n))
			a.defs = append(a.defs, mathDef{n, cur.Gen()})
			continue
		}
		s := string(tex)
		if texmath.MayDefine(s, cur) {
			own()
			before := cur.Gen()
			texmath.Parse(s, display, cur)
			if cur.Gen() != before {
				a.defs = append(a.defs, mathDef{n, cur.Gen()})
			}
			continue
		}
		k := mathJobKey{s, display, len(a.defs)}
		j := byKey[k]
		if j == nil {
			if !used {
				cur.Freeze()
				used = true
			}
			if len(slab) == cap(slab) {
				slab = make([]mathJob, 0, min(formulas, 256))
			}
			slab = slab[:len(slab)+1]
			j = &slab[len(slab)-1]
			j.src, j.display, j.ms, j.defs = s, display, cur, len(a.defs)
			byKey[k] = j
			a.jobs = append(a.jobs, j)
		}
		*slot = j
	}
	c.ahead = a
	a.next.Store(int64(len(a.jobs)))
	for range procs {
		a.wg.Add(1)
		go a.work()
	}
	if readAheadWait {
		a.wg.Wait()
	}
}

// mayDefine reports whether paragraph n may be one of macro definitions
// (macroParagraph): its text starts with a command or a comment.
func (c *converter) mayDefine(n ast.Node) bool {
	ls := n.Lines()
	for i := 0; i < ls.Len(); i++ {
		seg := ls.At(i)
		t := bytes.TrimLeft(seg.Value(c.src), " \t\r\n")
		if len(t) == 0 {
			continue
		}
		return (t[0] == '\\' || t[0] == '%') && texmath.IsDefinition(c.linesText(n))
	}
	return false
}

// work reads jobs from the end until none is left or the conversion is
// over.
func (a *mathAhead) work() {
	defer a.wg.Done()
	for !a.stop.Load() {
		i := a.next.Add(-1)
		if i < 0 {
			return
		}
		j := a.jobs[i]
		j.mu.Lock()
		if j.taken.CompareAndSwap(false, true) {
			j.read()
		}
		j.mu.Unlock()
	}
}

// read reads the job's formula; a panic leaves it to the conversion,
// which reports it as it would without the read-ahead.
func (j *mathJob) read() {
	defer func() {
		if r := recover(); r != nil {
			j.f, j.err, j.done = nil, nil, false
		}
	}()
	f, err := texmath.Parse(j.src, j.display, j.ms)
	if err == texmath.ErrDefines {
		return
	}
	if err != nil {
		j.err = err
	} else {
		j.f = f
	}
	j.done = true
}

// stopReadAhead stops the workers and waits for them.
func (c *converter) stopReadAhead() {
	if a := c.ahead; a != nil {
		a.stop.Store(true)
		a.wg.Wait()
	}
}

// parseFormula reads a formula of node n with the conversion's macros, or
// takes what a worker read of it (job, if set).
func (c *converter) parseFormula(n ast.Node, job *mathJob, s string, display bool) (*texmath.Formula, error) {
	ms := c.macros()
	a := c.ahead
	if a == nil {
		return texmath.Parse(s, display, ms)
	}
	a.sync(ms)
	if job != nil && !a.wrong && a.met == job.defs {
		if !job.taken.CompareAndSwap(false, true) {
			job.mu.Lock() // wait for the worker reading it
			job.mu.Unlock()
		}
		if job.done {
			readAheadTaken.Add(1)
			return job.f, job.err
		}
		// No worker started on it: read it here (the conversion's
		// macros are the job's), for the job's other formulas too.
		f, err := texmath.Parse(s, display, ms)
		a.read(n, ms)
		job.f, job.err, job.done = f, err, true
		return f, err
	}
	f, err := texmath.Parse(s, display, ms)
	a.read(n, ms)
	return f, err
}

// sync notes a definition read into ms since the conversion's last read,
// elsewhere (a table cell's text): nothing read ahead holds after it.
func (a *mathAhead) sync(ms *texmath.Macros) {
	if ms != a.real || ms.Gen() != a.gen {
		a.wrong = true
	}
}

// read logs what the conversion read at node n (a formula, a paragraph of
// definitions) into its macros ms, after sync.
func (a *mathAhead) read(n ast.Node, ms *texmath.Macros) {
	g := ms.Gen()
	if g == a.gen {
		return
	}
	if !a.wrong && a.met < len(a.defs) && a.defs[a.met].node == n && a.defs[a.met].gen == g {
		a.met++
	} else {
		a.wrong = true
	}
	a.gen = g
}
