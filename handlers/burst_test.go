package handlers

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"pdfexport/source"
)

// The memory bound of the process (README, Limits) is
//
//	M0 + k·BodyBudget + MaxRenders·R + ResponseBudget + CacheBytes
//	   + 1.33·memo + MaxConns·c + MaxReaderPages·H
//
// k: what an admitted body costs at its peak before the render (reading,
// parsing, validation, ETag), per byte of body; R: what one render adds
// (the layout and the PDF writer: another package's work, measured here
// as it is today); c: a connection. These tests measure k, R and c for the
// worst bodies and check the bound holds in a burst against the real
// server.

// burstShapes are the worst bodies at the body limit (refused by their
// paragraphs or their characters) and just under the default character
// limit, where they reach the layout: one-letter paragraphs, '<', one
// paragraph of words, and prose long enough to fill the page limit.
func burstShapes(t *testing.T) []bodyShape {
	shapes := worstBodies(DefaultMaxBodyBytes)
	for _, c := range worstBodies(1_990_000) {
		if strings.Contains(c.name, "less-than") || strings.Contains(c.name, "one-paragraph") {
			c.name += "-1.99MB"
			shapes = append(shapes, c)
		}
	}
	arch, err := source.Embedded(nil)
	if err != nil {
		t.Fatal(err)
	}
	sample, err := arch.Get("illusions-of-moscow-tokyo-rapprochement")
	if err != nil {
		t.Fatal(err)
	}
	var prose bytes.Buffer
	prose.WriteString("A long title\n\n")
	for prose.Len() < 1_890_000 {
		for _, p := range sample.Paragraphs() {
			prose.WriteString(p + "\n\n")
		}
	}
	return append(shapes, bodyShape{"text-prose-1.9MB", "text/plain", prose.Bytes()})
}

// peakOf is the heap peak of one request of shape c through s.
func peakOf(s *Server, c bodyShape) uint64 {
	return heapPeak(func() {
		r := httptest.NewRequest(http.MethodPost, "/v1/render", bytes.NewReader(c.body))
		r.Header.Set("Content-Type", c.ctype)
		s.ServeHTTP(&discardRecorder{h: http.Header{}}, r)
	})
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

// TestMemoryBoundInABurst sends the real server (real renderer, embedded
// archive, 127.0.0.1) a burst of maximum-size bodies of the worst shapes,
// all at once, and checks that the Go heap's peak stays within the bound
// computed from its configuration and the k and R measured one request at
// a time.
func TestMemoryBoundInABurst(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("a memory measurement of about a minute; not under -short or -race")
	}
	shapes := burstShapes(t)
	arch, err := source.Embedded(nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Source: arch, MaxRenders: 2, MaxQueue: 64, QueueWait: 2 * time.Minute, RenderTimeout: time.Minute,
		CacheBytes: -1, Log: slog.New(slog.DiscardHandler)}

	// k and R, one request at a time: before the render with a renderer
	// that does nothing, then whole.
	var k, r float64
	nothing := cfg
	nothing.Renderer = discardRenderer
	before, whole := New(nothing), New(cfg)
	for _, c := range shapes {
		a, q := peakOf(before, c), peakOf(whole, c)
		k = max(k, float64(a)/float64(len(c.body)))
		r = max(r, float64(q)-float64(a))
		t.Logf("%-26s %7d bytes: before the render %5.1f MiB (k %.2f), whole %5.1f MiB", c.name, len(c.body), mib(a), float64(a)/float64(len(c.body)), mib(q))
	}

	s := New(cfg)
	ln, err := s.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := s.HTTPServer("", Timeouts{Read: time.Minute, Write: 5 * time.Minute})
	go hs.Serve(ln)
	defer hs.Close()
	url := "http://" + ln.Addr().String() + "/v1/render"
	// Many copies of the bodies refused before the layout (whose cost is
	// all in reading and parsing), a few of those that reach it.
	copies := func(c bodyShape) int {
		if len(c.body) == DefaultMaxBodyBytes {
			return 32
		}
		return 2
	}
	requests := 0
	var statuses sync.Map
	peak := heapPeak(func() {
		var wg sync.WaitGroup
		for _, c := range shapes {
			for range copies(c) {
				requests++
				wg.Add(1)
				go func() {
					defer wg.Done()
					resp, err := http.Post(url, c.ctype, bytes.NewReader(c.body))
					if err != nil {
						t.Errorf("%s: %v", c.name, err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					statuses.Store(c.name+" "+resp.Status, true)
				}()
			}
		}
		wg.Wait()
	})
	var seen []string
	statuses.Range(func(k, _ any) bool { seen = append(seen, k.(string)); return true })
	t.Logf("answers: %s", strings.Join(seen, "; "))

	b, slots := float64(s.cfg.BodyBudget), float64(s.cfg.MaxRenders)
	// The connections and goroutines of the burst, the client's included:
	// 64 KiB each (the server's side of an idle one is 17; TestConnectionMemory).
	bound := k*b + slots*r + float64(s.cfg.ResponseBudget) + float64(requests)*64*1024
	t.Logf("k = %.2f, R = %.1f MiB; %d requests at once: heap peak %.1f MiB; bound k·%.0f MiB + %.0f·R + %.0f MiB of responses + connections = %.1f MiB",
		k, r/(1<<20), requests, mib(peak), b/(1<<20), slots, float64(s.cfg.ResponseBudget)/(1<<20), bound/(1<<20))
	if float64(peak) > bound {
		t.Errorf("the heap peaked at %.1f MiB in the burst, above the bound of %.1f MiB", mib(peak), bound/(1<<20))
	}
}

// TestConnectionMemory measures what an open connection costs the heap:
// idle between requests, and while its headers arrive (up to the header
// limit), the c of the bound.
func TestConnectionMemory(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("a memory measurement; not under -short or -race")
	}
	const n = 200
	f := newFixture(t, func(c *Config) { c.MaxConns = 2 * n })
	addr := listening(t, f)
	// settle waits for the client's side to be done, so that its buffers
	// (60 KiB of header for each writer) are not counted as the server's.
	measure := func(open func(c net.Conn), settle func()) float64 {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		var conns []net.Conn
		for range n {
			c, err := net.DialTimeout("tcp", addr, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			open(c)
			conns = append(conns, c)
		}
		settle()
		// The steady cost: the least of a few samples, since one taken
		// while the server's goroutines are still reading (a line buffer
		// and its doubled copy both live) reads up to twice as high.
		var least uint64 = math.MaxUint64
		for range 4 {
			time.Sleep(25 * time.Millisecond)
			runtime.GC()
			runtime.ReadMemStats(&after)
			least = min(least, after.HeapInuse+after.StackInuse)
		}
		for _, c := range conns {
			c.Close()
		}
		waitFor(t, func() bool { return f.srv.conns.openNow() == 0 })
		return float64(least-before.HeapInuse-before.StackInuse) / n
	}
	idle := measure(func(c net.Conn) {
		io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}, func() {})
	header := strings.Repeat("a", 60<<10)
	var sent sync.WaitGroup
	reading := measure(func(c net.Conn) {
		sent.Add(1)
		go func() { // the server reads while we write
			defer sent.Done()
			fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: %s", header) // no end of headers
		}()
	}, sent.Wait)
	t.Logf("per connection: idle %.1f KiB, reading %d KiB of headers %.1f KiB", idle/1024, len(header)>>10, reading/1024)
	// The bound's c: 32 KiB idle, 160 KiB while the largest headers arrive.
	if idle > 32<<10 || reading > 160<<10 {
		t.Errorf("a connection costs %.1f KiB idle and %.1f KiB reading headers; the bound says 32 and 160", idle/1024, reading/1024)
	}
}
