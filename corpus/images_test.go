package main

import (
	"bytes"
	"context"
	"errors"
	"image"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"

	"pdfexport/images"
)

// serve starts the image server for a test.
func serve(t *testing.T) *imageServer {
	t.Helper()
	s, err := startImageServer(0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func get(t *testing.T, u string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func TestPlaceholderSize(t *testing.T) {
	tests := []struct{ w, h, ww, wh int }{
		{0, 0, defaultW, defaultH},
		{600, 0, 600, 400},
		{0, 300, 450, 300},
		{640, 480, 640, 480},
		{16, 16, 16, 16},
		{20000, 1000, 4000, 200},
		{1000, 8000, 500, 4000},
	}
	for _, tt := range tests {
		if w, h := placeholderSize(tt.w, tt.h); w != tt.ww || h != tt.wh {
			t.Errorf("placeholderSize(%d, %d) = %d×%d, want %d×%d", tt.w, tt.h, w, h, tt.ww, tt.wh)
		}
	}
}

func TestImageURLRoundTrip(t *testing.T) {
	orig, _ := url.Parse("https://cdn.example.org/a%20b/S=W180/https://x.org/p.PNG?w=300&h=2#frag")
	s := localImageURL("127.0.0.1:8", orig, 600, 0, markSlow)
	if want := "http://127.0.0.1:8/img/600x0/slow/cdn.example.org/a%20b/S=W180/https://x.org/p.PNG?w=300&h=2"; s != want {
		t.Fatalf("got  %s\nwant %s", s, want)
	}
	u, _ := url.Parse(s)
	req, err := parseImageRequest(u)
	if err != nil {
		t.Fatal(err)
	}
	want := imageRequest{W: 600, H: 0, Mark: markSlow, Orig: "cdn.example.org/a%20b/S=W180/https://x.org/p.PNG?w=300&h=2", Format: "png"}
	if req != want {
		t.Errorf("got %+v, want %+v", req, want)
	}
	for _, bad := range []string{"/x/1x1/ok/h/p", "/img/1y1/ok/h/p", "/img/1x1/maybe/h/p", "/img/-1x1/ok/h/p", "/img/1x1"} {
		if _, err := parseImageRequest(&url.URL{Path: bad}); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// TestServer: each format at the size the URL declares, the same bytes for
// the same URL and others for another, and the failures made on purpose.
func TestServer(t *testing.T) {
	s := serve(t)
	base := "http://" + s.Addr + "/img/"
	for _, tt := range []struct {
		path, ctype, format string
		w, h                int
	}{
		{"640x480/ok/example.org/a.jpg", "image/jpeg", "jpeg", 640, 480},
		{"0x0/ok/example.org/photo?id=3", "image/jpeg", "jpeg", defaultW, defaultH},
		{"300x0/ok/example.org/chart.png", "image/png", "png", 300, 200},
		{"32x32/ok/example.org/icon.GIF", "image/gif", "gif", 32, 32},
	} {
		resp, b := get(t, base+tt.path)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != tt.ctype {
			t.Fatalf("%s: %s, %s", tt.path, resp.Status, resp.Header.Get("Content-Type"))
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil || format != tt.format || cfg.Width != tt.w || cfg.Height != tt.h {
			t.Errorf("%s: %s %d×%d (%v), want %s %d×%d", tt.path, format, cfg.Width, cfg.Height, err, tt.format, tt.w, tt.h)
		}
		if _, again := get(t, base+tt.path); !bytes.Equal(b, again) {
			t.Errorf("%s: other bytes the second time", tt.path)
		}
	}
	_, a := get(t, base+"640x480/ok/example.org/a.jpg")
	_, b := get(t, base+"640x480/ok/example.org/b.jpg")
	if bytes.Equal(a, b) {
		t.Error("two URLs, one picture")
	}
	// A photograph's weight, not a flat colour's: 1.2 to 2.5 bits a pixel.
	if bits := float64(len(a)*8) / (640 * 480); bits < 1.2 || bits > 2.5 {
		t.Errorf("the JPEG placeholder has %.2f bits a pixel", bits)
	}
	resp, svg := get(t, base+"100x50/ok/example.org/logo.svg")
	if resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(string(svg), `width="100" height="50"`) {
		t.Errorf("svg: %s %s", resp.Header.Get("Content-Type"), svg)
	}

	if resp, _ := get(t, base+"640x480/404/example.org/a.jpg"); resp.StatusCode != 404 {
		t.Errorf("404: %s", resp.Status)
	}
	if resp, _ := get(t, base+"nope"); resp.StatusCode != 400 {
		t.Errorf("a bad path: %s", resp.Status)
	}
	resp, cut := get(t, base+"640x480/truncated/example.org/a.jpg")
	if resp.StatusCode != 200 || len(cut) != len(a)/2 || !bytes.Equal(cut, a[:len(a)/2]) {
		t.Errorf("truncated: %s, %d bytes of %d", resp.Status, len(cut), len(a))
	}
	if _, _, err := image.Decode(bytes.NewReader(cut)); err == nil {
		t.Error("the truncated JPEG decodes")
	}
}

func TestServerSlow(t *testing.T) {
	s := serve(t)
	s.slow = time.Second
	c := &http.Client{Timeout: 100 * time.Millisecond}
	start := time.Now()
	_, err := c.Get("http://" + s.Addr + "/img/10x10/slow/example.org/a.jpg")
	if err == nil || time.Since(start) > 900*time.Millisecond {
		t.Errorf("the slow picture came in %s (%v)", time.Since(start), err)
	}
	if resp, b := get(t, "http://"+s.Addr+"/img/10x10/slow/example.org/a.jpg"); resp.StatusCode != 200 || len(b) == 0 {
		t.Errorf("a patient client: %s, %d bytes", resp.Status, len(b))
	}
	if got, _ := s.Stats(); got[markSlow] != 2 {
		t.Errorf("requests %v", got)
	}
}

// TestPlaceholdersThroughPdfexport loads the placeholders with pdfexport's
// own image loader, under the rules a render uses (--image-timeout 2s): a
// JPEG that needs no downsampling passes through as it was served, a PNG is
// a PNG, and each failure made on purpose fails as planned.
func TestPlaceholdersThroughPdfexport(t *testing.T) {
	s := serve(t)
	s.slow = imageTimeout + time.Second
	l := images.NewLoader(images.Options{Hosts: []string{s.Addr}, AllowPrivate: true, Timeout: imageTimeout})
	defer l.Close()
	ctx := context.Background()
	sess := l.Article(nil)
	base := "http://" + s.Addr + "/img/"
	_, served := get(t, base+"900x600/ok/example.org/a.jpg")
	p, err := sess.Load(ctx, base+"900x600/ok/example.org/a.jpg", 451)
	if err != nil || p.Format != "jpeg" || p.Width != 900 || p.Height != 600 || !bytes.Equal(p.Data, served) {
		t.Errorf("JPEG: %v; format %s, %d×%d, passed through: %v", err, p.Format, p.Width, p.Height, err == nil && bytes.Equal(p.Data, served))
	}
	if p, err := sess.Load(ctx, base+"400x300/ok/example.org/b.png", 451); err != nil || p.Format != "png" || p.Width != 400 {
		t.Errorf("PNG: %v", err)
	}
	for _, tt := range []struct {
		path string
		want error
	}{
		{"400x300/404/example.org/a.jpg", images.ErrNotFound},
		{"400x300/slow/example.org/a.jpg", images.ErrTimeout},
		{"400x300/truncated/example.org/a.jpg", images.ErrDecode},
		{"400x300/ok/example.org/a.svg", images.ErrDecode},
	} {
		start := time.Now()
		_, err := sess.Load(ctx, base+tt.path, 451)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.path, err, tt.want)
		}
		if time.Since(start) > imageTimeout+500*time.Millisecond {
			t.Errorf("%s took %s", tt.path, time.Since(start))
		}
	}
}
