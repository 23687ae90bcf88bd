package main

import (
	"bytes"
	containerlist "container/list"
	"errors"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The corpus's pages name their pictures by remote URLs, and the pictures
// themselves are not in go-trafilatura's module. So the harness serves
// stand-ins: a local HTTP server answers every picture of the corpus with a
// placeholder of the size the page declares, and every image URL of an
// article is rewritten to point at it. pdfexport then fetches them as it
// would fetch a CMS's pictures, through its loader and under its rules
// (--image-hosts 127.0.0.1:PORT --image-allow-private).
//
// A rewritten URL carries what the server needs, so that the server keeps
// no state and the same URL always gives the same bytes:
//
//	http://127.0.0.1:PORT/img/{W}x{H}/{mark}/{host}{path}?{query}
//
// W and H are the size the page declares for the file in CSS pixels (0
// when it declares none; see placeholderSize), mark is "ok" or a failure
// made on purpose (markNotFound, markSlow, markTruncated), and host, path
// and query are the original URL's, which tell the server the format and
// seed the picture.
//
// The placeholders, by the original path's extension:
//
//   - JPEG (anything but the below): a photograph's stand-in, a colour
//     from the URL's hash with gradients, a disc and diagonal bands,
//     under pseudo-random noise of ±10 levels, at quality 85: about 1.7
//     bits a pixel (200 KB at 1200×800), as a web photograph weighs, where a
//     flat colour would weigh 5 KB and flatter every byte count. Baseline
//     4:2:0, so pdfexport passes it through as DCT when it needs no
//     downsampling.
//   - PNG (.png): a graphic's stand-in, 8 flat colours in bands and a
//     frame, as charts, logos and screenshots are: a few KB.
//   - GIF (.gif): the same picture as GIF.
//   - SVG (.svg): a small SVG document of that size, which pdfexport
//     refuses by its format (README "Images": SVG is refused by name), as it
//     would refuse the real one.

// The marks: what the server does with a URL.
const (
	markOK        = "ok"
	markNotFound  = "404"       // 404 Not Found
	markSlow      = "slow"      // answers after slowDelay, past -image-timeout
	markTruncated = "truncated" // the first half of the JPEG, as a complete response
)

// failMarks are the failures made on purpose, taken in turn by the pages
// chosen for them (see failPlan).
var failMarks = []string{markNotFound, markSlow, markTruncated}

const (
	// imageTimeout is pdfexport's --image-timeout in the corpus run, and
	// slowDelay how long a slow picture takes: past it.
	imageTimeout = 2 * time.Second
	slowDelay    = 3 * time.Second

	// A page that declares no size for a picture gets defaultW ×
	// defaultH, and one that declares one side gets the other at 3:2.
	defaultW, defaultH = 1200, 800
	// maxSide bounds each side of a placeholder, keeping its proportions:
	// a page that declares a 20000-pixel banner would make the harness,
	// not pdfexport, the thing measured.
	maxSide = 4000

	// cacheBytes bounds the server's cache of made pictures. Each page is
	// rendered five times, by processes that share nothing, and making a
	// 1200×800 JPEG takes 25 ms; the pages being rendered at once need a
	// few MB.
	cacheBytes = 64 << 20
)

// placeholderSize is the size of the picture served for a declared size:
// 0 means undeclared.
func placeholderSize(w, h int) (int, int) {
	switch {
	case w <= 0 && h <= 0:
		w, h = defaultW, defaultH
	case h <= 0:
		h = max(w*2/3, 1)
	case w <= 0:
		w = max(h*3/2, 1)
	}
	if w > maxSide || h > maxSide {
		f := float64(maxSide) / float64(max(w, h))
		w, h = max(int(float64(w)*f), 1), max(int(float64(h)*f), 1)
	}
	return w, h
}

// imageRequest is a rewritten URL, read back.
type imageRequest struct {
	W, H   int    // declared; 0 when not
	Mark   string // markOK or a failure
	Orig   string // host, path and query of the original URL: the picture's identity
	Format string // "jpeg", "png", "gif" or "svg", from the original path
}

// localImageURL rewrites the original URL u to the server at hostPort.
func localImageURL(hostPort string, u *url.URL, w, h int, mark string) string {
	p := u.EscapedPath()
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	s := fmt.Sprintf("http://%s/img/%dx%d/%s/%s%s", hostPort, max(w, 0), max(h, 0), mark, u.Host, p)
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	return s
}

// parseImageRequest reads a request's path and query as localImageURL
// wrote them.
func parseImageRequest(u *url.URL) (imageRequest, error) {
	rest, ok := strings.CutPrefix(u.EscapedPath(), "/img/")
	if !ok {
		return imageRequest{}, errors.New("not an image path")
	}
	size, rest, _ := strings.Cut(rest, "/")
	mark, orig, ok := strings.Cut(rest, "/")
	ws, hs, ok2 := strings.Cut(size, "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if !ok || !ok2 || err1 != nil || err2 != nil || w < 0 || h < 0 {
		return imageRequest{}, fmt.Errorf("bad image path %q", u.Path)
	}
	switch mark {
	case markOK, markNotFound, markSlow, markTruncated:
	default:
		return imageRequest{}, fmt.Errorf("unknown mark %q", mark)
	}
	if u.RawQuery != "" {
		orig += "?" + u.RawQuery
	}
	return imageRequest{W: w, H: h, Mark: mark, Orig: orig, Format: formatOf(u.Path)}, nil
}

// formatOf is the placeholder's format for a URL path, by its extension.
func formatOf(p string) string {
	switch strings.ToLower(path.Ext(p)) {
	case ".png":
		return "png"
	case ".gif":
		return "gif"
	case ".svg", ".svgz":
		return "svg"
	}
	return "jpeg"
}

// imageServer serves the placeholders on a loopback port.
type imageServer struct {
	Addr  string // host:port, for --image-hosts
	srv   *http.Server
	ln    net.Listener
	cache *byteCache
	slow  time.Duration

	mu       sync.Mutex
	requests map[string]int // by mark
	served   int64          // bytes
}

// startImageServer listens on 127.0.0.1 (port 0: any free one) and
// serves until Close.
func startImageServer(port int) (*imageServer, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return nil, fmt.Errorf("image server: %w", err)
	}
	s := &imageServer{Addr: ln.Addr().String(), ln: ln, cache: newByteCache(cacheBytes), slow: slowDelay, requests: map[string]int{}}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(ln) // returns http.ErrServerClosed on Close
	return s, nil
}

// Close stops the server, ending requests in progress (a slow one's sleep).
func (s *imageServer) Close() error { return s.srv.Close() }

// Stats are the requests by mark and the bytes served.
func (s *imageServer) Stats() (map[string]int, int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := make(map[string]int, len(s.requests))
	for k, v := range s.requests {
		m[k] = v
	}
	return m, s.served
}

func (s *imageServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "GET only", http.StatusMethodNotAllowed)
		return
	}
	req, err := parseImageRequest(r.URL)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.requests[req.Mark]++
	s.mu.Unlock()
	switch req.Mark {
	case markNotFound:
		http.NotFound(w, r)
		return
	case markSlow:
		t := time.NewTimer(s.slow)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return // the client gave up, as it should have
		}
	}
	data, ctype := s.picture(req)
	if req.Mark == markTruncated {
		data = data[:len(data)/2]
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	if r.Method == http.MethodHead {
		return
	}
	n, _ := w.Write(data)
	s.mu.Lock()
	s.served += int64(n)
	s.mu.Unlock()
}

// prepare makes the placeholder a URL will ask for, so that the render
// that asks for it first does not wait while it is made: on a loaded
// machine, making a large one can take longer than --image-timeout, and
// the harness, not pdfexport, would be what failed. URLs of other servers
// and marks that serve nothing are left alone.
func (s *imageServer) prepare(src string) {
	u, err := url.Parse(src)
	if err != nil || u.Host != s.Addr {
		return
	}
	if req, err := parseImageRequest(u); err == nil && req.Mark != markNotFound {
		s.picture(req)
	}
}

// picture returns the placeholder for req, made once and cached.
func (s *imageServer) picture(req imageRequest) ([]byte, string) {
	w, h := placeholderSize(req.W, req.H)
	key := fmt.Sprintf("%dx%d %s", w, h, req.Orig)
	ctype := "image/" + req.Format
	if req.Format == "svg" {
		ctype = "image/svg+xml"
	}
	if b, ok := s.cache.get(key); ok {
		return b, ctype
	}
	b := makePlaceholder(req.Format, w, h, seedOf(req.Orig))
	s.cache.put(key, b)
	return b, ctype
}

func seedOf(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// makePlaceholder draws the picture of a format, size and seed.
func makePlaceholder(format string, w, h int, seed uint32) []byte {
	var buf bytes.Buffer
	switch format {
	case "svg":
		c := colorOf(seed)
		fmt.Fprintf(&buf, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d"><rect width="100%%" height="100%%" fill="#%02x%02x%02x"/></svg>`, w, h, c.R, c.G, c.B)
	case "png":
		png.Encode(&buf, graphic(w, h, seed))
	case "gif":
		gif.Encode(&buf, graphic(w, h, seed), nil)
	default:
		jpeg.Encode(&buf, photo(w, h, seed), &jpeg.Options{Quality: 85})
	}
	return buf.Bytes()
}

func colorOf(seed uint32) color.RGBA {
	return color.RGBA{uint8(60 + seed%140), uint8(60 + (seed>>8)%140), uint8(60 + (seed>>16)%140), 255}
}

// photo is the JPEG placeholder (see the file's comment), drawn in
// YCbCr 4:2:0 as the encoder writes it.
func photo(w, h int, seed uint32) *image.YCbCr {
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	s := seed | 1 // xorshift32's state must not be 0
	next := func() uint32 {
		s ^= s << 13
		s ^= s >> 17
		s ^= s << 5
		return s
	}
	c := colorOf(seed)
	y0, cb0, cr0 := color.RGBToYCbCr(c.R, c.G, c.B)
	r := min(w, h) / 3
	const noise = 10
	for y := range h {
		row := img.Y[y*img.YStride:]
		for x := range w {
			v := int(y0) + x*48/w - 24 + y*32/h - 16
			if ((x+y)/48)%2 == 0 {
				v += 10
			}
			if dx, dy := x-w/2, y-h/2; dx*dx+dy*dy < r*r {
				v -= 30
			}
			v += int(next()%(2*noise+1)) - noise
			row[x] = uint8(min(max(v, 0), 255))
		}
	}
	cw, ch := (w+1)/2, (h+1)/2
	for y := range ch {
		for x := range cw {
			n := next()
			i := y*img.CStride + x
			img.Cb[i] = uint8(min(max(int(cb0)+x*24/cw-12+int(n%9)-4, 0), 255))
			img.Cr[i] = uint8(min(max(int(cr0)+y*24/ch-12+int((n>>8)%9)-4, 0), 255))
		}
	}
	return img
}

// graphic is the PNG and GIF placeholder: flat colours in bands, in a
// frame.
func graphic(w, h int, seed uint32) *image.Paletted {
	pal := make(color.Palette, 8)
	for i := range pal {
		pal[i] = colorOf(seed * uint32(2*i+1))
	}
	img := image.NewPaletted(image.Rect(0, 0, w, h), pal)
	band := max(h/8, 1)
	frame := max(min(w, h)/40, 1)
	for y := range h {
		for x := range w {
			idx := uint8(1 + (y/band+x/max(w/5, 1))%7)
			if x < frame || y < frame || x >= w-frame || y >= h-frame {
				idx = 0
			}
			img.Pix[y*img.Stride+x] = idx
		}
	}
	return img
}

// byteCache keeps made pictures, least recently used out first.
type byteCache struct {
	mu    sync.Mutex
	max   int
	size  int
	order *containerlist.List // of *cacheEntry, most recent first
	items map[string]*containerlist.Element
}

type cacheEntry struct {
	key  string
	data []byte
}

func newByteCache(max int) *byteCache {
	return &byteCache{max: max, order: containerlist.New(), items: map[string]*containerlist.Element{}}
}

func (c *byteCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*cacheEntry).data, true
	}
	return nil, false
}

func (c *byteCache) put(key string, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[key]; ok || len(data) > c.max {
		return
	}
	c.items[key] = c.order.PushFront(&cacheEntry{key, data})
	c.size += len(data)
	for c.size > c.max {
		e := c.order.Back()
		ce := e.Value.(*cacheEntry)
		c.order.Remove(e)
		delete(c.items, ce.key)
		c.size -= len(ce.data)
	}
}
