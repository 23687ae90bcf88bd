package images

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The kinds of failure. Every error that Load returns is an *Error that
// wraps exactly one of these, so a caller can match it with errors.Is and a
// metric can count it with Result.
var (
	// ErrRefused: the source is not one this service may read — a scheme
	// other than http, https or data, a host not in --image-hosts, an address
	// that is not public (SSRF), a path outside the article's folder.
	ErrRefused = errors.New("refused")
	// ErrTooLarge: a limit was reached — bytes of one image or of the
	// article, pixels, the decoding memory, the number of images.
	ErrTooLarge = errors.New("too large")
	// ErrTimeout: the image did not arrive within Options.Timeout.
	ErrTimeout = errors.New("timed out")
	// ErrNotFound: the server answered 404 or 410, or the folder has no such file.
	ErrNotFound = errors.New("not found")
	// ErrFetch: the fetch failed otherwise (DNS, connection, TLS, another status).
	ErrFetch = errors.New("fetch failed")
	// ErrDecode: the bytes are not an image this package reads, or are damaged.
	ErrDecode = errors.New("cannot decode")
	// ErrCanceled: the caller's context ended first (the render was given
	// up); it says nothing about the image.
	ErrCanceled = errors.New("canceled")
)

// The values of Result, the label of a metric such as
// pdfexport_images_total{result}: a small fixed set.
const (
	ResultOK          = "ok"
	ResultRefused     = "refused"
	ResultTooLarge    = "too_large"
	ResultTimeout     = "timeout"
	ResultNotFound    = "not_found"
	ResultFetchError  = "fetch_error"
	ResultDecodeError = "decode_error"
	ResultCanceled    = "canceled"
)

// Results lists every value Result can return, so that a metric can be
// initialised with each label at zero.
func Results() []string {
	return []string{ResultOK, ResultRefused, ResultTooLarge, ResultTimeout,
		ResultNotFound, ResultFetchError, ResultDecodeError, ResultCanceled}
}

// Result classifies what Load returned for a metric: "ok" for nil, else
// the kind of failure. An error this package did not make counts as a
// fetch error.
func Result(err error) string {
	switch {
	case err == nil:
		return ResultOK
	case errors.Is(err, ErrCanceled):
		return ResultCanceled
	case errors.Is(err, ErrRefused):
		return ResultRefused
	case errors.Is(err, ErrTooLarge):
		return ResultTooLarge
	case errors.Is(err, ErrTimeout):
		return ResultTimeout
	case errors.Is(err, ErrNotFound):
		return ResultNotFound
	case errors.Is(err, ErrDecode):
		return ResultDecodeError
	}
	return ResultFetchError
}

// Error is a failure to load one image: the message says which image and
// why, in words a newsroom user can act on, e.g.
// "image https://x/y.jpg: host x is not in --image-hosts".
type Error struct {
	Src string // the image's source as the article gives it
	Err error  // wraps one of the Err… kinds
}

func (e *Error) Error() string { return "image " + shortSrc(e.Src) + ": " + e.Err.Error() }

func (e *Error) Unwrap() error { return e.Err }

// failure is a reason with its kind: the message is the reason alone, for
// the user; errors.Is finds the kind and, when there is one, the cause.
type failure struct {
	kind  error
	msg   string
	cause error
}

func (f *failure) Error() string { return f.msg }

func (f *failure) Unwrap() []error {
	if f.cause == nil {
		return []error{f.kind}
	}
	return []error{f.kind, f.cause}
}

func fail(kind error, msg string) error { return &failure{kind: kind, msg: msg} }

func failWith(kind error, cause error, msg string) error {
	return &failure{kind: kind, msg: msg, cause: cause}
}

// shortSrc keeps an error message readable when the source is a data: URI
// of megabytes: its head and its length.
func shortSrc(src string) string {
	const max = 80
	if len(src) <= max {
		return src
	}
	head := src[:max]
	for !utf8.ValidString(head) && len(head) > 0 {
		head = head[:len(head)-1]
	}
	if strings.HasPrefix(src, "data:") {
		return head + "… (" + strconv.Itoa(len(src)) + " characters)"
	}
	return head + "…"
}
