package project

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"io"
	"sync"
)

// pngSound reports whether data is a PNG that image/png.Decode is sure to
// decode without error, checked without reconstructing a pixel: every
// chunk's CRC, the zlib stream of the image data (its checksum too), its
// length, and the filter byte of every row. A PNG that a figure uses is
// read and checked once per build (LoadImage); decoding it whole, only to
// throw the pixels away, cost 20 ms for a 1,667 × 972 chart, most of the
// article's load stage.
//
// It is a fast path, never a verdict of its own: false means "not known
// to be sound", and the caller then decodes the image with image/png,
// whose error (if any) is the one reported. So it accepts only the plain
// layout nearly every PNG has: IHDR first; bit depth 8 or 16, grey,
// grey+alpha, RGB or RGBA; no interlacing; no PLTE or tRNS; one run of
// IDAT chunks whose zlib stream ends exactly where the run ends; then
// IEND. Other chunks (text, colour profile, physical size) are skipped
// after their CRC is checked, as image/png skips them. For such a file
// image/png's decoder reads the same chunks and the same zlib stream and
// fails only on a bad CRC, a bad zlib stream or checksum, too little or
// too much pixel data, or a filter type above 4 — each checked here.
func pngSound(data []byte) bool {
	const header = "\x89PNG\r\n\x1a\n"
	if !bytes.HasPrefix(data, []byte(header)) {
		return false
	}
	rest := data[len(header):]
	var (
		width, height int
		bitsPerPixel  int
		idat          []byte // the IDAT run's data, concatenated
		idatParts     [][]byte
		seenIDAT      bool // a run of IDAT chunks has started
		runDone       bool // and ended (another chunk came after it)
		first         = true
	)
	for {
		if len(rest) < 12 {
			return false
		}
		length := binary.BigEndian.Uint32(rest[:4])
		if length > 0x7fffffff || int64(length) > int64(len(rest)-12) {
			return false
		}
		typ := string(rest[4:8])
		body := rest[8 : 8+length]
		if crc32.ChecksumIEEE(rest[4:8+length]) != binary.BigEndian.Uint32(rest[8+length:12+length]) {
			return false
		}
		rest = rest[12+length:]
		if first != (typ == "IHDR") {
			return false
		}
		switch typ {
		case "IHDR":
			first = false
			if length != 13 || body[10] != 0 || body[11] != 0 || body[12] != 0 {
				return false // compression, filter method, interlacing
			}
			w, h := int32(binary.BigEndian.Uint32(body[0:4])), int32(binary.BigEndian.Uint32(body[4:8]))
			if w <= 0 || h <= 0 || int64(w)*int64(h) > MaxImagePixels {
				return false
			}
			width, height = int(w), int(h)
			depth, ct := int(body[8]), body[9]
			if depth != 8 && depth != 16 {
				return false
			}
			channels := map[byte]int{0: 1, 2: 3, 4: 2, 6: 4}[ct]
			if channels == 0 {
				return false
			}
			bitsPerPixel = depth * channels
		case "IDAT":
			if runDone {
				return false
			}
			seenIDAT = true
			idatParts = append(idatParts, body)
		case "IEND":
			if !seenIDAT || length != 0 {
				return false
			}
			if len(idatParts) == 1 {
				idat = idatParts[0]
			} else {
				idat = bytes.Join(idatParts, nil)
			}
			return pixelDataSound(idat, width, height, bitsPerPixel)
		case "PLTE", "tRNS":
			return false
		default:
			if seenIDAT {
				runDone = true
			}
		}
	}
}

// rowPool holds the buffers pixelDataSound reads rows into.
var rowPool = sync.Pool{New: func() any { return new([]byte) }}

// pixelDataSound inflates the zlib stream z and reports whether it holds
// exactly height rows of 1+ceil(width*bitsPerPixel/8) bytes, each starting
// with a filter type from 0 to 4, and ends there with a good checksum.
func pixelDataSound(z []byte, width, height, bitsPerPixel int) bool {
	rowSize := 1 + (int64(bitsPerPixel)*int64(width)+7)/8
	if rowSize > 1<<30 {
		return false
	}
	br := bytes.NewReader(z)
	r, err := zlib.NewReader(br)
	if err != nil {
		return false
	}
	defer r.Close()
	bp := rowPool.Get().(*[]byte)
	defer rowPool.Put(bp)
	if int64(cap(*bp)) < rowSize {
		*bp = make([]byte, rowSize)
	}
	row := (*bp)[:rowSize]
	for range height {
		if _, err := io.ReadFull(r, row); err != nil || row[0] > 4 {
			return false
		}
	}
	// The stream must end here, its checksum good, with nothing after it.
	var one [1]byte
	if n, err := io.ReadFull(r, one[:]); n != 0 || err != io.EOF {
		return false
	}
	return br.Len() == 0
}
