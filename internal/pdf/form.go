package pdf

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"

	"quire/internal/draw"
	"quire/internal/pdfpage"
)

// PDF figures (images of format "pdf") are drawn as vector pages: the first
// page of the file becomes a form XObject (package pdfpage copies it and
// the objects it needs), handed to fpdf through the entry points fpdf keeps
// for contrib/gofpdi (ImportObjects, ImportObjPos, ImportTemplates,
// UseImportedTemplate). fpdf numbers and writes imported objects in Go map
// order, and lists the templates in the resource dictionary in map order
// too; fixForms (called by fix) puts both in the order the figures were
// first used, so that equal builds stay byte-identical.
//
// contrib/gofpdi's own importer is not used: it writes every dictionary in
// Go map order, numbers objects in the order it meets them in those
// dictionaries, and names objects of a stream by the stream's address, so
// its objects differ from build to build before fpdf sees them.

// formUse is one distinct PDF figure of the document.
type formUse struct {
	name  string // the XObject name, "/QFn"
	form  *pdfpage.Form
	first int // index of its first object among all imported objects
}

// formKey is the key under which fpdf holds object j of figure i: any
// string will do, as fpdf replaces references by position.
func formKey(i, j int) string { return fmt.Sprintf("quire-figure-%d-object-%d", i, j) }

// registerForms reads each distinct PDF figure and hands its objects to
// fpdf.
func (r *renderer) registerForms() error {
	objs := map[string][]byte{}
	pos := map[string]map[int]string{}
	tpls := map[string]string{}
	total := 0
	for _, im := range r.plan.images {
		if im.Format != "pdf" {
			continue
		}
		form, err := pdfpage.Read(im.Data, 1)
		if err != nil {
			return fmt.Errorf("pdf: figure %q: %v", im.Key, err)
		}
		i := len(r.forms)
		fu := &formUse{name: "/QF" + strconv.Itoa(i+1), form: form, first: total}
		r.forms = append(r.forms, fu)
		if r.formOf == nil {
			r.formOf = map[string]*formUse{}
		}
		r.formOf[r.imageName(im)] = fu
		for j, o := range form.Objects {
			key := formKey(i, j)
			objs[key] = append(slices.Clip(o.Data), "\nendobj"...)
			p := map[int]string{}
			for _, ref := range o.Refs {
				p[ref.At] = formKey(i, ref.To)
			}
			pos[key] = p
		}
		tpls[fu.name] = formKey(i, 0)
		total += len(form.Objects)
	}
	if total == 0 {
		return nil
	}
	r.f.ImportObjects(objs)
	r.f.ImportObjPos(pos)
	r.f.ImportTemplates(tpls)
	return r.f.Error()
}

// drawForm draws a PDF figure in its box.
func (r *renderer) drawForm(im *draw.Image) {
	fu := r.formOf[r.imageName(im)]
	if fu == nil {
		r.f.SetErrorf("pdf: figure %q was not registered", im.Key)
		return
	}
	// fpdf writes "sx 0 0 sy tx ty+pageheight cm": the form, drawn in
	// [0, W] x [0, H], lands with its top left corner at (X, Y).
	r.f.UseImportedTemplate(fu.name, im.W/fu.form.W, im.H/fu.form.H, im.X, -im.Y-im.H)
}

// fixForms returns the edits that put the imported objects, and their
// entries in the resource dictionary, in a fixed order.
//
// fpdf writes the imported objects one after another just before the
// resource dictionary (object 2), numbered in the order it writes them.
// Those objects are found by position, checked against what was handed to
// fpdf (their count, consecutive numbers and sizes), and rewritten with the
// same numbers in the order of r.forms; the template entries, lines
// "/QFn N 0 R" of the resource dictionary, are rewritten in that order too.
func (r *renderer) fixForms(bodies [][]byte, ats []int, offs []int) ([]edit, map[int]bool, error) {
	total := 0
	for _, fu := range r.forms {
		total += len(fu.form.Objects)
	}
	if total == 0 {
		return nil, nil, nil
	}
	if len(offs) < 3 || bodies[2] == nil {
		return nil, nil, fmt.Errorf("pdf: no resource dictionary")
	}
	// The objects written before object 2, in file order.
	var before []int
	for num, o := range offs {
		if o > 0 && o < offs[2] {
			before = append(before, num)
		}
	}
	slices.SortFunc(before, func(a, b int) int { return offs[a] - offs[b] })
	if len(before) < total {
		return nil, nil, fmt.Errorf("pdf: imported figure objects not found")
	}
	block := before[len(before)-total:]
	first := block[0]
	var want, got []int
	for k, num := range block {
		if num != first+k {
			return nil, nil, fmt.Errorf("pdf: imported figure objects are not numbered in sequence")
		}
		got = append(got, len(bodies[num]))
	}
	for _, fu := range r.forms {
		for _, o := range fu.form.Objects {
			want = append(want, len(o.Data)+len("\nendobj\n"))
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		return nil, nil, fmt.Errorf("pdf: imported figure objects differ from those handed to fpdf")
	}
	var edits []edit
	skip := map[int]bool{}
	for _, fu := range r.forms {
		num := func(to int) int { return first + fu.first + to }
		for j, o := range fu.form.Objects {
			n := num(j)
			b := append(o.Body(num), "\nendobj\n"...)
			edits = append(edits, edit{ats[n], len(bodies[n]), b})
			skip[n] = true
		}
	}
	// The template entries in the resource dictionary.
	res := bodies[2]
	start := bytes.Index(res, []byte("\n/QF"))
	if start < 0 {
		return nil, nil, fmt.Errorf("pdf: figure entries not found in the resource dictionary")
	}
	start++
	end := start
	for end < len(res) && bytes.HasPrefix(res[end:], []byte("/QF")) {
		nl := bytes.IndexByte(res[end:], '\n')
		if nl < 0 {
			return nil, nil, fmt.Errorf("pdf: unexpected figure entry in the resource dictionary")
		}
		end += nl + 1
	}
	if n := bytes.Count(res[start:end], []byte("\n")); n != len(r.forms) {
		return nil, nil, fmt.Errorf("pdf: %d figure entries in the resource dictionary, want %d", n, len(r.forms))
	}
	var lines []byte
	for _, fu := range r.forms {
		lines = fmt.Appendf(lines, "%s %d 0 R\n", fu.name, first+fu.first)
	}
	edits = append(edits, edit{ats[2] + start, end - start, lines})
	return edits, skip, nil
}
