// Package pdfpage reads a page of a PDF file (a figure) as a Form: the page
// as a form XObject together with every object it needs (fonts, images,
// patterns, shadings...), so that another PDF can draw the page as vector
// content, not pixels.
//
// The file is read with pdfcpu. The objects are written anew, and always
// the same way for the same file: dictionary keys sorted, objects numbered
// in the order they are first referenced, streams kept as they are encoded
// in the file. References between them are left as placeholders that the
// embedding writer fills with its own object numbers (see Object). Only
// what the page's content and resources reach is copied: the page tree,
// annotations, the structure tree and the document's metadata are not.
//
// Read refuses an encrypted file, a file whose streams live in other files,
// and a page that needs more than MaxObjects objects; anything pdfcpu cannot
// read is an error naming what failed.
package pdfpage

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/fault"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

func init() {
	// pdfcpu would otherwise create a configuration folder in the user's
	// home on first use; Quire writes nothing but its output. (This is
	// what api.DisableConfigDir does; package api is not imported, as it
	// brings packages whose initialisation costs 20 ms at every start.)
	model.ConfigPath = "disable"
}

// readContext is api.ReadContext without the api package: the file read
// into pdfcpu's model, pdfcpu's own failures returned as errors.
func readContext(data []byte, conf *model.Configuration) (ctx *model.Context, err error) {
	defer fault.Catch(&err)
	return pdfcpu.Read(bytes.NewReader(data), conf)
}

// Limits on what one figure may bring in.
const (
	MaxObjects = 100_000
	MaxBytes   = 200 << 20 // the objects' total size
)

// RefWidth is the width of a reference placeholder in Object.Data.
const RefWidth = 40

// Form is one page of a PDF, as a form XObject and the objects it needs.
type Form struct {
	// W and H are the page's size in points as it is displayed: its crop
	// box, turned by its /Rotate. The form is drawn in [0, W] x [0, H].
	W, H float64
	// Pages is the number of pages of the file.
	Pages int
	// Objects are the form's objects; Objects[0] is the form XObject.
	Objects []Object
	// PDFA says why the page cannot go into a PDF/A file as Quire writes
	// them (no transparency, an RGB output intent, every font embedded):
	// "it uses transparency", "its font Helvetica is not embedded"...;
	// empty when it can.
	PDFA []string
}

// Object is one indirect object of a Form.
type Object struct {
	// Data is the object as it goes between "n 0 obj" and "endobj". Each
	// reference to another object of the Form is RefWidth spaces followed
	// by " 0 R"; Refs says where they are and what they refer to.
	Data []byte
	Refs []Ref
}

// Ref is a reference inside Object.Data: Data[At:At+RefWidth] stands for
// the number of Objects[To].
type Ref struct{ At, To int }

// Body returns o's data with each reference written as num(To).
func (o Object) Body(num func(to int) int) []byte {
	out := make([]byte, 0, len(o.Data))
	last := 0
	for _, r := range o.Refs {
		out = append(out, o.Data[last:r.At]...)
		out = strconv.AppendInt(out, int64(num(r.To)), 10)
		last = r.At + RefWidth
	}
	return append(out, o.Data[last:]...)
}

// Read reads page (1-based) of the PDF file data.
func Read(data []byte, page int) (f *Form, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("the PDF could not be read: %v", r)
		}
	}()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := readContext(data, conf)
	if err != nil && (strings.Contains(err.Error(), "password") || strings.Contains(err.Error(), "encrypt")) {
		return nil, fmt.Errorf("the PDF is encrypted")
	}
	if err != nil {
		return nil, fmt.Errorf("the PDF could not be read: %v", short(err))
	}
	if ctx.Encrypt != nil || ctx.E != nil {
		return nil, fmt.Errorf("the PDF is encrypted")
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return nil, fmt.Errorf("the PDF's pages could not be read: %v", short(err))
	}
	if ctx.PageCount == 0 {
		return nil, fmt.Errorf("the PDF has no pages")
	}
	if page < 1 || page > ctx.PageCount {
		return nil, fmt.Errorf("the PDF has %d pages, not %d", ctx.PageCount, page)
	}
	d, _, inh, err := ctx.PageDict(page, false)
	if err != nil || d == nil || inh == nil {
		return nil, fmt.Errorf("page %d of the PDF could not be read: %v", page, short(err))
	}
	box := inh.MediaBox
	if inh.CropBox != nil {
		box = inh.CropBox
		if m := inh.MediaBox; m != nil {
			// The crop box is clipped to the media box.
			box = types.NewRectangle(math.Max(box.LL.X, m.LL.X), math.Max(box.LL.Y, m.LL.Y), math.Min(box.UR.X, m.UR.X), math.Min(box.UR.Y, m.UR.Y))
		}
	}
	if box == nil || !(box.Width() > 0) || !(box.Height() > 0) || math.IsInf(box.Width()+box.Height(), 0) {
		return nil, fmt.Errorf("page %d of the PDF has no size", page)
	}
	content, err := pageContent(ctx, d)
	if err != nil {
		return nil, fmt.Errorf("the content of page %d could not be read: %v", page, short(err))
	}

	// What the page uses, before it is copied: a transparency group that
	// nothing transparent needs is left out (PDF/A wants none).
	sc := &scan{ctx: ctx, seen: map[int]bool{}}
	sc.content(content)
	sc.walk(inh.Resources, 0)
	w := &writer{ctx: ctx, index: map[int]int{}, dropGroups: !sc.transparent}
	f = &Form{Pages: ctx.PageCount, PDFA: sc.problems()}
	llx, lly, urx, ury := box.LL.X, box.LL.Y, box.UR.X, box.UR.Y
	var matrix [6]float64
	switch rot := ((inh.Rotate % 360) + 360) % 360; rot {
	case 90:
		f.W, f.H = ury-lly, urx-llx
		matrix = [6]float64{0, -1, 1, 0, -lly, urx}
	case 180:
		f.W, f.H = urx-llx, ury-lly
		matrix = [6]float64{-1, 0, 0, -1, urx, ury}
	case 270:
		f.W, f.H = ury-lly, urx-llx
		matrix = [6]float64{0, 1, -1, 0, ury, -llx}
	default:
		f.W, f.H = urx-llx, ury-lly
		matrix = [6]float64{1, 0, 0, 1, -llx, -lly}
	}

	// The form XObject: the page's content and resources.
	var zbuf bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&zbuf, zlib.BestCompression)
	zw.Write(content)
	zw.Close()
	form := types.Dict{
		"Type":     types.Name("XObject"),
		"Subtype":  types.Name("Form"),
		"FormType": types.Integer(1),
		"BBox":     types.NewNumberArray(llx, lly, urx, ury),
		"Matrix":   types.NewNumberArray(matrix[:]...),
		"Filter":   types.Name("FlateDecode"),
		"Length":   types.Integer(zbuf.Len()),
	}
	if inh.Resources != nil {
		form["Resources"] = inh.Resources
	} else {
		form["Resources"] = types.Dict{}
	}
	if g, ok := d.Find("Group"); ok && !(w.dropGroups && isTransparencyGroup(ctx, g)) {
		form["Group"] = g
	}
	w.objs = append(w.objs, Object{})
	obj := Object{}
	if err := w.value(&obj, form); err != nil {
		return nil, err
	}
	obj.Data = append(obj.Data, "\nstream\n"...)
	obj.Data = append(obj.Data, zbuf.Bytes()...)
	obj.Data = append(obj.Data, "\nendstream"...)
	w.objs[0] = obj
	// The objects it reaches, in the order they were first referenced.
	for i := 0; i < len(w.queue); i++ {
		if err := w.object(w.queue[i]); err != nil {
			return nil, err
		}
	}
	f.Objects = w.objs
	return f, nil
}

// short shortens pdfcpu's errors, which may quote whole objects.
func short(err error) string {
	if err == nil {
		return "unknown error"
	}
	s := err.Error()
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

type writer struct {
	ctx        *model.Context
	dropGroups bool // leave out transparency groups
	objs       []Object
	index      map[int]int // source object number -> index in objs
	queue      []int       // source object numbers, in index order from 1
	size       int
}

// skipped are keys not copied: they point into the source document's page
// tree and structure tree, which the figure does not bring along.
var skipped = map[string]bool{"Parent": true, "StructParent": true, "StructParents": true}

// object writes the source object num into its place.
func (w *writer) object(num int) error {
	o, err := w.ctx.Dereference(*types.NewIndirectRef(num, 0))
	if err != nil {
		return fmt.Errorf("object %d of the PDF could not be read: %v", num, short(err))
	}
	i := w.index[num]
	var obj Object
	switch v := o.(type) {
	case types.StreamDict:
		if err := w.stream(&obj, v, num); err != nil {
			return err
		}
	case types.ObjectStreamDict, types.XRefStreamDict:
		return fmt.Errorf("object %d of the PDF is an internal stream, referenced from the page", num)
	default:
		if err := w.value(&obj, o); err != nil {
			return err
		}
	}
	w.size += len(obj.Data)
	if w.size > MaxBytes {
		return fmt.Errorf("the page needs more than %d MB of objects", MaxBytes>>20)
	}
	w.objs[i] = obj
	return nil
}

func (w *writer) stream(obj *Object, sd types.StreamDict, num int) error {
	if _, ok := sd.Dict.Find("F"); ok {
		return fmt.Errorf("object %d of the PDF keeps its data in another file", num)
	}
	if sd.Raw == nil && sd.StreamLength != nil && *sd.StreamLength > 0 {
		return fmt.Errorf("the data of object %d of the PDF could not be read", num)
	}
	d := types.Dict{}
	for k, v := range sd.Dict {
		switch k {
		case "Length", "DL", "FFilter", "FDecodeParms":
			continue
		}
		d[k] = v
	}
	d["Length"] = types.Integer(len(sd.Raw))
	if err := w.value(obj, d); err != nil {
		return err
	}
	obj.Data = append(obj.Data, "\nstream\n"...)
	obj.Data = append(obj.Data, sd.Raw...)
	obj.Data = append(obj.Data, "\nendstream"...)
	return nil
}

// value appends o to obj.Data; references get placeholders.
func (w *writer) value(obj *Object, o types.Object) error {
	switch v := o.(type) {
	case nil:
		obj.Data = append(obj.Data, "null"...)
	case types.Boolean:
		obj.Data = strconv.AppendBool(obj.Data, bool(v))
	case types.Integer:
		obj.Data = strconv.AppendInt(obj.Data, int64(v), 10)
	case types.Float:
		obj.Data = appendNumber(obj.Data, float64(v))
	case types.Name:
		obj.Data = append(obj.Data, v.PDFString()...)
	case types.StringLiteral:
		obj.Data = append(obj.Data, v.PDFString()...)
	case types.HexLiteral:
		obj.Data = append(obj.Data, v.PDFString()...)
	case types.Array:
		obj.Data = append(obj.Data, '[')
		for i, e := range v {
			if i > 0 {
				obj.Data = append(obj.Data, ' ')
			}
			if err := w.value(obj, e); err != nil {
				return err
			}
		}
		obj.Data = append(obj.Data, ']')
	case types.Dict:
		keys := make([]string, 0, len(v))
		for k := range v {
			if !skipped[k] && !(k == "Group" && w.dropGroups && isTransparencyGroup(w.ctx, v[k])) {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		obj.Data = append(obj.Data, "<<"...)
		for i, k := range keys {
			if i > 0 {
				obj.Data = append(obj.Data, ' ')
			}
			obj.Data = append(obj.Data, types.Name(k).PDFString()...)
			obj.Data = append(obj.Data, ' ')
			if err := w.value(obj, v[k]); err != nil {
				return err
			}
		}
		obj.Data = append(obj.Data, ">>"...)
	case types.IndirectRef:
		num := v.ObjectNumber.Value()
		to, ok := w.index[num]
		if !ok {
			if e, found := w.ctx.FindTableEntryLight(num); !found || e == nil || e.Free {
				// A reference to nothing is a reference to null.
				obj.Data = append(obj.Data, "null"...)
				return nil
			}
			if len(w.objs) >= MaxObjects {
				return fmt.Errorf("the page needs more than %d objects", MaxObjects)
			}
			to = len(w.objs)
			w.index[num] = to
			w.objs = append(w.objs, Object{})
			w.queue = append(w.queue, num)
		}
		obj.Refs = append(obj.Refs, Ref{At: len(obj.Data), To: to})
		for range RefWidth {
			obj.Data = append(obj.Data, ' ')
		}
		obj.Data = append(obj.Data, " 0 R"...)
	default:
		return fmt.Errorf("the PDF holds an object Quire cannot copy (%T)", o)
	}
	return nil
}

// appendNumber writes a real number as PDF wants it: no exponent.
func appendNumber(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, '0')
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.AppendInt(b, int64(f), 10)
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}
