// Command corpus renders real web pages' articles with pdfexport and
// reports what breaks (issues 12 and 15).
//
// The pages are the 947 news, magazine and blog pages from hundreds of
// sites in many languages that go-trafilatura ships for its own comparison
// tests (test-files/comparison in its module zip); they are found in the
// module cache, never committed. For each page the harness:
//
//  1. extracts the article with go-trafilatura (with its readability and DOM
//     distiller fallbacks, links, pictures and tables kept, comments left
//     out) and makes it pdfexport's JSON article, the extracted text as its
//     "html" (extract.go says how), which pdfexport/article.ParseJSON must
//     accept; pages that give no valid article are counted with their
//     reason;
//  2. points every picture of the text at the harness's image server
//     (images.go), which answers with a placeholder of the size the page
//     declares, and gives the first picture of one page in about
//     -fail-every a failure on purpose: a 404, an answer slower than the
//     render's --image-timeout (2 s), or a truncated JPEG;
//  3. renders it with the pdfexport binary, as a subprocess, at scales 1 and
//     2.5 on A4 and Letter with its pictures (--image-hosts the server,
//     --image-allow-private), and once more at the first of these without
//     them (no --image-hosts: every picture from the web a box), for the
//     bytes the pictures cost; it records exit status, stderr, wall and CPU
//     time, peak RSS and pages (pdfinfo); a panic or signal is a crash, a
//     render past -timeout a timeout, an exit status 1 an error classified
//     by cause. Each render starts through the small spawn program
//     (spawn/main.go), because on Linux a child's peak RSS is at least its
//     parent's, and this parent holds an extraction library. CPU time is
//     what -slow judges: on a shared machine wall time is the load's;
//  4. reads each PDF's text back (pdftotext -raw) and counts the article's
//     characters that did not come back, by documented cause (chars.go):
//     no face can draw them (stand-ins), default-ignorable, soft hyphens,
//     a pull quote drawn out of the text layer; anything else is listed
//     with its page, character and context. The boxes of pictures that
//     could not be had ("Image unavailable: ALT") are counted and taken
//     out of the text, and the pictures drawn are counted (pdfimages
//     -list): each render must draw every picture but those expected to
//     fail (the failures on purpose, SVG, which pdfexport refuses), and box
//     exactly those.
//
// The mapping is checked on every page: every character of trafilatura's
// own plain text must reach the body pdfexport parses from the HTML.
//
// The report goes to standard output and, as report.json with every
// render in renders.jsonl, to -out. The exit status is 1 when a render
// crashed or timed out, failed for a reason the README does not document,
// lost a character for no documented reason, or did not show its pictures
// as planned; 2 when the harness itself could not run. Renders over -slow
// CPU or -huge MiB are listed but do not fail the run. Run it from this
// folder:
//
//	go run . [-workers 2] [-timeout 120s] [-only REGEXP] [-n N] [-out DIR] [-keep] [-fail-every 30]
//
// A failure found this way is turned into a reproducer of a few words by
// delta debugging (shrink.go): the article is cut down, field by field,
// element by element of its HTML (then, if the failure allows, to
// paragraphs of text), block by block, word by word, then character by
// character, for as long as it fails the same way (the same crash
// signature, error cause, timeout or unexplained lost character):
//
//	go run . -keep -only PAGE                    # keeps out/articles/PAGE.json
//	go run . -shrink out/articles/PAGE.json -scales 2.5 -papers a4
//
// -bin runs a given pdfexport binary instead of building the working tree's
// (for instance a build of a clean checkout, while the tree is being edited).
//
// It is its own module so that the service never depends on the
// extraction library; `replace pdfexport => ../` gives it the service's
// packages (the article parser, compose for the text to expect, the image
// loader in its tests), and the pdfexport binary is built from the parent
// module. It needs pdfinfo, pdftotext and pdfimages (poppler-utils).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"pdfexport/internal/pdfcheck"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"pdfexport/article"
)

type config struct {
	workers   int
	timeout   time.Duration
	only      *regexp.Regexp
	n         int
	out       string
	keep      bool
	bin       string
	service   string
	variants  []variant
	slow      time.Duration
	hugeMiB   int64
	corpusDir string
	shrink    string
	failEvery int
	imagePort int
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code, err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
	}
	os.Exit(code)
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("corpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := &config{}
	fs.IntVar(&cfg.workers, "workers", 2, "pages processed at once (each renders its variants one after another)")
	fs.DurationVar(&cfg.timeout, "timeout", 120*time.Second, "longest one render may take; beyond it the render is killed and counted as a timeout")
	only := fs.String("only", "", "only pages whose file name matches this regular expression")
	fs.IntVar(&cfg.n, "n", 0, "only the first N pages (after -only), for quick runs; 0 means all")
	fs.StringVar(&cfg.out, "out", "out", "folder for report.json and renders.jsonl (and, with -keep, the articles and PDFs)")
	fs.BoolVar(&cfg.keep, "keep", false, "keep the JSON articles and the PDFs in -out for inspection")
	fs.StringVar(&cfg.bin, "bin", "", "use this pdfexport binary instead of building one from the parent module")
	fs.StringVar(&cfg.service, "service", "", "the pdfexport module's folder (default: where this module's go.mod replaces it)")
	scales := fs.String("scales", "1,2.5", "comma-separated font scales")
	papers := fs.String("papers", "a4,letter", "comma-separated paper sizes")
	fs.DurationVar(&cfg.slow, "slow", 10*time.Second, "report renders slower than this (the server's default --render-timeout)")
	fs.Int64Var(&cfg.hugeMiB, "huge", 256, "report renders whose peak RSS exceeds this many MiB (the export Job's memory limit)")
	fs.StringVar(&cfg.corpusDir, "corpus", "", "a folder of pages to use instead of go-trafilatura's comparison pages")
	fs.StringVar(&cfg.shrink, "shrink", "", "instead of a run, minimise this JSON article while its failure (crash, error, timeout, unexplained loss) stays; needs one -scales and one -papers value")
	fs.IntVar(&cfg.failEvery, "fail-every", 30, "one page in about N (chosen by its name's hash) has its first picture fail on purpose: a 404, a response slower than the image timeout, or a truncated JPEG, in turn; 0 for none")
	fs.IntVar(&cfg.imagePort, "image-port", 0, "port of the image server on 127.0.0.1 (0: any free one)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if cfg.workers < 1 {
		return nil, errors.New("-workers must be at least 1")
	}
	if cfg.failEvery < 0 {
		return nil, errors.New("-fail-every must be 0 or more")
	}
	if cfg.timeout <= 0 {
		return nil, errors.New("-timeout must be positive")
	}
	if *only != "" {
		re, err := regexp.Compile(*only)
		if err != nil {
			return nil, fmt.Errorf("-only: %w", err)
		}
		cfg.only = re
	}
	for _, s := range strings.Split(*scales, ",") {
		for _, p := range strings.Split(*papers, ",") {
			cfg.variants = append(cfg.variants, variant{Scale: strings.TrimSpace(s), Paper: strings.TrimSpace(p)})
		}
	}
	return cfg, nil
}

// run is the whole program; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0, nil
	}
	if err != nil {
		return 2, err
	}
	for _, tool := range []string{"pdfinfo", "pdftotext", "pdfimages"} {
		if _, err := exec.LookPath(tool); err != nil {
			return 2, fmt.Errorf("%s is needed (Debian: apt-get install poppler-utils): %w", tool, err)
		}
	}
	pics, err := startImageServer(cfg.imagePort)
	if err != nil {
		return 2, err
	}
	defer pics.Close()
	if cfg.shrink != "" {
		return runShrink(ctx, cfg, pics, cfg.shrink, stdout, stderr)
	}
	var c *corpus
	if cfg.corpusDir != "" {
		c, err = openCorpus("", cfg.corpusDir, "")
	} else {
		c, err = findCorpus()
	}
	if err != nil {
		return 2, fmt.Errorf("finding the pages: %w", err)
	}
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return 2, err
	}
	work := cfg.out
	if !cfg.keep {
		if work, err = os.MkdirTemp("", "pdfexport-corpus-"); err != nil {
			return 2, err
		}
		defer os.RemoveAll(work)
	}
	for _, d := range []string{"articles", "pdf"} {
		if err := os.MkdirAll(filepath.Join(work, d), 0o755); err != nil {
			return 2, err
		}
	}
	svc, err := prepareService(ctx, cfg, work)
	if err != nil {
		return 2, err
	}

	pages := selectPages(c.Pages, cfg.only, cfg.n)
	rep := newReport(cfg, c, svc, len(pages))
	fmt.Fprintf(stderr, "corpus: %d of %d pages, %d renders each (and one without pictures), %d workers, pdfexport %s, pictures from %s\n",
		len(pages), len(c.Pages), len(cfg.variants), cfg.workers, svc.Version, pics.Addr)

	h := &harness{cfg: cfg, corpus: c, work: work, pics: pics, rd: newRenderer(svc, cfg.timeout, pics.Addr)}
	jsonl, err := os.Create(filepath.Join(cfg.out, "renders.jsonl"))
	if err != nil {
		return 2, err
	}
	defer jsonl.Close()
	enc := json.NewEncoder(jsonl)
	enc.SetEscapeHTML(false)
	start := time.Now()
	done := 0
	for res := range h.process(ctx, pages) {
		rep.add(res)
		for _, r := range res.Renders {
			if err := enc.Encode(r); err != nil {
				return 2, fmt.Errorf("writing renders.jsonl: %w", err)
			}
		}
		done++
		if done%50 == 0 || done == len(pages) {
			fmt.Fprintf(stderr, "corpus: %d/%d pages, %s\n", done, len(pages), time.Since(start).Round(time.Second))
		}
	}
	if err := ctx.Err(); err != nil {
		return 2, fmt.Errorf("interrupted after %d pages", done)
	}
	rep.Served, rep.ServedBytes = pics.Stats()
	rep.finish(time.Since(start))
	rep.print(stdout)
	if err := rep.write(filepath.Join(cfg.out, "report.json")); err != nil {
		return 2, err
	}
	if len(rep.Failures) > 0 {
		return 1, nil
	}
	return 0, nil
}

func selectPages(all []string, only *regexp.Regexp, n int) []string {
	var out []string
	for _, p := range all {
		if only != nil && !only.MatchString(p) {
			continue
		}
		out = append(out, p)
		if n > 0 && len(out) == n {
			break
		}
	}
	return out
}

// service is the pdfexport binary under test.
type service struct {
	Binary  string `json:"binary"`
	Spawn   string `json:"-"`
	Version string `json:"version"`
	Source  string `json:"source,omitempty"` // the module folder it was built from
	Commit  string `json:"commit,omitempty"` // its git commit, "+dirty" with local changes
}

// prepareService builds the pdfexport binary once, from the parent module
// (with its own go.mod, so the service's dependencies are its own), or
// takes the one given with -bin.
func prepareService(ctx context.Context, cfg *config, work string) (*service, error) {
	svc := &service{Binary: cfg.bin, Spawn: filepath.Join(work, "spawn")}
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", svc.Spawn, "pdfexport/corpus/spawn").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building spawn (run from corpus/): %w\n%s", err, out)
	}
	if svc.Binary == "" {
		dir := cfg.service
		if dir == "" {
			out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}", "pdfexport").Output()
			if err != nil {
				return nil, fmt.Errorf("locating the pdfexport module (run from corpus/ or give -service): %w", exitDetail(err))
			}
			dir = strings.TrimSpace(string(out))
		}
		svc.Source = dir
		svc.Binary = filepath.Join(work, "pdfexport")
		build := exec.CommandContext(ctx, "go", "build", "-o", svc.Binary, "./cmd/pdfexport")
		build.Dir = dir
		if out, err := build.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("building pdfexport in %s: %w\n%s", dir, err, out)
		}
		if out, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--short", "HEAD").Output(); err == nil {
			svc.Commit = strings.TrimSpace(string(out))
			if st, err := exec.CommandContext(ctx, "git", "-C", dir, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(st) > 0 {
				svc.Commit += "+dirty"
			}
		}
	}
	out, err := exec.CommandContext(ctx, svc.Binary, "version").Output()
	if err != nil {
		return nil, fmt.Errorf("%s version: %w", svc.Binary, exitDetail(err))
	}
	svc.Version = strings.TrimSpace(strings.TrimPrefix(string(out), "pdfexport "))
	return svc, nil
}

// harness processes pages.
type harness struct {
	cfg    *config
	corpus *corpus
	work   string
	pics   *imageServer
	rd     *renderer
}

// pageResult is everything learnt from one page.
type pageResult struct {
	Page       string
	Extraction extraction
	Plan       *imagePlan // the article's pictures and the failures expected of them
	Renders    []renderRecord
}

// process runs -workers pages at once, each extracted, then rendered in
// every variant one after another, so that at most -workers renders run at
// once; results come back in any order. The channel closes when all are
// done or ctx is cancelled.
func (h *harness) process(ctx context.Context, pages []string) <-chan pageResult {
	jobs := make(chan string)
	results := make(chan pageResult)
	var wg sync.WaitGroup
	for range h.cfg.workers {
		wg.Go(func() {
			for p := range jobs {
				r := h.page(ctx, p)
				select {
				case results <- r:
				case <-ctx.Done():
				}
			}
		})
	}
	go func() {
		defer close(jobs)
		for _, p := range pages {
			select {
			case jobs <- p:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}

func (h *harness) page(ctx context.Context, name string) pageResult {
	res := pageResult{Page: name}
	data, err := os.ReadFile(filepath.Join(h.corpus.Dir, name))
	if err != nil {
		res.Extraction.Reason = "reading the page: " + err.Error()
		return res
	}
	res.Extraction = extractPage(data, h.corpus.URLs[name], pictures{server: h.pics.Addr, fail: failPlan(name, h.cfg.failEvery)})
	if res.Extraction.Article == nil {
		return res
	}
	plan := planImages(res.Extraction.Article, h.pics.Addr)
	res.Plan = &plan
	forEachImage(res.Extraction.Article, func(im article.Image) { h.pics.prepare(im.Src) })
	// The whole file name, extension and all: the corpus has both
	// "colours-of-the-soul.alhelm.net" and "colours-of-the-soul.alhelm.net.html".
	base := name
	in := filepath.Join(h.work, "articles", base+".json")
	if err := os.WriteFile(in, res.Extraction.JSON, 0o644); err != nil {
		res.Extraction.Reason = "writing the article: " + err.Error()
		res.Extraction.Article = nil
		return res
	}
	led := newLedger(res.Extraction.Article)
	// Every variant with its pictures, then the first without them (every
	// picture fetched from the web a box), for the bytes the pictures cost.
	variants := h.cfg.variants
	if len(variants) > 0 {
		bare := variants[0]
		bare.NoPictures = true
		variants = append(slices.Clone(variants), bare)
	}
	for i, v := range variants {
		if ctx.Err() != nil {
			break
		}
		suffix := ""
		if v.NoPictures {
			suffix = "-nopictures"
		}
		out := filepath.Join(h.work, "pdf", fmt.Sprintf("%s.%s-%s%s.pdf", base, v.Scale, v.Paper, suffix))
		rec := h.rd.render(ctx, in, out, v)
		rec.Page = name
		if rec.Outcome == outcomeOK {
			h.check(ctx, &rec, out, led, plan)
			if i == 0 {
				h.conformance(ctx, &rec, out)
			}
		}
		if !h.cfg.keep {
			os.Remove(out)
		}
		res.Renders = append(res.Renders, rec)
	}
	if !h.cfg.keep {
		os.Remove(in)
	}
	return res
}

// conformance checks a rendered PDF, written as PDF/A-2u, against the
// rules of PDF/UA-1 and PDF/A-2u (pdfexport's internal/pdfcheck). Once a
// page, on its first variant: qpdf reading a PDF whole costs more than the
// render.
func (h *harness) conformance(ctx context.Context, rec *renderRecord, path string) {
	ctx, cancel := context.WithTimeout(ctx, h.cfg.timeout)
	defer cancel()
	data, err := os.ReadFile(path)
	if err == nil {
		var vs []pdfcheck.Violation
		if vs, err = pdfcheck.Check(ctx, data, pdfcheck.PDFUA1|pdfcheck.PDFA2U); err == nil {
			rec.Checked = true
			for _, v := range vs {
				rec.Violations = append(rec.Violations, v.String())
			}
			return
		}
	}
	rec.Problem = "conformance: " + err.Error()
}

// check reads a rendered PDF back: its pages, its pictures and its text.
func (h *harness) check(ctx context.Context, rec *renderRecord, path string, led *ledger, plan imagePlan) {
	ctx, cancel := context.WithTimeout(ctx, h.cfg.timeout)
	defer cancel()
	if st, err := os.Stat(path); err == nil {
		rec.Bytes = st.Size()
	}
	n, err := pdfPages(ctx, path)
	if err != nil {
		rec.Problem = err.Error()
		return
	}
	rec.Pages = n
	text, err := pdfText(ctx, path)
	if err != nil {
		rec.Problem = err.Error()
		return
	}
	l := led.compare(text)
	rec.Losses = &l
	if plan.InArticle > 0 {
		placed, err := pdfImages(ctx, path)
		if err != nil {
			rec.Problem = err.Error()
			return
		}
		rec.Images = &imageCount{InArticle: plan.InArticle, Placed: placed, Boxes: l.Boxes, Expected: plan.expected(rec.NoPictures)}
	}
}
