package handlers

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

// reqInfo collects what the access log reports about one request; the
// handlers fill in what only they know.
type reqInfo struct {
	id     string
	route  string
	pages  int
	cache  string // "hit", "miss", "shared", "not-modified", or "" for no PDF
	status int
	bytes  int64
}

type ctxKey struct{}

func info(r *http.Request) *reqInfo {
	if ri, ok := r.Context().Value(ctxKey{}).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{}
}

// recorder remembers the status and size of a response.
type recorder struct {
	http.ResponseWriter
	ri          *reqInfo
	wroteHeader bool
}

func (w *recorder) WriteHeader(code int) {
	if !w.wroteHeader {
		w.ri.status, w.wroteHeader = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.ResponseWriter.Write(p)
	w.ri.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)

// newRequestID is 16 random hexadecimal digits.
func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// outermost wraps the whole API: it gives every request an ID (the client's
// X-Request-ID when it is a sane token, else a new one) and echoes it back,
// sets X-Content-Type-Options on every response, turns a panic into a 500
// problem document and a log entry instead of a dead process, and writes one
// structured log line per request.
func (s *Server) outermost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &reqInfo{id: r.Header.Get("X-Request-ID"), status: http.StatusOK}
		if !requestIDPattern.MatchString(ri.id) {
			ri.id = newRequestID()
		}
		w.Header().Set("X-Request-ID", ri.id)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		rec := &recorder{ResponseWriter: w, ri: ri}
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, ri))
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p) // the server's own signal to drop the connection
				}
				s.log.Error("panic serving request", "request_id", ri.id, "method", r.Method, "path", r.URL.Path,
					"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if !rec.wroteHeader {
					s.writeProblem(rec, r, fmt.Errorf("%w: panic: %v", errInternal, p))
				}
			}
			s.log.Info("request", "request_id", ri.id, "method", r.Method, "route", cmp.Or(ri.route, "unmatched"),
				"path", r.URL.Path, "status", ri.status, "ms", float64(time.Since(start).Microseconds())/1000,
				"bytes", ri.bytes, "pages", ri.pages, "cache", ri.cache)
		}()
		next.ServeHTTP(rec, r)
	})
}

// cors answers the website's cross-origin requests to a route: when the
// request's Origin is on the allow-list, the response allows it, and a
// preflight OPTIONS is answered here. Other origins get no CORS headers, so
// browsers refuse them; requests without Origin (curl, servers) pass as is.
func (s *Server) cors(methods string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		allowed := origin != "" && slices.Contains(s.cfg.CORSOrigins, origin)
		w.Header().Add("Vary", "Origin")
		if allowed {
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Set("Access-Control-Expose-Headers", "Content-Disposition, ETag, X-Request-ID, Retry-After")
		}
		if r.Method == http.MethodOptions {
			if allowed {
				w.Header().Set("Access-Control-Allow-Methods", methods)
				w.Header().Set("Access-Control-Allow-Headers", "Content-Type, Authorization, X-Request-ID, If-None-Match")
				w.Header().Set("Access-Control-Max-Age", "600")
			}
			w.Header().Set("Allow", methods+", OPTIONS")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireToken guards a route with the configured bearer token, compared in
// constant time. Without a configured token the route is open.
func (s *Server) requireToken(next http.Handler) http.Handler {
	if s.cfg.Token == "" {
		return next
	}
	want := []byte(s.cfg.Token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := bearerToken(r.Header.Get("Authorization"))
		if !ok || subtle.ConstantTimeCompare([]byte(got), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="pdfexport"`)
			s.writeProblem(w, r, errUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bearerToken reads the credentials of an Authorization header of the
// Bearer scheme. Scheme names are case-insensitive (RFC 9110 §11.1), and one
// or more spaces separate the scheme from the token (§11.4).
func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(header, " ")
	token = strings.TrimLeft(token, " ")
	return token, ok && strings.EqualFold(scheme, "Bearer") && token != ""
}

// requestID is the request's ID as a log attribute.
func requestID(r *http.Request) slog.Attr { return slog.String("request_id", info(r).id) }
