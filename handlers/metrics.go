package handlers

import (
	"fmt"
	"net/http"

	"pdfexport/export"
	"pdfexport/images"

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
	images          *prometheus.CounterVec
	dropped         *prometheus.CounterVec
	requests        *prometheus.CounterVec
	requestDuration *prometheus.HistogramVec
	queued          prometheus.Gauge
	bodyBytes       prometheus.Gauge
	responseBytes   prometheus.Gauge
	conns           prometheus.Gauge
	cacheRequests   *prometheus.CounterVec
	cacheBytes      prometheus.Gauge
	cacheEntries    prometheus.Gauge
	cacheEvictions  prometheus.Counter
	export          *ExportMetrics
}

func newMetrics() *metrics {
	reg := prometheus.NewRegistry()
	m := &metrics{
		registry:       reg,
		renderDuration: newRenderDuration(),
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
		images: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pdfexport_images_total",
			Help: "Pictures of rendered articles by what became of them: ok, or why each was drawn as a box with its alt text (refused, too_large, timeout, not_found, fetch_error, decode_error, canceled).",
		}, []string{"result"}),
		dropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pdfexport_html_dropped_total",
			Help: "Elements of rendered articles' HTML left out of the PDF, by kind (scripts, forms, ads, …).",
		}, []string{"kind"}),
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
		bodyBytes: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "pdfexport_request_body_bytes",
			Help: "Bytes of the body budget taken by request bodies admitted and not yet answered.",
		}),
		responseBytes: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "pdfexport_response_bytes",
			Help: "Bytes of the response budget taken by PDFs being written to clients.",
		}),
		conns: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "pdfexport_connections",
			Help: "Connections open on the server's listener (at most --max-conns).",
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
	}
	m.export = newExportMetrics(m.renderDuration)
	for _, r := range []string{reasonUnauthorized, reasonOverloaded, reasonBadRequest, reasonNotFound, reasonMediaType, reasonTooLarge, reasonUnprocessable, reasonPrecondition, reasonCanceled, reasonTimeout, reasonInternal, reasonSourceDown, reasonBadGateway} {
		m.errors.WithLabelValues(r) // start every series at zero
	}
	for _, r := range images.Results() {
		m.images.WithLabelValues(r)
	}
	m.cacheRequests.WithLabelValues("hit")
	m.cacheRequests.WithLabelValues("miss")
	reg.MustRegister(
		m.renderDuration, m.renderPages, m.renderBytes, m.inFlight, m.errors,
		m.missingGlyphs, m.images, m.dropped, m.requests, m.requestDuration,
		m.queued, m.bodyBytes, m.responseBytes, m.conns, m.cacheRequests, m.cacheBytes, m.cacheEntries, m.cacheEvictions, m.export.articles, m.export.bytes,
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

func newRenderDuration() *prometheus.HistogramVec {
	return prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "pdfexport_render_duration_seconds",
		Help:    "Time to lay out and write one PDF, by where the article came from.",
		Buckets: []float64{.001, .002, .005, .01, .02, .05, .1, .2, .5, 1, 2, 5},
	}, []string{"origin"})
}

// ExportMetrics count the articles of bulk exports, rendered or failed, the
// bytes of PDF written, and each render's latency (the service's render
// histogram, origin "export"). The service keeps one for POST /v1/exports; a
// command-line export makes its own with NewExportMetrics, to be scraped
// while it runs (Handler) or left in a file when it ends (WriteFile).
type ExportMetrics struct {
	registry *prometheus.Registry // a command-line export's own: the export's metrics only (WriteFile)
	served   *prometheus.Registry // those plus the Go runtime's and the process's (Handler)
	articles *prometheus.CounterVec
	bytes    prometheus.Counter
	duration *prometheus.HistogramVec // the series appears with the first render
}

func newExportMetrics(duration *prometheus.HistogramVec) *ExportMetrics {
	x := &ExportMetrics{
		articles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pdfexport_export_articles_total",
			Help: "Articles of bulk exports, by outcome (rendered, failed, or not_public: a draft or protected post the CMS has).",
		}, []string{"outcome"}),
		bytes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "pdfexport_export_bytes_total",
			Help: "Bytes of PDF written by bulk exports.",
		}),
		duration: duration,
	}
	x.articles.WithLabelValues("rendered") // every series starts at zero
	x.articles.WithLabelValues("failed")
	x.articles.WithLabelValues("not_public")
	return x
}

// NewExportMetrics returns the metrics of a command-line export, on a
// registry of their own. A part of a sharded export ("3/8") labels every
// series with it (shard="3/8"), so the parts of one export, scraped or read
// from their files side by side, stay apart. The metrics server adds the Go
// runtime's and the process's metrics; the file leaves them out, since
// node_exporter, which reads such files, reports its own under those names.
func NewExportMetrics(shard string) *ExportMetrics {
	d := newRenderDuration()
	x := newExportMetrics(d)
	x.registry = prometheus.NewRegistry()
	var reg prometheus.Registerer = x.registry
	if shard != "" {
		reg = prometheus.WrapRegistererWith(prometheus.Labels{"shard": shard}, reg)
	}
	reg.MustRegister(d, x.articles, x.bytes)
	x.served = prometheus.NewRegistry()
	x.served.MustRegister(x.registry, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return x
}

// Observe counts one finished article of an export (export.Options.OnEntry).
// Safe for concurrent use.
func (x *ExportMetrics) Observe(e export.Entry) {
	if e.Error != "" {
		x.articles.WithLabelValues("failed").Inc()
		return
	}
	if e.Skipped != "" {
		x.articles.WithLabelValues("not_public").Inc()
		return
	}
	x.articles.WithLabelValues("rendered").Inc()
	x.bytes.Add(float64(e.Bytes))
	x.duration.WithLabelValues(originExport).Observe(e.RenderMS / 1000)
}

// Handler serves the metrics of a command-line export in the Prometheus
// text format.
func (x *ExportMetrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(x.served, promhttp.HandlerOpts{Registry: x.served}))
	return mux
}

// HTTPServer returns a server of the metrics of a command-line export at
// GET /metrics, with the service's timeouts.
func (x *ExportMetrics) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           x.Handler(),
		ReadHeaderTimeout: DefaultTimeouts.ReadHeader,
		ReadTimeout:       DefaultTimeouts.Read,
		WriteTimeout:      DefaultTimeouts.Write,
		IdleTimeout:       DefaultTimeouts.Idle,
	}
}

// WriteFile writes the metrics of a command-line export to path in the
// Prometheus text format, replacing the file atomically, as node_exporter's
// textfile collector expects.
func (x *ExportMetrics) WriteFile(path string) error {
	if err := prometheus.WriteToTextfile(path, x.registry); err != nil {
		return fmt.Errorf("writing metrics: %w", err)
	}
	return nil
}
