package project

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quire/internal/testenv"
)

// pngChunk returns one chunk: length, type, data, CRC.
func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	return b.Bytes()
}

// pngChunks splits a PNG into its chunks (type and data).
func pngChunks(t *testing.T, data []byte) (types []string, bodies [][]byte) {
	t.Helper()
	rest := data[8:]
	for len(rest) >= 12 {
		n := binary.BigEndian.Uint32(rest[:4])
		types = append(types, string(rest[4:8]))
		bodies = append(bodies, rest[8:8+n])
		rest = rest[12+n:]
	}
	return types, bodies
}

// assemblePNG builds a PNG from chunks.
func assemblePNG(types []string, bodies [][]byte) []byte {
	out := []byte("\x89PNG\r\n\x1a\n")
	for i, typ := range types {
		out = append(out, pngChunk(typ, bodies[i])...)
	}
	return out
}

// handPNG makes a w×h RGB (8-bit) PNG whose rows are given raw (filter
// byte first), compressed as one zlib stream followed by extra bytes.
func handPNG(w, h int, rows [][]byte, extra []byte) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 2
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	for _, r := range rows {
		zw.Write(r)
	}
	zw.Close()
	z.Write(extra)
	return assemblePNG([]string{"IHDR", "IDAT", "IEND"}, [][]byte{ihdr, z.Bytes(), nil})
}

// samplePNGs returns PNGs of every colour model image/png writes, and the
// PNGs of the shared test data.
func samplePNGs(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	r := rand.New(rand.NewSource(1))
	const w, h = 37, 23
	imgs := map[string]image.Image{
		"gray":    image.NewGray(image.Rect(0, 0, w, h)),
		"gray16":  image.NewGray16(image.Rect(0, 0, w, h)),
		"rgba":    image.NewRGBA(image.Rect(0, 0, w, h)),
		"nrgba":   image.NewNRGBA(image.Rect(0, 0, w, h)),
		"rgba64":  image.NewRGBA64(image.Rect(0, 0, w, h)),
		"nrgba64": image.NewNRGBA64(image.Rect(0, 0, w, h)),
		"paletted": image.NewPaletted(image.Rect(0, 0, w, h),
			color.Palette{color.Black, color.White, color.RGBA{200, 10, 10, 255}}),
	}
	for name, im := range imgs {
		for y := range h {
			for x := range w {
				switch m := im.(type) {
				case *image.Paletted:
					m.SetColorIndex(x, y, uint8(r.Intn(3)))
				case *image.RGBA:
					m.Set(x, y, color.RGBA{uint8(r.Intn(256)), uint8(x), uint8(y), 255}) // opaque: written as RGB
				default:
					m.(interface{ Set(int, int, color.Color) }).Set(x, y, color.NRGBA64{uint16(r.Intn(65536)), uint16(x * 999), uint16(y * 77), uint16(r.Intn(65536))})
				}
			}
		}
		var b bytes.Buffer
		if err := png.Encode(&b, im); err != nil {
			t.Fatal(err)
		}
		out[name] = b.Bytes()
	}
	dir := testenv.SharedData(t)
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(strings.ToLower(p), ".png") {
			if b, err := os.ReadFile(p); err == nil && len(b) < 1<<20 {
				out[p] = b
			}
		}
		return nil
	})
	return out
}

// TestPNGSoundNeverWrong is the fast path's contract: whatever it
// accepts, image/png decodes without error. Every sample and thousands
// of damaged copies of them are tried: bytes flipped at random, bytes
// flipped in the image data with the chunk's CRC made good again (so
// that the zlib stream and the rows are what is wrong), truncations, and
// the image data split over several IDAT chunks or followed by others.
func TestPNGSoundNeverWrong(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	samples := samplePNGs(t)
	if len(samples) < 8 {
		t.Fatalf("only %d sample PNGs", len(samples))
	}
	tried, accepted := 0, 0
	check := func(name string, data []byte) {
		tried++
		if !pngSound(data) {
			return
		}
		accepted++
		if _, err := png.Decode(bytes.NewReader(data)); err != nil {
			t.Errorf("%s: pngSound accepted a PNG image/png rejects: %v", name, err)
		}
	}
	for name, data := range samples {
		if _, err := png.Decode(bytes.NewReader(data)); err != nil {
			continue
		}
		check(name, data)
		types, bodies := pngChunks(t, data)
		idat := -1
		for i, typ := range types {
			if typ == "IDAT" {
				idat = i
				break
			}
		}
		for range 120 {
			m := bytes.Clone(data)
			m[r.Intn(len(m))] ^= byte(1 + r.Intn(255))
			check(name+" flipped", m)
			check(name+" truncated", data[:r.Intn(len(data))])
			if idat < 0 {
				continue
			}
			bs := append([][]byte(nil), bodies...)
			z := bytes.Clone(bodies[idat])
			switch r.Intn(4) {
			case 0:
				z[r.Intn(len(z))] ^= byte(1 + r.Intn(255))
			case 1:
				z = z[:r.Intn(len(z))]
			case 2:
				z = append(z, byte(r.Intn(256)))
			case 3:
				i := r.Intn(len(z))
				z = append(z[:i:i], z[i+1:]...)
			}
			bs[idat] = z
			check(name+" image data damaged", assemblePNG(types, bs))
		}
		if idat < 0 {
			continue
		}
		// Split the image data over three IDAT chunks (sound), and put
		// a text chunk after it, or within the run.
		z := bodies[idat]
		a, b := len(z)/3, 2*len(z)/3
		split := func(mid ...string) []byte {
			ts := append(append([]string(nil), types[:idat]...), "IDAT", "IDAT")
			bs := append(append([][]byte(nil), bodies[:idat]...), z[:a], z[a:b])
			for _, x := range mid {
				ts, bs = append(ts, x), append(bs, []byte("Comment\x00hello"))
			}
			ts, bs = append(ts, "IDAT"), append(bs, z[b:])
			ts = append(ts, types[idat+1:]...)
			bs = append(bs, bodies[idat+1:]...)
			return assemblePNG(ts, bs)
		}
		check(name+" split", split())
		check(name+" split by tEXt", split("tEXt"))
		ts := append(append([]string(nil), types[:idat+1]...), "tEXt")
		bs := append(append([][]byte(nil), bodies[:idat+1]...), []byte("Comment\x00after"))
		check(name+" tEXt after", assemblePNG(append(ts, types[idat+1:]...), append(bs, bodies[idat+1:]...)))
	}
	if accepted == 0 || accepted == tried {
		t.Fatalf("pngSound accepted %d of %d PNGs: the test does not exercise it", accepted, tried)
	}
	t.Logf("%d PNGs tried, %d accepted", tried, accepted)
}

// TestPNGSoundCases pins the fast path's answers: the common layouts are
// accepted (or nothing would be faster), and each defect image/png would
// find in pixel data is refused.
func TestPNGSoundCases(t *testing.T) {
	samples := samplePNGs(t)
	for _, name := range []string{"gray", "gray16", "rgba", "nrgba", "rgba64", "nrgba64"} {
		if !pngSound(samples[name]) {
			t.Errorf("%s: a sound PNG is not recognised", name)
		}
	}
	if pngSound(samples["paletted"]) {
		t.Error("paletted: accepted, though the fast path does not check palettes")
	}
	row := func(filter byte) []byte { return append([]byte{filter}, make([]byte, 3*4)...) }
	cases := []struct {
		name    string
		data    []byte
		decodes bool // image/png decodes it
		sound   bool // and pngSound says so
	}{
		{"good", handPNG(4, 3, [][]byte{row(0), row(1), row(4)}, nil), true, true},
		{"filter type 5", handPNG(4, 3, [][]byte{row(0), row(5), row(0)}, nil), false, false},
		{"a row short", handPNG(4, 3, [][]byte{row(0), row(0)}, nil), false, false},
		{"a row too many", handPNG(4, 3, [][]byte{row(0), row(0), row(0), row(0)}, nil), false, false},
		{"a byte too many", handPNG(4, 3, [][]byte{row(0), row(0), append(row(0), 0)}, nil), false, false},
		// image/png reads past the stream's end (it buffers) and accepts
		// this; the fast path leaves it to image/png.
		{"bytes after the stream", handPNG(4, 3, [][]byte{row(0), row(0), row(0)}, []byte{0, 0}), true, false},
	}
	for _, c := range cases {
		_, err := png.Decode(bytes.NewReader(c.data))
		if (err == nil) != c.decodes {
			t.Fatalf("%s: image/png says %v; the case is wrong", c.name, err)
		}
		if got := pngSound(c.data); got != c.sound {
			t.Errorf("%s: pngSound = %v, want %v", c.name, got, c.sound)
		}
	}
	// A bad CRC in an ancillary chunk is an error for image/png too.
	types, bodies := pngChunks(t, samples["rgba"])
	bad := assemblePNG(append([]string{"IHDR", "tEXt"}, types[1:]...), append([][]byte{bodies[0], []byte("a\x00b")}, bodies[1:]...))
	i := bytes.Index(bad, []byte("tEXt")) + 7
	bad[i] ^= 1
	if _, err := png.Decode(bytes.NewReader(bad)); err == nil || pngSound(bad) {
		t.Errorf("bad CRC in a text chunk: image/png %v, pngSound %v", err, pngSound(bad))
	}
}
