package images

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
)

// photo is a w×h picture with smooth gradients and a little texture, like a
// photograph as far as the encoders are concerned; seed makes each one
// distinct.
func photo(w, h, seed int) *image.YCbCr {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for y := range h {
		for x := range w {
			v := (x*255/w + y*64/h + (x*y+seed*7919)%13) & 255
			m.Y[y*m.YStride+x] = uint8(v)
		}
	}
	for y := range (h + 1) / 2 {
		for x := range (w + 1) / 2 {
			i := y*m.CStride + x
			m.Cb[i] = uint8(96 + (x*64/w+seed*17)%64)
			m.Cr[i] = uint8(160 - y*64/h)
		}
	}
	return m
}

// noisyYCbCr is photo with grain: closer to a camera's picture in what it
// costs the encoders (a 3000×2000 one is about 1.5 MB at quality 85).
func noisyYCbCr(w, h, seed int) *image.YCbCr {
	m := photo(w, h, seed)
	r := uint32(seed + 1)
	for i := range m.Y {
		r = r*1664525 + 1013904223
		m.Y[i] = uint8(min(255, int(m.Y[i])+int(r>>27)))
	}
	return m
}

func encJPEG(t testing.TB, img image.Image, q int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encPNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encGIF(t testing.TB, g *gif.GIF) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func testdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decodePic decodes a Picture's bytes back, checking that they are what
// its Format says and that its size is what it says.
func decodePic(t testing.TB, p *Picture) image.Image {
	t.Helper()
	var img image.Image
	var err error
	switch p.Format {
	case "jpeg":
		img, err = jpeg.Decode(bytes.NewReader(p.Data))
	case "png":
		img, err = png.Decode(bytes.NewReader(p.Data))
	default:
		t.Fatalf("format %q", p.Format)
	}
	if err != nil {
		t.Fatalf("the picture's %s data: %v", p.Format, err)
	}
	if b := img.Bounds(); b.Dx() != p.Width || b.Dy() != p.Height {
		t.Fatalf("the picture says %d×%d, its data is %v", p.Width, p.Height, b)
	}
	if p.Key != key(p.Data) {
		t.Fatalf("key %s is not the hash of the data", p.Key)
	}
	return img
}

// rgb8 returns a pixel as 8-bit non-premultiplied values.
func rgb8(c color.Color) [4]int {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return [4]int{int(n.R), int(n.G), int(n.B), int(n.A)}
}

func near(a, b [4]int, tol int) bool {
	for i := range a {
		if d := a[i] - b[i]; d > tol || d < -tol {
			return false
		}
	}
	return true
}

// withEXIF returns a JPEG with an APP1 EXIF segment that gives
// orientation o, after SOI; bigEndian chooses the TIFF byte order.
func withEXIF(jpg []byte, o int, bigEndian bool) []byte {
	var bo binary.AppendByteOrder = binary.LittleEndian
	tiff := []byte("II*\x00")
	if bigEndian {
		bo, tiff = binary.BigEndian, []byte("MM\x00*")
	}
	tiff = bo.AppendUint32(tiff, 8) // IFD0 at 8
	tiff = bo.AppendUint16(tiff, 2) // two entries: one before the one read
	entry := func(tag, typ uint16, count uint32, val []byte) {
		tiff = bo.AppendUint16(tiff, tag)
		tiff = bo.AppendUint16(tiff, typ)
		tiff = bo.AppendUint32(tiff, count)
		tiff = append(tiff, val...) // 4 bytes: the value, held in the entry
	}
	entry(0x010F, 2, 4, []byte("Go\x00\x00"))                          // Make, ASCII
	entry(0x0112, 3, 1, append(bo.AppendUint16(nil, uint16(o)), 0, 0)) // Orientation, SHORT
	tiff = bo.AppendUint32(tiff, 0)                                    // no next IFD
	seg := append([]byte("Exif\x00\x00"), tiff...)
	app1 := []byte{0xFF, 0xE1, byte((len(seg) + 2) >> 8), byte(len(seg) + 2)}
	out := append([]byte{}, jpg[:2]...)
	out = append(out, app1...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// server is an httptest server of fixed files that counts its requests
// and records their headers.
type server struct {
	*httptest.Server
	mu       sync.Mutex
	files    map[string][]byte
	headers  map[string]http.Header // extra response headers, by path
	requests map[string]int
	last     http.Header // the last request's headers
}

func newServer(t *testing.T) *server { return newServerB(t) }

func newServerB(t testing.TB) *server {
	s := &server{files: map[string][]byte{}, headers: map[string]http.Header{}, requests: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests[r.URL.Path]++
	s.last = r.Header.Clone()
	data, ok := s.files[r.URL.Path]
	h := s.headers[r.URL.Path]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	for k, v := range h {
		w.Header()[k] = v
	}
	if et := h.Get("ETag"); et != "" && r.Header.Get("If-None-Match") == et {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

func (s *server) put(path string, data []byte, headers ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path] = data
	h := http.Header{}
	for i := 0; i+1 < len(headers); i += 2 {
		h.Set(headers[i], headers[i+1])
	}
	s.headers[path] = h
}

func (s *server) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

func (s *server) host() string { return s.Listener.Addr().String() }

// local is a Loader allowed to fetch from s (which listens on loopback).
func local(s *server, o Options) *Loader {
	o.Hosts = append(o.Hosts, s.host())
	o.AllowPrivate = true
	return NewLoader(o)
}

func load(t *testing.T, l *Loader, src string, widthPt float64) (*Picture, error) {
	t.Helper()
	return l.Article(nil).Load(context.Background(), src, widthPt)
}

func mustLoad(t *testing.T, s *Session, src string, widthPt float64) *Picture {
	t.Helper()
	p, err := s.Load(context.Background(), src, widthPt)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
