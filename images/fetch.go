package images

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// maxRedirects is how many redirects a fetch follows, each to an allowed
// host and each checked again.
const maxRedirects = 5

// hostRule is one entry of Options.Hosts: a host name or address, or
// "*.suffix" for every host below suffix, and optionally ":port".
type hostRule struct {
	host     string // lower case, without a trailing dot or brackets
	wildcard bool   // host is a suffix: "*.example.com" → "example.com"
	port     string // "" for the scheme's default port only
}

func parseHosts(hosts []string) []hostRule {
	var rules []hostRule
	for _, h := range hosts {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" {
			continue
		}
		var r hostRule
		if host, port, err := net.SplitHostPort(h); err == nil {
			h, r.port = host, port
		}
		h = strings.TrimSuffix(strings.Trim(h, "[]"), ".")
		if rest, ok := strings.CutPrefix(h, "*."); ok {
			h, r.wildcard = rest, true
		}
		r.host = h
		rules = append(rules, r)
	}
	return rules
}

func (r hostRule) matchHost(host string) bool {
	if r.wildcard {
		return strings.HasSuffix(host, "."+r.host)
	}
	return host == r.host
}

// matchPort: a rule without a port allows the scheme's default port only,
// so that listing an image host does not open its other services.
func (r hostRule) matchPort(port, defPort string) bool {
	if r.port == "" {
		return port == defPort
	}
	return port == r.port
}

// checkURL applies the rules a URL must meet before anything is sent: http
// or https, a host in Options.Hosts (on the right port), and, when the host
// is written as an address, a public one. The address a name resolves to is
// checked where it is dialled (checkDial), which is the only place the check
// cannot be raced.
func (l *Loader) checkURL(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fail(ErrRefused, fmt.Sprintf("the scheme %s: is not allowed; images are fetched over http and https only", u.Scheme))
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return fail(ErrRefused, "the URL has no host")
	}
	if u.User != nil {
		return fail(ErrRefused, "a URL with a user name or password is not fetched")
	}
	defPort := "80"
	if u.Scheme == "https" {
		defPort = "443"
	}
	port := u.Port()
	if port == "" {
		port = defPort
	}
	allowed, hostOK := false, false
	for _, r := range l.hosts {
		if r.matchHost(host) {
			hostOK = true
			if r.matchPort(port, defPort) {
				allowed = true
				break
			}
		}
	}
	switch {
	case allowed:
	case len(l.hosts) == 0:
		return fail(ErrRefused, fmt.Sprintf("host %s is not in --image-hosts, which is empty: no images are fetched from the web", host))
	case hostOK:
		return fail(ErrRefused, fmt.Sprintf("port %s of host %s is not in --image-hosts (a host listed without a port allows only ports 80 and 443)", port, host))
	default:
		return fail(ErrRefused, fmt.Sprintf("host %s is not in --image-hosts", host))
	}
	if ip, err := netip.ParseAddr(host); err == nil && !l.opts.AllowPrivate {
		if why := notPublic(ip); why != "" {
			return &addrError{ip: ip, why: why}
		}
	}
	return nil
}

// addrError is a refusal of an address that is not public.
type addrError struct {
	ip  netip.Addr
	why string
}

func (e *addrError) Error() string {
	return fmt.Sprintf("address %s is %s; only public addresses are fetched", e.ip, e.why)
}

func (e *addrError) Unwrap() error { return ErrRefused }

// checkDial is the dialer's Control hook: it sees the address each
// connection is actually made to, after the name was resolved, so that a
// name which resolves to a public address when checked and to an internal
// one when used (DNS rebinding), or which has both, cannot reach inside.
func (l *Loader) checkDial(network, address string, _ syscall.RawConn) error {
	if l.opts.AllowPrivate {
		return nil
	}
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fail(ErrRefused, "cannot check address "+address)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fail(ErrRefused, "cannot check address "+address)
	}
	if why := notPublic(ip); why != "" {
		return &addrError{ip: ip, why: why}
	}
	return nil
}

var reserved = []struct {
	prefix netip.Prefix
	why    string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), `in "this network" (0.0.0.0/8)`},
	{netip.MustParsePrefix("100.64.0.0/10"), "shared carrier-grade NAT space (100.64.0.0/10)"},
	{netip.MustParsePrefix("192.0.0.0/24"), "reserved for IETF protocols (192.0.0.0/24)"},
	{netip.MustParsePrefix("192.0.2.0/24"), "reserved for documentation"},
	{netip.MustParsePrefix("198.51.100.0/24"), "reserved for documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "reserved for documentation"},
	{netip.MustParsePrefix("198.18.0.0/15"), "reserved for benchmarking (198.18.0.0/15)"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved (240.0.0.0/4, broadcast)"},
	{netip.MustParsePrefix("::/96"), "an IPv4-compatible IPv6 address (deprecated)"},
	{netip.MustParsePrefix("100::/64"), "a discard-only IPv6 address"},
	{netip.MustParsePrefix("2001::/32"), "a Teredo tunnel address"},
	{netip.MustParsePrefix("2001:db8::/32"), "reserved for documentation"},
	{netip.MustParsePrefix("fec0::/10"), "site-local (deprecated)"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "a local-use NAT64 address"},
}

var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// notPublic says why ip must not be fetched from, or "" if it may: it is
// loopback, private (RFC 1918, fc00::/7), link-local (169.254.0.0/16, where
// cloud metadata services answer at 169.254.169.254; fe80::/10), multicast,
// unspecified, carrier-grade NAT, otherwise reserved, or an IPv6 address that
// embeds one of those (IPv4-mapped, NAT64, 6to4).
func notPublic(ip netip.Addr) string {
	ip = ip.WithZone("")
	if ip.Is4In6() {
		ip = ip.Unmap()
	}
	switch {
	case !ip.IsValid():
		return "not an address"
	case ip.IsUnspecified():
		return "unspecified"
	case ip.IsLoopback():
		return "loopback"
	case ip.IsPrivate():
		return "private"
	case ip == netip.AddrFrom4([4]byte{169, 254, 169, 254}):
		return "link-local, where cloud metadata services answer"
	case ip.IsLinkLocalUnicast():
		return "link-local"
	case ip.IsMulticast(), ip.IsLinkLocalMulticast(), ip.IsInterfaceLocalMulticast():
		return "multicast"
	}
	for _, r := range reserved {
		if r.prefix.Contains(ip) {
			return r.why
		}
	}
	b := ip.As16()
	switch {
	case nat64.Contains(ip):
		if why := notPublic(netip.AddrFrom4([4]byte(b[12:16]))); why != "" {
			return "a NAT64 address of one that is " + why
		}
	case sixToFour.Contains(ip):
		if why := notPublic(netip.AddrFrom4([4]byte(b[2:6]))); why != "" {
			return "a 6to4 address of one that is " + why
		}
	}
	return ""
}

// newClient makes the one HTTP client of a Loader. It is built here, never
// taken from the caller, because what makes fetching safe lives in it: the
// dial check, no proxy (a proxy would be the only address dialled, and
// would reach whatever it is asked to), and the redirect rule.
func (l *Loader) newClient() *http.Client {
	dialer := &net.Dialer{Timeout: l.opts.Timeout, KeepAlive: 30 * time.Second, Control: l.checkDial}
	tr := &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if l.dialHook != nil {
				addr = l.dialHook(addr)
			}
			return dialer.DialContext(ctx, network, addr)
		},
		TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    l.opts.Timeout,
		ResponseHeaderTimeout:  l.opts.Timeout,
		MaxIdleConns:           64,
		MaxIdleConnsPerHost:    8,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 64 << 10,
		// Images are compressed already; and without gzip the bytes
		// counted against MaxBytes are the bytes on the wire.
		DisableCompression: true,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   l.opts.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return fail(ErrFetch, fmt.Sprintf("it was redirected more than %d times", maxRedirects))
			}
			if err := l.checkURL(req.URL); err != nil {
				return failWith(ErrRefused, err, "it was redirected to "+shortSrc(req.URL.Redacted())+", and "+err.Error())
			}
			return nil
		},
	}
}

// fetch GETs u, conditionally when old (stale) has validators. It returns
// old itself, with a new expiry, when the server answers 304.
func (l *Loader) fetch(ctx context.Context, u *url.URL, old *entry) (*entry, error) {
	fctx, cancel := context.WithTimeout(ctx, l.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(fctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, failWith(ErrRefused, err, "it is not a valid URL")
	}
	req.Header.Set("User-Agent", "pdfexport (image fetcher)")
	req.Header.Set("Accept", "image/jpeg, image/png, image/webp, image/gif;q=0.9, */*;q=0.1")
	if old != nil {
		if old.etag != "" {
			req.Header.Set("If-None-Match", old.etag)
		}
		if old.lastMod != "" {
			req.Header.Set("If-Modified-Since", old.lastMod)
		}
	}
	resp, err := l.client.Do(req)
	if err != nil {
		return nil, l.fetchError(ctx, fctx, err)
	}
	defer resp.Body.Close()
	now := l.now()
	ttl, store := freshness(resp.Header, now, l.opts.CacheTTL)

	switch {
	case resp.StatusCode == http.StatusNotModified && old != nil:
		l.mu.Lock()
		old.expires = now.Add(ttl)
		l.mu.Unlock()
		return old, nil
	case resp.StatusCode == http.StatusOK:
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, fail(ErrNotFound, "the server answered "+resp.Status)
	default:
		return nil, fail(ErrFetch, "the server answered "+resp.Status)
	}
	limit := l.opts.MaxBytes
	if resp.ContentLength > limit {
		return nil, fail(ErrTooLarge, fmt.Sprintf("it is %s (its Content-Length); at most %s are allowed per image", size(resp.ContentLength), size(limit)))
	}
	data, err := readAll(resp.Body, resp.ContentLength, limit)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, err
		}
		return nil, l.fetchError(ctx, fctx, err)
	}
	e := &entry{
		id:      l.ids.Add(1),
		url:     u.String(),
		data:    data,
		store:   store,
		etag:    resp.Header.Get("ETag"),
		lastMod: resp.Header.Get("Last-Modified"),
		expires: now.Add(ttl),
	}
	return e, nil
}

// readAll reads r to its end, refusing more than limit bytes while reading
// (a Content-Length may be missing or false); n, when known, sizes the
// buffer once.
func readAll(r io.Reader, n, limit int64) ([]byte, error) {
	buf := make([]byte, 0, min(max(n, 512), limit)+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		k, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		if int64(len(buf)) > limit {
			return nil, fail(ErrTooLarge, fmt.Sprintf("it is more than %s, the most allowed per image", size(limit)))
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// fetchError turns what the HTTP client returned into one of the kinds,
// with a message that does not repeat the URL (the Error around it has it).
func (l *Loader) fetchError(ctx, fctx context.Context, err error) error {
	var f *failure
	var a *addrError
	var ne net.Error
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &f):
		return f
	case errors.As(err, &a):
		return a
	case ctx.Err() != nil:
		return canceled(ctx.Err())
	case fctx.Err() != nil || errors.As(err, &ne) && ne.Timeout():
		return failWith(ErrTimeout, err, fmt.Sprintf("it did not arrive within %v", l.opts.Timeout))
	case errors.As(err, &dnsErr):
		return failWith(ErrFetch, err, "the host name "+dnsErr.Name+" cannot be resolved")
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return failWith(ErrFetch, err, "fetching it failed: "+err.Error())
}

// size writes a byte count for people: "20 MiB", "20.5 MiB", "512 KiB",
// "3000 bytes".
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
