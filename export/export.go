// Package export renders a selection of the archive to PDFs for bulk export:
// into a directory tree (YYYY/MM/<id>.pdf) or a ZIP, each with a manifest
// (manifest.jsonl: one JSON line per article, with its file, pages, bytes,
// SHA-256 and render time, or its error; after a resumed run, a later line
// for an ID supersedes an earlier one). A broken article is recorded and
// the export goes on. A directory export is resumable: articles whose PDF
// and manifest line are already there and verified are skipped. Nothing is
// left half-written: files are written under temporary names and renamed
// when complete.
//
// Work flows one way: a feeder sends the selection to workers that render
// concurrently, and one writer puts their results on disk in the order they
// finish. Every goroutine ends when the context is cancelled.
package export

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"pdfexport/article"
	"pdfexport/render"
	"pdfexport/source"
)

// Source is where articles are looked up (see package source).
type Source interface {
	List() []source.Entry
	Get(id string) (*article.Article, error)
}

// Shard selects one part of a selection split n ways: article IDs are
// assigned by a hash, so every machine of a job computes the same split.
type Shard struct{ Index, Count int }

// ParseShard reads "i/n" with 0 <= i < n.
func ParseShard(s string) (Shard, error) {
	var sh Shard
	if _, err := fmt.Sscanf(s, "%d/%d", &sh.Index, &sh.Count); err != nil || sh.Count < 1 || sh.Index < 0 || sh.Index >= sh.Count ||
		fmt.Sprintf("%d/%d", sh.Index, sh.Count) != strings.TrimSpace(s) {
		return Shard{}, fmt.Errorf("shard %q is not i/n with 0 ≤ i < n, such as 0/4", s)
	}
	return sh, nil
}

func (s Shard) has(id string) bool {
	if s.Count <= 1 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()%uint64(s.Count) == uint64(s.Index)
}

// Options say what to export and how.
type Options struct {
	Out      string         // a directory, or a file ending in .zip
	IDs      []string       // the articles to export; empty: all, within From and To
	From, To time.Time      // publication-date range, inclusive; zero: open
	Shard    Shard          // this machine's part of the selection
	Workers  int            // concurrent renders; 0: the number of CPUs
	Render   render.Options // scale, paper and the rest
	// Progress, when set, is called after each article with the counts so far.
	Progress func(done, total int)
	// OnEntry, when set, is called with each article's manifest entry (for
	// metrics), from one goroutine.
	OnEntry func(Entry)
}

// Entry is one line of the manifest.
type Entry struct {
	ID        string  `json:"id"`
	Title     string  `json:"title,omitempty"`
	Published string  `json:"published,omitempty"`
	File      string  `json:"file,omitempty"`
	Pages     int     `json:"pages,omitempty"`
	Bytes     int64   `json:"bytes,omitempty"`
	SHA256    string  `json:"sha256,omitempty"`
	RenderMS  float64 `json:"render_ms,omitempty"`
	Error     string  `json:"error,omitempty"`
}

// Summary counts what an export did.
type Summary struct {
	Selected, Rendered, Skipped, Failed int
	Bytes                               int64
}

// ErrFailed is returned, with the summary, when any article failed.
var ErrFailed = errors.New("some articles failed to export")

// result is a rendered article on its way to the writer.
type result struct {
	entry Entry
	pdf   []byte
}

// writer puts results on disk; done reports articles already exported.
type writer interface {
	done(id string) bool
	write(r result) error
	close(ok bool) error
}

// Run exports the selection from src to o.Out. It returns ErrFailed
// (wrapped) when some articles failed, and ctx's error when interrupted;
// what was written before an interruption stays complete.
func Run(ctx context.Context, src Source, o Options) (Summary, error) {
	var w writer
	var err error
	if strings.HasSuffix(strings.ToLower(o.Out), ".zip") {
		w, err = newZipFile(o.Out)
	} else {
		w, err = newDirWriter(o.Out)
	}
	if err != nil {
		return Summary{}, err
	}
	return run(ctx, src, o, w)
}

// Stream exports the selection from src as a ZIP written to dst as it goes
// (o.Out is ignored). An error after the first bytes leaves dst incomplete.
func Stream(ctx context.Context, dst io.Writer, src Source, o Options) (Summary, error) {
	return run(ctx, src, o, newZipStream(dst))
}

// Count returns the number of articles o selects from src.
func Count(src Source, o Options) int {
	ids, missing := selection(src, o)
	return len(ids) + len(missing)
}

func run(ctx context.Context, src Source, o Options, w writer) (Summary, error) {
	ids, missing := selection(src, o)
	sum := Summary{Selected: len(ids) + len(missing)}
	var todo []string
	for _, id := range ids {
		if w.done(id) {
			sum.Skipped++
		} else {
			todo = append(todo, id)
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan string)
	results := make(chan result)
	var wg sync.WaitGroup
	for range cmp.Or(o.Workers, runtime.NumCPU()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range jobs {
				select {
				case results <- renderOne(ctx, src, id, o.Render):
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, id := range todo {
			select {
			case jobs <- id:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	var writeErr error
	done := sum.Skipped
	record := func(r result) {
		if writeErr == nil {
			if err := w.write(r); err != nil {
				writeErr = err
				cancel()
				return
			}
		}
		if r.entry.Error != "" {
			sum.Failed++
		} else {
			sum.Rendered++
			sum.Bytes += r.entry.Bytes
		}
		done++
		if o.OnEntry != nil {
			o.OnEntry(r.entry)
		}
		if o.Progress != nil {
			o.Progress(done, sum.Selected)
		}
	}
	for _, id := range missing {
		record(result{entry: Entry{ID: id, Error: "no such article in the archive"}})
	}
	for r := range results {
		if r.entry.Error != "" && ctx.Err() != nil {
			continue // cut short by the interruption, not broken: the next run retries it
		}
		record(r)
	}
	interrupted := ctx.Err() != nil && writeErr == nil
	if err := w.close(writeErr == nil && !interrupted); err != nil && writeErr == nil {
		writeErr = err
	}
	switch {
	case writeErr != nil:
		return sum, writeErr
	case interrupted:
		return sum, fmt.Errorf("export interrupted: %w", context.Cause(ctx))
	case sum.Failed > 0:
		return sum, fmt.Errorf("%w: %d of %d", ErrFailed, sum.Failed, sum.Selected)
	}
	return sum, nil
}

// selection lists the IDs to export, in a fixed order, and the requested IDs
// the archive does not have.
func selection(src Source, o Options) (ids, missing []string) {
	if len(o.IDs) > 0 {
		known := map[string]bool{}
		for _, e := range src.List() {
			known[e.ID] = true
		}
		seen := map[string]bool{}
		for _, id := range o.IDs {
			if seen[id] || !o.Shard.has(id) {
				continue
			}
			seen[id] = true
			if known[id] {
				ids = append(ids, id)
			} else {
				missing = append(missing, id)
			}
		}
		return ids, missing
	}
	for _, e := range src.List() {
		if !o.From.IsZero() && (e.Published.IsZero() || e.Published.Before(o.From)) {
			continue
		}
		if !o.To.IsZero() && (e.Published.IsZero() || e.Published.After(o.To)) {
			continue
		}
		if o.Shard.has(e.ID) {
			ids = append(ids, e.ID)
		}
	}
	return ids, nil
}

// renderOne renders one article; a failure becomes the entry's error.
func renderOne(ctx context.Context, src Source, id string, o render.Options) result {
	e := Entry{ID: id}
	a, err := src.Get(id)
	if err != nil {
		e.Error = err.Error()
		return result{entry: e}
	}
	e.Title = a.Title
	if !a.Published.IsZero() {
		e.Published = a.Published.Format("2006-01-02")
	}
	start := time.Now()
	var buf bytes.Buffer
	res, err := render.Render(ctx, &buf, a, o)
	if err != nil {
		e.Error = err.Error()
		return result{entry: e}
	}
	pdf := buf.Bytes()
	sum := sha256.Sum256(pdf)
	e.File = fileName(id, a.Published)
	e.Pages, e.Bytes, e.SHA256 = res.Pages, res.Bytes, hex.EncodeToString(sum[:])
	e.RenderMS = float64(time.Since(start).Microseconds()) / 1000
	return result{entry: e, pdf: pdf}
}

// fileName places an article's PDF by its publication month.
func fileName(id string, published time.Time) string {
	if published.IsZero() {
		return "undated/" + id + ".pdf"
	}
	return published.Format("2006/01/") + id + ".pdf"
}
