package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"

	"pdfexport/article"
	"pdfexport/render"
	"pdfexport/source"
)

// Error reasons: the label values of pdfexport_render_errors_total.
const (
	reasonUnauthorized  = "unauthorized"
	reasonOverloaded    = "overloaded"
	reasonBadRequest    = "bad_request"
	reasonNotFound      = "not_found"
	reasonMediaType     = "unsupported_media_type"
	reasonTooLarge      = "too_large"
	reasonUnprocessable = "unprocessable"
	reasonCanceled      = "canceled" // the client went away before its answer
	reasonTimeout       = "timeout"  // the render took longer than the render timeout
	reasonPrecondition  = "precondition_failed"
	reasonInternal      = "internal"
	reasonSourceDown    = "source_unavailable" // the CMS cannot be reached
	reasonBadGateway    = "bad_gateway"        // the CMS answered something that cannot be used
)

// statusClientClosed is the status a request whose client went away is
// logged and counted with: nginx's 499 "client closed request". Nobody
// receives it; it keeps such requests out of the 5xx that mean a failing
// server.
const statusClientClosed = 499

// errMediaType wraps a request body of a type the API does not read.
var errMediaType = errors.New("unsupported media type")

// errBodyRead is a request body that broke off before its end.
var errBodyRead = errors.New("the request body could not be read")

// errUnauthorized is a missing or wrong bearer token.
var errUnauthorized = errors.New("this route needs a valid bearer token (Authorization: Bearer …)")

// errPrecondition is a conditional POST whose If-None-Match matches the PDF
// it asks for.
var errPrecondition = errors.New("If-None-Match matches the PDF of this article and these options (its ETag), so it is not rendered again; send the request without If-None-Match to get it")

// errInternal marks a failure that is the service's, not the client's: the
// client gets a generic message and the details go to the log.
var errInternal = errors.New("internal error")

// problem is an RFC 9457 problem document.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
}

// classify maps an error to its HTTP status and metric reason. This is the one
// place where application errors become HTTP statuses.
func classify(err error) (status int, reason string) {
	var tooBig *http.MaxBytesError
	switch {
	case errors.Is(err, errInternal):
		return http.StatusInternalServerError, reasonInternal
	case errors.Is(err, errUnauthorized):
		return http.StatusUnauthorized, reasonUnauthorized
	case errors.Is(err, errPrecondition):
		return http.StatusPreconditionFailed, reasonPrecondition
	case errors.Is(err, errOverloaded):
		return http.StatusServiceUnavailable, reasonOverloaded
	case errors.As(err, new(*source.UnavailableError)):
		return http.StatusServiceUnavailable, reasonSourceDown
	case errors.Is(err, source.ErrUpstream):
		return http.StatusBadGateway, reasonBadGateway
	case errors.Is(err, source.ErrNoListing):
		return http.StatusNotFound, reasonNotFound
	case errors.Is(err, render.ErrLimit):
		return http.StatusRequestEntityTooLarge, reasonTooLarge
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, reasonTooLarge
	case errors.Is(err, errMediaType):
		return http.StatusUnsupportedMediaType, reasonMediaType
	case errors.Is(err, render.ErrOption), errors.Is(err, source.ErrBadID), errors.Is(err, source.ErrBadName), errors.Is(err, article.ErrEmpty), errors.Is(err, errBodyRead):
		return http.StatusBadRequest, reasonBadRequest
	case errors.Is(err, source.ErrNotFound), errors.Is(err, source.ErrNotPublic):
		return http.StatusNotFound, reasonNotFound
	case errors.Is(err, article.ErrInvalid), errors.Is(err, errSelection):
		return http.StatusUnprocessableEntity, reasonUnprocessable
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, reasonTimeout
	case errors.Is(err, context.Canceled):
		return statusClientClosed, reasonCanceled
	}
	return http.StatusInternalServerError, reasonInternal
}

// writeProblem answers with a problem+json document. Client errors carry the
// error's own message, which is written for the user; server errors carry a
// generic message and are logged in full.
func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	status, reason := s.classifyRequest(r, err)
	if isRenderRoute(r) {
		s.metrics.errors.WithLabelValues(reason).Inc()
	}
	if status == statusClientClosed {
		s.clientGone(w, r, err)
		return
	}
	detail := err.Error()
	var tooBig *http.MaxBytesError
	switch {
	case reason == reasonOverloaded:
		w.Header().Set("Retry-After", "1")
		detail = "the server is busy with other requests; retry in a second"
	case reason == reasonSourceDown, reason == reasonBadGateway:
		// The cause names the CMS's addresses: it goes to the log only.
		s.log.Warn("request failed", requestID(r), "method", r.Method, "path", r.URL.Path, "status", status, "error", err)
		detail = sourceDetail(w, err)
	case status >= 500:
		s.log.Error("request failed", requestID(r), "method", r.Method, "path", r.URL.Path, "status", status, "error", err)
		detail = "the server could not produce the PDF; the failure has been logged"
		if reason == reasonTimeout {
			detail = "the PDF took longer to render than the server allows"
		}
	case errors.As(err, &tooBig):
		detail = fmt.Sprintf("the request body is larger than the limit of %d bytes", tooBig.Limit)
	case errors.Is(err, source.ErrNotPublic):
		s.log.Info("not public", requestID(r), "path", r.URL.Path, "error", err)
		detail = notPublicDetail
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Del("ETag")
	w.Header().Del("Cache-Control")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(problem{
		Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail,
	})
}

// classifyRequest is classify, told whether r's client is still there: a
// cancellation while it waits was not the client's doing, but the
// server's, and is reported as the failure it is.
func (s *Server) classifyRequest(r *http.Request, err error) (status int, reason string) {
	status, reason = classify(err)
	if reason == reasonCanceled && r.Context().Err() == nil {
		return http.StatusInternalServerError, reasonInternal
	}
	return status, reason
}

// clientGone ends a request whose client has gone: there is nobody to
// answer, so nothing is written but the status for the access log and the
// metrics, and the log line is not an error, since a reader closing a tab
// is no failure of the server.
func (s *Server) clientGone(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Info("client went away", requestID(r), "method", r.Method, "path", r.URL.Path, "error", err)
	w.Header().Del("ETag")
	w.Header().Del("Cache-Control")
	w.WriteHeader(statusClientClosed)
}

// notPublicDetail is what a client is told of an article the CMS has but
// does not publish: what it is told of one it does not have.
const notPublicDetail = "there is no published article with this ID"

// sourceDetail is what a client is told of a CMS that failed: when to try
// again (also set as Retry-After) for one that cannot be reached.
func sourceDetail(w http.ResponseWriter, err error) string {
	var down *source.UnavailableError
	if errors.As(err, &down) {
		secs := max(int64(math.Ceil(down.RetryAfter.Seconds())), 1)
		w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
		return fmt.Sprintf("the article source (the CMS) cannot be reached; retry in %d s", secs)
	}
	return "the article source (the CMS) gave an answer for this article that cannot be used; the failure has been logged"
}
