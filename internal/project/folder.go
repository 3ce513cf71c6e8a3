package project

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"unicode/utf8"

	"quire/internal/diag"
)

// Kind says what an input is: how it is named in messages, how large it
// may be, and whether it must be text. Every input Quire reads from a
// manuscript folder has one; a new kind of input adds a Kind here.
type Kind struct {
	Noun string // "image", as in "image fig.png is a FIFO, not a file"
	Max  int64  // size limit in bytes, checked on the open descriptor before reading
	Text bool   // refuse binary content; a lone CR is read as a line end
}

// The kinds of input. Their limits keep one build within a few GB of
// memory: see MaxSource for the Markdown.
var (
	Markdown     = Kind{Noun: "manuscript", Max: MaxSource, Text: true}
	Image        = Kind{Noun: "image", Max: MaxImageBytes}
	Bibliography = Kind{Noun: "bibliography", Max: 32 << 20, Text: true}
	Data         = Kind{Noun: "data file", Max: 50 << 20, Text: true}
	Style        = Kind{Noun: "citation style", Max: 8 << 20, Text: true} // .csl, locales
	Font         = Kind{Noun: "font", Max: 64 << 20}                      // .ttf
	Figure       = Kind{Noun: "figure", Max: 50 << 20}                    // .svg, .pdf
	Config       = Kind{Noun: "configuration file", Max: 1 << 20, Text: true}
	Metadata     = Kind{Noun: "metadata file", Max: maxFrontMatter, Text: true} // metadata.yaml, _quarto.yml
)

// Folder is the manuscript folder, opened once as an os.Root. It is the
// one way Quire reads a manuscript's files: the Markdown, images,
// bibliographies and CSV data, and every input added later (CSL styles,
// fonts, SVG and PDF figures, further chapters, _quarto.yml). A package
// that needs a file takes a *Folder and calls
//
//	src, err := folder.ReadFile(rel, project.Style)
//
// with rel as the author wrote it (slash-separated, relative to the
// folder). ReadFile guarantees, for every kind:
//
//   - nothing outside the folder is read: URLs, absolute paths, ".." that
//     leaves the folder and symbolic links that lead out of it are refused.
//     The file is opened beneath the folder's descriptor component by
//     component (openat with O_NOFOLLOW, as os.Root does), and only that
//     descriptor is read, so a link swapped during the build cannot redirect
//     the read;
//   - only a regular file is read: a FIFO, device, socket or folder is an
//     error at once (the open never blocks);
//   - the size limit of the Kind is checked on the open descriptor before
//     a byte is read, and the read stops at the limit;
//   - a Text kind that holds binary data is an error naming the file;
//     lone CRs (old Mac line ends) become LFs, so lines and columns count
//     as the author sees them (offsets do not move).
//
// Errors are *FileError: the message names the kind and the path, Hint
// says what to do, and errors.Is(err, fs.ErrNotExist) tells a missing file.
// A Folder is safe for concurrent use; Close releases it.
type Folder struct {
	Dir     string // absolute path of the folder, for messages
	root    *os.Root
	display string // the folder as the user named it: paths under it are made relative by rel

	mu     sync.Mutex
	inputs []os.FileInfo // every file read, so that -o can refuse to overwrite one
	total  int64         // bytes read, against MaxTotal
}

// MaxTotal bounds the bytes a build reads from the folder, all inputs
// together: each kind's limit bounds one file, this the sum (a hundred
// images of 50 MB would need 10 GB of memory to typeset).
const MaxTotal = 512 << 20

// OpenFolder opens dir as a manuscript folder.
func OpenFolder(dir string) (*Folder, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	r, err := os.OpenRoot(abs)
	if err != nil {
		return nil, err
	}
	return &Folder{Dir: abs, root: r}, nil
}

// Close releases the folder's descriptor.
func (f *Folder) Close() error {
	if f == nil || f.root == nil {
		return nil
	}
	return f.root.Close()
}

// FileError is a manuscript input that cannot be read.
type FileError struct {
	Path string // as written in the manuscript
	Kind Kind
	Err  error // the underlying cause; fs.ErrNotExist for a missing file
	msg  string
	hint string
}

func (e *FileError) Error() string { return e.msg }

// HintText says what to do about it.
func (e *FileError) HintText() string { return e.hint }

func (e *FileError) Unwrap() error { return e.Err }

func (f *Folder) fail(rel string, k Kind, cause error, hint, format string, args ...any) *FileError {
	return &FileError{Path: rel, Kind: k, Err: cause, msg: fmt.Sprintf(format, args...), hint: hint}
}

// ErrOutside is the cause (errors.Is) of a path refused because it leaves
// the folder: a URL, an absolute path, ".." or a link leading out.
var ErrOutside = errors.New("outside the manuscript folder")

const hintInside = "copy the file into the manuscript folder and give its path relative to it"

// IsURL reports whether a path written in the manuscript is a URL (a
// scheme such as https: or data:, or a protocol-relative //host/...).
func IsURL(rel string) bool {
	if strings.HasPrefix(rel, "//") {
		return true
	}
	i := strings.IndexByte(rel, ':')
	if i < 2 { // "C:" is a drive letter, not a scheme
		return false
	}
	for j, c := range rel[:i] {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case j > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// check refuses, before any system call, what can be judged from the path.
func (f *Folder) check(rel string, k Kind) (string, error) {
	switch {
	case rel == "":
		return "", f.fail(rel, k, fs.ErrInvalid, "give the file's path relative to the manuscript folder", "no %s path given", k.Noun)
	case IsURL(rel):
		// Worded as markdown words a remote image.
		return "", f.fail(rel, k, ErrOutside, "download it into the manuscript folder and give its relative path",
			"remote %s are not fetched; download %s into the manuscript folder", plural(k.Noun), rel)
	case filepath.IsAbs(rel) || strings.HasPrefix(rel, "/") || strings.HasPrefix(rel, `\`):
		return "", f.fail(rel, k, ErrOutside, hintInside, "%s %s is an absolute path; give a path relative to the manuscript folder", k.Noun, rel)
	case strings.IndexByte(rel, 0) >= 0:
		return "", f.fail(rel, k, fs.ErrInvalid, "remove the NUL byte from the path", "%s path %q holds a NUL byte", k.Noun, rel)
	}
	clean := filepath.Clean(filepath.FromSlash(rel))
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", f.fail(rel, k, ErrOutside, hintInside, "%s %s leaves the manuscript folder; keep referenced files inside %s", k.Noun, rel, f.Dir)
	}
	return clean, nil
}

// Stat describes the file rel names without reading it, with the same
// checks as ReadFile (inside the folder, a regular file). It follows
// symbolic links that stay inside the folder.
func (f *Folder) Stat(rel string, k Kind) (os.FileInfo, error) {
	file, fi, err := f.open(rel, k)
	if err != nil {
		return nil, err
	}
	file.Close()
	return fi, nil
}

// Exists reports whether rel names something (a file, folder or link)
// inside the folder.
func (f *Folder) Exists(rel string) bool {
	clean, err := f.check(rel, Kind{Noun: "file"})
	if err != nil {
		return false
	}
	_, err = f.root.Lstat(clean)
	return err == nil
}

// open opens rel beneath the folder and checks that it is a regular file
// within the size limit.
func (f *Folder) open(rel string, k Kind) (*os.File, os.FileInfo, error) {
	clean, err := f.check(rel, k)
	if err != nil {
		return nil, nil, err
	}
	// O_NONBLOCK: opening a FIFO must not wait for a writer. It has no
	// effect on reading a regular file.
	file, err := f.root.OpenFile(clean, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, f.openError(rel, k, err)
	}
	fi, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, nil, f.fail(rel, k, err, "check the file's permissions", "cannot read %s %s: %v", k.Noun, rel, unwrapPathErr(err))
	}
	if !fi.Mode().IsRegular() {
		file.Close()
		return nil, nil, f.fail(rel, k, fs.ErrInvalid, "give the path of a regular file", "%s %s is %s, not a regular file", k.Noun, rel, diag.FileKind(fi.Mode()))
	}
	if fi.Size() > k.Max {
		file.Close()
		return nil, nil, f.fail(rel, k, errTooLarge, "make the file smaller, or split it", "%s %s is %s; the limit is %s", k.Noun, rel, sizeString(fi.Size()), sizeString(k.Max))
	}
	return file, fi, nil
}

var errTooLarge = errors.New("over the size limit")

func (f *Folder) openError(rel string, k Kind, err error) error {
	cause := unwrapPathErr(err)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return f.fail(rel, k, fs.ErrNotExist, "check the path: it is relative to the manuscript folder", "%s %s: no such file in %s", k.Noun, rel, f.Dir)
	case cause != nil && cause.Error() == "path escapes from parent":
		// os.Root refuses a symbolic link (or a link inside a
		// subfolder) leading out of the folder.
		return f.fail(rel, k, ErrOutside, hintInside, "%s %s links outside the manuscript folder; keep referenced files inside %s", k.Noun, rel, f.Dir)
	case errors.Is(err, syscall.ELOOP):
		return f.fail(rel, k, err, "replace the symbolic link with the file", "%s %s: too many levels of symbolic links", k.Noun, rel)
	case errors.Is(err, syscall.ENXIO):
		return f.fail(rel, k, fs.ErrInvalid, "give the path of a regular file", "%s %s is a socket, not a regular file", k.Noun, rel)
	case errors.Is(err, fs.ErrPermission):
		return f.fail(rel, k, err, "check the file's permissions", "cannot read %s %s: permission denied", k.Noun, rel)
	}
	return f.fail(rel, k, err, "check the path: it is relative to the manuscript folder", "cannot read %s %s: %v", k.Noun, rel, cause)
}

func sizeString(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// ReadFile reads the input rel (as written in the manuscript) with the
// checks described on Folder.
func (f *Folder) ReadFile(rel string, k Kind) ([]byte, error) {
	file, fi, err := f.open(rel, k)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	f.mu.Lock()
	over := f.total+fi.Size() > MaxTotal
	f.mu.Unlock()
	if over {
		return nil, f.fail(rel, k, errTooLarge, "make the images smaller, or split the manuscript", "%s %s: the manuscript's files add up to more than %s (the limit of one build)", k.Noun, rel, sizeString(MaxTotal))
	}
	// Room for the whole file and the read that finds its end: ReadFrom
	// grows a buffer with less than bytes.MinRead free, doubling it (a
	// 3 MB manuscript cost 7 MB more, cleared).
	buf := make([]byte, 0, fi.Size()+bytes.MinRead)
	b := bytes.NewBuffer(buf)
	// The file may grow after Stat; never read past the limit.
	n, err := b.ReadFrom(io.LimitReader(file, k.Max+1))
	if err != nil {
		return nil, f.fail(rel, k, err, "check the file", "cannot read %s %s: %v", k.Noun, rel, unwrapPathErr(err))
	}
	if n > k.Max {
		return nil, f.fail(rel, k, errTooLarge, "make the file smaller, or split it", "%s %s is larger than the limit of %s", k.Noun, rel, sizeString(k.Max))
	}
	src := b.Bytes()
	if k.Text {
		if !looksLikeText(src) {
			return nil, f.fail(rel, k, errBinary, "give a text file (UTF-8)", "%s %s is not a text file (it contains binary data)", k.Noun, rel)
		}
		NormalizeLineEnds(src)
	}
	f.mu.Lock()
	f.inputs = append(f.inputs, fi)
	f.total += int64(len(src))
	f.mu.Unlock()
	return src, nil
}

var errBinary = errors.New("binary data")

// Inputs returns the files read so far, for the output writer to refuse
// overwriting one of them.
func (f *Folder) Inputs() []os.FileInfo {
	if f == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]os.FileInfo(nil), f.inputs...)
}

// NormalizeLineEnds turns every CR that is not followed by LF into LF, in
// place: a file saved with old Mac line ends then has the lines its author
// sees, and every byte keeps its offset.
func NormalizeLineEnds(b []byte) {
	for i := bytes.IndexByte(b, '\r'); i >= 0; {
		if i+1 >= len(b) || b[i+1] != '\n' {
			b[i] = '\n'
		}
		j := bytes.IndexByte(b[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
}

// rel turns a path built by joining the folder's name (as the user gave
// it) with a relative path back into that relative path, for ReadFile.
func (f *Folder) rel(p string) string {
	base := f.display
	if base == "" {
		base = f.Dir
	}
	if r, err := filepath.Rel(base, p); err == nil {
		return filepath.ToSlash(r)
	}
	return p
}

// looksLikeText rejects binary files and UTF-16 text, judged by the first
// 64 KB: more than a few control characters (NUL and the like), or more than
// a quarter of them; or, in 32 bytes or more, more than 5% invalid UTF-8
// with hardly any spaces or line ends (text in a legacy 8-bit encoding has
// them, and is taken as text that is "not UTF-8"). A stray NUL in text is
// allowed: CommonMark replaces it with U+FFFD.
func looksLikeText(b []byte) bool {
	head := b
	if len(head) > 1<<16 {
		head = head[:1<<16]
	}
	ctl, space := 0, 0
	for _, c := range head {
		switch {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t':
			space++
		case c < 0x20 && c != '\f' && c != '\v' && c != 0x1b:
			ctl++
		}
	}
	if ctl > 8 || ctl*4 > len(head) {
		return false
	}
	bad := 0
	for rest := head; len(rest) > 0; {
		r, n := utf8.DecodeRune(rest)
		if r == utf8.RuneError && n == 1 && len(rest) > 3 {
			bad++
		}
		rest = rest[n:]
	}
	if bad*20 < len(head)+1 || len(head) < 32 {
		return true
	}
	return space*50 >= len(head)
}

// WarnUTF8 warns, at the first bad byte, when src (the text of file) is
// not valid UTF-8.
func WarnUTF8(file string, src []byte, diags *diag.List) {
	if utf8.Valid(src) {
		return
	}
	off := 0
	for off < len(src) {
		r, n := utf8.DecodeRune(src[off:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		off += n
	}
	diags.Warnf(diag.NewLineIndex(file, src, 0).Pos(off), "save the file as UTF-8",
		"the file is not valid UTF-8 (byte %#x here); invalid bytes are replaced", src[off])
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// isFile reports whether rel names something in the folder that a build
// should take as a file: anything but a folder, a link leading out
// included, so that ReadFile refuses it with its reason rather than the
// discovery passing it over silently.
func (f *Folder) isFile(rel string) bool {
	clean, err := f.check(rel, Kind{Noun: "file"})
	if err != nil {
		return false
	}
	fi, err := f.root.Lstat(clean)
	if err != nil {
		return false
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		if st, err := f.root.Stat(clean); err == nil && st.IsDir() {
			return false
		}
		return true
	}
	return !fi.IsDir()
}

// isDir reports whether rel names a folder inside the folder.
func (f *Folder) isDir(rel string) bool {
	clean, err := f.check(rel, Kind{Noun: "folder"})
	if err != nil {
		return false
	}
	fi, err := f.root.Stat(clean)
	return err == nil && fi.IsDir()
}

// readDir lists the folder rel inside the folder.
func (f *Folder) readDir(rel string) ([]fs.DirEntry, error) {
	clean, err := f.check(rel, Kind{Noun: "folder"})
	if err != nil {
		return nil, err
	}
	d, err := f.root.Open(clean)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.ReadDir(-1)
}

// plural is the plural of a Kind's noun.
func plural(noun string) string {
	if strings.HasSuffix(noun, "y") {
		return noun[:len(noun)-1] + "ies"
	}
	return noun + "s"
}
