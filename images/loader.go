package images

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure a Loader. The zero value of each field means its
// default.
type Options struct {
	// Hosts are the hosts images may be fetched from over http(s): a name
	// ("images.example.com"), a wildcard for every host below a domain
	// ("*.example.com", which does not match example.com itself), or an
	// address; each optionally with ":port". Without a port only the
	// scheme's default port (80, 443) is allowed. Empty: no image is
	// fetched from the web. (The --image-hosts flag.)
	Hosts []string
	// AllowPrivate allows loopback, private, link-local and other
	// non-public addresses. For tests and closed networks only: it lets
	// anyone who can write an article make the service fetch from inside
	// its network.
	AllowPrivate bool
	// Timeout bounds each fetch, from the connection to the last byte;
	// default 10 s.
	Timeout time.Duration
	// MaxBytes bounds one image's bytes, as fetched or read; default 20 MiB.
	MaxBytes int64
	// MaxArticleBytes bounds the bytes of all of one article's images;
	// default 200 MiB.
	MaxArticleBytes int64
	// MaxImages bounds the number of distinct images one article loads;
	// default 300.
	MaxImages int
	// MaxPixels refuses larger images before decoding them (a PNG of
	// 20000×20000 blank pixels is a few kilobytes); default 100 megapixels.
	MaxPixels int
	// DecodeMemory bounds the memory that all decodes in progress hold
	// at once, as estimated before each starts (see the package doc);
	// an image that alone needs more is refused. Default 256 MiB.
	DecodeMemory int64
	// DPI is the print resolution pictures are downsampled to; default 200.
	DPI float64
	// CacheBytes bounds the cache of fetched images and the pictures made
	// of them; default 64 MiB; negative: no cache.
	CacheBytes int64
	// CacheTTL is how long a fetched image is used without asking its
	// server again, when the response does not say (Cache-Control,
	// Expires); default 5 minutes.
	CacheTTL time.Duration
}

// Defaults.
const (
	DefaultTimeout         = 10 * time.Second
	DefaultMaxBytes        = 20 << 20
	DefaultMaxArticleBytes = 200 << 20
	DefaultMaxImages       = 300
	DefaultMaxPixels       = 100_000_000
	DefaultDecodeMemory    = 256 << 20
	DefaultDPI             = 200
	DefaultCacheBytes      = 64 << 20
	DefaultCacheTTL        = 5 * time.Minute
)

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxArticleBytes <= 0 {
		o.MaxArticleBytes = DefaultMaxArticleBytes
	}
	if o.MaxImages <= 0 {
		o.MaxImages = DefaultMaxImages
	}
	if o.MaxPixels <= 0 {
		o.MaxPixels = DefaultMaxPixels
	}
	if o.DecodeMemory <= 0 {
		o.DecodeMemory = DefaultDecodeMemory
	}
	if !(o.DPI > 0) {
		o.DPI = DefaultDPI
	}
	if o.CacheBytes == 0 {
		o.CacheBytes = DefaultCacheBytes
	}
	if o.CacheTTL <= 0 {
		o.CacheTTL = DefaultCacheTTL
	}
	return o
}

// Loader loads the pictures of articles. It is long-lived and safe for
// concurrent use: it holds the HTTP client, the cache and the decoding
// budget that all articles share.
type Loader struct {
	opts     Options
	hosts    []hostRule
	client   *http.Client
	decoding *budget
	fetches  flight[*entry]
	derives  flight[*Picture]
	ids      atomic.Uint64

	mu    sync.Mutex // guards cache and the mutable fields of entries
	cache lru

	// For tests: now is the clock of freshness; dialHook rewrites the
	// address dialled, as a resolver would, so that a test can give a
	// name any address.
	now      func() time.Time
	dialHook func(addr string) string
}

// NewLoader returns a Loader with o's options (zero fields take their
// defaults).
func NewLoader(o Options) *Loader {
	o = o.withDefaults()
	l := &Loader{
		opts:     o,
		hosts:    parseHosts(o.Hosts),
		decoding: newBudget(o.DecodeMemory),
		now:      time.Now,
	}
	l.cache = lru{max: o.CacheBytes, m: make(map[string]*entry)}
	l.client = l.newClient()
	return l
}

// Options returns the options in force, defaults filled in.
func (l *Loader) Options() Options { return l.opts }

// Close closes idle connections. Loads may still be made after it.
func (l *Loader) Close() { l.client.CloseIdleConnections() }

// Article returns a session for one article, which enforces the per-article
// limits; dir is the article's folder (in an archive, say), against which
// relative sources are read, or nil when it has none. The folder belongs to
// the article and not to the Loader, which serves every article.
//
// Give dir as an os.Root's FS (os.OpenRoot(folder).FS()) rather than
// os.DirFS: DirFS follows a symbolic link out of the folder, Root does not.
func (l *Loader) Article(dir fs.FS) *Session {
	return &Session{l: l, dir: dir, seen: make(map[string]int64), pics: make(map[memoKey]*Picture)}
}

// Session loads the pictures of one article. It is safe for concurrent use.
type Session struct {
	l   *Loader
	dir fs.FS

	mu    sync.Mutex
	count int
	bytes int64
	seen  map[string]int64 // sources counted, and the bytes charged for each (-1: not yet)
	pics  map[memoKey]*Picture
}

type memoKey struct {
	src string
	tw  int
}

// Load returns the picture of src (an http(s) URL, a data: URI, or a path
// relative to the article's folder) for printing widthPt points wide: at
// most DPI × widthPt / 72 pixels across (0 or less: as large as it is).
// Its errors are *Error, wrapping one of the Err… kinds.
func (s *Session) Load(ctx context.Context, src string, widthPt float64) (*Picture, error) {
	p, err := s.load(ctx, src, widthPt)
	if err != nil {
		return nil, &Error{Src: src, Err: err}
	}
	return p, nil
}

func (s *Session) load(ctx context.Context, src string, widthPt float64) (*Picture, error) {
	if err := ctx.Err(); err != nil {
		return nil, canceled(err)
	}
	o := &s.l.opts
	tw := targetWidth(widthPt, o.DPI)
	mk := memoKey{src, tw}

	// Each distinct source counts once against the article's limits, and
	// counts when it is asked for, whether it loads or not: an article of
	// ten thousand broken links is as bounded as one of pictures.
	s.mu.Lock()
	if p := s.pics[mk]; p != nil {
		s.mu.Unlock()
		return p, nil
	}
	if _, ok := s.seen[src]; !ok {
		if s.count >= o.MaxImages {
			s.mu.Unlock()
			return nil, fail(ErrTooLarge, fmt.Sprintf("the article has more than %d images, the most that are loaded for one article", o.MaxImages))
		}
		s.count++
		s.seen[src] = -1
	}
	full := s.bytes >= o.MaxArticleBytes
	s.mu.Unlock()
	if full {
		return nil, s.tooMuch()
	}

	var p *Picture
	var err error
	switch {
	case hasPrefixFold(src, "data:"):
		var data []byte
		if data, err = decodeDataURI(src, o.MaxBytes); err != nil {
			return nil, err
		}
		if err = s.charge(src, len(data)); err != nil {
			return nil, err
		}
		p, err = s.l.local(ctx, data, tw)
	default:
		u, perr := url.Parse(src)
		switch {
		case perr != nil:
			return nil, fail(ErrRefused, "it is neither a URL nor a path")
		case u.Scheme == "http" || u.Scheme == "https":
			if err = s.l.checkURL(u); err != nil {
				return nil, err
			}
			u.Fragment, u.RawFragment = "", ""
			var e *entry
			if e, err = s.l.original(ctx, u); err != nil {
				return nil, err
			}
			if err = s.charge(src, len(e.data)); err != nil {
				return nil, err
			}
			p, err = s.l.picture(ctx, e, tw)
		case u.Scheme != "":
			return nil, fail(ErrRefused, fmt.Sprintf("the scheme %s: is not allowed; an image is an http(s) URL, a data: URI or a path in the article's folder", u.Scheme))
		case u.Host != "" || strings.HasPrefix(src, "//"):
			return nil, fail(ErrRefused, "a URL without a scheme (//host/…) is not fetched; write it with https:")
		default:
			var data []byte
			if data, err = s.readFile(ctx, u.Path); err != nil {
				return nil, err
			}
			if err = s.charge(src, len(data)); err != nil {
				return nil, err
			}
			p, err = s.l.local(ctx, data, tw)
		}
	}
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.pics[mk] = p
	s.mu.Unlock()
	return p, nil
}

// charge counts n bytes of src against the article's limit, once per source.
func (s *Session) charge(src string, n int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen[src] >= 0 {
		return nil
	}
	s.seen[src] = int64(n)
	s.bytes += int64(n)
	if s.bytes > s.l.opts.MaxArticleBytes {
		return s.tooMuchLocked()
	}
	return nil
}

func (s *Session) tooMuch() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tooMuchLocked()
}

func (s *Session) tooMuchLocked() error {
	return fail(ErrTooLarge, fmt.Sprintf("the article's images come to more than %s, the most that is loaded for one article", size(s.l.opts.MaxArticleBytes)))
}

// original returns the fetched bytes of u: from the cache while fresh,
// revalidated when stale, fetched otherwise; one fetch for concurrent loads
// of one URL.
func (l *Loader) original(ctx context.Context, u *url.URL) (*entry, error) {
	key := u.String()
	if e := l.fresh(key); e != nil {
		return e, nil
	}
	return l.fetches.do(ctx, key, func() (*entry, error) {
		// A fetch that ended just before this one began may have left a
		// fresh entry.
		l.mu.Lock()
		old := l.cache.get(key)
		l.mu.Unlock()
		if old != nil && l.now().Before(l.expiry(old)) {
			return old, nil
		}
		e, err := l.fetch(ctx, u, old)
		if err != nil {
			return nil, err
		}
		l.mu.Lock()
		l.cache.put(e)
		l.mu.Unlock()
		return e, nil
	})
}

func (l *Loader) fresh(key string) *entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.cache.get(key)
	if e != nil && l.now().Before(e.expires) {
		return e
	}
	return nil
}

func (l *Loader) expiry(e *entry) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return e.expires
}

// local returns the picture of bytes read from the article's folder or a
// data: URI, for target width tw. They are cached by their content, which
// reading and hashing cost a few milliseconds a photo where decoding and
// resampling cost a hundred: an archive's article rendered again, at
// another scale or in an export, finds its pictures made. A file changed
// in place is new content, so it is never served stale.
func (l *Loader) local(ctx context.Context, data []byte, tw int) (*Picture, error) {
	sum := sha256.Sum256(data)
	key := "sha256:" + hex.EncodeToString(sum[:])
	l.mu.Lock()
	e := l.cache.get(key)
	if e == nil {
		e = &entry{id: l.ids.Add(1), url: key, data: data, store: true, expires: farFuture}
		l.cache.put(e)
	}
	l.mu.Unlock()
	return l.picture(ctx, e, tw)
}

// farFuture is when content-addressed entries expire: never, but by the
// cache's order.
var farFuture = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// picture returns e's picture for target width tw, made once however many
// loads ask for it at once, and kept with e in the cache.
func (l *Loader) picture(ctx context.Context, e *entry, tw int) (*Picture, error) {
	l.mu.Lock()
	k := e.picKey(tw)
	p := e.pics[k]
	l.mu.Unlock()
	if p != nil {
		return p, nil
	}
	return l.derives.do(ctx, fmt.Sprintf("%d/%d", e.id, k), func() (*Picture, error) {
		p, dispW, err := l.process(ctx, e.data, tw)
		if err != nil {
			return nil, err
		}
		l.mu.Lock()
		e.dispW = dispW
		l.cache.addPicture(e, e.picKey(tw), p)
		l.mu.Unlock()
		return p, nil
	})
}

// readFile reads a path relative to the article's folder. The path is a
// URL path (so "a%20b.jpg" is "a b.jpg"); it may not be absolute or climb
// out of the folder, and fs.FS's rules hold (forward slashes, no empty or
// "." elements once cleaned).
func (s *Session) readFile(ctx context.Context, p string) ([]byte, error) {
	if s.dir == nil {
		return nil, fail(ErrRefused, "it is a relative path, and the article has no folder to read it from")
	}
	if strings.HasPrefix(p, "/") {
		return nil, fail(ErrRefused, "an absolute path is not allowed; a path is relative to the article's folder")
	}
	if strings.ContainsAny(p, "\\\x00") {
		return nil, fail(ErrRefused, "a path may not contain a backslash or a NUL")
	}
	clean := path.Clean(p)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return nil, fail(ErrRefused, "the path leads out of the article's folder")
	}
	if !fs.ValidPath(clean) || clean == "." {
		return nil, fail(ErrRefused, "it is not a valid path in the article's folder")
	}
	if err := ctx.Err(); err != nil {
		return nil, canceled(err)
	}
	limit := s.l.opts.MaxBytes
	f, err := s.dir.Open(clean)
	if err != nil {
		return nil, fileError(clean, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fileError(clean, err)
	}
	if st.IsDir() {
		return nil, fail(ErrNotFound, clean+" is a folder, not an image")
	}
	if st.Size() > limit {
		return nil, fail(ErrTooLarge, fmt.Sprintf("it is %s; at most %s are allowed per image", size(st.Size()), size(limit)))
	}
	data, err := readAll(f, st.Size(), limit)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, err
		}
		return nil, fileError(clean, err)
	}
	return data, nil
}

func fileError(p string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return failWith(ErrNotFound, err, "the article's folder has no file "+p)
	}
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, fs.ErrInvalid) {
		return failWith(ErrRefused, err, "the article's folder does not allow reading "+p)
	}
	return failWith(ErrFetch, err, "reading "+p+" failed: "+err.Error())
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// decodeDataURI returns the bytes of a data: URI (RFC 2397): base64 when
// its media type ends in ";base64", else percent-encoded. The media type
// itself is not trusted: the bytes say what they are. Its size is checked
// before decoding, from the length of the text.
func decodeDataURI(src string, limit int64) ([]byte, error) {
	meta, payload, ok := strings.Cut(src[len("data:"):], ",")
	if !ok {
		return nil, fail(ErrDecode, "it is a data: URI without a comma before its data")
	}
	tooLarge := fail(ErrTooLarge, fmt.Sprintf("its data is more than %s, the most allowed per image", size(limit)))
	if !strings.HasSuffix(strings.ToLower(meta), ";base64") {
		// Every byte is written as one character or as three (%XX).
		if int64(len(payload))/3 > limit {
			return nil, tooLarge
		}
		data := percentDecode(payload)
		if int64(len(data)) > limit {
			return nil, tooLarge
		}
		return data, nil
	}
	// Four characters for three bytes, with room for the white space of
	// text wrapped over lines and for "+", "/" and "=" written as %XX; the
	// exact size is checked once decoded.
	if int64(len(payload)) > 2*4*(limit/3+1) {
		return nil, tooLarge
	}
	if strings.Contains(payload, "%") {
		payload = string(percentDecode(payload))
	}
	payload = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			return -1
		}
		return r
	}, payload)
	enc := base64.StdEncoding
	if strings.ContainsAny(payload, "-_") {
		enc = base64.URLEncoding
	}
	data, err := enc.WithPadding(base64.NoPadding).DecodeString(strings.TrimRight(payload, "="))
	if err != nil {
		return nil, failWith(ErrDecode, err, "its base64 data is damaged: "+err.Error())
	}
	if int64(len(data)) > limit {
		return nil, tooLarge
	}
	return data, nil
}

// percentDecode decodes %XX escapes and leaves anything else as it is, as
// browsers do with data: URIs (a stray "%" is kept).
func percentDecode(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && ishex(s[i+1]) && ishex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out
}

func ishex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
