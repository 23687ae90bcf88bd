package pdf

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
)

// PDF/A-1 forbids transparency (ISO 19005-1 6.4): no soft masks. A picture
// with an alpha channel, a photo's PNG or an emoji, is therefore composed
// onto the white of the paper before it is written, which is how it looks
// on the page wherever nothing is drawn under it: pdfexport draws nothing
// under a figure, and an emoji's box overlaps at most a neighbour's side
// bearing. Parts 2 and 3 keep the alpha.

// flatten returns a PNG without transparency: data itself when it has
// none, else its pixels composed over white.
func flatten(data []byte) ([]byte, error) {
	im, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if opaque(im) {
		return data, nil
	}
	b := im.Bounds()
	out := image.NewRGBA(b)
	draw.Draw(out, b, image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(out, b, im, b.Min, draw.Over)
	// Written as opaque RGB: fpdf's reader gives an RGBA picture a soft
	// mask even when every pixel is opaque.
	rgb := image.NewNRGBA(b)
	copy(rgb.Pix, out.Pix)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, rgb); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// opaque reports whether im has no transparent pixel.
func opaque(im image.Image) bool {
	if o, ok := im.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}
