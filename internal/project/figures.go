package project

import (
	"bytes"
	"fmt"
	"math"
	"path"
	"path/filepath"
	"strings"

	"quire/internal/doc"
	"quire/internal/pdfpage"
	"quire/internal/vector"
)

// isSVG reports whether an image file is SVG: by its extension, or by an
// XML or <svg start.
func isSVG(rel string, data []byte) bool {
	if strings.EqualFold(filepath.Ext(rel), ".svg") {
		return true
	}
	head := bytes.TrimLeft(data[:min(len(data), 512)], " \t\r\n\ufeff")
	return bytes.HasPrefix(head, []byte("<svg")) || bytes.HasPrefix(head, []byte("<?xml")) && bytes.Contains(data[:min(len(data), 4096)], []byte("<svg"))
}

// loadSVG parses an SVG figure into a vector drawing (never pixels).
func loadSVG(rel string, data []byte) (*doc.Image, error) {
	d, unsupported, err := vector.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("image %s: %v", rel, err)
	}
	im := &doc.Image{Path: rel, Data: data, Format: "svg", Vector: d,
		Width: int(math.Max(1, math.Round(d.W*16))), Height: int(math.Max(1, math.Round(d.H*16)))}
	if len(unsupported) > 0 {
		im.Warn = fmt.Sprintf("SVG image %s: %s", rel, vector.Describe(unsupported))
		im.WarnHint = "convert the text to paths in the drawing program (or export the figure as PDF or PNG)"
	}
	return im, nil
}

// isPDF reports whether an image file is a PDF: by its extension, or by
// the "%PDF-" header, which may follow up to 1024 bytes of anything.
func isPDF(rel string, data []byte) bool {
	return strings.EqualFold(filepath.Ext(rel), ".pdf") || bytes.Contains(data[:min(len(data), 1024+5)], []byte("%PDF-"))
}

// loadPDF checks a PDF figure: its first page is drawn as vector content
// (package pdfpage reads it; package pdf embeds it).
func loadPDF(rel string, data []byte) (*doc.Image, error) {
	f, err := pdfpage.Read(data, 1)
	if err != nil {
		hint := "export the figure again as PDF (or as SVG or PNG)"
		if strings.Contains(err.Error(), "encrypted") {
			hint = "remove the protection: qpdf --decrypt in.pdf out.pdf"
		}
		return nil, &hintError{fmt.Sprintf("PDF figure %s: %v", rel, err), hint}
	}
	im := &doc.Image{Path: rel, Data: data, Format: "pdf",
		Width: int(math.Max(1, math.Round(f.W*16))), Height: int(math.Max(1, math.Round(f.H*16))),
		NotPDFA: strings.Join(f.PDFA, ", ")}
	if f.Pages > 1 {
		im.Warn = fmt.Sprintf("PDF figure %s has %d pages; the first is drawn", rel, f.Pages)
		im.WarnHint = "give the figure a PDF of its own page (qpdf in.pdf --pages . N -- out.pdf)"
	}
	return im, nil
}

// hintError is an error that says what to do about it.
type hintError struct{ msg, hint string }

func (e *hintError) Error() string    { return e.msg }
func (e *hintError) HintText() string { return e.hint }

// otherCase returns the path, relative to the manuscript folder, of a file
// whose name differs from rel only in case (figures/TextMate.png for
// figures/textmate.png), or "". The folders are listed through the Folder,
// so nothing outside the manuscript folder is looked at.
func (f *Folder) otherCase(rel string) string {
	clean := path.Clean(filepath.ToSlash(rel))
	if clean == "." || clean == ".." || strings.HasPrefix(clean, "../") || path.IsAbs(clean) {
		return ""
	}
	dir := "."
	var found []string
	for _, want := range strings.Split(clean, "/") {
		ents, err := f.readDir(dir)
		if err != nil {
			return ""
		}
		match := ""
		for _, e := range ents {
			if e.Name() == want {
				match = want
				break
			}
			if match == "" && strings.EqualFold(e.Name(), want) {
				match = e.Name()
			}
		}
		if match == "" {
			return ""
		}
		found = append(found, match)
		dir = path.Join(dir, match)
	}
	if s := strings.Join(found, "/"); s != clean {
		return s
	}
	return ""
}
