package images

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
	"runtime"

	"golang.org/x/image/webp"
)

// Picture is an image ready to embed in a PDF: upright, no larger than its
// print size needs, in a format a PDF holds as it is (JPEG, as DCTDecode) or
// that a PDF library turns into Flate without a colour conversion (PNG).
type Picture struct {
	// Key is a hash of Data: the same picture, however many times an
	// article shows it, is embedded once under this name.
	Key string
	// Format is "jpeg": Data is a baseline or progressive JPEG, gray or
	// YCbCr, to be embedded as it is (DCTDecode); or "png": Data is a PNG
	// of 8 bits a sample or fewer (gray, RGB, RGB with alpha, or paletted
	// without transparency), whose pixels a PDF library deflates.
	Format string
	Data   []byte
	// Width and Height are the picture's pixels as displayed: after its
	// EXIF orientation, after downsampling.
	Width, Height int
	Gray          bool // one channel: a DeviceGray image
}

// Quality of re-encoded JPEGs: 88 keeps photos free of visible artefacts
// at print size (the eye sees blocking below about 80 and no gain above
// about 90, where the bytes grow fast).
const jpegQuality = 88

// slack is how much larger than needed (in width) a picture may be before
// it is downsampled: up to 25% more pixels across is kept as it is, since
// shrinking it would save little and soften it, and a JPEG that size is
// passed through untouched.
const slack = 1.25

// targetWidth is the pixel width that printing widthPt points wide at dpi
// needs; 0 (no downsampling) for an unknown width.
func targetWidth(widthPt, dpi float64) int {
	if !(widthPt > 0) || math.IsInf(widthPt, 0) {
		return 0
	}
	px := dpi * widthPt / 72
	if px >= 1<<20 {
		return 0 // wider than any image this package accepts: no downsampling
	}
	// Rounding up, less a hair for float error: 450 pt at 200 dpi is 1250
	// pixels, not 1251.
	return max(1, int(math.Ceil(px-1e-6)))
}

// outputSize returns the size of the picture for a displayed size of dw×dh
// and a target width tw: downsampled to tw wide when the picture is more
// than slack times wider, never upsampled.
func outputSize(dw, dh, tw int) (int, int) {
	if tw <= 0 || float64(dw) <= slack*float64(tw) {
		return dw, dh
	}
	return tw, max(1, int(math.Round(float64(dh)*float64(tw)/float64(dw))))
}

// passThrough says whether a JPEG's bytes can be embedded as they are: a
// frame type every PDF reader decodes (baseline, extended or progressive
// Huffman, 8 bits), in gray or YCbCr (not CMYK, YCCK or RGB-coded, which
// would need the reader to honour the Adobe marker, and print inverted in
// some), upright, and not larger than needed.
func passThrough(in *info, resized bool) bool {
	if in.format != formatJPEG || resized || in.orient != 1 {
		return false
	}
	j := &in.jpeg
	if j.sof != 0xC0 && j.sof != 0xC1 && j.sof != 0xC2 || j.precision != 8 {
		return false
	}
	return j.comps == 1 || j.comps == 3 && in.model == color.YCbCrModel
}

// process turns the bytes of an image into a Picture for a target width
// tw (0: as large as it is). It returns the displayed width too, which the
// cache uses to know which target widths give the same picture.
func (l *Loader) process(ctx context.Context, data []byte, tw int) (*Picture, int, error) {
	in, err := inspect(data)
	if err != nil {
		return nil, 0, err
	}
	if px := int64(in.w) * int64(in.h); px > int64(l.opts.MaxPixels) {
		return nil, 0, fail(ErrTooLarge, fmt.Sprintf("it is %d×%d pixels (%.1f megapixels); at most %.1f megapixels are allowed",
			in.w, in.h, float64(px)/1e6, float64(l.opts.MaxPixels)/1e6))
	}
	dw, dh := in.displayed()
	ow, oh := outputSize(dw, dh, tw)
	resized := ow != dw
	pass := passThrough(&in, resized)

	// What decoding holds, plus, when the picture is made anew, the output
	// image (4 bytes a pixel at most) and its encodings (fewer, counted as
	// many again), and the resampler's rows.
	cost := in.cost
	if !pass {
		cost += 2*4*int64(ow)*int64(oh) + resampleCost(dw, ow, oh, dh)
	}
	if cost > l.opts.DecodeMemory {
		return nil, 0, fail(ErrTooLarge, fmt.Sprintf("decoding its %d×%d pixels would take about %d MiB; at most %d MiB are allowed",
			in.w, in.h, cost>>20, l.opts.DecodeMemory>>20))
	}
	if err := l.decoding.acquire(ctx, cost); err != nil {
		return nil, 0, canceled(err)
	}
	defer func() {
		// The budget counts live bytes; the collector frees them only at
		// its next cycle, which GOGC=100 puts off until the heap has
		// doubled. A large decode therefore collects before it hands its
		// bytes on, or the next one would allocate beside its garbage: two
		// 50-megapixel JPEGs, one after the other under the budget, peaked
		// at 177 MiB without this and at the 97 MiB of one with it. The
		// collection costs a few milliseconds of marking the live heap,
		// beside the hundreds a decode this large takes.
		if cost >= l.opts.DecodeMemory/8 {
			runtime.GC()
		}
		l.decoding.release(cost)
	}()

	// A JPEG passed through is decoded all the same, and thrown away: a
	// truncated or damaged file is refused here, not drawn as grey bands
	// (or refused) by the PDF reader. It is no larger than its print
	// needs, so this is quick.
	img, err := decode(in.format, data)
	if err != nil {
		return nil, 0, failWith(ErrDecode, err, fmt.Sprintf("its %s data cannot be decoded: %v", in.format, err))
	}
	if b := img.Bounds(); b.Dx() != in.w || b.Dy() != in.h {
		return nil, 0, fail(ErrDecode, fmt.Sprintf("its %s data is %d×%d pixels, but its header says %d×%d", in.format, b.Dx(), b.Dy(), in.w, in.h))
	}
	if pass {
		return &Picture{Key: key(data), Format: "jpeg", Data: data, Width: dw, Height: dh, Gray: in.jpeg.comps == 1}, dw, nil
	}
	ch := channels(img)
	out := resample(img, in.orient, ow, oh, ch)
	img = nil // the decoded image is garbage from here on: let a collection take it

	pic := &Picture{Width: ow, Height: oh, Gray: ch == 1}
	switch {
	case ch == 4:
		// Only PNG keeps transparency; the PDF library makes it a soft mask.
		pic.Format, pic.Data = "png", encodePNG(out)
	case in.lossy:
		// A JPEG (or lossy WebP) was a photograph, compressed lossily once
		// already: a second JPEG at quality 88 loses nothing visible and
		// is a fifth to a tenth of a PNG.
		pic.Format, pic.Data = "jpeg", encodeJPEG(out)
	default:
		// A lossless source (PNG, GIF, lossless WebP) is usually a chart, a
		// map, a logo or a screenshot: flat colour and sharp edges, which
		// PNG keeps exactly and Flate compresses well, and around which
		// JPEG rings. A paletted PNG when the picture has 256 colours or
		// fewer. But a photograph saved as PNG costs a PDF three to five
		// times its JPEG: so the JPEG is kept when the PNG is more than
		// half as large again.
		pic.Format, pic.Data = "png", encodePNG(out)
		if j := encodeJPEG(out); 2*len(pic.Data) > 3*len(j) {
			pic.Format, pic.Data = "jpeg", j
		}
	}
	pic.Key = key(pic.Data)
	return pic, dw, nil
}

// resampleCost is the resampler's working memory in bytes: a line of the
// source, a ring of filtered rows and an accumulator, in float32 of up to
// four channels, and its weights.
func resampleCost(dw, ow, oh, dh int) int64 {
	rows := int64(2*kernel.Support*float64(dh)/float64(max(oh, 1))) + 3
	return 16*int64(dw) + 16*int64(ow)*(rows+1) + 4*rows*int64(ow+oh)
}

func key(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:16])
}

func decode(f format, data []byte) (image.Image, error) {
	r := bytes.NewReader(data)
	switch f {
	case formatJPEG:
		return jpeg.Decode(r)
	case formatPNG:
		return png.Decode(r)
	case formatGIF:
		// gif.Decode stops at the first frame of an animation: a still
		// on paper, and no memory for the frames after it.
		return gif.Decode(r)
	case formatWebP:
		return webp.Decode(r)
	}
	return nil, fmt.Errorf("unknown format")
}

// channels tells how many channels a picture needs: 1 for gray, 4 when some
// pixel is not opaque, else 3.
func channels(img image.Image) int {
	switch m := img.(type) {
	case *image.Gray, *image.Gray16:
		return 1
	case *image.YCbCr, *image.CMYK:
		return 3
	case *image.Paletted:
		if m.Opaque() && grayPalette(m.Palette) {
			return 1
		}
	}
	if o, ok := img.(interface{ Opaque() bool }); ok && !o.Opaque() {
		return 4
	}
	return 3
}

func grayPalette(p color.Palette) bool {
	for _, c := range p {
		r, g, b, _ := c.RGBA()
		if r != g || g != b {
			return false
		}
	}
	return true
}

func encodeJPEG(img image.Image) []byte {
	var buf bytes.Buffer
	// Writing to a bytes.Buffer cannot fail, and the image is one of ours.
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality}); err != nil {
		panic("images: encoding a JPEG: " + err.Error())
	}
	return buf.Bytes()
}

// encodePNG encodes img, paletted when it is opaque colour with at most
// 256 colours (a third of the bytes of RGB before Flate, and less after).
func encodePNG(img image.Image) []byte {
	if p := toPaletted(img); p != nil {
		img = p
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, img); err != nil {
		panic("images: encoding a PNG: " + err.Error())
	}
	return buf.Bytes()
}

// toPaletted returns an opaque RGBA image as a paletted one when it has at
// most 256 colours, else nil. Colours are met in order, so the palette and
// the bytes are the same for the same picture.
func toPaletted(img image.Image) *image.Paletted {
	m, ok := img.(*image.RGBA)
	if !ok {
		return nil // gray is one byte a pixel already
	}
	b := m.Bounds()
	index := make(map[[3]byte]uint8, 256)
	var pal color.Palette
	out := image.NewPaletted(b, nil)
	var last [3]byte
	lastIndex := -1
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := m.Pix[m.PixOffset(b.Min.X, y):]
		orow := out.Pix[out.PixOffset(b.Min.X, y):]
		for x := range b.Dx() {
			c := [3]byte{row[4*x], row[4*x+1], row[4*x+2]}
			if c == last && lastIndex >= 0 {
				orow[x] = uint8(lastIndex)
				continue
			}
			i, ok := index[c]
			if !ok {
				if len(pal) == 256 {
					return nil
				}
				i = uint8(len(pal))
				index[c] = i
				pal = append(pal, color.RGBA{c[0], c[1], c[2], 255})
			}
			orow[x], last, lastIndex = i, c, int(i)
		}
	}
	out.Palette = pal
	return out
}
