package source

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The remote sources (WordPress, JSONURL) fetch from one CMS over HTTP,
// through one client with these rules:
//
//   - Requests go only to the configured site: its scheme, host and port.
//     A redirect elsewhere is refused (at most 5 redirects on the site),
//     so credentials and requests never leave it.
//   - Each request has a timeout (RemoteOptions.Timeout), and a response
//     larger than RemoteOptions.MaxBytes is refused as it is read.
//   - Responses are cached, parsed, by URL, up to RemoteOptions.CacheBytes
//     of response bodies (the least recently used go first). A cached
//     response is used without asking for RemoteOptions.MaxAge; after that
//     it is revalidated with If-None-Match / If-Modified-Since when the CMS
//     gave an ETag or Last-Modified (WordPress gives neither), and fetched
//     again otherwise. A body that comes back byte for byte the same keeps
//     its parsed article, so the renderer's caches (keyed by the article)
//     still hold; a changed one is parsed again, and its PDF has a new ETag.
//   - Concurrent requests for one URL share one fetch, which goes on if the
//     request that started it leaves.
//   - A CMS that does not answer (refused, timed out, 502, 503, 504, 429)
//     is "down": for a while (the CMS's Retry-After when it gives one,
//     else 2 s, doubling with each window that ends in another failure, up
//     to a minute) no request is sent, and Lookup gives cached articles
//     marked stale (Doc.Stale, Doc.Age; for at most MaxStale) and fails
//     the others with an *UnavailableError (503 with Retry-After over
//     HTTP). The first requests after that while try again.
//   - Any other unusable answer (a 500, which is one page's failure, not
//     the CMS's; a 4xx the source does not expect; a body that does not
//     parse; a redirect off the site; an oversized body) is an error
//     wrapping ErrUpstream (502 over HTTP), logged, never a 500.
//   - Invalidate drops what is cached of one article at once (the CMS's
//     "post updated" webhook), and the listings with it; a fetch that was
//     under way when it came is not kept, and later requests do not wait
//     for it.

// ErrUpstream wraps an answer of the CMS that cannot be used.
var ErrUpstream = errors.New("the CMS gave an answer that cannot be used")

// UnavailableError is a CMS that cannot be reached, and when to try again.
type UnavailableError struct {
	RetryAfter time.Duration
	Err        error // what the last attempt met
}

func (e *UnavailableError) Error() string {
	return fmt.Sprintf("the CMS cannot be reached (%v); retry in %d s", e.Err, retrySeconds(e.RetryAfter))
}

// retrySeconds is a wait in whole seconds, rounded up, at least 1.
func retrySeconds(d time.Duration) int64 { return max(int64((d+time.Second-1)/time.Second), 1) }

func (e *UnavailableError) Unwrap() error { return e.Err }

// RemoteOptions are the HTTP rules of a remote source; zero values are the
// defaults.
type RemoteOptions struct {
	Timeout    time.Duration // per request; DefaultRemoteTimeout
	MaxBytes   int64         // largest response body; MaxFileBytes
	MaxAge     time.Duration // how long a response is used before it is checked again; 0 checks every time
	MaxStale   time.Duration // how old a copy may be and still be given while the CMS is down; DefaultRemoteMaxStale
	CacheBytes int64         // response bodies kept; DefaultRemoteCache; negative: none
	User       string        // HTTP basic credentials (a WordPress application password)
	Password   string
	// Transport, when set, replaces the default one (tests).
	Transport http.RoundTripper
	// Now, when set, replaces time.Now (tests).
	Now func() time.Time
}

// Defaults of RemoteOptions.
const (
	DefaultRemoteTimeout = 10 * time.Second
	DefaultRemoteCache   = 32 << 20
	DefaultRemoteMaxAge  = time.Minute
	// A copy older than a day may tell what the CMS has since corrected
	// or withdrawn: after that, an outage is told as one.
	DefaultRemoteMaxStale = 24 * time.Hour
)

// Backoff after a failed request: the first wait, and the longest.
const (
	minBackoff = 2 * time.Second
	maxBackoff = time.Minute
)

// maxRedirects bounds the redirects followed on the site.
const maxRedirects = 5

// response is what the CMS answered, as a decoder sees it.
type response struct {
	status int
	header http.Header
	body   []byte
}

// decoded is a parsed response: its value, and the tags Invalidate finds it
// by (an article's ID and slug; "list" for listings).
type decoded struct {
	value any
	tags  []string
}

// decoder parses a response; an error is returned to the caller, and the
// response is not cached.
type decoder func(r *response) (decoded, error)

// remote is the HTTP client of a remote source. Safe for concurrent use.
type remote struct {
	site   *url.URL
	client *http.Client
	o      RemoteOptions

	mu      sync.Mutex
	entries map[string]*entry // by key: the request URL, and the decoder's variant
	bytes   int64             // body bytes the entries hold
	flights map[string]*flight
	gen     uint64 // counts Invalidate calls: a fetch begun before one is not kept
	// The CMS is down until downUntil, having failed failures times in a
	// row, last with downErr.
	downUntil time.Time
	failures  int
	downErr   error
}

type entry struct {
	sum          [sha256.Size]byte
	size         int64
	etag, lastMo string
	checked      time.Time // when the CMS last confirmed it
	used         time.Time
	decoded
}

type flight struct {
	done  chan struct{}
	value any
	stale bool
	age   time.Duration
	err   error
}

func newRemote(site *url.URL, o RemoteOptions) *remote {
	if o.Timeout <= 0 {
		o.Timeout = DefaultRemoteTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = MaxFileBytes
	}
	if o.CacheBytes == 0 {
		o.CacheBytes = DefaultRemoteCache
	}
	if o.MaxStale <= 0 {
		o.MaxStale = DefaultRemoteMaxStale
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	tr := o.Transport
	if tr == nil {
		tr = &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   5 * time.Second,
			ResponseHeaderTimeout: o.Timeout,
			MaxIdleConnsPerHost:   8,
			IdleConnTimeout:       90 * time.Second,
			ForceAttemptHTTP2:     true,
		}
	}
	r := &remote{site: site, o: o, entries: map[string]*entry{}, flights: map[string]*flight{}}
	r.client = &http.Client{Transport: tr, CheckRedirect: r.checkRedirect}
	return r
}

// checkRedirect follows a redirect only on the site.
func (r *remote) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > maxRedirects {
		return fmt.Errorf("%w: more than %d redirects", ErrUpstream, maxRedirects)
	}
	if !r.onSite(req.URL) {
		return fmt.Errorf("%w: a redirect to %s, off the site %s, is not followed", ErrUpstream, req.URL.Redacted(), r.site.Host)
	}
	return nil
}

// onSite reports whether u is on the site: its scheme, host and port (a
// default port written out is the same port).
func (r *remote) onSite(u *url.URL) bool {
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		return map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	}
	return strings.EqualFold(u.Scheme, r.site.Scheme) && strings.EqualFold(u.Hostname(), r.site.Hostname()) && port(u) == port(r.site) && u.User == nil
}

// get returns the value of the response at u, decoded, cached and shared as
// the rules above say; stale and age describe a cached value given because
// the CMS is down. variant names what else than the answer the decoder's
// value depends on (a post's language), so that values of another
// variant are not mistaken for it.
func (r *remote) get(ctx context.Context, u, variant string, decode decoder) (value any, stale bool, age time.Duration, err error) {
	key := u
	if variant != "" {
		key += "\x00" + variant
	}
	now := r.o.Now()
	r.mu.Lock()
	if e := r.entries[key]; e != nil && r.o.MaxAge > 0 && now.Sub(e.checked) < r.o.MaxAge {
		e.used = now
		r.mu.Unlock()
		return e.value, false, 0, nil
	}
	f := r.flights[key]
	if f == nil {
		f = &flight{done: make(chan struct{})}
		r.flights[key] = f
		// The fetch outlives a caller that leaves: others may wait for it,
		// and its answer is cached for the next.
		go r.fly(context.WithoutCancel(ctx), u, key, r.gen, decode, f)
	}
	r.mu.Unlock()
	select {
	case <-f.done:
		return f.value, f.stale, f.age, f.err
	case <-ctx.Done():
		return nil, false, 0, ctx.Err()
	}
}

// fly fetches u for the flight f, begun in generation gen of the cache,
// and keeps the answer under key unless an Invalidate came meanwhile.
func (r *remote) fly(ctx context.Context, u, key string, gen uint64, decode decoder, f *flight) {
	defer func() {
		r.mu.Lock()
		if r.flights[key] == f {
			delete(r.flights, key)
		}
		r.mu.Unlock()
		close(f.done)
	}()
	now := r.o.Now()
	r.mu.Lock()
	e := r.entries[key]
	downUntil, downErr := r.downUntil, r.downErr
	r.mu.Unlock()
	if now.Before(downUntil) {
		f.value, f.stale, f.age, f.err = r.fallback(e, now, &UnavailableError{RetryAfter: downUntil.Sub(now), Err: downErr})
		return
	}
	resp, err := r.fetch(ctx, u, e)
	if err != nil {
		var down *UnavailableError
		if errors.As(err, &down) {
			f.value, f.stale, f.age, f.err = r.fallback(e, now, err)
			return
		}
		f.err = err
		return
	}
	r.up()
	sum := sha256.Sum256(resp.body)
	if e != nil && (resp.status == http.StatusNotModified || resp.status == http.StatusOK && sum == e.sum) {
		// Not modified, or the same bytes again: the same article, with
		// the parsed value (and everything keyed by it) kept.
		r.mu.Lock()
		if r.gen == gen {
			e.checked, e.used = now, now
		}
		r.mu.Unlock()
		f.value = e.value
		return
	}
	d, err := decode(resp)
	if err != nil {
		// Gone, not public, or unusable: nothing of it stays cached.
		r.drop(key)
		f.err = err
		return
	}
	f.value = d.value
	if resp.status != http.StatusOK {
		return
	}
	r.store(key, gen, &entry{
		sum: sum, size: int64(len(resp.body)), etag: resp.header.Get("ETag"), lastMo: resp.header.Get("Last-Modified"),
		checked: now, used: now, decoded: d,
	})
}

// fallback answers for a CMS that is down: the cached value, stale, if it
// is not older than MaxStale, or the error.
func (r *remote) fallback(e *entry, now time.Time, err error) (any, bool, time.Duration, error) {
	if e == nil {
		return nil, false, 0, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	age := max(now.Sub(e.checked), 0)
	if age > r.o.MaxStale {
		return nil, false, 0, err
	}
	e.used = now
	return e.value, true, age, nil
}

// fetch sends one GET for u, conditional on e's validators. A failure to
// reach the CMS is an *UnavailableError, after which the CMS counts as down.
func (r *remote) fetch(ctx context.Context, u string, e *entry) (*response, error) {
	ctx, cancel := context.WithTimeout(ctx, r.o.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUpstream, err)
	}
	if !r.onSite(req.URL) {
		// JSONURL's template keeps IDs out of the address's site; this is
		// the last guard.
		return nil, fmt.Errorf("%w: %s is off the site %s", ErrUpstream, redact(u), r.site.Host)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "pdfexport (+https://github.com/pdfexport)")
	if r.o.User != "" || r.o.Password != "" {
		req.SetBasicAuth(r.o.User, r.o.Password)
	}
	if e != nil {
		if e.etag != "" {
			req.Header.Set("If-None-Match", e.etag)
		}
		if e.lastMo != "" {
			req.Header.Set("If-Modified-Since", e.lastMo)
		}
	}
	resp, err := r.client.Do(req)
	if err != nil {
		if errors.Is(err, ErrUpstream) {
			return nil, err // a redirect refused: the CMS answered, wrongly
		}
		return nil, r.down(err, 0)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout, http.StatusTooManyRequests:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, r.down(fmt.Errorf("it answered %s", resp.Status), retryAfter(resp.Header.Get("Retry-After"), r.o.Now()))
	}
	if resp.StatusCode >= 500 {
		// One page failing (a PHP error in one post's content) is not the
		// CMS down: the others are still asked for.
		return nil, fmt.Errorf("%w: %s answered %s", ErrUpstream, redact(u), resp.Status)
	}
	if resp.ContentLength > r.o.MaxBytes {
		return nil, fmt.Errorf("%w: %s is %d bytes, over the limit of %d", ErrUpstream, redact(u), resp.ContentLength, r.o.MaxBytes)
	}
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, r.o.MaxBytes+1))
	if err != nil {
		return nil, r.down(fmt.Errorf("reading the answer: %w", err), 0)
	}
	if n > r.o.MaxBytes {
		return nil, fmt.Errorf("%w: %s is over the limit of %d bytes", ErrUpstream, redact(u), r.o.MaxBytes)
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: buf.Bytes()}, nil
}

// down records a failure to reach the CMS and returns it as an
// *UnavailableError; wait is the CMS's own Retry-After, if it gave one.
// Requests that fail together (sent before the CMS was known down) open
// one window: the wait doubles with windows, not with requests.
func (r *remote) down(err error, wait time.Duration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.o.Now()
	if now.Before(r.downUntil) && wait <= 0 {
		return &UnavailableError{RetryAfter: r.downUntil.Sub(now), Err: err}
	}
	r.failures++
	if wait <= 0 {
		wait = min(minBackoff<<min(r.failures-1, 10), maxBackoff)
	}
	wait = min(wait, 5*time.Minute)
	r.downUntil, r.downErr = now.Add(wait), err
	return &UnavailableError{RetryAfter: wait, Err: err}
}

// retryIn is how long until a CMS that is down is tried again.
func (r *remote) retryIn() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return max(r.downUntil.Sub(r.o.Now()), time.Second)
}

// up records an answer from the CMS.
func (r *remote) up() {
	r.mu.Lock()
	r.failures, r.downUntil, r.downErr = 0, time.Time{}, nil
	r.mu.Unlock()
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.Sub(now)
	}
	return 0
}

// store keeps e under key, unless an Invalidate came since the fetch of
// generation gen began.
func (r *remote) store(key string, gen uint64, e *entry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if old := r.entries[key]; old != nil {
		// Replaced, or, when e is not kept, not to be given stale in its
		// place.
		r.bytes -= old.size
		delete(r.entries, key)
	}
	if r.o.CacheBytes < 0 || e.size > r.o.CacheBytes/4 || r.gen != gen {
		return // none kept; so large it would crowd out the rest; or outdated by an Invalidate
	}
	r.entries[key] = e
	r.bytes += e.size
	for r.bytes > r.o.CacheBytes {
		var oldest string
		for k, v := range r.entries {
			if oldest == "" || v.used.Before(r.entries[oldest].used) {
				oldest = k
			}
		}
		r.bytes -= r.entries[oldest].size
		delete(r.entries, oldest)
	}
}

func (r *remote) drop(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if e := r.entries[key]; e != nil {
		r.bytes -= e.size
		delete(r.entries, key)
	}
}

// invalidate drops every entry tagged with one of tags. Fetches under way
// are not kept when they end, whatever they fetch (their tags are known
// only then), and requests from now on start fetches of their own.
func (r *remote) invalidate(tags ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.gen++
	clear(r.flights)
	for u, e := range r.entries {
		if slices.ContainsFunc(e.tags, func(t string) bool { return slices.Contains(tags, t) }) {
			r.bytes -= e.size
			delete(r.entries, u)
		}
	}
}

// redact shows a URL without credentials or query.
func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "the URL"
	}
	p.User, p.RawQuery = nil, ""
	return p.String()
}

// ParseSite reads the address of a CMS: an absolute http or https URL
// without credentials, query or fragment.
func ParseSite(what, s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	switch {
	case err != nil:
		return nil, fmt.Errorf("%s %q is not a URL: %v", what, s, err)
	case u.Scheme != "http" && u.Scheme != "https", u.Host == "":
		return nil, fmt.Errorf("%s %q is not an absolute http or https URL, such as https://news.example", what, s)
	case u.User != nil:
		return nil, fmt.Errorf("%s must not hold credentials; give them with their own flags", what)
	case u.Fragment != "":
		return nil, fmt.Errorf("%s %q has a fragment (#…)", what, s)
	}
	return u, nil
}
