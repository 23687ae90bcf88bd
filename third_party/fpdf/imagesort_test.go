package fpdf

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"testing"
	"time"
)

// Patch 24: with SetCatalogSort, pictures of one width are written in the
// order of their keys, so a document with several is the same bytes every
// time; the tie between them was broken by a map's random order.
func TestCatalogSortImagesOfOneWidth(t *testing.T) {
	pic := func(h int, shade uint8) []byte {
		im := image.NewGray(image.Rect(0, 0, 20, h))
		for i := range im.Pix {
			im.Pix[i] = shade
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, im); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	write := func() []byte {
		pdf := New("P", "pt", "A4", "")
		pdf.SetCatalogSort(true)
		pdf.SetCreationDate(when)
		pdf.SetModificationDate(when)
		pdf.AddPage()
		for i := range 8 {
			name := fmt.Sprintf("pic-%d", i)
			opt := ImageOptions{ImageType: "PNG"}
			pdf.RegisterImageOptionsReader(name, opt, bytes.NewReader(pic(10+i, uint8(30*i))))
			pdf.ImageOptions(name, 10, float64(10+30*i), 20, 10, false, opt, 0, "")
		}
		var out bytes.Buffer
		if err := pdf.Output(&out); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	first := write()
	for range 20 {
		if !bytes.Equal(write(), first) {
			t.Fatal("two writes of one document with pictures of one width differ")
		}
	}
}
