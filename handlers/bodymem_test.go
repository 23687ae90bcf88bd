package handlers

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/debug"
	rtmetrics "runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"pdfexport/article"
	"pdfexport/render"
)

// The worst shapes of a request body for the memory spent before a render:
// each is as large as the default body limit allows.
type bodyShape struct {
	name, ctype string
	body        []byte
}

// worstBodies builds the shapes at size bytes: one-letter paragraphs (the
// most blocks per byte), '<' (the most expensive characters to escape as
// JSON or HTML), and one paragraph of words (the longest single string).
func worstBodies(size int) []bodyShape {
	fill := func(prefix, unit, suffix string) []byte {
		n := (size - len(prefix) - len(suffix)) / len(unit)
		var b bytes.Buffer
		b.Grow(size)
		b.WriteString(prefix)
		for range n {
			b.WriteString(unit)
		}
		b.WriteString(suffix)
		return b.Bytes()
	}
	jsonLetters := fill(`{"title":"t","body":[`, `"a",`, `"a"]}`)
	return []bodyShape{
		{"json-letters", "application/json", jsonLetters},
		{"text-letters", "text/plain", fill("Title\n\n", "a\n\n", "a\n")},
		{"json-less-than", "application/json", fill(`{"title":"t","body":["`, "<", `"]}`)},
		{"json-block-less-than", "application/json", fill(`{"title":"t","body":[{"type":"quote","runs":[{"text":"`, "<", `"}]}]}`)},
		{"json-list-letters", "application/json", fill(`{"title":"t","body":[{"type":"list","items":[`, `"a",`, `"a"]}]}`)},
		{"text-less-than", "text/plain", fill("Title\n\n", "<", "\n")},
		{"text-one-paragraph", "text/plain", fill("Title\n\n", "word ", "end\n")},
	}
}

// discardRenderer stands for the real one so that only the work before a
// render is measured: it writes a tiny PDF.
func discardRenderer(_ context.Context, w io.Writer, _ *article.Article, _ render.Options) (render.Result, error) {
	n, err := io.WriteString(w, fakePDF)
	return render.Result{Pages: 1, Bytes: int64(n)}, err
}

// BenchmarkBodyShapes measures what one maximum-size body of each worst
// shape costs from its arrival to the render (reading, parsing, validation,
// ETag), with a renderer that does nothing: bytes allocated per request.
// Run: go test ./handlers -run '^$' -bench BodyShapes -benchmem
func BenchmarkBodyShapes(b *testing.B) {
	s := New(Config{Source: &fakeSource{}, Renderer: discardRenderer, CacheBytes: -1, Log: slog.New(slog.DiscardHandler)})
	for _, c := range worstBodies(DefaultMaxBodyBytes) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var status int
			for b.Loop() {
				r := httptest.NewRequest(http.MethodPost, "/v1/render", bytes.NewReader(c.body))
				r.Header.Set("Content-Type", c.ctype)
				w := httptest.NewRecorder()
				s.ServeHTTP(w, r)
				status = w.Code
			}
			b.ReportMetric(float64(status), "status")
		})
	}
}

func TestWorstBodiesAreAtTheLimit(t *testing.T) {
	for _, c := range worstBodies(DefaultMaxBodyBytes) {
		if len(c.body) > DefaultMaxBodyBytes || len(c.body) < DefaultMaxBodyBytes-8 {
			t.Errorf("%s: %d bytes, want just under %d", c.name, len(c.body), DefaultMaxBodyBytes)
		}
		if c.ctype == "text/plain" && strings.Contains(string(c.body[:20]), "{") {
			t.Errorf("%s: a text body that looks like JSON", c.name)
		}
	}
}

// heapPeak runs f and returns the peak of the Go heap's live objects above
// what they were before, sampled every 100 µs while the collector runs at
// GOGC=10, so that garbage does not pass for live memory for long.
func heapPeak(f func()) uint64 {
	old := debug.SetGCPercent(10)
	defer debug.SetGCPercent(old)
	runtime.GC()
	sample := []rtmetrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { rtmetrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak atomic.Uint64
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(100 * time.Microsecond)
		defer t.Stop()
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(stop)
	<-stopped
	return max(peak.Load(), base) - base
}

// TestBodyShapesPeak prints the heap peak of one request of each shape.
// Run: go test ./handlers -run BodyShapesPeak -v
func TestBodyShapesPeak(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	s := New(Config{Source: &fakeSource{}, Renderer: discardRenderer, CacheBytes: -1, Log: slog.New(slog.DiscardHandler)})
	for _, c := range worstBodies(DefaultMaxBodyBytes) {
		var status int
		peak := heapPeak(func() {
			r := httptest.NewRequest(http.MethodPost, "/v1/render", bytes.NewReader(c.body))
			r.Header.Set("Content-Type", c.ctype)
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			status = w.Code
		})
		t.Logf("%-20s status %d, heap peak %6.1f MiB", c.name, status, float64(peak)/(1<<20))
	}
}
