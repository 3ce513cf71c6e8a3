package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"quire/internal/pdf/num"
	"quire/internal/pdf/tag"
)

// fix corrects what fpdf writes but cannot be told to write otherwise:
//
//   - fpdf is told of no font: each face's font objects (Type0,
//     CIDFontType2 with its widths, FontDescriptor, FontFile2,
//     CIDToGIDMap, ToUnicode and, for PDF/A-1, CIDSet) are Quire's own,
//     appended here, and named in the resource dictionary fpdf writes
//     (fixFonts, fonts.go). fpdf has no call to register a font program
//     made elsewhere; what it does for each face it is given, in every
//     Write, is parse the file, encode its 65,536 widths in JSON (to name
//     the font), and at output cut a subset and deflate it and a 128 KiB
//     CIDToGIDMap: 35 ms of CPU (16 + 19) of the 65 ms quire watch took to
//     write the article after a one-word edit, where Quire's objects are
//     made once per face and set of codes drawn, on all cores, and kept
//     for the next build (FontCache). fpdf gave every font one ToUnicode
//     CMap, each code to itself, wrong for ligatures (U+FB01 for "fi"),
//     small capitals and old-style figures (private-use codes, see package
//     font), which toUnicode maps to the letters they stand for; ActualText
//     spans around each such glyph would say the same at some 40 bytes an
//     occurrence, and not every reader honours them.
//   - fpdf writes /Count 0 in every outline item, which is invalid for an
//     item with children; they are written as closed, with the negated
//     number of their children. The outline's root gets a /Count, the
//     number of top-level items, which fpdf leaves out (PDF/A-1 wants it).
//   - fpdf declares PDF 1.3 unless a feature it knows needs more, but
//     /Metadata and /Lang are PDF 1.4. Raising the version in the header
//     rather than through fpdf keeps fpdf from adding transparency groups
//     to the pages, which PDF/A-1 forbids.
//   - fpdf writes link annotations inline in the page's /Annots array; they
//     must be indirect objects. They are moved to new objects, with the
//     print flag set (PDF/A wants it) and the rectangle normalised.
//   - fpdf is told not to compress, and page content streams are
//     compressed here if compress is set (see render). A page without
//     images is written by Quire into its own buffer and deflated on
//     another core while the next page is drawn (fpdf compresses only at
//     the end, one page after another); fpdf is given a placeholder line
//     as that page's content, which is replaced here by the deflated
//     stream (pageStreams, parallel.go; placed).
//   - fpdf writes the Info dates without a time zone; the dates are UTC,
//     and say so as D:YYYYMMDDHHmmSS+00'00', in the same form as the XMP
//     dates, YYYY-MM-DDTHH:mm:SS+00:00 (PDF/A-1 6.7.3 wants them equal).
//     Not D:...Z: pdfcpu (v0.15.0, strict) refuses a date ending in Z,
//     and PDFBox Preflight refuses Z00'00' as a date without a time zone.
//   - fpdf writes an empty /EmbeddedFiles name tree into the catalog, a key
//     PDF/A-1 forbids; it is dropped.
//   - fpdf writes no file identifier; it is the MD5 of the file, so equal
//     files get equal identifiers.
//   - fpdf writes the objects of imported pages (PDF figures) and their
//     entries in the resource dictionary in Go map order; fixForms
//     (form.go) puts them in a fixed order.
//   - a tagged file's structure tree and the keys that point to it, which
//     fpdf cannot write (see tagged.go and tagFix).
//   - the catalog's /PageLabels, which fpdf has no call for, when the
//     manuscript numbers its pages otherwise than from 1 (labels.go).
//
// Objects are found through the cross-reference table, which is rewritten
// for the new offsets.
func (r *renderer) fix(pdf []byte, opt Options) ([]byte, error) {
	compress := opt.Compress
	kids := outlineKids(r.levels)

	x, offs, err := xref(pdf)
	if err != nil {
		return nil, err
	}
	var edits []edit
	var extra [][]byte // new objects, numbered from len(offs)
	outline := 0
	contents := map[int]bool{} // object numbers of page contents
	var streams []streamJob    // content streams to deflate, in parallel
	info, root := trailerRef(pdf, x, "/Info"), trailerRef(pdf, x, "/Root")
	var pages []int         // page objects in order (tagged files)
	pageOf := map[int]int{} // page object -> index
	var annotObjs [][]int   // per page, the objects of its annotations
	if r.mc.on {
		if pages, err = pageObjects(pdf); err != nil {
			return nil, err
		}
		if len(pages) != len(r.mc.annots) {
			return nil, fmt.Errorf("pdf: %d pages in the page tree, %d drawn", len(pages), len(r.mc.annots))
		}
		for i, n := range pages {
			pageOf[n] = i
		}
		annotObjs = make([][]int, len(pages))
	}
	nAnnot := 0 // annotations so far, in page order
	// The body of each object, after its "n 0 obj" line, and its offset.
	bodies := make([][]byte, len(offs))
	ats := make([]int, len(offs))
	sorted := slices.Clone(offs)
	slices.Sort(sorted)
	for num, o := range offs {
		if o <= 0 || o >= x {
			continue
		}
		nl := bytes.IndexByte(pdf[o:], '\n')
		if nl < 0 {
			return nil, fmt.Errorf("pdf: bad object at %d", o)
		}
		// The object ends where the next one in the file begins.
		k, _ := slices.BinarySearch(sorted, o)
		end := x
		if k+1 < len(sorted) {
			end = sorted[k+1]
		}
		ats[num] = o + nl + 1
		bodies[num] = pdf[o+nl+1 : end]
		if bytes.HasPrefix(bodies[num], []byte("<</Type /Page\n")) {
			const key = "\n/Contents "
			if i := bytes.Index(bodies[num], []byte(key)); i >= 0 {
				rest := bodies[num][i+len(key):]
				if j := bytes.IndexByte(rest, ' '); j > 0 {
					if n, err := strconv.Atoi(string(rest[:j])); err == nil {
						contents[n] = true
					}
				}
			}
		}
	}
	formEdits, imported, err := r.fixForms(bodies, ats, offs)
	if err != nil {
		return nil, err
	}
	edits = append(edits, formEdits...)
	for num, body := range bodies {
		if body == nil || imported[num] {
			continue
		}
		at, o := ats[num], offs[num]
		if bytes.HasPrefix(body, []byte(outlinesHead)) {
			// The outline's root says how many items it shows: its
			// top-level ones, as those with children are closed.
			top := 0
			for _, l := range r.levels {
				if l == 0 {
					top++
				}
			}
			edits = append(edits, edit{at + len(outlinesHead), 0, fmt.Appendf(nil, "/Count %d ", top)})
		}
		if num == info {
			for _, key := range []string{"/CreationDate (D:", "/ModDate (D:"} {
				i := bytes.Index(body, []byte(key))
				if i < 0 || i+len(key)+15 > len(body) || body[i+len(key)+14] != ')' {
					return nil, fmt.Errorf("pdf: unexpected %s in the Info dictionary", key)
				}
				edits = append(edits, edit{at + i + len(key) + 14, 0, []byte("+00'00'")})
			}
		}
		if num == root {
			const names = "/Names <<\n/EmbeddedFiles << /Names [\n  \n] >>\n>>\n"
			if i := bytes.Index(body, []byte(names)); i >= 0 {
				edits = append(edits, edit{at + i, len(names), nil})
			}
		}
		if compress && contents[num] {
			if head, data, ok, err := r.placed(body, at); ok || err != nil {
				if err != nil {
					return nil, fmt.Errorf("pdf: object %d: %v", num, err)
				}
				edits = append(edits, head, data)
			} else {
				streams = append(streams, streamJob{body: body, at: at, edit: len(edits), num: num})
				edits = append(edits, edit{}) // filled by compressStreams
			}
		}
		if bytes.HasPrefix(body, []byte("<</Type /Page\n")) {
			const key = "\n/Annots ["
			if i := bytes.Index(body, []byte(key)); i >= 0 {
				i += len(key)
				end := bytes.IndexByte(body[i:], '\n')
				if end < 1 || body[i+end-1] != ']' {
					return nil, fmt.Errorf("pdf: unexpected /Annots at %d", o)
				}
				annots, err := splitDicts(body[i : i+end-1])
				if err != nil {
					return nil, fmt.Errorf("pdf: /Annots at %d: %v", o, err)
				}
				var refs []byte
				pi, tagged := pageOf[num]
				if tagged && len(annots) != len(r.mc.annots[pi]) {
					return nil, fmt.Errorf("pdf: page %d has %d annotations, %d drawn", pi+1, len(annots), len(r.mc.annots[pi]))
				}
				for j, a := range annots {
					var entries, text []byte
					if tagged {
						entries, text = r.mc.annotEntries(tag.AnnotKey(len(pages), nAnnot), r.mc.annots[pi][j], len(offs)+len(extra))
						if text != nil {
							extra = append(extra, text)
						}
						nAnnot++
					}
					n := len(offs) + len(extra)
					refs = strconv.AppendInt(refs, int64(n), 10)
					refs = append(refs, " 0 R "...)
					if tagged {
						annotObjs[pi] = append(annotObjs[pi], n)
					}
					extra = append(extra, annotObject(n, a, entries))
				}
				edits = append(edits, edit{at + i, end - 1, bytes.TrimSpace(refs)})
			}
		}
		if bytes.HasPrefix(body, []byte("<</Title ")) {
			const count = "/Count 0>>\nendobj"
			i := bytes.Index(body, []byte(count))
			if i < 0 || outline >= len(kids) {
				return nil, fmt.Errorf("pdf: unexpected outline item at %d", o)
			}
			if n := kids[outline]; n > 0 {
				edits = append(edits, edit{at + i, len("/Count 0"), []byte("/Count -" + strconv.Itoa(n))})
			}
			outline++
		}
	}
	// The pages fpdf drew on are deflated (on all cores) beside what
	// follows, into edits of their own.
	deflated := make([]edit, len(edits))
	zdone := make(chan struct{})
	var znum int
	var zerr error
	go func() {
		defer close(zdone)
		defer func() {
			if e := recover(); e != nil {
				zerr = fmt.Errorf("internal error: %v", e)
			}
		}()
		znum, zerr = opt.Streams.compressStreams(streams, deflated) // streamcache.go
	}()
	defer func() { <-zdone }()
	// The fonts' objects (fonts.go).
	fontEdits, fontObjs, err := r.fixFonts(bodies, ats, len(offs)+len(extra))
	if err != nil {
		return nil, err
	}
	edits = append(edits, fontEdits...)
	extra = append(extra, fontObjs...)
	if outline != len(kids) {
		return nil, fmt.Errorf("pdf: %d outline items written, want %d", outline, len(kids))
	}
	// A tagged file's structure tree, the last of the new objects, is
	// built beside the assembly of the file (assemble).
	var late chan lateTree
	if r.mc.on {
		first := len(offs) + len(extra)
		e, err := tagEdits(ats, bodies, root, pages, first)
		if err != nil {
			return nil, err
		}
		edits = append(edits, e...)
		late = make(chan lateTree, 1)
		go func() {
			var l lateTree
			defer func() {
				if e := recover(); e != nil {
					l = lateTree{err: fmt.Errorf("pdf: internal error: %v", e)}
				}
				late <- l
			}()
			l.tree, l.err = r.tagTree(pages, annotObjs, first)
		}()
	}
	if r.labels != nil { // labels.go
		if root <= 0 || root >= len(bodies) || !bytes.HasPrefix(bodies[root], []byte(catalogHead)) {
			return nil, fmt.Errorf("pdf: no catalog for the page labels")
		}
		edits = append(edits, edit{ats[root] + len(catalogHead), 0, r.labels})
	}
	<-zdone
	if zerr != nil {
		return nil, fmt.Errorf("pdf: object %d: %v", znum, zerr)
	}
	for _, j := range streams {
		edits[j.edit] = deflated[j.edit]
	}
	version := func(out []byte) {
		if bytes.HasPrefix(out, []byte("%PDF-1.3")) {
			out[7] = '4'
		}
		if opt.Tagged && bytes.HasPrefix(out, []byte("%PDF-1.")) {
			// /Tabs is PDF 1.5, and PDF/UA-1 is ISO 32000-1 (PDF 1.7).
			// PDF/A-1 is based on PDF 1.4 but does not limit the
			// header's version.
			out[7] = '7'
		}
	}
	out, sum, err := assemble(pdf, x, offs, edits, extra, late, version)
	if err != nil {
		return nil, err
	}
	return insertID(out, sum), nil
}

// lateTree is a tagged file's structure tree, made while the pages'
// streams are deflated.
type lateTree struct {
	tree *tag.Tree
	err  error
}

// assemble is applyEdits for fix, with the file's MD5: it waits for the
// structure tree, if any, to know its size, writes the objects up to the
// cross-reference table with the edits into a buffer sized for the whole
// file, has version set the header, and hashes them (on another core)
// while it appends the extra objects, the structure tree's after them,
// numbered on, the table and the trailer. The tree is written straight
// into the file: built apart, it was copied, and the file grew (copied
// again) when a guess at its size fell short.
func assemble(pdf []byte, x int, offs []int, edits []edit, extra [][]byte, late <-chan lateTree, version func([]byte)) ([]byte, [md5.Size]byte, error) {
	var sum [md5.Size]byte
	var tree *tag.Tree
	room := 0
	if late != nil {
		l := <-late
		if l.err != nil {
			return nil, sum, l.err
		}
		tree = l.tree
		room = tree.Size() + xrefEntry*tree.Count()
	}
	out, err := editBody(pdf, x, edits, extra, room)
	if err != nil {
		return nil, sum, err
	}
	version(out)
	h := md5.New()
	done := make(chan struct{})
	go func(b []byte) {
		defer close(done)
		h.Write(b)
	}(out)
	hashed := len(out)
	out, news := appendObjects(out, extra)
	if tree != nil {
		var starts []int
		out, starts = tree.Append(out)
		news = append(news, starts...)
	}
	out, err = appendTable(out, pdf, x, offs, edits, news)
	<-done
	if err != nil {
		return nil, sum, err
	}
	h.Write(out[hashed:])
	h.Sum(sum[:0])
	return out, sum, nil
}

// trailerRef returns the number of the object the trailer after x refers
// to under key, or -1.
func trailerRef(pdf []byte, x int, key string) int {
	i := bytes.LastIndex(pdf, []byte("\n"+key+" "))
	if i < x {
		return -1
	}
	rest := pdf[i+len(key)+2:]
	j := bytes.IndexByte(rest, ' ')
	if j < 0 {
		return -1
	}
	n, err := strconv.Atoi(string(rest[:j]))
	if err != nil {
		return -1
	}
	return n
}

// compressStream returns the edit that deflates the uncompressed stream
// object whose body is at offset at.
func compressStream(body []byte, at int, zw **zlib.Writer, buf *bytes.Buffer) (edit, error) {
	const pre = "<</Length "
	const mid = ">>\nstream\n"
	if !bytes.HasPrefix(body, []byte(pre)) {
		return edit{}, fmt.Errorf("not an uncompressed stream")
	}
	i := bytes.Index(body, []byte(mid))
	if i < 0 {
		return edit{}, fmt.Errorf("not an uncompressed stream")
	}
	n, err := strconv.Atoi(string(body[len(pre):i]))
	start := i + len(mid)
	if err != nil || n < 0 || start+n > len(body) {
		return edit{}, fmt.Errorf("bad stream length")
	}
	buf.Reset()
	if *zw == nil {
		*zw, _ = zlib.NewWriterLevel(buf, zlib.BestSpeed)
	} else {
		(*zw).Reset(buf)
	}
	if _, err := (*zw).Write(body[start : start+n]); err != nil {
		return edit{}, err
	}
	if err := (*zw).Close(); err != nil {
		return edit{}, err
	}
	b := fmt.Appendf(make([]byte, 0, buf.Len()+64), "<</Filter /FlateDecode /Length %d>>\nstream\n", buf.Len())
	b = append(b, buf.Bytes()...)
	return edit{at, start + n, b}, nil
}

// placed returns the edits that put the deflated content pageStreams
// holds in place of the uncompressed stream object whose body is at
// offset at, if the stream is a placeholder (ok): the stream's new head
// in place of the old stream, then the deflated bytes, inserted after it
// as they are (not copied into a buffer of their own).
func (r *renderer) placed(body []byte, at int) (head, data edit, ok bool, err error) {
	const pre = "<</Length "
	const mid = ">>\nstream\n"
	i := bytes.Index(body, []byte(mid))
	if r.streams == nil || !bytes.HasPrefix(body, []byte(pre)) || i < 0 {
		return edit{}, edit{}, false, nil
	}
	n, err := strconv.Atoi(string(body[len(pre):i]))
	start := i + len(mid)
	if err != nil || n < 0 || start+n > len(body) {
		return edit{}, edit{}, false, fmt.Errorf("bad stream length")
	}
	content := body[start : start+n]
	k := bytes.Index(content, []byte(placeholderHead))
	if k < 0 {
		return edit{}, edit{}, false, nil
	}
	page, err := strconv.Atoi(string(bytes.TrimSpace(content[k+len(placeholderHead):])))
	if err != nil || page < 0 || page >= len(r.streams.data) || r.streams.data[page] == nil {
		if err == nil && page >= 0 && page < len(r.streams.errs) && r.streams.errs[page] != nil {
			return edit{}, edit{}, false, r.streams.errs[page]
		}
		return edit{}, edit{}, false, fmt.Errorf("bad content placeholder %q", content[k:])
	}
	z := r.streams.data[page]
	b := fmt.Appendf(make([]byte, 0, 48), "<</Filter /FlateDecode /Length %d>>\nstream\n", len(z))
	return edit{at, start + n, b}, edit{at + start + n, 0, z}, true, nil
}

// outlineKids returns, for each outline item given by its level, the number
// of its immediate children.
func outlineKids(levels []int) []int {
	kids := make([]int, len(levels))
	for i, l := range levels {
		for _, m := range levels[i+1:] {
			if m <= l {
				break
			}
			if m == l+1 {
				kids[i]++
			}
		}
	}
	return kids
}

// xref returns the offset of the classic cross-reference table fpdf writes
// and the offsets it lists, indexed by object number (0 for free entries,
// including object 0).
func xref(pdf []byte) (int, []int, error) {
	i := bytes.LastIndex(pdf, []byte("startxref\n"))
	if i < 0 {
		return 0, nil, fmt.Errorf("pdf: no startxref")
	}
	rest := pdf[i+len("startxref\n"):]
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 {
		return 0, nil, fmt.Errorf("pdf: bad startxref")
	}
	x, err := strconv.Atoi(string(rest[:nl]))
	if err != nil || x < 0 || x >= i {
		return 0, nil, fmt.Errorf("pdf: bad startxref")
	}
	t := bytes.Index(pdf[x:], []byte("trailer\n"))
	if t < 0 {
		return 0, nil, fmt.Errorf("pdf: no trailer")
	}
	lines := strings.Split(string(pdf[x:x+t]), "\n")
	if len(lines) < 3 || lines[0] != "xref" || !strings.HasPrefix(lines[1], "0 ") {
		return 0, nil, fmt.Errorf("pdf: no xref table at %d", x)
	}
	var offs []int
	for _, l := range lines[2:] {
		if l == "" {
			continue
		}
		if len(l) != 19 {
			return 0, nil, fmt.Errorf("pdf: bad xref entry %q", l)
		}
		if l[17] != 'n' {
			offs = append(offs, 0)
			continue
		}
		o, err := strconv.Atoi(l[:10])
		if err != nil {
			return 0, nil, fmt.Errorf("pdf: bad xref entry %q", l)
		}
		offs = append(offs, o)
	}
	return x, offs, nil
}

// An edit replaces n bytes at offset at with b.
type edit struct {
	at, n int
	b     []byte
}

// applyEdits applies edits, which lie before the cross-reference table at
// x, appends the extra objects, numbered from len(offs), and writes the
// table, the trailer's /Size and startxref anew.
func applyEdits(pdf []byte, x int, offs []int, edits []edit, extra [][]byte) ([]byte, error) {
	if len(edits) == 0 && len(extra) == 0 {
		return pdf, nil
	}
	out, err := editBody(pdf, x, edits, extra, 0)
	if err != nil {
		return nil, err
	}
	return appendTail(out, pdf, x, offs, edits, extra)
}

// editBody sorts edits and returns the file up to the cross-reference
// table at x with them made, in a slice sized for the whole file: the
// edits, the extra objects, the table, the identifier addID puts in the
// trailer, and room bytes more (objects appended later). One allocation:
// a tagged file's structure tree, appended, would otherwise have the
// buffer copied as it grows.
func editBody(pdf []byte, x int, edits []edit, extra [][]byte, room int) ([]byte, error) {
	// Stable: insertions at one offset (the catalog's tags and page
	// labels) keep the order they were made in.
	slices.SortStableFunc(edits, func(a, b edit) int { return a.at - b.at })
	total := len(pdf) + 20*len(extra) + 32 + idRoom + room // 32: more digits in the table's head and /Size
	for _, e := range edits {
		total += len(e.b) - e.n
	}
	for _, obj := range extra {
		total += len(obj)
	}
	out := make([]byte, 0, total)
	last := 0
	for _, e := range edits {
		if e.at < last || e.at+e.n > x {
			return nil, fmt.Errorf("pdf: overlapping edits")
		}
		out = append(out, pdf[last:e.at]...)
		out = append(out, e.b...)
		last = e.at + e.n
	}
	return append(out, pdf[last:x]...), nil
}

// appendTail appends to out, the file up to the cross-reference table
// with edits made, the extra objects, numbered from len(offs), the table
// and the trailer.
func appendTail(out, pdf []byte, x int, offs []int, edits []edit, extra [][]byte) ([]byte, error) {
	out, news := appendObjects(out, extra)
	return appendTable(out, pdf, x, offs, edits, news)
}

// appendObjects appends objs to out and returns where each begins.
func appendObjects(out []byte, objs [][]byte) ([]byte, []int) {
	at := make([]int, len(objs))
	for i, obj := range objs {
		at[i] = len(out)
		out = append(out, obj...)
	}
	return out, at
}

// xrefEntry is the length of an entry of the cross-reference table.
const xrefEntry = 20

// appendTable appends to out, the file up to the cross-reference table
// with edits made and the new objects, numbered from len(offs), at
// offsets news, the table and the trailer.
func appendTable(out, pdf []byte, x int, offs []int, edits []edit, news []int) ([]byte, error) {
	shift := make([]int, len(edits)+1)
	for k, e := range edits {
		shift[k+1] = shift[k] + len(e.b) - e.n
	}
	moved := func(o int) int {
		k, _ := slices.BinarySearchFunc(edits, o, func(e edit, o int) int { return e.at - o })
		return o + shift[k]
	}
	newX := len(out)
	out = slices.Grow(out, 32+xrefEntry*(len(offs)+len(news)))
	out = append(out, "xref\n0 "...)
	out = strconv.AppendInt(out, int64(len(offs)+len(news)), 10)
	out = append(out, '\n')
	for _, o := range offs {
		if o == 0 {
			out = append(out, "0000000000 65535 f \n"...)
			continue
		}
		out = appendXref(out, moved(o))
	}
	for _, o := range news {
		out = appendXref(out, o)
	}
	t := bytes.Index(pdf[x:], []byte("trailer\n"))
	s := bytes.LastIndex(pdf, []byte("startxref\n"))
	trailer := pdf[x+t : s]
	size := fmt.Appendf(nil, "/Size %d\n", len(offs))
	i := bytes.Index(trailer, size)
	if i < 0 {
		return nil, fmt.Errorf("pdf: no /Size in the trailer")
	}
	out = append(out, trailer[:i]...)
	out = fmt.Appendf(out, "/Size %d\n", len(offs)+len(news))
	out = append(out, trailer[i+len(size):]...)
	out = fmt.Appendf(out, "startxref\n%d\n%%%%EOF\n", newX)
	return out, nil
}

// appendXref appends the table's entry of an object at offset o, as
// fmt's "%010d 00000 n \n".
func appendXref(b []byte, o int) []byte {
	if o < 0 || o >= 1e10 {
		return fmt.Appendf(b, "%010d 00000 n \n", o)
	}
	var d [10]byte
	for i := 9; i >= 0; i-- {
		d[i] = byte('0' + o%10)
		o /= 10
	}
	b = append(b, d[:]...)
	return append(b, " 00000 n \n"...)
}

// splitDicts splits a run of dictionaries, "<<...>><<...>>", into its
// dictionaries. It knows literal strings, which may hold unbalanced
// brackets.
func splitDicts(b []byte) ([][]byte, error) {
	var dicts [][]byte
	depth, start := 0, 0
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '(':
			// Skip a literal string, with nested parentheses and escapes.
			n := 1
			for i++; i < len(b) && n > 0; i++ {
				switch b[i] {
				case '\\':
					i++
				case '(':
					n++
				case ')':
					n--
				}
			}
			if n > 0 {
				return nil, fmt.Errorf("unterminated string")
			}
			i--
		case c == '<' && i+1 < len(b) && b[i+1] == '<':
			if depth == 0 {
				start = i
			}
			depth++
			i++
		case c == '>' && i+1 < len(b) && b[i+1] == '>':
			depth--
			i++
			if depth == 0 {
				dicts = append(dicts, b[start:i+1])
			}
			if depth < 0 {
				return nil, fmt.Errorf("unbalanced dictionary")
			}
		case depth == 0 && c != ' ':
			return nil, fmt.Errorf("unexpected %q", c)
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("unbalanced dictionary")
	}
	return dicts, nil
}

// annotObject returns object n, the annotation fpdf wrote as a, fixed
// (fixAnnot), in one allocation: a document has an annotation for every
// link and citation.
func annotObject(n int, a, entries []byte) []byte {
	b := make([]byte, 0, 24+len(a)+len(entries)+len("/F 4 ")+16)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, " 0 obj\n"...)
	b = appendAnnot(b, a, entries)
	return append(b, "\nendobj\n"...)
}

// fixAnnot sets the print flag of an annotation fpdf wrote, adds entries
// (a tagged file's /StructParent and /Contents) and puts its rectangle's
// corners in the usual order.
func fixAnnot(a, entries []byte) []byte { return appendAnnot(nil, a, entries) }

// appendAnnot appends fixAnnot(a, entries) to b.
func appendAnnot(b, a, entries []byte) []byte {
	const typ = "<</Type /Annot "
	if !bytes.HasPrefix(a, []byte(typ)) {
		return append(b, a...)
	}
	b = append(b, typ+"/F 4 "...)
	b = append(b, entries...)
	rest := a[len(typ):]
	const rect = "/Rect ["
	i := bytes.Index(rest, []byte(rect))
	if i < 0 {
		return append(b, rest...)
	}
	i += len(rect)
	j := bytes.IndexByte(rest[i:], ']')
	if j < 0 {
		return append(b, rest...)
	}
	var v [4]float64
	k := 0
	for f := range bytes.FieldsSeq(rest[i : i+j]) {
		if k == len(v) {
			return append(b, rest...)
		}
		var err error
		if v[k], err = strconv.ParseFloat(string(f), 64); err != nil {
			return append(b, rest...)
		}
		k++
	}
	if k != len(v) {
		return append(b, rest...)
	}
	b = append(b, rest[:i]...)
	for k, x := range [4]float64{min(v[0], v[2]), min(v[1], v[3]), max(v[0], v[2]), max(v[1], v[3])} {
		if k > 0 {
			b = append(b, ' ')
		}
		b = num.AppendFixed(b, x, 2) // as %.2f
	}
	return append(b, rest[i+j:]...)
}

// addID adds a file identifier to the trailer. The trailer comes after the
// cross-reference table, so no offset moves.
func addID(pdf []byte) []byte {
	t := bytes.LastIndex(pdf, []byte("trailer\n<<\n"))
	if t < 0 {
		return pdf
	}
	return insertID(pdf, md5.Sum(pdf))
}

// insertID adds the identifier of MD5 sum to the trailer.
func insertID(pdf []byte, sum [md5.Size]byte) []byte {
	t := bytes.LastIndex(pdf, []byte("trailer\n<<\n"))
	if t < 0 {
		return pdf
	}
	t += len("trailer\n<<\n")
	id := hex.EncodeToString(sum[:])
	ins := "/ID [<" + id + "> <" + id + ">]\n"
	if cap(pdf)-len(pdf) >= len(ins) {
		// In place (applyEdits leaves room): only the trailer moves.
		n := len(pdf)
		pdf = pdf[:n+len(ins)]
		copy(pdf[t+len(ins):], pdf[t:n])
		copy(pdf[t:], ins)
		return pdf
	}
	out := make([]byte, 0, len(pdf)+len(ins))
	out = append(out, pdf[:t]...)
	out = append(out, ins...)
	return append(out, pdf[t:]...)
}

// idRoom is the room addID needs: "/ID [<32 hex digits> <32 hex digits>]\n".
const idRoom = 6 + 32 + 3 + 32 + 3

const outlinesHead = "<</Type /Outlines "
