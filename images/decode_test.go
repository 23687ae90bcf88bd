package images

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/png"
	"math"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/image/draw"
)

// loadBytes loads data as a file of an article's folder.
func loadBytes(t testing.TB, l *Loader, data []byte, widthPt float64) (*Picture, error) {
	t.Helper()
	return l.Article(fstest.MapFS{"img": {Data: data}}).Load(context.Background(), "img", widthPt)
}

func mustBytes(t testing.TB, l *Loader, data []byte, widthPt float64) *Picture {
	t.Helper()
	p, err := loadBytes(t, l, data, widthPt)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPassThrough(t *testing.T) {
	l := NewLoader(Options{})
	gray := image.NewGray(image.Rect(0, 0, 120, 80))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i)
	}
	for _, c := range []struct {
		name    string
		data    []byte
		widthPt float64
		gray    bool
	}{
		{"baseline 4:2:0", encJPEG(t, photo(300, 200, 1), 85), 450, false}, // 1250 px wide wanted
		{"smaller than needed, no width", encJPEG(t, photo(300, 200, 1), 85), 0, false},
		{"up to 25% larger than needed", encJPEG(t, photo(300, 200, 1), 85), 86.4, false}, // 240 px wanted
		{"gray", encJPEG(t, gray, 90), 450, true},
		{"progressive", testdata(t, "progressive.jpg"), 450, false},
	} {
		p := mustBytes(t, l, c.data, c.widthPt)
		if p.Format != "jpeg" || !bytes.Equal(p.Data, c.data) || p.Gray != c.gray {
			t.Errorf("%s: %s, gray %v, identical bytes %v", c.name, p.Format, p.Gray, bytes.Equal(p.Data, c.data))
		}
		decodePic(t, p)
	}
	// Not passed through: oriented, CMYK, larger than needed.
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"oriented", withEXIF(encJPEG(t, photo(300, 200, 1), 85), 6, false)},
		{"CMYK", testdata(t, "cmyk.jpg")},
		{"YCCK", testdata(t, "ycck.jpg")},
		{"larger than needed", encJPEG(t, photo(400, 200, 1), 85)},
	} {
		p := mustBytes(t, l, c.data, 86.4)
		if bytes.Equal(p.Data, c.data) {
			t.Errorf("%s: passed through", c.name)
		}
		decodePic(t, p)
	}
}

// TestDownsample: a picture wider than its print needs is shrunk to DPI ×
// width / 72 pixels, its aspect kept; one that is not, is never enlarged.
func TestDownsample(t *testing.T) {
	l := NewLoader(Options{})
	p := mustBytes(t, l, encJPEG(t, photo(3000, 2000, 1), 85), 450)
	if p.Width != 1250 || p.Height != 833 || p.Format != "jpeg" {
		t.Errorf("3000×2000 at 450 pt, 200 dpi: %s %d×%d, want jpeg 1250×833", p.Format, p.Width, p.Height)
	}
	decodePic(t, p)
	l = NewLoader(Options{DPI: 300})
	p = mustBytes(t, l, encPNG(t, photo(1000, 500, 1)), 72)
	if p.Width != 300 || p.Height != 150 {
		t.Errorf("1000×500 at 72 pt, 300 dpi: %d×%d, want 300×150", p.Width, p.Height)
	}
	p = mustBytes(t, l, encJPEG(t, photo(200, 100, 1), 85), 450)
	if p.Width != 200 || p.Height != 100 {
		t.Errorf("200×100 at 450 pt: %d×%d, enlarged", p.Width, p.Height)
	}
}

// TestResampleMatchesDraw holds the streaming resampler to
// golang.org/x/image/draw's Catmull-Rom scaler, whose kernel it uses: the
// same pixels within rounding.
func TestResampleMatchesDraw(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 97, 61))
	for y := range 61 {
		for x := range 97 {
			i := src.PixOffset(x, y)
			src.Pix[i] = uint8(x * 255 / 96)
			src.Pix[i+1] = uint8((x*y*7 + y*3) & 255)
			src.Pix[i+2] = uint8(255 - y*4)
			src.Pix[i+3] = 255
		}
	}
	for _, size := range [][2]int{{40, 25}, {97, 61}, {13, 7}, {96, 30}} {
		want := image.NewRGBA(image.Rect(0, 0, size[0], size[1]))
		draw.CatmullRom.Scale(want, want.Bounds(), src, src.Bounds(), draw.Src, nil)
		got := resample(src, 1, size[0], size[1], 3).(*image.RGBA)
		worst := 0
		for i := range got.Pix {
			d := int(got.Pix[i]) - int(want.Pix[i])
			worst = max(worst, d, -d)
		}
		if worst > 2 {
			t.Errorf("%v: differs from draw.CatmullRom by up to %d", size, worst)
		}
	}
}

// quadrants is a 64×32 picture as it is to be seen: red top left, green top
// right, blue bottom left, white bottom right.
var quadrantColours = [4][4]int{{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}, {255, 255, 255, 255}}

func quadrant(x, y, w, h int) int {
	q := 0
	if x >= w/2 {
		q++
	}
	if y >= h/2 {
		q += 2
	}
	return q
}

// storedFor returns the picture to store with EXIF orientation o so that
// it is seen as the quadrants, written from the words of the EXIF
// specification (where the stored 0th row and 0th column are to be seen),
// not from the code under test.
func storedFor(o int) image.Image {
	const w, h = 64, 32
	sides := map[int][2]string{ // 0th row, 0th column
		1: {"top", "left"}, 2: {"top", "right"}, 3: {"bottom", "right"}, 4: {"bottom", "left"},
		5: {"left", "top"}, 6: {"right", "top"}, 7: {"right", "bottom"}, 8: {"left", "bottom"},
	}[o]
	sw, sh := w, h
	if o >= 5 {
		sw, sh = h, w
	}
	m := image.NewRGBA(image.Rect(0, 0, sw, sh))
	for sy := range sh {
		for sx := range sw {
			var x, y int
			switch sides[0] {
			case "top", "bottom": // stored rows are seen as rows
				y = sy
				if sides[0] == "bottom" {
					y = h - 1 - sy
				}
				x = sx
				if sides[1] == "right" {
					x = w - 1 - sx
				}
			default: // stored rows are seen as columns
				x = sy
				if sides[0] == "right" {
					x = w - 1 - sy
				}
				y = sx
				if sides[1] == "bottom" {
					y = h - 1 - sx
				}
			}
			c := quadrantColours[quadrant(x, y, w, h)]
			m.Set(sx, sy, color.RGBA{uint8(c[0]), uint8(c[1]), uint8(c[2]), 255})
		}
	}
	return m
}

// TestOrientation: every EXIF orientation is turned upright, the pixels
// where they are to be seen; as JPEG (both byte orders) and as PNG (eXIf).
func TestOrientation(t *testing.T) {
	l := NewLoader(Options{})
	for o := 1; o <= 8; o++ {
		for _, kind := range []string{"jpeg little-endian", "jpeg big-endian", "png"} {
			stored := storedFor(o)
			var data []byte
			switch kind {
			case "png":
				data = withPNGEXIF(t, encPNG(t, stored), o)
			default:
				data = withEXIF(encJPEG(t, stored, 95), o, kind == "jpeg big-endian")
			}
			p := mustBytes(t, l, data, 0)
			if p.Width != 64 || p.Height != 32 {
				t.Errorf("orientation %d, %s: %d×%d, want 64×32", o, kind, p.Width, p.Height)
				continue
			}
			img := decodePic(t, p)
			for q, at := range [4][2]int{{12, 8}, {52, 8}, {12, 24}, {52, 24}} {
				if got := rgb8(img.At(at[0], at[1])); !near(got, quadrantColours[q], 40) {
					t.Errorf("orientation %d, %s: at %v %v, want %v", o, kind, at, got, quadrantColours[q])
				}
			}
		}
	}
}

// withPNGEXIF adds an eXIf chunk, after IHDR, giving orientation o.
func withPNGEXIF(t testing.TB, p []byte, o int) []byte {
	exif := withEXIF([]byte{0xFF, 0xD8}, o, true)[2+4+6:] // the TIFF structure of the APP1
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(exif)))
	chunk = append(chunk, "eXIf"...)
	chunk = append(chunk, exif...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	const ihdrEnd = 8 + 8 + 13 + 4
	return append(append(append([]byte{}, p[:ihdrEnd]...), chunk...), p[ihdrEnd:]...)
}

// TestCMYK: Adobe CMYK (inverted, transform 0) and YCCK (transform 2)
// JPEGs come out in the colours ImageMagick reads in them.
func TestCMYK(t *testing.T) {
	want := [5][4]int{{255, 0, 0, 255}, {0, 0, 255, 255}, {255, 255, 255, 255}, {0, 0, 0, 255}, {200, 100, 50, 255}}
	l := NewLoader(Options{})
	for _, name := range []string{"cmyk.jpg", "ycck.jpg"} {
		p := mustBytes(t, l, testdata(t, name), 0)
		if p.Format != "jpeg" || p.Gray || p.Width != 80 || p.Height != 16 {
			t.Errorf("%s: %s %d×%d gray %v", name, p.Format, p.Width, p.Height, p.Gray)
		}
		img := decodePic(t, p)
		for i, w := range want {
			if got := rgb8(img.At(16*i+8, 8)); !near(got, w, 8) {
				t.Errorf("%s: patch %d is %v, want %v", name, i, got, w)
			}
		}
	}
}

func TestAlpha(t *testing.T) {
	m := image.NewNRGBA(image.Rect(0, 0, 40, 40))
	for y := range 40 {
		for x := range 40 {
			m.SetNRGBA(x, y, color.NRGBA{200, 30, 30, uint8(x * 255 / 39)})
		}
	}
	l := NewLoader(Options{})
	p := mustBytes(t, l, encPNG(t, m), 0)
	img := decodePic(t, p)
	if p.Format != "png" {
		t.Fatalf("format %s", p.Format)
	}
	for _, x := range []int{0, 20, 39} {
		got := rgb8(img.At(x, 5))
		want := [4]int{200, 30, 30, x * 255 / 39}
		if x == 0 {
			want = [4]int{0, 0, 0, 0}
		}
		if !near(got, want, 1) {
			t.Errorf("x %d: %v, want %v", x, got, want)
		}
	}
	// Downsampled, the colour under the transparency does not bleed in:
	// premultiplied filtering.
	h := image.NewNRGBA(image.Rect(0, 0, 400, 40))
	for y := range 40 {
		for x := range 400 {
			c := color.NRGBA{0, 0, 0, 0} // transparent black
			if x >= 200 {
				c = color.NRGBA{255, 255, 255, 255}
			}
			h.SetNRGBA(x, y, c)
		}
	}
	p = mustBytes(t, l, encPNG(t, h), 72*100/200)
	img = decodePic(t, p)
	edge := 0
	for x := range p.Width {
		got := rgb8(img.At(x, 5))
		if got[3] > 0 && got[3] < 255 {
			edge++
			if got[0] < 250 || got[1] < 250 || got[2] < 250 {
				t.Errorf("the edge of white on transparent black, x %d: %v, want white", x, got)
			}
		}
	}
	if edge == 0 {
		t.Errorf("no pixel of the edge is partly covered")
	}
}

func TestGIF(t *testing.T) {
	pal := color.Palette{color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}, color.RGBA{0, 255, 0, 255}, color.RGBA{20, 20, 20, 255}}
	frame := func(c uint8) *image.Paletted {
		m := image.NewPaletted(image.Rect(0, 0, 30, 20), pal)
		for i := range m.Pix {
			m.Pix[i] = c
			if i%30 >= 15 {
				m.Pix[i] = 3
			}
		}
		return m
	}
	l := NewLoader(Options{})
	still := encGIF(t, &gif.GIF{Image: []*image.Paletted{frame(0)}, Delay: []int{0}})
	p := mustBytes(t, l, still, 0)
	img := decodePic(t, p)
	if _, ok := img.(*image.Paletted); !ok || p.Format != "png" {
		t.Errorf("a paletted GIF: %s %T, want a paletted PNG", p.Format, img)
	}
	if got := rgb8(img.At(5, 5)); got != [4]int{255, 0, 0, 255} {
		t.Errorf("pixel %v", got)
	}
	animated := encGIF(t, &gif.GIF{Image: []*image.Paletted{frame(1), frame(2), frame(0)}, Delay: []int{10, 10, 10}})
	img = decodePic(t, mustBytes(t, l, animated, 0))
	if got := rgb8(img.At(5, 5)); got != [4]int{0, 0, 255, 255} {
		t.Errorf("an animated GIF: %v, want the first frame's blue", got)
	}
}

func TestWebP(t *testing.T) {
	l := NewLoader(Options{})
	p := mustBytes(t, l, testdata(t, "blue-purple-pink.lossy.webp"), 0)
	if p.Format != "jpeg" {
		t.Errorf("a lossy WebP: %s, want jpeg", p.Format)
	}
	decodePic(t, p)
	p = mustBytes(t, l, testdata(t, "gopher-doc.with-alpha.lossless.webp"), 0)
	img := decodePic(t, p)
	if p.Format != "png" || img.(interface{ Opaque() bool }).Opaque() {
		t.Errorf("a lossless WebP with alpha: %s, opaque", p.Format)
	}
}

func Test16Bit(t *testing.T) {
	m := image.NewNRGBA64(image.Rect(0, 0, 20, 10))
	g := image.NewGray16(image.Rect(0, 0, 20, 10))
	for y := range 10 {
		for x := range 20 {
			m.SetNRGBA64(x, y, color.NRGBA64{uint16(x * 3000), 0x8080, 0xFFFF, 0xFFFF})
			g.SetGray16(x, y, color.Gray16{uint16(y * 6000)})
		}
	}
	l := NewLoader(Options{})
	for _, c := range []struct {
		img  image.Image
		gray bool
	}{{m, false}, {g, true}} {
		p := mustBytes(t, l, encPNG(t, c.img), 0)
		if p.Format == "png" && p.Data[24] > 8 {
			t.Errorf("%T: a %d-bit PNG", c.img, p.Data[24])
		}
		if p.Gray != c.gray {
			t.Errorf("%T: gray %v", c.img, p.Gray)
		}
		img := decodePic(t, p)
		want := rgb8(c.img.At(10, 5))
		if got := rgb8(img.At(10, 5)); !near(got, want, 4) {
			t.Errorf("%T: %v, want %v", c.img, got, want)
		}
	}
}

// TestLosslessChoice: a flat chart saved as PNG stays PNG; a photograph
// saved as PNG becomes a JPEG, a fraction of its bytes.
func TestLosslessChoice(t *testing.T) {
	chart := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for y := range 300 {
		for x := range 400 {
			c := color.RGBA{255, 255, 255, 255}
			if x/40%2 == 0 && y > 300-x/2 {
				c = color.RGBA{30, 90, 180, 255}
			}
			chart.SetRGBA(x, y, c)
		}
	}
	l := NewLoader(Options{})
	if p := mustBytes(t, l, encPNG(t, chart), 0); p.Format != "png" {
		t.Errorf("a chart: %s", p.Format)
	}
	pic := encPNG(t, noisy(400, 300))
	p := mustBytes(t, l, pic, 0)
	if p.Format != "jpeg" || 3*len(p.Data) > len(pic) {
		t.Errorf("a photograph as PNG (%d bytes): %s of %d bytes", len(pic), p.Format, len(p.Data))
	}
}

func TestDamaged(t *testing.T) {
	jpg := encJPEG(t, photo(200, 100, 1), 85)
	png := encPNG(t, photo(200, 100, 1))
	l := NewLoader(Options{})
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"truncated JPEG", jpg[:len(jpg)/2], "its JPEG data cannot be decoded"},
		{"JPEG cut in its header", jpg[:100], "truncated JPEG"},
		{"truncated PNG", png[:len(png)/2], "its PNG data cannot be decoded"},
		{"empty", nil, "not a JPEG, PNG, GIF or WebP"},
		{"text", []byte("hello"), "not a JPEG, PNG, GIF or WebP"},
		{"SVG", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`), "it is an SVG image; only JPEG, PNG, GIF and WebP"},
		{"HTML", []byte("<!doctype html><title>404</title>"), "HTML or XML, not an image"},
	} {
		_, err := loadBytes(t, l, c.data, 100)
		if Result(err) != ResultDecodeError || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want a decode error saying %q", c.name, err, c.want)
		}
	}
}

// bombPNG is a w×h gray PNG of zeros (20000×20000: 400 MB of pixels in
// 390 KB, deflate's limit of about 1:1030). Compressing 400 MB takes 30 s
// under -race, so one megabyte of zeros is deflated and flushed to a byte
// boundary, and that block repeated: each block refers back only to the
// zeros before it, so the stream is valid (TestBombIsValid reads it).
func bombPNG(t testing.TB, w, h int) []byte {
	total := (1 + w) * h // a filter byte and w pixels a row
	deflate := func(n int) []byte {
		var b bytes.Buffer
		fw, _ := flate.NewWriter(&b, flate.BestCompression)
		fw.Write(make([]byte, n))
		fw.Flush()
		return b.Bytes()
	}
	const chunk = 1 << 20
	block := deflate(chunk)
	idat := []byte{0x78, 0xDA} // zlib: deflate, 32 KiB window, best compression
	for range total / chunk {
		idat = append(idat, block...)
	}
	idat = append(idat, deflate(total%chunk)...)
	idat = append(idat, 0x03, 0x00) // a last, empty block of fixed codes
	// Adler-32 of zeros: a stays 1, b gains 1 a byte.
	idat = binary.BigEndian.AppendUint32(idat, uint32(total%65521)<<16|1)

	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunkPNG := func(typ string, data []byte) {
		c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		c = append(append(c, typ...), data...)
		c = binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
		b.Write(c)
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	chunkPNG("IHDR", append(ihdr, 8, 0, 0, 0, 0)) // 8-bit gray
	chunkPNG("IDAT", idat)
	chunkPNG("IEND", nil)
	return b.Bytes()
}

// TestBombIsValid: the bomb is a real PNG, whose data inflates to every
// pixel (checked on a small one: png.Decode would allocate the large one).
func TestBombIsValid(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(bombPNG(t, 3000, 1000)))
	if err != nil {
		t.Fatal(err)
	}
	if g, ok := img.(*image.Gray); !ok || g.Bounds().Dx() != 3000 || g.Bounds().Dy() != 1000 || bytes.ContainsFunc(g.Pix, func(r rune) bool { return r != 0 }) {
		t.Errorf("%T %v", img, img.Bounds())
	}
}

// TestDecompressionBomb: refused by its header, before a pixel is
// allocated; and with MaxPixels raised, by the decoding memory.
func TestDecompressionBomb(t *testing.T) {
	bomb := bombPNG(t, 20000, 20000)
	t.Logf("the bomb: %d bytes for %d MB of pixels", len(bomb), 20000*20000/1000000)
	l := NewLoader(Options{})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := loadBytes(t, l, bomb, 450)
	runtime.ReadMemStats(&after)
	if Result(err) != ResultTooLarge || !strings.Contains(err.Error(), "20000×20000 pixels (400.0 megapixels); at most 100.0 megapixels are allowed") {
		t.Errorf("%v", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 4<<20 {
		t.Errorf("refusing it allocated %d bytes", n)
	}
	l = NewLoader(Options{MaxPixels: 1e9})
	_, err = loadBytes(t, l, bomb, 450)
	if Result(err) != ResultTooLarge || !strings.Contains(err.Error(), "decoding its 20000×20000 pixels would take about") {
		t.Errorf("%v", err)
	}
}

// noisy is a photograph as far as the encoders can tell: gradients under
// fine grain.
func noisy(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	seed := uint32(1)
	for i := 0; i < len(m.Pix); i += 4 {
		x, y := i/4%w, i/4/w
		seed = seed*1664525 + 1013904223
		n := int(seed>>24) % 24
		m.Pix[i] = uint8(min(255, x*200/w+n))
		m.Pix[i+1] = uint8(min(255, y*200/h+n))
		m.Pix[i+2] = uint8(min(255, 100+n))
		m.Pix[i+3] = 255
	}
	return m
}

// TestDecodeCost: the estimate of what decoding holds is at least what Go's
// decoders allocate, measured.
func TestDecodeCost(t *testing.T) {
	gray := image.NewGray(image.Rect(0, 0, 600, 400))
	cases := map[string][]byte{
		"baseline 4:2:0":      encJPEG(t, photo(600, 400, 1), 85),
		"gray JPEG":           encJPEG(t, gray, 85),
		"progressive":         testdata(t, "progressive.jpg"),
		"CMYK":                testdata(t, "cmyk.jpg"),
		"YCCK":                testdata(t, "ycck.jpg"),
		"RGBA PNG":            encPNG(t, photo(600, 400, 1)),
		"lossy WebP":          testdata(t, "blue-purple-pink.lossy.webp"),
		"lossless WebP alpha": testdata(t, "gopher-doc.with-alpha.lossless.webp"),
		"16-bit PNG":          encPNG(t, image.NewNRGBA64(image.Rect(0, 0, 300, 200))),
		"GIF":                 encGIF(t, &gif.GIF{Image: []*image.Paletted{image.NewPaletted(image.Rect(0, 0, 300, 200), palette.Plan9)}, Delay: []int{0}}),
	}
	for name, data := range cases {
		in, err := inspect(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if _, err := decode(in.format, data); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		alloc := int64(after.TotalAlloc - before.TotalAlloc)
		// Huffman tables and readers: a fixed amount beside the pixels.
		if alloc > in.cost+200<<10 {
			t.Errorf("%s: decoding allocated %d bytes, estimated %d", name, alloc, in.cost)
		}
	}
}

func TestTargetWidth(t *testing.T) {
	for _, c := range []struct {
		pt, dpi float64
		want    int
	}{
		{450, 200, 1250}, {72, 200, 200}, {100, 150, 209}, {0, 200, 0}, {-5, 200, 0},
		{math.NaN(), 200, 0}, {math.Inf(1), 200, 0}, {1e12, 200, 0}, {0.01, 200, 1},
	} {
		if got := targetWidth(c.pt, c.dpi); got != c.want {
			t.Errorf("%v pt at %v dpi: %d, want %d", c.pt, c.dpi, got, c.want)
		}
	}
}

// TestWebPOrientation: a WebP's EXIF chunk turns it as a JPEG's APP1 does.
func TestWebPOrientation(t *testing.T) {
	w := testdata(t, "gopher-doc.with-alpha.lossless.webp")
	plain := mustBytes(t, NewLoader(Options{}), w, 0)
	exif := withEXIF([]byte{0xFF, 0xD8}, 6, false)[2+4:] // "Exif\0\0" and the TIFF structure, as some writers keep it
	chunk := append([]byte("EXIF"), binary.LittleEndian.AppendUint32(nil, uint32(len(exif)))...)
	chunk = append(chunk, exif...)
	if len(exif)%2 == 1 {
		chunk = append(chunk, 0)
	}
	turned := append(append([]byte{}, w...), chunk...)
	binary.LittleEndian.PutUint32(turned[4:], uint32(len(turned)-8))
	p := mustBytes(t, NewLoader(Options{}), turned, 0)
	if p.Width != plain.Height || p.Height != plain.Width {
		t.Errorf("orientation 6: %d×%d, the picture %d×%d", p.Width, p.Height, plain.Width, plain.Height)
	}
}
