package images

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/webp"
)

// format is what the bytes are, told by their signature: never by the
// Content-Type or the file name, which a server or an editor may get wrong.
type format uint8

const (
	formatUnknown format = iota
	formatJPEG
	formatPNG
	formatGIF
	formatWebP
)

func (f format) String() string {
	switch f {
	case formatJPEG:
		return "JPEG"
	case formatPNG:
		return "PNG"
	case formatGIF:
		return "GIF"
	case formatWebP:
		return "WebP"
	}
	return "unknown"
}

func sniff(b []byte) format {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return formatJPEG
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return formatPNG
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return formatGIF
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return formatWebP
	}
	return formatUnknown
}

// unsupported names, with its article, a format that users do send, so
// that the error says what it is rather than only what it is not.
func unsupported(b []byte) string {
	head := b[:min(len(b), 512)]
	trimmed := bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")
	switch {
	case bytes.HasPrefix(trimmed, []byte("<svg")), bytes.HasPrefix(trimmed, []byte("<?xml")) && bytes.Contains(head, []byte("<svg")):
		return "an SVG image"
	case len(b) >= 12 && string(b[4:8]) == "ftyp" && (string(b[8:12]) == "avif" || string(b[8:12]) == "avis"):
		return "an AVIF image"
	case len(b) >= 12 && string(b[4:8]) == "ftyp" && (string(b[8:11]) == "hei" || string(b[8:11]) == "mif"):
		return "a HEIC image"
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return "a TIFF image"
	case bytes.HasPrefix(b, []byte("BM")):
		return "a BMP image"
	case bytes.HasPrefix(trimmed, []byte("<")):
		return "HTML or XML, not an image"
	}
	return ""
}

// info is what is known of an image before it is decoded: enough to refuse
// it, to decide whether its bytes can be passed through, and to tell how
// much memory decoding it takes.
type info struct {
	format     format
	w, h       int // as stored, before orientation
	orient     int // EXIF orientation, 1 to 8
	model      color.Model
	lossy      bool  // JPEG or lossy WebP: re-encoded as JPEG
	cost       int64 // bytes decoding holds at its peak, estimated
	jpeg       jpegInfo
	interlaced bool // PNG: Adam7
}

// displayed returns the size as shown: orientations 5 to 8 swap the axes.
func (in *info) displayed() (w, h int) {
	if in.orient >= 5 {
		return in.h, in.w
	}
	return in.w, in.h
}

// inspect reads the headers of b. Its errors are decode errors: b is not an
// image this package reads.
func inspect(b []byte) (info, error) {
	in := info{format: sniff(b), orient: 1}
	var cfg image.Config
	var err error
	r := bytes.NewReader(b)
	switch in.format {
	case formatJPEG:
		in.lossy = true
		if in.jpeg, err = scanJPEG(b); err != nil {
			return in, err
		}
		in.orient = in.jpeg.orient
		cfg, err = jpeg.DecodeConfig(r)
	case formatPNG:
		in.orient, in.interlaced = scanPNG(b)
		cfg, err = png.DecodeConfig(r)
	case formatGIF:
		cfg, err = gif.DecodeConfig(r)
	case formatWebP:
		var lossless bool
		in.orient, lossless = scanWebP(b)
		in.lossy = !lossless
		cfg, err = webp.DecodeConfig(r)
	default:
		if what := unsupported(b); what != "" {
			return in, fail(ErrDecode, "it is "+what+"; only JPEG, PNG, GIF and WebP images are supported")
		}
		return in, fail(ErrDecode, "it is not a JPEG, PNG, GIF or WebP image")
	}
	if err != nil {
		return in, failWith(ErrDecode, err, "its "+in.format.String()+" header cannot be read: "+err.Error())
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return in, fail(ErrDecode, "it has no pixels")
	}
	in.w, in.h, in.model = cfg.Width, cfg.Height, cfg.ColorModel
	in.cost = in.decodeCost()
	return in, nil
}

// decodeCost estimates the bytes that decoding takes at its peak, from
// what each of Go's decoders allocates: the decoded pixels, and the
// decoder's working copies where it keeps them alive at the same time.
func (in *info) decodeCost() int64 {
	px := int64(in.w) * int64(in.h)
	switch in.format {
	case formatJPEG:
		j := &in.jpeg
		// image/jpeg decodes each component into a plane padded to whole
		// MCUs, subsampled as the file says.
		mcuW, mcuH := 8*j.hmax, 8*j.vmax
		mx := int64((in.w + mcuW - 1) / mcuW)
		my := int64((in.h + mcuH - 1) / mcuH)
		var samples int64
		for i := 0; i < j.comps; i++ {
			samples += mx * int64(8*j.hs[i]) * my * int64(8*j.vs[i])
		}
		cost := samples
		if j.progressive() {
			// A progressive file keeps every coefficient until the last
			// scan: an int32 per sample.
			cost += 4 * samples
		}
		if j.comps == 4 || in.model == color.RGBAModel {
			// CMYK and RGB JPEGs are converted to a 4-byte-per-pixel image
			// while the planes are still held.
			cost += 4 * px
		}
		return cost
	case formatPNG:
		cost := px * int64(bytesPerPixel(in.model))
		if in.interlaced {
			// Each of the seven passes is decoded into an image of its
			// own before they are merged.
			cost *= 2
		}
		return cost
	case formatGIF:
		return px // the first frame, paletted
	case formatWebP:
		if in.lossy {
			// 4:2:0 YCbCr, and an alpha plane when there is one.
			return px*3/2 + px
		}
		// VP8L decodes into 4 bytes a pixel, and its colour-indexing
		// transform writes a second buffer of the same size.
		return 8 * px
	}
	return 8 * px
}

func bytesPerPixel(m color.Model) int {
	switch m {
	case color.GrayModel:
		return 1
	case color.Gray16Model:
		return 2
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4
}

// jpegInfo is what the markers of a JPEG say before its first scan.
type jpegInfo struct {
	sof        byte // the frame marker: 0xC0 baseline, 0xC1 extended, 0xC2 progressive, …
	precision  int
	comps      int
	hs, vs     [4]int // sampling factors
	hmax, vmax int
	adobe      int // the APP14 transform, or -1 without an Adobe marker
	orient     int
}

func (j *jpegInfo) progressive() bool {
	return j.sof == 0xC2 || j.sof == 0xC6 || j.sof == 0xCA || j.sof == 0xCE
}

// scanJPEG walks the markers from SOI to the first SOS.
func scanJPEG(b []byte) (jpegInfo, error) {
	j := jpegInfo{adobe: -1, orient: 1}
	exif := false
	for i := 2; ; {
		if i >= len(b) || b[i] != 0xFF {
			return j, fail(ErrDecode, "it is not a valid JPEG: a marker was expected")
		}
		for i < len(b) && b[i] == 0xFF { // fill bytes
			i++
		}
		if i >= len(b) {
			return j, fail(ErrDecode, "it is a truncated JPEG")
		}
		m := b[i]
		i++
		if m == 0xD9 || m == 0xDA && j.sof == 0 {
			return j, fail(ErrDecode, "it is not a valid JPEG: it has no frame header")
		}
		if m >= 0xD0 && m <= 0xD8 || m == 0x01 { // markers without a length
			continue
		}
		if i+2 > len(b) {
			return j, fail(ErrDecode, "it is a truncated JPEG")
		}
		n := int(binary.BigEndian.Uint16(b[i:]))
		if n < 2 || i+n > len(b) {
			return j, fail(ErrDecode, "it is a truncated JPEG")
		}
		seg := b[i+2 : i+n]
		i += n
		switch {
		case m == 0xDA:
			return j, nil
		case m == 0xE1 && !exif && bytes.HasPrefix(seg, []byte("Exif\x00\x00")):
			exif = true
			j.orient = exifOrientation(seg[6:])
		case m == 0xEE && len(seg) >= 12 && bytes.HasPrefix(seg, []byte("Adobe")):
			j.adobe = int(seg[11])
		case m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC:
			if j.sof != 0 {
				return j, fail(ErrDecode, "it is not a valid JPEG: it has two frame headers")
			}
			if len(seg) < 6 {
				return j, fail(ErrDecode, "it is not a valid JPEG: its frame header is short")
			}
			j.sof, j.precision, j.comps = m, int(seg[0]), int(seg[5])
			if j.comps < 1 || j.comps > 4 || len(seg) < 6+3*j.comps {
				return j, fail(ErrDecode, "it is not a valid JPEG: its frame header is damaged")
			}
			for c := 0; c < j.comps; c++ {
				f := seg[6+3*c+1]
				j.hs[c], j.vs[c] = int(f>>4), int(f&15)
				if j.hs[c] < 1 || j.vs[c] < 1 || j.hs[c] > 4 || j.vs[c] > 4 {
					return j, fail(ErrDecode, "it is not a valid JPEG: its sampling factors are damaged")
				}
				j.hmax, j.vmax = max(j.hmax, j.hs[c]), max(j.vmax, j.vs[c])
			}
		}
	}
}

// scanPNG reads the EXIF orientation of an eXIf chunk and whether the image
// is interlaced.
func scanPNG(b []byte) (orient int, interlaced bool) {
	orient = 1
	for i := 8; i+12 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		if n < 0 || n > len(b)-i-12 {
			break
		}
		data := b[i+8 : i+8+n]
		switch typ {
		case "IHDR":
			if len(data) >= 13 {
				interlaced = data[12] == 1
			}
		case "eXIf":
			orient = exifOrientation(data)
		case "IEND":
			return
		}
		i += 12 + n
	}
	return
}

// scanWebP reads the EXIF orientation of an EXIF chunk and whether the
// image is lossless (VP8L) rather than lossy (VP8).
func scanWebP(b []byte) (orient int, lossless bool) {
	orient = 1
	for i := 12; i+8 <= len(b); {
		typ := string(b[i : i+4])
		n := int(binary.LittleEndian.Uint32(b[i+4:]))
		if n < 0 || n > len(b)-i-8 {
			break
		}
		data := b[i+8 : i+8+n]
		switch typ {
		case "VP8L":
			lossless = true
		case "EXIF":
			// Some writers keep JPEG's "Exif\0\0" before the TIFF header.
			orient = exifOrientation(bytes.TrimPrefix(data, []byte("Exif\x00\x00")))
		}
		i += 8 + n + n&1
	}
	return
}

// exifOrientation reads tag 0x0112 (Orientation) of the first IFD of a TIFF
// structure, as EXIF stores it. Anything missing or out of range is 1 (as
// stored): a damaged EXIF block must not turn a picture on its side.
//
// Only this one tag is needed, and it is always in IFD0, so a dozen lines
// do here what a general EXIF library would, without its dependencies and
// with every offset bounds-checked (the fuzz test runs through this).
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(t[2:]) != 42 {
		return 1
	}
	off := int64(bo.Uint32(t[4:]))
	if off < 8 || off+2 > int64(len(t)) {
		return 1
	}
	n := int64(bo.Uint16(t[off:]))
	for k := int64(0); k < n; k++ {
		e := off + 2 + 12*k
		if e+12 > int64(len(t)) {
			return 1
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		var v uint32
		switch bo.Uint16(t[e+2:]) {
		case 3: // SHORT
			v = uint32(bo.Uint16(t[e+8:]))
		case 4: // LONG, which a few writers use
			v = bo.Uint32(t[e+8:])
		}
		if v >= 1 && v <= 8 {
			return int(v)
		}
		return 1
	}
	return 1
}
