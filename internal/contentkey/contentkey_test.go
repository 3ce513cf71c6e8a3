package contentkey

import (
	"reflect"
	"testing"
)

type pos struct{ Line int }

type node struct {
	Name string
	Pos  pos
	Kids []*node
	Up   *node
	Any  any
	Tags map[string]int
	priv float64
}

func key(t *testing.T, v any, opts ...func(*Writer)) string {
	t.Helper()
	w := &Writer{}
	for _, o := range opts {
		o(w)
	}
	w.Any(v)
	k, ok := w.Key()
	if !ok {
		t.Fatalf("no key for %#v", v)
	}
	return k
}

func TestEqualContentEqualKey(t *testing.T) {
	mk := func() *node {
		a := &node{Name: "a", Tags: map[string]int{"x": 1, "y": 2, "z": 3}, priv: 1.5}
		b := &node{Name: "b", Up: a, Any: int64(3)}
		a.Kids = []*node{b, b} // shared
		b.Kids = []*node{a}    // a cycle
		return a
	}
	k := key(t, mk())
	for range 20 { // map iteration order varies
		if key(t, mk()) != k {
			t.Fatal("equal values, different keys")
		}
	}
}

func TestDifferentContentDifferentKey(t *testing.T) {
	base := func() *node { return &node{Name: "a", Any: int64(3), Tags: map[string]int{"x": 1}, priv: 1} }
	k := key(t, base())
	for name, change := range map[string]func(*node){
		"a string":              func(n *node) { n.Name = "b" },
		"an unexported field":   func(n *node) { n.priv = 2 },
		"an interface's type":   func(n *node) { n.Any = int32(3) },
		"an interface's value":  func(n *node) { n.Any = int64(4) },
		"a map value":           func(n *node) { n.Tags["x"] = 2 },
		"a map key":             func(n *node) { n.Tags = map[string]int{"y": 1} },
		"nil against empty map": func(n *node) { n.Tags = nil },
		"a pointer's target":    func(n *node) { n.Up = &node{} },
		"a slice element":       func(n *node) { n.Kids = []*node{{}} },
	} {
		n := base()
		change(n)
		if key(t, n) == k {
			t.Errorf("%s changed, the key did not", name)
		}
	}
	// Strings are length-prefixed: "ab"+"c" is not "a"+"bc".
	type two struct{ A, B string }
	if key(t, two{"ab", "c"}) == key(t, two{"a", "bc"}) {
		t.Error(`{"ab", "c"} and {"a", "bc"} have one key`)
	}
}

func TestSkipAndPointer(t *testing.T) {
	skip := func(w *Writer) { w.Skip = map[reflect.Type]bool{reflect.TypeFor[pos](): true} }
	if key(t, node{Pos: pos{1}}, skip) != key(t, node{Pos: pos{2}}, skip) {
		t.Error("a skipped type changed the key")
	}
	if key(t, node{Pos: pos{1}}) == key(t, node{Pos: pos{2}}) {
		t.Error("without Skip, the position is part of the key")
	}
	byName := func(w *Writer) {
		w.Pointer = func(w *Writer, v reflect.Value) bool {
			if n, ok := v.Interface().(*node); ok {
				w.String(n.Name)
				return true
			}
			return false
		}
	}
	if key(t, &node{Name: "a", priv: 1}, byName) != key(t, &node{Name: "a", priv: 2}, byName) {
		t.Error("the Pointer hook's stand-in was not used")
	}
}

func TestNotAKey(t *testing.T) {
	w := &Writer{}
	w.Any(struct{ F func() }{func() {}})
	if _, ok := w.Key(); ok {
		t.Error("a function made a key")
	}
}
