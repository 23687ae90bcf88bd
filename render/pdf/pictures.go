package pdf

import (
	"codeberg.org/go-pdf/fpdf"

	"pdfexport/fonts"
	"pdfexport/internal/twogen"
)

// Pictures: an emoji's picture is decoded from its PNG and compressed for
// the PDF (fpdf patch 7), which was most of the time a document with emoji
// took to write (33 of 40 ms for 100 distinct emoji), and the same emoji
// come back in document after document. So the encoded pictures are kept
// per face and glyph, in a cache bounded as the cuts are (cuts.go): two
// generations of pictureBytes each. Noto's encoded pictures are 3 to 6 KB,
// so a generation holds about a thousand of its 3,900.
const pictureBytes = 4 << 20

type pictureKey struct {
	face   fonts.Face
	gid    uint16
	opaque bool // composed onto white, for PDF/A-1 (flatten.go)
}

var pictures = twogen.New[pictureKey, *fpdf.ColorGlyphPicture](pictureBytes, pictureBytes)

// encodePicture encodes a PNG for the PDF; a test counts its calls.
var encodePicture = fpdf.EncodeColorGlyphPicture

// pictureFor returns the encoded picture of glyph gid of a colour face,
// whose PNG is png, from the cache or encoded now.
func pictureFor(face fonts.Face, gid uint16, png []byte, opaque bool) (*fpdf.ColorGlyphPicture, error) {
	k := pictureKey{face, gid, opaque}
	if p, ok := pictures.Get(k); ok {
		return p, nil
	}
	if opaque {
		var err error
		if png, err = flatten(png); err != nil {
			return nil, err
		}
	}
	p, err := encodePicture(png)
	if err != nil {
		return nil, err
	}
	// The encoded streams are about as large as the PNG, which costs
	// nothing (it lies in the embedded font): this is an estimate.
	pictures.Put(k, p, len(png)+256)
	return p, nil
}
