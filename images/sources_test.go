package images

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"pdfexport/internal/testctx"
)

func smallPNG(t testing.TB) []byte {
	m := image.NewRGBA(image.Rect(0, 0, 8, 6))
	for i := range m.Pix {
		m.Pix[i] = uint8(i * 37)
	}
	for i := 3; i < len(m.Pix); i += 4 {
		m.Pix[i] = 255
	}
	return encPNG(t, m)
}

func TestSources(t *testing.T) {
	jpg := encJPEG(t, photo(64, 48, 1), 90)
	png := smallPNG(t)
	srv := newServer(t)
	srv.put("/a.jpg", jpg)
	l := local(srv, Options{})
	dir := fstest.MapFS{
		"photos/a.jpg":   {Data: jpg},
		"photos/a b.png": {Data: png},
	}
	s := l.Article(dir)
	for _, c := range []struct {
		src     string
		format  string
		w, h    int
		sameAs  []byte // the exact bytes, passed through
		comment string
	}{
		{src: "http://" + srv.host() + "/a.jpg", format: "jpeg", w: 64, h: 48, sameAs: jpg},
		{src: "http://" + srv.host() + "/a.jpg#fragment", format: "jpeg", w: 64, h: 48, sameAs: jpg},
		{src: "data:image/png;base64," + base64.StdEncoding.EncodeToString(png), format: "png", w: 8, h: 6},
		{src: "DATA:image/png;BASE64," + base64.RawStdEncoding.EncodeToString(png), format: "png", w: 8, h: 6, comment: "no padding, upper case"},
		{src: "data:;base64," + wrap(base64.StdEncoding.EncodeToString(png), 20), format: "png", w: 8, h: 6, comment: "wrapped over lines"},
		{src: "data:image/jpeg," + percentAll(jpg), format: "jpeg", w: 64, h: 48, sameAs: jpg, comment: "percent-encoded"},
		{src: "photos/a.jpg", format: "jpeg", w: 64, h: 48, sameAs: jpg},
		{src: "./photos/a.jpg", format: "jpeg", w: 64, h: 48, sameAs: jpg},
		{src: "photos/../photos/a.jpg", format: "jpeg", w: 64, h: 48, sameAs: jpg, comment: "'..' that stays inside"},
		{src: "photos/a%20b.png", format: "png", w: 8, h: 6, comment: "a URL path, unescaped"},
	} {
		p, err := s.Load(context.Background(), c.src, 300)
		if err != nil {
			t.Errorf("%.60s (%s): %v", c.src, c.comment, err)
			continue
		}
		decodePic(t, p)
		if p.Format != c.format || p.Width != c.w || p.Height != c.h {
			t.Errorf("%.60s: %s %d×%d, want %s %d×%d", c.src, p.Format, p.Width, p.Height, c.format, c.w, c.h)
		}
		if c.sameAs != nil && string(p.Data) != string(c.sameAs) {
			t.Errorf("%.60s: the JPEG was not passed through", c.src)
		}
	}
}

func wrap(s string, n int) string {
	var b strings.Builder
	for len(s) > n {
		b.WriteString(s[:n] + "\r\n ")
		s = s[n:]
	}
	return b.String() + s
}

func percentAll(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		if c >= 'a' && c <= 'z' {
			sb.WriteByte(c)
		} else {
			fmt.Fprintf(&sb, "%%%02X", c)
		}
	}
	return sb.String()
}

// TestRefusals: every source this package must not read is refused, with
// a message that says why, and classified as refused.
func TestRefusals(t *testing.T) {
	srv := newServer(t)
	srv.put("/a.png", smallPNG(t))
	public := NewLoader(Options{Hosts: []string{srv.host(), "images.example.com", "*.cdn.example.net", "169.254.169.254", "[::1]:" + srv.URL[strings.LastIndex(srv.URL, ":")+1:]}})
	dir := fstest.MapFS{"a.png": {Data: smallPNG(t)}}
	for _, c := range []struct {
		l    *Loader
		dir  bool
		src  string
		want string // in the message
	}{
		{public, false, "file:///etc/passwd", "the scheme file: is not allowed"},
		{public, false, "ftp://images.example.com/a.jpg", "the scheme ftp: is not allowed"},
		{public, false, "javascript:alert(1)", "the scheme javascript: is not allowed"},
		{public, false, "gopher://images.example.com/", "the scheme gopher: is not allowed"},
		{public, false, "//images.example.com/a.jpg", "without a scheme"},
		{public, false, "https://evil.example.org/a.jpg", "host evil.example.org is not in --image-hosts"},
		{public, false, "https://cdn.example.net/a.jpg", "host cdn.example.net is not in --image-hosts"},
		{public, false, "https://images.example.com:8443/a.jpg", "port 8443 of host images.example.com is not in --image-hosts"},
		{public, false, "https://user:pw@images.example.com/a.jpg", "user name or password"},
		{NewLoader(Options{}), false, "https://images.example.com/a.jpg", "which is empty"},
		// httptest listens on 127.0.0.1: listed, but loopback.
		{public, false, srv.URL + "/a.png", "address 127.0.0.1 is loopback"},
		{public, false, "http://169.254.169.254/latest/meta-data/", "cloud metadata"},
		{public, false, strings.Replace(srv.URL, "127.0.0.1", "[::1]", 1) + "/a.png", "address ::1 is loopback"},
		{public, true, "../a.png", "out of the article's folder"},
		{public, true, "x/../../a.png", "out of the article's folder"},
		{public, true, "/etc/passwd", "absolute path"},
		{public, true, `..\a.png`, "backslash"},
		{public, false, "a.png", "no folder"},
	} {
		s := c.l.Article(nil)
		if c.dir {
			s = c.l.Article(dir)
		}
		_, err := s.Load(context.Background(), c.src, 100)
		if err == nil {
			t.Errorf("%s: loaded", c.src)
			continue
		}
		if !errors.Is(err, ErrRefused) || Result(err) != ResultRefused {
			t.Errorf("%s: %v is not a refusal (%s)", c.src, err, Result(err))
		}
		if !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "image ") {
			t.Errorf("%s: %q does not say %q", c.src, err, c.want)
		}
	}
	if n := srv.count("/a.png"); n != 0 {
		t.Errorf("the server was asked %d times", n)
	}
}

func TestHostRules(t *testing.T) {
	l := NewLoader(Options{Hosts: []string{"Images.Example.com", "*.cdn.example.net", "media.example.org:8080", "203.0.113.9"}})
	for _, c := range []struct {
		url string
		ok  bool
	}{
		{"https://images.example.com/a.jpg", true},
		{"http://IMAGES.example.com./a.jpg", true},
		{"https://images.example.com:443/a.jpg", true},
		{"http://images.example.com:443/a.jpg", false},
		{"https://a.cdn.example.net/a.jpg", true},
		{"https://a.b.cdn.example.net/a.jpg", true},
		{"https://cdn.example.net/a.jpg", false},
		{"https://evilcdn.example.net/a.jpg", false},
		{"http://media.example.org:8080/a.jpg", true},
		{"http://media.example.org/a.jpg", false},
		{"http://images.example.com.evil.org/a.jpg", false},
	} {
		u := mustURL(t, c.url)
		if err := l.checkURL(u); (err == nil) != c.ok {
			t.Errorf("%s: %v, want allowed %v", c.url, err, c.ok)
		}
	}
}

func TestNotPublic(t *testing.T) {
	for _, c := range []struct {
		addr   string
		public bool
	}{
		{"8.8.8.8", true}, {"1.1.1.1", true}, {"2606:4700::1111", true},
		{"127.0.0.1", false}, {"127.3.4.5", false}, {"::1", false},
		{"10.1.2.3", false}, {"172.16.0.1", false}, {"172.31.255.255", false}, {"192.168.1.1", false},
		{"172.32.0.1", true},
		{"169.254.169.254", false}, {"169.254.1.1", false}, {"fe80::1", false}, {"fe80::1%eth0", false},
		{"fc00::1", false}, {"fd12:3456::1", false},
		{"0.0.0.0", false}, {"::", false}, {"0.1.2.3", false},
		{"224.0.0.1", false}, {"239.255.255.250", false}, {"ff02::1", false},
		{"100.64.0.1", false}, {"100.127.255.255", false}, {"100.128.0.1", true},
		{"255.255.255.255", false},
		{"::ffff:127.0.0.1", false}, {"::ffff:10.0.0.1", false}, {"::ffff:169.254.169.254", false}, {"::ffff:8.8.8.8", true},
		{"::ffff:100.64.0.1", false}, {"::ffff:198.18.0.1", false}, // the reserved prefixes are IPv4: only an unmapped address meets them
		{"64:ff9b::7f00:1", false}, {"64:ff9b::808:808", true},
		{"2002:7f00:1::1", false}, {"2002:c0a8:101::1", false},
		{"::127.0.0.1", false},
	} {
		why := notPublic(netip.MustParseAddr(c.addr))
		if (why == "") != c.public {
			t.Errorf("%s: %q, want public %v", c.addr, why, c.public)
		}
	}
}

// TestDialCheck: a host name that is allowed but resolves to a loopback
// address is refused where the connection is made, which is what stops DNS
// rebinding: the URL check passes, the dial does not. dialHook plays the
// resolver.
func TestDialCheck(t *testing.T) {
	srv := newServer(t)
	srv.put("/a.png", smallPNG(t))
	for _, allow := range []bool{false, true} {
		l := NewLoader(Options{Hosts: []string{"images.example.com"}, AllowPrivate: allow})
		l.dialHook = func(string) string { return srv.host() }
		_, err := load(t, l, "http://images.example.com/a.png", 100)
		if allow {
			if err != nil {
				t.Fatalf("AllowPrivate: %v", err)
			}
			continue
		}
		if Result(err) != ResultRefused || !strings.Contains(err.Error(), "address 127.0.0.1 is loopback; only public addresses are fetched") {
			t.Errorf("images.example.com at 127.0.0.1: %v", err)
		}
	}
	if n := srv.count("/a.png"); n != 1 {
		t.Errorf("the server was asked %d times, want once (with AllowPrivate)", n)
	}
}

// TestRedirects: redirects are followed to allowed hosts only, each
// checked again, and at most five.
func TestRedirects(t *testing.T) {
	inside := newServer(t) // an internal service, on another loopback address's stand-in
	inside.put("/secret.png", smallPNG(t))
	srv := newServer(t)
	srv.put("/a.png", smallPNG(t))
	mux := http.NewServeMux()
	mux.HandleFunc("/to-inside", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://inside.example.com/secret.png", http.StatusFound)
	})
	mux.HandleFunc("/to-unlisted", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://evil.example.org/a.png", http.StatusFound)
	})
	mux.HandleFunc("/to-metadata", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	})
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/to-good", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://images.example.com/a.png", http.StatusMovedPermanently)
	})
	var hops atomic.Int32
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		hops.Add(1)
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	front := httptest.NewServer(mux)
	defer front.Close()

	// front and images.example.com count as public; inside.example.com is
	// listed but resolves to an address that is not. The three servers all
	// listen on 127.0.0.1, so "public" is told apart by port.
	l := NewLoader(Options{Hosts: []string{"front.example.com", "images.example.com", "inside.example.com", "169.254.169.254"}})
	addrs := map[string]string{
		"front.example.com:80":  front.Listener.Addr().String(),
		"images.example.com:80": srv.host(),
		"inside.example.com:80": inside.host(),
	}
	l.dialHook = func(a string) string { return addrs[a] }
	insidePort := inside.Listener.Addr().(*net.TCPAddr).Port
	base := l.checkDial
	l.opts.AllowPrivate = false
	// Only inside's port is refused as "loopback": the test's stand-in for
	// an internal address.
	checked := func(network, address string) error {
		if strings.HasSuffix(address, fmt.Sprintf(":%d", insidePort)) {
			return base(network, address, nil)
		}
		return nil
	}
	l.client.Transport.(*http.Transport).DialContext = dialWith(l, checked)

	for _, c := range []struct {
		path, want string
		result     string
	}{
		{"/to-inside", "address 127.0.0.1 is loopback", ResultRefused},
		{"/to-unlisted", "redirected to http://evil.example.org/a.png, and host evil.example.org is not in --image-hosts", ResultRefused},
		{"/to-metadata", "cloud metadata", ResultRefused},
		{"/to-file", "redirected to file:///etc/passwd, and the scheme file: is not allowed", ResultRefused},
		{"/loop", "redirected more than 5 times", ResultFetchError},
	} {
		_, err := load(t, l, "http://front.example.com"+c.path, 100)
		if Result(err) != c.result || !strings.Contains(fmt.Sprint(err), c.want) {
			t.Errorf("%s: %v (%s), want %s saying %q", c.path, err, Result(err), c.result, c.want)
		}
	}
	if n := inside.count("/secret.png"); n != 0 {
		t.Errorf("the internal server was asked %d times", n)
	}
	if n := hops.Load(); n != 6 {
		t.Errorf("the redirect loop was followed %d times, want 6 requests", n)
	}
	if _, err := load(t, l, "http://front.example.com/to-good", 100); err != nil {
		t.Errorf("a redirect to an allowed host: %v", err)
	}
}

// dialWith is a DialContext that applies check to the address dialled, as
// the Loader's dialer's Control hook does, after l's dialHook.
func dialWith(l *Loader, check func(network, address string) error) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		addr = l.dialHook(addr)
		if err := check(network, addr); err != nil {
			return nil, &net.OpError{Op: "dial", Net: network, Err: err}
		}
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
}

// TestTimeout: a server that never answers is given up after Timeout.
func TestTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	slowBody := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer slowBody.Close()
	l := NewLoader(Options{Hosts: []string{srv.Listener.Addr().String(), slowBody.Listener.Addr().String()}, AllowPrivate: true, Timeout: 50 * time.Millisecond})
	for _, u := range []string{srv.URL + "/a.jpg", slowBody.URL + "/a.png"} {
		err := testctx.Within(t, "a load from a silent server", func() error {
			_, err := load(t, l, u, 100)
			return err
		})
		if Result(err) != ResultTimeout || !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "did not arrive within 50ms") {
			t.Errorf("%s: %v (%s)", u, err, Result(err))
		}
	}
	// The caller giving up is not the image's fault.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := l.Article(nil).Load(ctx, srv.URL+"/b.jpg", 100)
	if Result(err) != ResultCanceled {
		t.Errorf("a canceled load: %v (%s)", err, Result(err))
	}
}

func TestNotFound(t *testing.T) {
	srv := newServer(t)
	l := local(srv, Options{})
	_, err := load(t, l, srv.URL+"/missing.jpg", 100)
	if Result(err) != ResultNotFound || !strings.Contains(err.Error(), "the server answered 404 Not Found") {
		t.Errorf("%v", err)
	}
	_, err = l.Article(fstest.MapFS{}).Load(context.Background(), "missing.jpg", 100)
	if Result(err) != ResultNotFound || !strings.Contains(err.Error(), "the article's folder has no file missing.jpg") {
		t.Errorf("%v", err)
	}
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "oops", http.StatusInternalServerError)
	}))
	defer broken.Close()
	l = NewLoader(Options{Hosts: []string{broken.Listener.Addr().String()}, AllowPrivate: true})
	_, err = load(t, l, broken.URL+"/a.jpg", 100)
	if Result(err) != ResultFetchError || !strings.Contains(err.Error(), "500 Internal Server Error") {
		t.Errorf("%v", err)
	}
}

// TestByteLimits: one image's bytes, counted while reading whatever the
// Content-Length says; the article's image count and bytes.
func TestByteLimits(t *testing.T) {
	big := make([]byte, 3000)
	srv := newServer(t)
	srv.put("/big.png", big)
	chunked := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for range 10 { // no Content-Length: each flush is a chunk
			w.Write(big[:500])
			w.(http.Flusher).Flush()
		}
	}))
	defer chunked.Close()
	closeDelimited := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// No Content-Length and no chunks: the body ends when the
		// connection closes.
		conn, buf, _ := w.(http.Hijacker).Hijack()
		defer conn.Close()
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n")
		buf.Write(big)
		buf.Write(big)
		buf.Flush()
	}))
	defer closeDelimited.Close()
	l := NewLoader(Options{Hosts: []string{srv.host(), chunked.Listener.Addr().String(), closeDelimited.Listener.Addr().String()}, AllowPrivate: true, MaxBytes: 2048})
	for _, c := range []struct{ url, want string }{
		{srv.URL + "/big.png", "it is 3000 bytes (its Content-Length); at most 2 KiB are allowed per image"},
		{chunked.URL + "/a.png", "it is more than 2 KiB, the most allowed per image"},
		{closeDelimited.URL + "/a.png", "it is more than 2 KiB, the most allowed per image"},
		{"data:;base64," + base64.StdEncoding.EncodeToString(big), "its data is more than 2 KiB"},
		{"data:," + string(big), "its data is more than 2 KiB"},
	} {
		_, err := load(t, l, c.url, 100)
		if Result(err) != ResultTooLarge || !strings.Contains(fmt.Sprint(err), c.want) {
			t.Errorf("%.40s: %v, want too_large saying %q", c.url, err, c.want)
		}
	}
	_, err := l.Article(fstest.MapFS{"big.png": {Data: big}}).Load(context.Background(), "big.png", 100)
	if Result(err) != ResultTooLarge {
		t.Errorf("a large file: %v", err)
	}

	// The count: distinct sources, each counted once however often shown.
	png := smallPNG(t)
	dir := fstest.MapFS{"a.png": {Data: png}, "b.png": {Data: png}, "c.png": {Data: png}}
	l = NewLoader(Options{MaxImages: 2})
	s := l.Article(dir)
	mustLoad(t, s, "a.png", 100)
	mustLoad(t, s, "a.png", 50)
	mustLoad(t, s, "b.png", 100)
	if _, err := s.Load(context.Background(), "c.png", 100); Result(err) != ResultTooLarge || !strings.Contains(err.Error(), "more than 2 images") {
		t.Errorf("a third image: %v", err)
	}
	mustLoad(t, l.Article(dir), "c.png", 100) // another article has its own count

	// The article's bytes.
	l = NewLoader(Options{MaxArticleBytes: int64(2*len(png) + len(png)/2)})
	s = l.Article(dir)
	mustLoad(t, s, "a.png", 100)
	mustLoad(t, s, "b.png", 100)
	mustLoad(t, s, "a.png", 200) // counted once
	_, err = s.Load(context.Background(), "c.png", 100)
	if Result(err) != ResultTooLarge || !strings.Contains(err.Error(), "the article's images come to more than") {
		t.Errorf("beyond the article's bytes: %v", err)
	}
}

func TestResult(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{nil, "ok"},
		{&Error{Src: "x", Err: fail(ErrRefused, "r")}, "refused"},
		{&Error{Src: "x", Err: &addrError{why: "loopback"}}, "refused"},
		{&Error{Src: "x", Err: fail(ErrTooLarge, "r")}, "too_large"},
		{&Error{Src: "x", Err: fail(ErrTimeout, "r")}, "timeout"},
		{&Error{Src: "x", Err: fail(ErrNotFound, "r")}, "not_found"},
		{&Error{Src: "x", Err: fail(ErrFetch, "r")}, "fetch_error"},
		{&Error{Src: "x", Err: fail(ErrDecode, "r")}, "decode_error"},
		{&Error{Src: "x", Err: canceled(context.Canceled)}, "canceled"},
		{errors.New("other"), "fetch_error"},
	} {
		if got := Result(c.err); got != c.want {
			t.Errorf("%v: %s, want %s", c.err, got, c.want)
		}
	}
	seen := map[string]bool{}
	for _, r := range Results() {
		seen[r] = true
	}
	if len(seen) != 8 || !seen["ok"] || !seen["canceled"] {
		t.Errorf("Results: %v", Results())
	}
	// A data: URI of megabytes is not quoted whole.
	e := &Error{Src: "data:image/png;base64," + strings.Repeat("A", 1e6), Err: fail(ErrDecode, "bad")}
	if len(e.Error()) > 200 {
		t.Errorf("an error %d bytes long", len(e.Error()))
	}
}
