// Package export renders a selection of the archive to PDFs for bulk export:
// into a directory tree (YYYY/MM/<id>.pdf) or a ZIP, each with a manifest
// (manifest.jsonl: one JSON line per article, with its file, pages, bytes,
// SHA-256, render time and what the PDF was made from, or its error; after a
// resumed run, a later line for an ID supersedes an earlier one). A broken
// article is recorded and the export goes on. Nothing is left half-written:
// files are written under temporary names and renamed when complete, and
// the temporary files of a killed export are removed by the next one.
//
// Every article file of the selection is accounted for. A file that the
// archive could not index (unreadable, too large, not parsing, a link out
// of the folder or to nothing, a named pipe, a second file with one ID: see
// source.Rejected) is a failed line with its reason, in an export of all
// articles and in one that names its ID. A date-range export reports such a
// file when its date is in the range and, when its date cannot be read
// (the file did not parse), in every range: it may belong to any of them,
// and leaving it out would lose it silently.
//
// A directory export is resumable. Each line of a rendered article records
// the options its PDF was made with, the renderer's version and a render key
// (render.ETag: a hash of the parsed article, the options as the renderer
// resolves them and the renderer's version); an article is skipped only when
// its latest line has the key that it would have now and its PDF is on disk
// with the recorded SHA-256. A changed article, other options or a new
// renderer re-render it; so do lines of older versions, which have no key.
//
// Work flows one way: a feeder sends the selection to workers that look up
// and render concurrently, and one writer puts their results on disk in the
// order they finish. Every goroutine ends when the context is cancelled.
// When a write fails (a full disk), the export stops: the article whose
// write failed is counted as failed, and those rendered meanwhile are not
// counted at all, since nothing of them was written (the next run does
// them).
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

// Source is where articles are looked up (see package source): a folder
// or a CMS.
type Source interface {
	// Listing lists the articles published within the days from and to
	// (zero: open).
	Listing(ctx context.Context, from, to time.Time) ([]source.Entry, error)
	Lookup(ctx context.Context, id string) (source.Doc, error)
	// Rejected lists the article files that the source could not index,
	// which an export reports as failed.
	Rejected() []source.Rejected
}

// RenderFunc renders one article as a PDF, with render.Render's signature.
type RenderFunc func(ctx context.Context, w io.Writer, a *article.Article, o render.Options) (render.Result, error)

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
	Workers  int            // concurrent renders; 0: the number of CPUs; negative: an error
	Render   render.Options // scale, paper and the rest
	// Renderer renders each article; nil means render.Render. A server
	// passes its own, with its render timeout and in-flight accounting. It
	// must write what render.Render would for the same article and options,
	// since a resumed export trusts a PDF whose render key (render.ETag)
	// matches.
	Renderer RenderFunc
	// Patience is how long the export waits for a CMS that cannot be
	// reached (source.UnavailableError) before it records the articles it
	// cannot fetch as failed: a moment's 503 is waited out (for its
	// Retry-After), an outage is not. 0 does not wait; the command line's
	// default is DefaultPatience.
	Patience time.Duration
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
	// What the PDF was made from, on the lines of rendered articles.
	Options   *MadeWith `json:"options,omitempty"`
	Renderer  string    `json:"renderer,omitempty"`   // render.Version
	RenderKey string    `json:"render_key,omitempty"` // render.ETag, unquoted
	Error     string    `json:"error,omitempty"`
	// Skipped says why an article the CMS has is not exported: it is not
	// public (a draft, a password-protected post). No PDF, no render key:
	// the next run asks again.
	Skipped string `json:"skipped,omitempty"`
	// Pictures that could not be had, drawn as boxes with their alt text:
	// how many, and the first errors. Such a PDF has no render key, so a
	// resumed export renders it again.
	ImagesFailed int      `json:"images_failed,omitempty"`
	ImageErrors  []string `json:"image_errors,omitempty"`
}

// DefaultPatience is the command line's Options.Patience: a CMS's backoff
// of 2, 4, 8 and 16 s, then the outage is recorded.
const DefaultPatience = time.Minute

// maxImageErrors bounds the image errors a manifest line names.
const maxImageErrors = 5

// MadeWith is what a PDF was rendered with, resolved for its article: the
// defaults filled in, and the rights line and language those of the
// article when it has its own.
type MadeWith struct {
	Scale       float64 `json:"scale"`
	Paper       string  `json:"paper"`
	Publication string  `json:"publication"`
	Rights      string  `json:"rights"`
	Lang        string  `json:"lang"`
	PDFA        string  `json:"pdfa,omitempty"` // the PDF/A part, if any
}

// DefaultPDFA is the PDF/A part exports write unless told otherwise: an
// export is made to be archived, and 2u is what archives ask for that also
// keeps every character's Unicode value (and, with the tags every PDF has,
// it is PDF/UA-1 too).
const DefaultPDFA = "2u"

func madeWith(a *article.Article, o render.Options) *MadeWith {
	paper, _ := render.ParsePaper(o.Paper) // checked by the render already
	pdfa, _ := render.ParsePDFA(o.PDFA)
	return &MadeWith{
		Scale: cmp.Or(o.Scale, 1), Paper: paper.Name, Publication: o.PublicationName(),
		Rights: o.RightsLine(a), Lang: o.Language(a), PDFA: pdfa,
	}
}

// Summary counts what an export did: Skipped were exported by an earlier
// run, NotPublic are not for the public (their lines say why).
type Summary struct {
	Selected, Rendered, Skipped, NotPublic, Failed int
	Bytes                                          int64
}

// ErrFailed is returned, with the summary, when any article failed.
var ErrFailed = errors.New("some articles failed to export")

// result is a rendered article on its way to the writer.
type result struct {
	entry   Entry
	pdf     []byte
	skipped bool // exported already by an earlier run
}

// writer puts results on disk; done reports whether an earlier run
// exported the article with the given render key, and is called by the
// workers, concurrently.
type writer interface {
	done(id, key string) bool
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

// ErrSelection is wrapped by every error about a selection that does not
// say what to export (see Options.Check).
var ErrSelection = errors.New("invalid selection")

// Check reports a selection that would not export what it says: an ID that
// is not one, IDs and a date range together (the range would be ignored), a
// range that ends before it starts, negative workers. The command line and
// POST /v1/exports both ask it, so both refuse the same selections.
func (o Options) Check() error {
	for _, id := range o.IDs {
		if !source.ValidID(id) {
			return fmt.Errorf("%w: %q is not an article ID (1 to 200 letters, digits, '-' and '_')", ErrSelection, id)
		}
	}
	if len(o.IDs) > 0 && (!o.From.IsZero() || !o.To.IsZero()) {
		return fmt.Errorf("%w: select articles by ID or by publication date, not both", ErrSelection)
	}
	if err := render.CheckDateRange(o.From, o.To); err != nil {
		return fmt.Errorf("%w: %s", ErrSelection, strings.TrimPrefix(err.Error(), render.ErrOption.Error()+": "))
	}
	if o.Workers < 0 {
		return fmt.Errorf("%w: %d workers; give at least 1, or 0 for one per CPU", ErrSelection, o.Workers)
	}
	return nil
}

// Count returns the number of articles o selects from src; an error is the
// source's listing's.
func Count(ctx context.Context, src Source, o Options) (int, error) {
	ids, settled, err := selection(ctx, src, o)
	return len(ids) + len(settled), err
}

func run(ctx context.Context, src Source, o Options, w writer) (Summary, error) {
	if err := o.Check(); err != nil {
		w.close(false)
		return Summary{}, fmt.Errorf("export: %w", err)
	}
	ids, settled, err := selection(ctx, src, o)
	if err != nil {
		w.close(false)
		return Summary{}, fmt.Errorf("export: %w", err)
	}
	sum := Summary{Selected: len(ids) + len(settled)}
	rend := o.Renderer
	if rend == nil {
		rend = render.Render
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan string)
	results := make(chan result)
	down := &outage{patience: o.Patience}
	var wg sync.WaitGroup
	for range cmp.Or(o.Workers, runtime.NumCPU()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range jobs {
				select {
				case results <- renderOne(ctx, src, id, o.Render, rend, w, down):
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, id := range ids {
			select {
			case jobs <- id:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	var writeErr error
	done := 0
	record := func(r result) {
		switch {
		case writeErr != nil:
			return // not written, so not exported: counted nowhere, and the next run does it
		case r.skipped:
			sum.Skipped++
		default:
			if err := w.write(r); err != nil {
				writeErr = err
				cancel()
				r.entry = Entry{ID: r.entry.ID, Title: r.entry.Title, Published: r.entry.Published, Error: "writing: " + err.Error()}
			}
			switch {
			case r.entry.Error != "":
				sum.Failed++
			case r.entry.Skipped != "":
				sum.NotPublic++
			default:
				sum.Rendered++
				sum.Bytes += r.entry.Bytes
			}
			if o.OnEntry != nil {
				o.OnEntry(r.entry)
			}
		}
		done++
		if o.Progress != nil {
			o.Progress(done, sum.Selected)
		}
	}
	for _, e := range settled {
		record(result{entry: e})
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

// selection lists the IDs to render, in a fixed order, and the lines of
// the selected articles settled without a render: failed (files the
// archive could not index, see the package comment, and IDs that are not
// IDs) or skipped (listed as not public). An ID the source does not have
// fails when it is looked up.
func selection(ctx context.Context, src Source, o Options) (ids []string, settled []Entry, err error) {
	// The reasons of an ID's rejected files, and whether a date range
	// selects one of them.
	reasons := map[string][]string{}
	inRange := map[string]bool{}
	var rejectedIDs []string
	for _, r := range src.Rejected() {
		if _, ok := reasons[r.ID]; !ok {
			rejectedIDs = append(rejectedIDs, r.ID)
		}
		reasons[r.ID] = append(reasons[r.ID], r.Err.Error())
		// A file whose date cannot be read may belong to any range.
		inRange[r.ID] = inRange[r.ID] || r.Published.IsZero() || o.inRange(r.Published)
	}
	fail := func(id string) {
		settled = append(settled, Entry{ID: id, Error: strings.Join(reasons[id], "; ")})
	}
	if len(o.IDs) > 0 {
		seen := map[string]bool{}
		for _, id := range o.IDs {
			if seen[id] || !o.Shard.has(id) {
				continue
			}
			seen[id] = true
			switch {
			case reasons[id] != nil:
				fail(id)
			case !source.ValidID(id):
				settled = append(settled, Entry{ID: id, Error: "not an article ID: IDs are 1 to 200 letters, digits, '-' and '_'"})
			default:
				ids = append(ids, id)
			}
		}
		return ids, settled, nil
	}
	listed, err := src.Listing(ctx, o.From, o.To)
	if err != nil {
		return nil, nil, fmt.Errorf("listing the articles: %w", err)
	}
	for _, e := range listed {
		if !o.Shard.has(e.ID) {
			continue
		}
		if reasons[e.ID] != nil {
			// A served file that shares its ID with a rejected one: the
			// ID is ambiguous, and reported whichever file is in range.
			inRange[e.ID] = inRange[e.ID] || o.inRange(e.Published)
			continue
		}
		switch {
		case !o.inRange(e.Published):
		case e.NotPublic != "":
			settled = append(settled, Entry{ID: e.ID, Title: e.Title, Published: e.Date, Skipped: e.NotPublic})
		default:
			ids = append(ids, e.ID)
		}
	}
	for _, id := range rejectedIDs {
		if o.Shard.has(id) && inRange[id] {
			fail(id)
		}
	}
	return ids, settled, nil
}

// inRange reports whether a publication date is within From and To (see
// source.InRange).
func (o Options) inRange(published time.Time) bool { return source.InRange(published, o.From, o.To) }

// outage is what the workers of an export know of a CMS that cannot be
// reached: since when, so that all of them wait out a moment's failure
// together, and none waits once it has lasted longer than the patience.
type outage struct {
	patience time.Duration
	mu       sync.Mutex
	since    time.Time // zero while the CMS answers
}

// lookup is src.Lookup, made again while the CMS is down for less than the
// patience, after the wait it asks for.
func (o *outage) lookup(ctx context.Context, src Source, id string) (source.Doc, error) {
	for {
		doc, err := src.Lookup(ctx, id)
		var down *source.UnavailableError
		o.mu.Lock()
		if !errors.As(err, &down) {
			o.since = time.Time{}
			o.mu.Unlock()
			return doc, err
		}
		if o.since.IsZero() {
			o.since = time.Now()
		}
		waited := time.Since(o.since)
		o.mu.Unlock()
		if waited+down.RetryAfter > o.patience {
			return doc, err
		}
		t := time.NewTimer(down.RetryAfter)
		select {
		case <-ctx.Done():
			t.Stop()
			return doc, err
		case <-t.C:
		}
	}
}

// renderOne looks an article up and renders it, unless w has it already
// with the same render key; a failure becomes the entry's error.
func renderOne(ctx context.Context, src Source, id string, o render.Options, rend RenderFunc, w writer, down *outage) result {
	e := Entry{ID: id}
	doc, err := down.lookup(ctx, src, id)
	switch {
	case errors.Is(err, source.ErrNotPublic):
		e.Skipped = err.Error()
		return result{entry: e}
	case errors.Is(err, source.ErrNotFound):
		e.Error = "no such article in the archive"
		return result{entry: e}
	case err != nil:
		e.Error = err.Error()
		return result{entry: e}
	case doc.Stale:
		// An export is a record of the articles as they are: a copy kept
		// while the CMS is down may be out of date. The next run retries.
		e.Error = fmt.Sprintf("the CMS cannot be reached, and a copy from %s ago is not exported", doc.Age.Round(time.Second))
		return result{entry: e}
	}
	a := doc.Article
	e.Title = a.Title
	if !a.Published.IsZero() {
		e.Published = a.Published.Format("2006-01-02")
	}
	// An error here is one of the options, which the render reports.
	if tag, err := render.ETag(a, o); err == nil {
		e.RenderKey = strings.Trim(tag, `"`)
		if w.done(id, e.RenderKey) {
			return result{entry: e, skipped: true}
		}
	}
	start := time.Now()
	var buf bytes.Buffer
	res, err := rend(ctx, &buf, a, o)
	if err != nil {
		e.Error, e.RenderKey = err.Error(), ""
		return result{entry: e}
	}
	pdf := buf.Bytes()
	sum := sha256.Sum256(pdf)
	e.File = fileName(id, a.Published)
	e.Pages, e.Bytes, e.SHA256 = res.Pages, res.Bytes, hex.EncodeToString(sum[:])
	e.RenderMS = float64(time.Since(start).Microseconds()) / 1000
	e.Options, e.Renderer = madeWith(a, o), render.Version
	if e.ImagesFailed = res.ImagesFailed(); e.ImagesFailed > 0 {
		e.RenderKey = "" // not the PDF the key promises: the next run tries again
		e.ImageErrors = res.ImageErrors(maxImageErrors)
	}
	return result{entry: e, pdf: pdf}
}

// fileName places an article's PDF by its publication month.
func fileName(id string, published time.Time) string {
	if published.IsZero() {
		return "undated/" + id + ".pdf"
	}
	return published.Format("2006/01/") + id + ".pdf"
}
