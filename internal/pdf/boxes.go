package pdf

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"quire/internal/draw"
)

// pageObjects returns the object numbers of the pages in order, read from
// the /Kids of the page tree fpdf writes (a single /Pages node).
func pageObjects(pdf []byte) ([]int, error) {
	const key = "<</Type /Pages\n/Kids ["
	i := bytes.Index(pdf, []byte(key))
	if i < 0 {
		return nil, fmt.Errorf("pdf: no page tree")
	}
	rest := pdf[i+len(key):]
	j := bytes.IndexByte(rest, ']')
	if j < 0 {
		return nil, fmt.Errorf("pdf: bad page tree")
	}
	f := strings.Fields(string(rest[:j]))
	if len(f)%3 != 0 {
		return nil, fmt.Errorf("pdf: bad page tree")
	}
	var nums []int
	for k := 0; k < len(f); k += 3 {
		n, err := strconv.Atoi(f[k])
		if err != nil || f[k+1] != "0" || f[k+2] != "R" {
			return nil, fmt.Errorf("pdf: bad page tree")
		}
		nums = append(nums, n)
	}
	return nums, nil
}

// boxes returns the /TrimBox and /BleedBox entries of page p: the media
// box inset by opt.TrimInset and opt.BleedInset. Only these two boxes are
// written, always in this order; fpdf's own page boxes are never used, as
// fpdf writes them in map order and the output would vary from run to run.
func boxes(p *draw.Page, opt Options) []byte {
	box := func(d float64) string {
		return fmt.Sprintf("[%.2f %.2f %.2f %.2f]", d, d, p.Width-d, p.Height-d)
	}
	return fmt.Appendf(nil, "/TrimBox %s\n/BleedBox %s\n", box(opt.TrimInset), box(opt.BleedInset))
}

// hasBoxes tells whether opt asks for a TrimBox and a BleedBox.
func (opt Options) hasBoxes() bool { return opt.TrimInset > 0 }
