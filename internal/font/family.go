package font

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/go-fonts/dejavu/dejavusansmono"
	"github.com/go-fonts/dejavu/dejavuserif"
	"github.com/go-fonts/dejavu/dejavuserifbold"
	"github.com/go-fonts/dejavu/dejavuserifbolditalic"
	"github.com/go-fonts/dejavu/dejavuserifitalic"
	"github.com/go-fonts/liberation/liberationmonobold"
	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansbolditalic"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"go.yaml.in/yaml/v3"

	"quire/assets"
)

// Family is a typeface family: up to four faces and what they share.
type Family struct {
	ID       string // the file name in assets/fonts without .yaml, or "file-<hash>" for an author's font
	Name     string // as mainfont, sansfont and monofont name it: "Noto Serif"
	Kind     string // "serif", "sans" or "mono"
	Default  bool   // the default family of its kind
	Fallback bool   // tried for characters the other families lack
	Licence  string // the licence file, in assets/fonts or a Go module
	// Protrusion holds, per character, the left and right protrusion in
	// thousandths of the character's advance width.
	Protrusion map[rune][2]float64
	// faces by style: "regular", "bold", "italic", "bold-italic" -> face name
	faces map[string]string
}

// Face returns the name of the family's face in the given style, or the
// nearest it has.
func (fam *Family) Face(bold, italic bool) string { return fam.nearest(bold, italic) }

func styleKey(bold, italic bool) string {
	switch {
	case bold && italic:
		return "bold-italic"
	case bold:
		return "bold"
	case italic:
		return "italic"
	}
	return "regular"
}

func (fam *Family) nearest(bold, italic bool) string {
	for _, k := range []string{styleKey(bold, italic), styleKey(bold, false), styleKey(false, italic), "regular"} {
		if n, ok := fam.faces[k]; ok {
			return n
		}
	}
	return ""
}

// Has reports whether the family has its own face for the style.
func (fam *Family) Has(bold, italic bool) bool {
	_, ok := fam.faces[styleKey(bold, italic)]
	return ok
}

// faceSource is where a face's bytes come from.
type faceSource struct {
	family       *Family
	bold, italic bool
	asset        string // path in assets.FS
	data         []byte // module or registered bytes
	lazy         func() ([]byte, error)
}

func (s *faceSource) bytes() ([]byte, error) {
	if s.data != nil {
		return s.data, nil
	}
	if s.lazy != nil {
		return s.lazy()
	}
	return fs.ReadFile(assets.FS, s.asset)
}

// moduleFonts are the faces that come from Go modules, by the names the
// family files give them after "module:".
var moduleFonts = map[string][]byte{
	"liberation/LiberationSerif-Regular.ttf":    liberationserifregular.TTF,
	"liberation/LiberationSerif-Bold.ttf":       liberationserifbold.TTF,
	"liberation/LiberationSerif-Italic.ttf":     liberationserifitalic.TTF,
	"liberation/LiberationSerif-BoldItalic.ttf": liberationserifbolditalic.TTF,
	"liberation/LiberationSans-Regular.ttf":     liberationsansregular.TTF,
	"liberation/LiberationSans-Bold.ttf":        liberationsansbold.TTF,
	"liberation/LiberationSans-Italic.ttf":      liberationsansitalic.TTF,
	"liberation/LiberationSans-BoldItalic.ttf":  liberationsansbolditalic.TTF,
	"liberation/LiberationMono-Regular.ttf":     liberationmonoregular.TTF,
	"liberation/LiberationMono-Bold.ttf":        liberationmonobold.TTF,
	"dejavu/DejaVuSerif.ttf":                    dejavuserif.TTF,
	"dejavu/DejaVuSerif-Bold.ttf":               dejavuserifbold.TTF,
	"dejavu/DejaVuSerif-Italic.ttf":             dejavuserifitalic.TTF,
	"dejavu/DejaVuSerif-BoldItalic.ttf":         dejavuserifbolditalic.TTF,
	"dejavu/DejaVuSans.ttf":                     dejavusans.TTF,
	"dejavu/DejaVuSans-Bold.ttf":                dejavusansbold.TTF,
	"dejavu/DejaVuSansMono.ttf":                 dejavusansmono.TTF,
}

// familyFile is the YAML of assets/fonts/<id>.yaml.
type familyFile struct {
	Name       string                `yaml:"name"`
	Kind       string                `yaml:"kind"`
	Default    bool                  `yaml:"default"`
	Fallback   bool                  `yaml:"fallback"`
	Licence    string                `yaml:"licence"`
	Faces      map[string]string     `yaml:"faces"`
	Protrusion map[string][2]float64 `yaml:"protrusion"`
}

type reg struct {
	families []*Family // shipped families, in file name order, then registered ones
	faces    map[string]*faceSource
}

var (
	regOnce sync.Once
	regMu   sync.Mutex
	regCur  *reg // replaced, never changed, when a family is registered
	regErr  error
)

func registry() *reg {
	regOnce.Do(func() {
		r, err := loadRegistry()
		if err != nil {
			regErr = err
			r = &reg{faces: map[string]*faceSource{}}
		}
		regMu.Lock()
		regCur = r
		regMu.Unlock()
	})
	regMu.Lock()
	defer regMu.Unlock()
	return regCur
}

// faceName returns the name of a face of family fam.
func faceName(fam *Family, style string) string {
	suffix := map[string]string{"regular": "", "bold": "-bold", "italic": "-italic", "bold-italic": "-bolditalic"}[style]
	switch {
	case fam.Default:
		return fam.Kind + suffix
	case fam.Fallback:
		return "fb-" + fam.Kind + suffix
	}
	return fam.ID + suffix
}

var styles = []string{"regular", "bold", "italic", "bold-italic"}

func loadRegistry() (*reg, error) {
	r := &reg{faces: map[string]*faceSource{}}
	files, err := fs.Glob(assets.FS, "fonts/*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	for _, file := range files {
		b, err := fs.ReadFile(assets.FS, file)
		if err != nil {
			return nil, err
		}
		var ff familyFile
		if err := yaml.Unmarshal(b, &ff); err != nil {
			return nil, fmt.Errorf("assets/%s: %v", file, err)
		}
		id := strings.TrimSuffix(path.Base(file), ".yaml")
		fam := &Family{ID: id, Name: ff.Name, Kind: ff.Kind, Default: ff.Default, Fallback: ff.Fallback, Licence: ff.Licence, faces: map[string]string{}}
		if fam.Kind != "serif" && fam.Kind != "sans" && fam.Kind != "mono" {
			return nil, fmt.Errorf("assets/%s: kind %q is not serif, sans or mono", file, ff.Kind)
		}
		if len(ff.Protrusion) > 0 {
			fam.Protrusion = map[rune][2]float64{}
			for k, v := range ff.Protrusion {
				rs := []rune(k)
				if len(rs) != 1 {
					return nil, fmt.Errorf("assets/%s: protrusion key %q is not one character", file, k)
				}
				fam.Protrusion[rs[0]] = v
			}
		}
		for _, st := range styles {
			src, ok := ff.Faces[st]
			if !ok {
				continue
			}
			fsrc := &faceSource{family: fam, bold: strings.HasPrefix(st, "bold"), italic: strings.HasSuffix(st, "italic")}
			if m, ok := strings.CutPrefix(src, "module:"); ok {
				if fsrc.data = moduleFonts[m]; fsrc.data == nil {
					return nil, fmt.Errorf("assets/%s: no module font %q", file, m)
				}
			} else {
				fsrc.asset = "fonts/" + src
			}
			name := faceName(fam, st)
			r.faces[name] = fsrc
			fam.faces[st] = name
		}
		if _, ok := fam.faces["regular"]; !ok {
			return nil, fmt.Errorf("assets/%s: no regular face", file)
		}
		r.families = append(r.families, fam)
	}
	names := make([]string, 0, len(sources))
	for n := range sources {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fam := &Family{ID: n, Name: n, Kind: "serif", faces: map[string]string{"regular": n}}
		r.faces[n] = &faceSource{family: fam, data: sources[n]}
		r.families = append(r.families, fam)
	}
	for _, n := range sortedKeys(lazySources) {
		fam := &Family{ID: n, Name: n, Kind: "math", faces: map[string]string{"regular": n}}
		r.faces[n] = &faceSource{family: fam, lazy: lazySources[n]}
	}
	return r, nil
}

// Families returns the shipped and registered families, shipped ones in
// the order of their files.
func Families() []*Family {
	return append([]*Family(nil), registry().families...)
}

// Lookup returns the family that name (as mainfont gives it: "Noto Serif",
// "noto-serif", "Liberation Serif") designates, or nil.
func Lookup(name string) *Family {
	want := lower(name)
	for _, fam := range registry().families {
		if !strings.HasPrefix(fam.ID, "file-") && (lower(fam.Name) == want || lower(fam.ID) == want) {
			return fam
		}
	}
	return nil
}

// DefaultFamily returns the default family of a kind: "serif", "sans" or
// "mono".
func DefaultFamily(kind string) *Family {
	for _, fam := range registry().families {
		if fam.Default && fam.Kind == kind {
			return fam
		}
	}
	return nil
}

// Register adds a family made of an author's TrueType files: faces maps a
// style ("regular", "bold", "italic", "bold-italic") to the file's bytes,
// and regular is required. The family borrows the protrusion of the
// default family of its kind. Registering the same bytes again returns
// the same family. An OpenType file with PostScript outlines, a collection
// or a file that is not TrueType is an error that says so.
func Register(name, kind string, faces map[string][]byte) (*Family, error) {
	if faces["regular"] == nil {
		return nil, fmt.Errorf("font %s: no regular face", name)
	}
	h := sha256.New()
	h.Write([]byte(kind))
	for _, st := range styles {
		if b := faces[st]; b != nil {
			fmt.Fprintf(h, "%s:%d:", st, len(b))
			h.Write(b)
		}
	}
	id := "file-" + hex.EncodeToString(h.Sum(nil)[:6])
	for _, st := range styles {
		if b := faces[st]; b != nil {
			if _, err := load(name, b); err != nil {
				return nil, err
			}
		}
	}
	registry()
	regMu.Lock()
	defer regMu.Unlock()
	for _, fam := range regCur.families {
		if fam.ID == id {
			return fam, nil
		}
	}
	fam := &Family{ID: id, Name: name, Kind: kind, faces: map[string]string{}}
	for _, f := range regCur.families {
		if f.Default && f.Kind == kind {
			fam.Protrusion = f.Protrusion
		}
	}
	next := &reg{families: append(append([]*Family(nil), regCur.families...), fam), faces: make(map[string]*faceSource, len(regCur.faces)+4)}
	for k, v := range regCur.faces {
		next.faces[k] = v
	}
	for _, st := range styles {
		if b := faces[st]; b != nil {
			fn := faceName(fam, st)
			next.faces[fn] = &faceSource{family: fam, bold: strings.HasPrefix(st, "bold"), italic: strings.HasSuffix(st, "italic"), data: b}
			fam.faces[st] = fn
		}
	}
	regCur = next
	return fam, nil
}

// Fallbacks returns the faces to try, in order, for a rune that face name
// lacks: the same style of the default family of its kind, of the
// fallback family of its kind, then the last-resort faces.
func Fallbacks(name string) []string {
	r := registry()
	src, ok := r.faces[name]
	if !ok {
		return nil
	}
	var out []string
	add := func(n string) {
		if n == "" || n == name {
			return
		}
		for _, o := range out {
			if o == n {
				return
			}
		}
		out = append(out, n)
	}
	kind := src.family.Kind
	for _, pass := range []func(*Family) bool{
		func(f *Family) bool { return f.Default && f.Kind == kind },
		func(f *Family) bool { return f.Fallback && f.Kind == kind },
	} {
		for _, fam := range r.families {
			if pass(fam) {
				add(fam.nearest(src.bold, src.italic))
			}
		}
	}
	for _, n := range lastResort {
		add(n)
	}
	return out
}
