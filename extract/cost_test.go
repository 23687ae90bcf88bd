package extract

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	rtmetrics "runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var peak = flag.Bool("peak", false, "run TestPeakMemory, which measures what extractions cost")

// BenchmarkPage measures one extraction: each fixture, and the pages of
// go-trafilatura's corpus one after the other (corpus: the average over
// its 947 pages, each op one page).
// Run: go test ./extract -run '^$' -bench Page -benchmem
func BenchmarkPage(b *testing.B) {
	for _, f := range fixtures {
		b.Run(f.name, func(b *testing.B) {
			data, base := readFixture(b, f.name), parseURL(b, f.url)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Page(data, base); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("corpus", func(b *testing.B) {
		dir, pages, err := findCorpus()
		if err != nil {
			b.Skipf("the go-trafilatura corpus is not at hand: %v", err)
		}
		data := make([][]byte, len(pages))
		for i, p := range pages {
			var err error
			if data[i], err = os.ReadFile(filepath.Join(dir, p.file)); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			Page(data[i%len(data)], pages[i%len(pages)].url)
			i++
		}
	})
}

// heapPeak runs f and returns the peak of the Go heap's live objects above
// what they were before: the heap each collection found live, sampled
// every 100 µs while the collector runs at GOGC=10, so that it runs often.
// (The heap's objects, live or not yet swept, count the garbage of a fast
// allocator too: eight extractions, two at a time, passed for 195 MiB when
// the collector never found more than 42 MiB live.)
func heapPeak(f func()) uint64 {
	old := debug.SetGCPercent(10)
	defer debug.SetGCPercent(old)
	runtime.GC()
	sample := []rtmetrics.Sample{{Name: "/gc/heap/live:bytes"}}
	read := func() uint64 { rtmetrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak atomic.Uint64
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(100 * time.Microsecond)
		defer tick.Stop()
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(stop)
	<-stopped
	return max(peak.Load(), base) - base
}

// TestPeakMemory reports what one extraction holds at its peak, and how
// long it takes, for the fixtures, the corpus's costliest pages, and pages
// of the shapes that cost the most within the bounds (MaxPageNodes,
// MaxParagraphWork), whose comments quote it. It checks nothing: times on
// a shared machine say little, and the bounds are what is enforced. A small
// page is done between two collections and shows nothing: BenchmarkPage's
// bytes allocated are its measure.
// Run: go test ./extract -run PeakMemory -peak -v
func TestPeakMemory(t *testing.T) {
	if !*peak || raceEnabled {
		t.Skip("a measurement of half a minute: run it with -peak, not under -race")
	}
	type shape struct {
		name string
		page []byte
	}
	var shapes []shape
	for _, f := range fixtures {
		shapes = append(shapes, shape{f.name, readFixture(t, f.name)})
	}
	fill := func(name, unit string, n int) shape {
		var b strings.Builder
		b.WriteString("<!DOCTYPE html><html><head><title>A long page</title></head><body><article><h1>A long page</h1>")
		for i := range n {
			fmt.Fprintf(&b, unit, i)
		}
		return shape{name, []byte(b.String())}
	}
	shapes = append(shapes,
		fill("45,000 blocks of text", "<div>Words of block %06d of a long story</div>", 45000),
		fill("45,000 list items", "<li>Words of item %06d of a long story</li>", 45000),
		fill("45,000 headings", "<h2>Heading %06d</h2>", 45000),
		fill("4,000 paragraphs, 470 KB", "<p>Words of paragraph %06d of a long story, with more words to fill it up to about one hundred and twenty bytes.</p>", 4000),
	)
	if dir, _, err := findCorpus(); err == nil {
		// The most nodes, the most paragraphs times text, the largest file.
		for _, name := range []string{"siegfried-marcus-berufsschule.at.kft.html", "redtri.com.jokes.html", "nymag.com.polarization.html"} {
			if data, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
				shapes = append(shapes, shape{name, data})
			}
		}
	}
	Page(shapes[0].page, nil) // the library's first use builds tables it keeps
	for _, s := range shapes {
		var err error
		start := time.Now()
		peak := heapPeak(func() { _, err = Page(s.page, nil) })
		measured := time.Since(start)
		start = time.Now()
		Page(s.page, nil)
		t.Logf("%-42s %8d bytes: %6.1f MiB live at the peak; %v (%v at GOGC=10); %v", s.name, len(s.page), float64(peak)/(1<<20), time.Since(start).Round(time.Millisecond), measured.Round(time.Millisecond), err)
	}
}

// TestExtractionsAtOnce: in a burst of pages, as many are extracted at
// once as there are processors, and no more; the others wait.
func TestExtractionsAtOnce(t *testing.T) {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><title>A long page</title></head><body><article><h1>A long page</h1>")
	for i := range 500 {
		fmt.Fprintf(&b, "<p>Words of paragraph %06d of a long story, with more words to fill it up to about one hundred and twenty bytes.</p>", i)
	}
	page := []byte(b.String())
	procs := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for range 4 * procs {
		wg.Go(func() {
			if _, err := Page(page, nil); err != nil {
				t.Error(err)
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	most := 0
	for {
		select {
		case <-done:
			if most != procs {
				t.Errorf("at most %d pages were extracted at once; want %d, the processors", most, procs)
			}
			return
		default:
			most = max(most, len(extractions))
			runtime.Gosched()
		}
	}
}
