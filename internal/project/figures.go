package project

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path"
	"path/filepath"
	"strings"

	"quire/internal/doc"
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
	}
	return im, nil
}

// otherCase returns the path, relative to the manuscript folder, of a file
// whose name differs from rel only in case (figures/TextMate.png for
// figures/textmate.png), or "".
func otherCase(root, rel string) string {
	parts := strings.Split(path.Clean(filepath.ToSlash(rel)), "/")
	dir := root
	var found []string
	for _, want := range parts {
		ents, err := os.ReadDir(dir)
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
		dir = filepath.Join(dir, match)
	}
	if s := strings.Join(found, "/"); s != path.Clean(filepath.ToSlash(rel)) {
		return s
	}
	return ""
}
