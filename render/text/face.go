package text

import "pdfexport/fonts"

// Face is a font face. Layout measures and draws through package text and
// names faces only through this alias, so that it depends on no concrete
// font package: the faces a document uses are chosen by whoever builds it.
type Face = fonts.Face

// UnitsPerEm is the size of f's em in font units, the scale of every
// advance and offset Shape returns. It is read from the face as parsed for
// shaping, which every face a layout measures is parsed for anyway: asking
// fonts.Face.Metrics instead cost a cold process about a millisecond per
// face for tables that shaping never reads.
func UnitsPerEm(f Face) int32 { return int32(f.Font().Upem()) }
