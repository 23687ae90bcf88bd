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
	originExport  = "export"  // an article of a bulk export
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
	queued          prometheus.Gauge
	cacheRequests   *prometheus.CounterVec
	cacheBytes      prometheus.Gauge
	cacheEntries    prometheus.Gauge
	cacheEvictions  prometheus.Counter
	exportArticles  *prometheus.CounterVec
	exportBytes     prometheus.Counter
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
		queued: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "pdfexport_renders_queued",
			Help: "Requests waiting for a render slot.",
		}),
		cacheRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pdfexport_cache_requests_total",
			Help: "Lookups in the in-process PDF cache, by outcome (hit or miss).",
		}, []string{"outcome"}),
		cacheBytes: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "pdfexport_cache_bytes",
			Help: "Bytes of PDF held in the in-process cache.",
		}),
		cacheEntries: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "pdfexport_cache_entries",
			Help: "PDFs held in the in-process cache.",
		}),
		cacheEvictions: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "pdfexport_cache_evictions_total",
			Help: "PDFs evicted from the in-process cache to make room.",
		}),
		exportArticles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pdfexport_export_articles_total",
			Help: "Articles of bulk exports over HTTP, by outcome (rendered or failed).",
		}, []string{"outcome"}),
		exportBytes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "pdfexport_export_bytes_total",
			Help: "Bytes of PDF written by bulk exports over HTTP.",
		}),
	}
	for _, r := range []string{reasonUnauthorized, reasonOverloaded, reasonBadRequest, reasonNotFound, reasonMediaType, reasonTooLarge, reasonUnprocessable, reasonCanceled, reasonInternal} {
		m.errors.WithLabelValues(r) // start every series at zero
	}
	m.cacheRequests.WithLabelValues("hit")
	m.cacheRequests.WithLabelValues("miss")
	reg.MustRegister(
		m.renderDuration, m.renderPages, m.renderBytes, m.inFlight, m.errors,
		m.missingGlyphs, m.requests, m.requestDuration,
		m.queued, m.cacheRequests, m.cacheBytes, m.cacheEntries, m.cacheEvictions, m.exportArticles, m.exportBytes,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// instrument wraps a route's handler with request counting and latency,
// labelled with the route's template name.
func (m *metrics) instrument(route string, h http.Handler) http.Handler {
	labels := prometheus.Labels{"handler": route}
	named := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info(r).route = route
		h.ServeHTTP(w, r)
	})
	return promhttp.InstrumentHandlerCounter(m.requests.MustCurryWith(labels),
		promhttp.InstrumentHandlerDuration(m.requestDuration.MustCurryWith(labels), named))
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}
