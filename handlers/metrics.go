package handlers

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Label values are fixed sets, so no request can grow the number of series.
const (
	originArchive = "archive" // an article looked up by ID
	originRequest = "request" // an article sent in the request body
)

// metrics are the service's Prometheus metrics, on a private registry.
type metrics struct {
	registry        *prometheus.Registry
	renderDuration  *prometheus.HistogramVec
	renderPages     *prometheus.HistogramVec
	renderBytes     *prometheus.HistogramVec
	inFlight        prometheus.Gauge
	errors          *prometheus.CounterVec
	missingGlyphs   prometheus.Counter
	requests        *prometheus.CounterVec
	requestDuration *prometheus.HistogramVec
}

func newMetrics() *metrics {
	reg := prometheus.NewRegistry()
	m := &metrics{
		registry: reg,
		renderDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "pdfexport_render_duration_seconds",
			Help:    "Time to lay out and write one PDF, by where the article came from.",
			Buckets: []float64{.001, .002, .005, .01, .02, .05, .1, .2, .5, 1, 2, 5},
		}, []string{"origin"}),
		renderPages: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "pdfexport_render_pages",
			Help:    "Pages per rendered PDF.",
			Buckets: []float64{1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144},
		}, []string{"origin"}),
		renderBytes: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "pdfexport_render_bytes",
			Help:    "Size of each rendered PDF in bytes.",
			Buckets: prometheus.ExponentialBuckets(16<<10, 2, 11), // 16 KiB … 16 MiB
		}, []string{"origin"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "pdfexport_renders_in_flight",
			Help: "Renders in progress.",
		}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pdfexport_render_errors_total",
			Help: "Requests for a PDF that failed, by reason.",
		}, []string{"reason"}),
		missingGlyphs: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "pdfexport_missing_glyphs_total",
			Help: "Characters no embedded font could draw, drawn as U+FFFD instead.",
		}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pdfexport_http_requests_total",
			Help: "HTTP requests by route template, method and status code.",
		}, []string{"handler", "method", "code"}),
		requestDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "pdfexport_http_request_duration_seconds",
			Help:    "HTTP request latency by route template.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .2, .5, 1, 2, 5},
		}, []string{"handler", "method", "code"}),
	}
	for _, r := range []string{reasonBadRequest, reasonNotFound, reasonMediaType, reasonTooLarge, reasonUnprocessable, reasonCanceled, reasonInternal} {
		m.errors.WithLabelValues(r) // start every series at zero
	}
	reg.MustRegister(
		m.renderDuration, m.renderPages, m.renderBytes, m.inFlight, m.errors,
		m.missingGlyphs, m.requests, m.requestDuration,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// instrument wraps a route's handler with request counting and latency,
// labelled with the route's template name.
func (m *metrics) instrument(route string, h http.Handler) http.Handler {
	labels := prometheus.Labels{"handler": route}
	return promhttp.InstrumentHandlerCounter(m.requests.MustCurryWith(labels),
		promhttp.InstrumentHandlerDuration(m.requestDuration.MustCurryWith(labels), h))
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}
