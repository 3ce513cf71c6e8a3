// Package contentkey turns Go values into keys for caches that must never
// give a stale answer: two values get the same key only when everything
// in them is the same — every field of every struct (exported or not),
// every element, map entry and pointed-to value, and the dynamic type of
// every interface value. A cache keyed so needs no invalidation: an edit
// anywhere in its input is a different key (quire watch's caches, which
// must write the bytes of a clean build).
//
// The encoding is injective for values of one static type: strings are
// length-prefixed, numbers terminated, slices and maps counted, interface
// values prefixed by their type. Pointers are followed; a pointer met
// again in the same value is written as a back reference, so shared and
// cyclic values end. Map entries are written in the order of their keys'
// encodings, so a key does not depend on map iteration order.
//
// Some values cannot be keys: functions, channels and unsafe pointers make
// Key report false. A Writer's Pointer hook may stand in for pointers the
// caller knows better (a note by its number, a package-level table by its
// address), and Skip leaves out types that do not change the result (a
// source position, when the caller reports nothing at it).
package contentkey

import (
	"bytes"
	"math"
	"reflect"
	"slices"
	"strconv"
)

// A Writer accumulates the encoding of the values given to it.
type Writer struct {
	// Pointer, when set, is called for every non-nil pointer before it
	// is followed. If it returns true it has written what stands for the
	// pointer (through the Writer's methods) and the pointer is not
	// followed.
	Pointer func(w *Writer, v reflect.Value) bool
	// Skip lists types whose values are left out.
	Skip map[reflect.Type]bool

	b     []byte
	seen  map[uintptr]int
	bad   bool
	depth int
}

// maxDepth bounds nesting (a map whose values lead back to the map).
const maxDepth = 1 << 12

// Key returns the encoding so far, and whether it is a usable key.
func (w *Writer) Key() (string, bool) { return string(w.b), !w.bad }

// Fail marks the key unusable.
func (w *Writer) Fail() { w.bad = true }

// String writes s.
func (w *Writer) String(s string) {
	w.b = strconv.AppendInt(w.b, int64(len(s)), 10)
	w.b = append(w.b, ':')
	w.b = append(w.b, s...)
}

// Int writes i.
func (w *Writer) Int(i int64) {
	w.b = strconv.AppendInt(w.b, i, 10)
	w.b = append(w.b, ';')
}

// Uint writes u.
func (w *Writer) Uint(u uint64) {
	w.b = strconv.AppendUint(w.b, u, 10)
	w.b = append(w.b, ';')
}

// Float writes f exactly (its bits).
func (w *Writer) Float(f float64) { w.Uint(math.Float64bits(f)) }

// Any writes v, whatever its type.
func (w *Writer) Any(v any) { w.Value(reflect.ValueOf(v)) }

// Value writes v.
func (w *Writer) Value(v reflect.Value) {
	if w.bad {
		return
	}
	if !v.IsValid() {
		w.b = append(w.b, 'z')
		return
	}
	if w.Skip != nil && w.Skip[v.Type()] {
		return
	}
	w.depth++
	defer func() { w.depth-- }()
	if w.depth > maxDepth {
		w.bad = true
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			w.b = append(w.b, 't')
		} else {
			w.b = append(w.b, 'f')
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.Int(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.Uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		w.Float(v.Float())
	case reflect.Complex64, reflect.Complex128:
		w.Float(real(v.Complex()))
		w.Float(imag(v.Complex()))
	case reflect.String:
		w.String(v.String())
	case reflect.Array:
		for i := range v.Len() {
			w.Value(v.Index(i))
		}
	case reflect.Slice:
		if v.IsNil() {
			w.b = append(w.b, 'n')
			return
		}
		w.b = append(w.b, '[')
		w.Int(int64(v.Len()))
		if v.Type().Elem().Kind() == reflect.Uint8 {
			w.b = append(w.b, v.Bytes()...)
			return
		}
		for i := range v.Len() {
			w.Value(v.Index(i))
		}
	case reflect.Struct:
		w.b = append(w.b, '{')
		for i := range v.NumField() {
			w.Value(v.Field(i))
		}
		w.b = append(w.b, '}')
	case reflect.Interface:
		if v.IsNil() {
			w.b = append(w.b, 'n')
			return
		}
		e := v.Elem()
		w.String(e.Type().String())
		w.Value(e)
	case reflect.Pointer:
		if v.IsNil() {
			w.b = append(w.b, 'n')
			return
		}
		if w.Pointer != nil && w.Pointer(w, v) {
			return
		}
		p := v.Pointer()
		if i, ok := w.seen[p]; ok {
			w.b = append(w.b, '@')
			w.Int(int64(i))
			return
		}
		if w.seen == nil {
			w.seen = map[uintptr]int{}
		}
		w.seen[p] = len(w.seen)
		w.b = append(w.b, '*')
		w.Value(v.Elem())
	case reflect.Map:
		if v.IsNil() {
			w.b = append(w.b, 'n')
			return
		}
		// Each entry on its own (no back references between entries,
		// which would depend on the order met), in the order of the
		// keys' encodings.
		type entry struct{ k, v []byte }
		es := make([]entry, 0, v.Len())
		it := v.MapRange()
		for it.Next() {
			sub := &Writer{Pointer: w.Pointer, Skip: w.Skip, depth: w.depth}
			sub.Value(it.Key())
			k := sub.b
			sub.b = nil
			sub.Value(it.Value())
			if sub.bad {
				w.bad = true
				return
			}
			es = append(es, entry{k, sub.b})
		}
		slices.SortFunc(es, func(a, b entry) int { return bytes.Compare(a.k, b.k) })
		w.b = append(w.b, '<')
		w.Int(int64(len(es)))
		for _, e := range es {
			w.Int(int64(len(e.k)))
			w.b = append(w.b, e.k...)
			w.Int(int64(len(e.v)))
			w.b = append(w.b, e.v...)
		}
	default: // functions, channels, unsafe pointers
		w.bad = true
	}
}
