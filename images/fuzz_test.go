package images

import (
	"context"
	"image"
	"image/color"
	"image/gif"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to the whole decode path — sniffing,
// the JPEG marker scan, EXIF, the decoders, orientation, resampling and
// encoding — which must never panic, and must return either an error or a
// picture whose bytes decode to the size it states.
func FuzzDecode(f *testing.F) {
	jpg := encJPEG(f, photo(40, 30, 1), 80)
	f.Add(jpg)
	f.Add(withEXIF(jpg, 6, false))
	f.Add(withEXIF(jpg, 3, true))
	f.Add(encPNG(f, photo(20, 10, 1)))
	f.Add(withPNGEXIF(f, encPNG(f, image.NewNRGBA64(image.Rect(0, 0, 9, 7))), 8))
	f.Add(encGIF(f, &gif.GIF{Image: []*image.Paletted{image.NewPaletted(image.Rect(0, 0, 5, 5), []color.Color{color.Black, color.White})}, Delay: []int{0}}))
	for _, name := range []string{"cmyk.jpg", "ycck.jpg", "progressive.jpg", "blue-purple-pink.lossy.webp", "gopher-doc.with-alpha.lossless.webp"} {
		f.Add(testdata(f, name))
	}
	f.Add([]byte("<svg/>"))
	// Small limits keep each input quick: a header may claim any size.
	l := NewLoader(Options{MaxPixels: 1 << 20, DecodeMemory: 32 << 20})
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, tw := range []int{0, 7} {
			p, _, err := l.process(context.Background(), data, tw)
			if err != nil {
				if Result(err) != ResultDecodeError && Result(err) != ResultTooLarge {
					t.Fatalf("%v is a %s", err, Result(err))
				}
				continue
			}
			decodePic(t, p)
		}
	})
}
