package images

import (
	"image"
	"image/color"
	"math"

	"golang.org/x/image/draw"
)

// This file turns a decoded image upright and shrinks it, in one pass.
//
// Why not draw.CatmullRom.Scale: golang.org/x/image/draw's kernel scaler
// first scales every source row horizontally into a temporary buffer of
// dw×sh [4]float64, 32 bytes for each destination column of each source row.
// For a 50-megapixel photo (8660×5774) printed 1250 pixels wide that is
// 231 MB, three times the decoded JPEG itself; for a 3000×2000 photo,
// 80 MB. The resampler here uses the same kernel (draw.CatmullRom's) and
// the same separable scheme, but keeps only the horizontally filtered rows
// that the current output row needs: a ring of a few dozen rows. Its memory
// is the output image plus O(kernel width × output width), so decoding
// memory is the decoded image and little else. It also reads the source
// through the EXIF orientation, so that turning the picture upright costs no
// copy of it.

// kernel is the resampling filter: Catmull-Rom, sharp enough for text in
// screenshots, with no visible ringing on photos.
var kernel = draw.CatmullRom

// taps are, for each output pixel along one axis, the run of source pixels
// that contribute to it and their weights.
type taps struct {
	n     int   // the most taps any output pixel has: the stride of w
	start []int // first source pixel of output pixel i
	count []int
	w     []float32 // n weights for each output pixel; they sum to 1
}

// makeTaps maps src pixels onto dst ≤ src pixels. Pixel j covers [j, j+1);
// output pixel i's centre falls at (i+0.5)·scale in source coordinates.
// The kernel is stretched by the scale so that it averages every source
// pixel under it (no aliasing); taps that fall off the edge are dropped and
// the others renormalised, as draw's kernels do.
func makeTaps(dst, src int) taps {
	if dst >= src {
		t := taps{n: 1, start: make([]int, dst), count: make([]int, dst), w: make([]float32, dst)}
		for i := range dst {
			t.start[i], t.count[i], t.w[i] = i, 1, 1
		}
		return t
	}
	scale := float64(src) / float64(dst)
	support := kernel.Support * scale
	n := int(2*support) + 2
	t := taps{n: n, start: make([]int, dst), count: make([]int, dst), w: make([]float32, dst*n)}
	ws := make([]float64, n)
	for i := range dst {
		centre := (float64(i) + 0.5) * scale
		lo := max(int(math.Floor(centre-support)), 0)
		hi := min(int(math.Ceil(centre+support)), src)
		var sum float64
		for j := lo; j < hi; j++ {
			d := math.Abs(float64(j)+0.5-centre) / scale
			w := 0.0
			if d < kernel.Support {
				w = kernel.At(d)
			}
			ws[j-lo] = w
			sum += w
		}
		t.start[i], t.count[i] = lo, hi-lo
		for k := range hi - lo {
			t.w[i*n+k] = float32(ws[k] / sum)
		}
	}
	return t
}

// pixelFunc writes the pixel at (x, y) of an image into px: one value (gray)
// or three (red, green, blue), or four (premultiplied by alpha, then alpha),
// each from 0 to 255.
type pixelFunc func(x, y int, px []float32)

// pixels returns a reader of src's pixels for ch channels, with a fast path
// for each type that Go's decoders return.
func pixels(src image.Image, ch int) pixelFunc {
	const k16 = 1.0 / 257
	switch m := src.(type) {
	case *image.Gray:
		return func(x, y int, px []float32) {
			v := float32(m.Pix[m.PixOffset(x, y)])
			for c := range ch {
				px[c] = v
			}
			if ch == 4 {
				px[3] = 255
			}
		}
	case *image.Gray16:
		return func(x, y int, px []float32) {
			i := m.PixOffset(x, y)
			v := float32(uint16(m.Pix[i])<<8|uint16(m.Pix[i+1])) * k16
			for c := range ch {
				px[c] = v
			}
			if ch == 4 {
				px[3] = 255
			}
		}
	case *image.YCbCr:
		return func(x, y int, px []float32) {
			yy := m.Y[m.YOffset(x, y)]
			ci := m.COffset(x, y)
			r, g, b := color.YCbCrToRGB(yy, m.Cb[ci], m.Cr[ci])
			putRGB(px, ch, r, g, b)
		}
	case *image.NYCbCrA:
		return func(x, y int, px []float32) {
			yy := m.Y[m.YOffset(x, y)]
			ci := m.COffset(x, y)
			r, g, b := color.YCbCrToRGB(yy, m.Cb[ci], m.Cr[ci])
			putRGBA(px, ch, float32(r), float32(g), float32(b), float32(m.A[m.AOffset(x, y)]), false)
		}
	case *image.CMYK:
		// image/jpeg has already undone Adobe's inverted storage: these are
		// ink amounts, 255 full ink, converted without a colour profile.
		return func(x, y int, px []float32) {
			i := m.PixOffset(x, y)
			r, g, b := color.CMYKToRGB(m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3])
			putRGB(px, ch, r, g, b)
		}
	case *image.RGBA:
		return func(x, y int, px []float32) {
			i := m.PixOffset(x, y)
			p := m.Pix[i : i+4 : i+4]
			putRGBA(px, ch, float32(p[0]), float32(p[1]), float32(p[2]), float32(p[3]), true)
		}
	case *image.NRGBA:
		return func(x, y int, px []float32) {
			i := m.PixOffset(x, y)
			p := m.Pix[i : i+4 : i+4]
			putRGBA(px, ch, float32(p[0]), float32(p[1]), float32(p[2]), float32(p[3]), false)
		}
	case *image.NRGBA64:
		return func(x, y int, px []float32) {
			i := m.PixOffset(x, y)
			p := m.Pix[i : i+8 : i+8]
			putRGBA(px, ch, be16(p[0:])*k16, be16(p[2:])*k16, be16(p[4:])*k16, be16(p[6:])*k16, false)
		}
	case *image.RGBA64:
		return func(x, y int, px []float32) {
			i := m.PixOffset(x, y)
			p := m.Pix[i : i+8 : i+8]
			putRGBA(px, ch, be16(p[0:])*k16, be16(p[2:])*k16, be16(p[4:])*k16, be16(p[6:])*k16, true)
		}
	case *image.Paletted:
		var lut [256][4]float32
		for i, c := range m.Palette {
			r, g, b, a := c.RGBA()
			lut[i] = [4]float32{float32(r) * k16, float32(g) * k16, float32(b) * k16, float32(a) * k16}
		}
		return func(x, y int, px []float32) {
			e := &lut[m.Pix[m.PixOffset(x, y)]]
			putRGBA(px, ch, e[0], e[1], e[2], e[3], true)
		}
	}
	return func(x, y int, px []float32) {
		r, g, b, a := src.At(x, y).RGBA()
		putRGBA(px, ch, float32(r)*k16, float32(g)*k16, float32(b)*k16, float32(a)*k16, true)
	}
}

func be16(b []byte) float32 { return float32(uint16(b[0])<<8 | uint16(b[1])) }

func putRGB(px []float32, ch int, r, g, b uint8) {
	if ch == 1 {
		px[0] = gray(float32(r), float32(g), float32(b))
		return
	}
	px[0], px[1], px[2] = float32(r), float32(g), float32(b)
	if ch == 4 {
		px[3] = 255
	}
}

// putRGBA stores a colour, premultiplying it when it is not already: the
// filter must weigh colours by their coverage, or a transparent pixel's
// colour (often black) would bleed into its neighbours as a dark fringe.
func putRGBA(px []float32, ch int, r, g, b, a float32, premultiplied bool) {
	if ch == 4 && !premultiplied {
		r, g, b = r*a/255, g*a/255, b*a/255
	}
	switch ch {
	case 1:
		px[0] = gray(r, g, b)
	case 3:
		px[0], px[1], px[2] = r, g, b
	default:
		px[0], px[1], px[2], px[3] = r, g, b, a
	}
}

// gray is the luma of color.GrayModel, for gray palettes.
func gray(r, g, b float32) float32 { return 0.299*r + 0.587*g + 0.114*b }

// orientation maps a displayed pixel (x, y) to the stored pixel
// (ax·x + bx·y + cx, ay·x + by·y + cy), for an image stored w×h.
type orientation struct{ ax, bx, cx, ay, by, cy int }

// orient returns the mapping of EXIF orientation o. The EXIF tag says where
// the stored image's first row and first column are to be seen: 6, for one,
// "the 0th row is the visual right-hand side, the 0th column the visual
// top", so displayed (x, y) is stored (y, h-1-x).
func orient(o, w, h int) orientation {
	switch o {
	case 2: // mirrored left to right
		return orientation{-1, 0, w - 1, 0, 1, 0}
	case 3: // turned half round
		return orientation{-1, 0, w - 1, 0, -1, h - 1}
	case 4: // mirrored top to bottom
		return orientation{1, 0, 0, 0, -1, h - 1}
	case 5: // transposed
		return orientation{0, 1, 0, 1, 0, 0}
	case 6: // to be turned a quarter clockwise
		return orientation{0, 1, 0, -1, 0, h - 1}
	case 7: // transversed
		return orientation{0, -1, w - 1, -1, 0, h - 1}
	case 8: // to be turned a quarter anticlockwise
		return orientation{0, -1, w - 1, 1, 0, 0}
	}
	return orientation{1, 0, 0, 0, 1, 0}
}

// resample returns src turned upright by EXIF orientation o and resampled
// to ow×oh (never larger than it is), with ch channels: *image.Gray for 1,
// *image.RGBA (opaque) for 3, *image.NRGBA for 4.
func resample(src image.Image, o, ow, oh, ch int) image.Image {
	b := src.Bounds()
	o2 := orient(o, b.Dx(), b.Dy())
	dw, dh := b.Dx(), b.Dy()
	if o >= 5 {
		dw, dh = dh, dw
	}
	get := pixels(src, ch)
	xt, yt := makeTaps(ow, dw), makeTaps(oh, dh)

	line := make([]float32, dw*ch)
	ring := make([][]float32, yt.n)
	for i := range ring {
		ring[i] = make([]float32, ow*ch)
	}
	acc := make([]float32, ow*ch)
	// filterRow reads displayed row y through the orientation and filters
	// it horizontally into its place in the ring.
	fast := rowReader(src, ch, o2)
	filterRow := func(y int) {
		sx, sy := o2.bx*y+o2.cx+b.Min.X, o2.by*y+o2.cy+b.Min.Y
		if fast != nil {
			fast(sx, sy, dw, line)
		} else {
			for x := range dw {
				get(sx, sy, line[x*ch:x*ch+ch])
				sx += o2.ax
				sy += o2.ay
			}
		}
		hfilter(ring[y%yt.n], line, &xt, ch)
	}

	var dst image.Image
	var pix []byte
	var stride int
	switch ch {
	case 1:
		g := image.NewGray(image.Rect(0, 0, ow, oh))
		dst, pix, stride = g, g.Pix, g.Stride
	case 3:
		g := image.NewRGBA(image.Rect(0, 0, ow, oh))
		dst, pix, stride = g, g.Pix, g.Stride
	default:
		g := image.NewNRGBA(image.Rect(0, 0, ow, oh))
		dst, pix, stride = g, g.Pix, g.Stride
	}
	next := 0 // the next displayed row to filter
	for y := range oh {
		s, n := yt.start[y], yt.count[y]
		for ; next < s+n; next++ {
			filterRow(next)
		}
		clear(acc)
		for k, wk := range yt.w[y*yt.n : y*yt.n+n] {
			row := ring[(s+k)%yt.n]
			row = row[:len(acc)]
			for i := range acc {
				acc[i] += wk * row[i]
			}
		}
		store(pix[y*stride:], acc, ow, ch)
	}
	return dst
}

// hfilter filters one row of ch-channel values horizontally into out,
// with a loop for each channel count: the compiler keeps the sums in
// registers, which a loop over channels does not (this is most of the
// time of a downsample).
func hfilter(out, line []float32, xt *taps, ch int) {
	n := xt.n
	switch ch {
	case 1:
		for i, s := range xt.start {
			w := xt.w[i*n : i*n+xt.count[i]]
			p := line[s : s+len(w)]
			var a float32
			for k, wk := range w {
				a += wk * p[k]
			}
			out[i] = a
		}
	case 3:
		for i, s := range xt.start {
			w := xt.w[i*n : i*n+xt.count[i]]
			p := line[3*s : 3*s+3*len(w)]
			var r, g, b float32
			for k, wk := range w {
				q := p[3*k : 3*k+3 : 3*k+3]
				r += wk * q[0]
				g += wk * q[1]
				b += wk * q[2]
			}
			o := out[3*i : 3*i+3 : 3*i+3]
			o[0], o[1], o[2] = r, g, b
		}
	default:
		for i, s := range xt.start {
			w := xt.w[i*n : i*n+xt.count[i]]
			p := line[4*s : 4*s+4*len(w)]
			var r, g, b, a float32
			for k, wk := range w {
				q := p[4*k : 4*k+4 : 4*k+4]
				r += wk * q[0]
				g += wk * q[1]
				b += wk * q[2]
				a += wk * q[3]
			}
			o := out[4*i : 4*i+4 : 4*i+4]
			o[0], o[1], o[2], o[3] = r, g, b, a
		}
	}
}

// rowReader returns a reader of a whole displayed row for the common case
// — a YCbCr or gray image whose displayed rows are stored rows (EXIF
// orientations 1 to 4) — or nil, for the pixel-by-pixel path.
func rowReader(src image.Image, ch int, o orientation) func(sx, sy, n int, line []float32) {
	if o.ay != 0 {
		return nil
	}
	step := o.ax
	switch m := src.(type) {
	case *image.YCbCr:
		if ch != 3 {
			return nil
		}
		return func(sx, sy, n int, line []float32) {
			yi := m.YOffset(sx, sy)
			for x := range n {
				ci := m.COffset(sx+x*step, sy)
				r, g, b := color.YCbCrToRGB(m.Y[yi+x*step], m.Cb[ci], m.Cr[ci])
				q := line[3*x : 3*x+3 : 3*x+3]
				q[0], q[1], q[2] = float32(r), float32(g), float32(b)
			}
		}
	case *image.Gray:
		if ch != 1 {
			return nil
		}
		return func(sx, sy, n int, line []float32) {
			i := m.PixOffset(sx, sy)
			for x := range n {
				line[x] = float32(m.Pix[i+x*step])
			}
		}
	}
	return nil
}

// store writes one row of filtered values as bytes. Catmull-Rom's negative
// lobes can overshoot [0, 255], so values are clamped (and, with alpha,
// colour is clamped to coverage before it is un-premultiplied).
func store(pix []byte, acc []float32, ow, ch int) {
	switch ch {
	case 1:
		for i := range ow {
			pix[i] = clamp8(acc[i])
		}
	case 3:
		for i := range ow {
			p, a := pix[4*i:4*i+4:4*i+4], acc[3*i:3*i+3:3*i+3]
			p[0], p[1], p[2], p[3] = clamp8(a[0]), clamp8(a[1]), clamp8(a[2]), 255
		}
	default:
		for i := range ow {
			p, a := pix[4*i:4*i+4:4*i+4], acc[4*i:4*i+4:4*i+4]
			al := min(max(a[3], 0), 255)
			if al < 0.5 {
				p[0], p[1], p[2], p[3] = 0, 0, 0, 0
				continue
			}
			k := 255 / al
			p[0] = clamp8(min(a[0], al) * k)
			p[1] = clamp8(min(a[1], al) * k)
			p[2] = clamp8(min(a[2], al) * k)
			p[3] = clamp8(al)
		}
	}
}

func clamp8(v float32) uint8 {
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return uint8(v + 0.5)
}
