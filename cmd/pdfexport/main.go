// Command pdfexport turns news articles into PDFs: "serve" runs the HTTP API,
// "render" converts one article on the command line. This package only reads
// flags and the environment and wires the other packages together.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"

	"pdfexport/article"
	"pdfexport/export"
	"pdfexport/extract"
	"pdfexport/fonts"
	"pdfexport/handlers"
	"pdfexport/images"
	"pdfexport/internal/atomicfile"
	"pdfexport/render"
	"pdfexport/source"
)

const usage = `pdfexport turns news articles into PDFs.

Usage:
  pdfexport serve  [--addr :8080] [--articles DIR] [--fonts DIR] [options]
  pdfexport render [--scale S] [--paper a4|letter] [-o FILE] [--max-input BYTES] [--fonts DIR] [options] [FILE|-]
  pdfexport export --out DIR|FILE.zip [--articles DIR] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                   [--ids FILE] [--shard i/n | --shards n] [--scale S] [--paper a4|letter]
                   [--workers N] [--fonts DIR] [options] [ID ...]

--fonts DIR adds the TrueType fonts in DIR (house fonts, rare scripts), tried
for characters the text face lacks, before the embedded fallback fonts.

Run "pdfexport COMMAND -h" for a command's flags, "pdfexport version" for the version.
`

// version is stamped at build time (-ldflags "-X main.version=…"); without
// it, the module's VCS revision is used when the build recorded one.
var version = "dev"

func versionString() string {
	if version != "dev" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return version
}

// errUsage marks a mistake on the command line (exit status 2).
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) > 1 && os.Args[1] == "render" {
		oneShotMemory()
	}
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, "pdfexport:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "pdfexport:", err)
		os.Exit(1)
	}
}

// oneShotMemory turns garbage collection off for a process that renders one
// document and exits, until its heap reaches oneShotLimit: collecting before
// the exit is wasted work (measured: the sample article in 23.7 ms instead of
// 28.5 as a whole process), while a long article, which would otherwise
// keep every byte it ever allocated, is collected as usual past the limit.
// GOGC and GOMEMLIMIT in the environment win.
const oneShotLimit = 64 << 20

func oneShotMemory() {
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(oneShotLimit)
	}
}

// run is the whole program, with its environment passed in so tests can run it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: no command given", errUsage)
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stderr)
	case "render":
		return renderCmd(ctx, args[1:], stdin, stdout, stderr)
	case "export":
		return exportCmd(ctx, args[1:], stderr)
	case "version", "--version":
		fmt.Fprintf(stdout, "pdfexport %s (renderer %s)\n", versionString(), render.Version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
}

// applyEnv gives every flag that was not set on the command line the value
// of its environment variable, PDFEXPORT_<NAME> (upper case, '-' as '_'),
// checked by the flag's own parser. Flags in skip have no variable.
func applyEnv(fs *flag.FlagSet, skip ...string) error {
	set := map[string]bool{}
	for _, name := range skip {
		set[name] = true
	}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] || err != nil {
			return
		}
		name := envName(f.Name)
		if v, ok := os.LookupEnv(name); ok {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%w: %s=%q: %v", errUsage, name, v, e)
			}
		}
	})
	return err
}

func envName(flagName string) string {
	return "PDFEXPORT_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// renderFlags are the options every command shares. Empty values mean the
// defaults.
type renderFlags struct {
	publication, rights textValue
	lang                langValue
	fonts               fontsDirValue
	imageHosts          hostsValue
	imagePrivate        *bool
	imageTimeout        *durationValue
	imageDPI, maxImages *intValue
	imageMemory         *intValue
	imageCache          *intValue
}

func addRenderFlags(fs *flag.FlagSet) *renderFlags {
	f := &renderFlags{
		publication: textValue{render.DefaultPublication, "publication"},
		rights:      textValue{render.DefaultRights, "rights"},
		lang:        langValue{render.DefaultLang},
	}
	fs.Var(&f.publication, "publication", "publication `name`, the PDF's author when an article has no byline")
	fs.Var(&f.rights, "rights", "footer rights `line` for articles that carry none")
	fs.Var(&f.lang, "lang", "`language` of articles that declare none")
	fs.Var(&f.fonts, "fonts", "`folder` of TrueType fonts (.ttf, .ttc: house fonts, rare scripts) tried for characters the text face lacks, before the embedded ones")
	fs.Var(&f.imageHosts, "image-hosts", "comma-separated `hosts` figures' http(s) images may be fetched from (example.org, *.cdn.example.org, host:8443); none by default")
	f.imagePrivate = fs.Bool("image-allow-private", false, "allow images from loopback, private and link-local addresses: for tests and closed networks only, since anyone who writes an article could then reach the service's own network")
	f.imageTimeout = durationFlag(fs, "image-timeout", images.DefaultTimeout, positive, "time to fetch one image")
	f.imageDPI = intFlag(fs, "image-dpi", images.DefaultDPI, 72, "print resolution large pictures are downsampled to")
	f.maxImages = intFlag(fs, "max-images", images.DefaultMaxImages, 0, "most distinct images one article may have fetched")
	f.imageMemory = intFlag(fs, "image-decode-memory", images.DefaultDecodeMemory, 1<<20, "`bytes` all picture decodes in progress may hold at once; a picture that alone needs more is refused")
	f.imageCache = intFlag(fs, "image-cache", images.DefaultCacheBytes, 0, "`bytes` of pictures kept between renders (0: none)")
	return f
}

// loader is the image loader of the flags' rules, shared by every render of
// the command.
func (f *renderFlags) loader() *images.Loader {
	return images.NewLoader(images.Options{
		Hosts: f.imageHosts.list, AllowPrivate: *f.imagePrivate, Timeout: f.imageTimeout.d,
		DPI: float64(f.imageDPI.n), MaxImages: int(max(f.maxImages.n, 1)),
		DecodeMemory: f.imageMemory.n, CacheBytes: cacheOrNone(f.imageCache.n),
	})
}

// cacheOrNone is images.Options.CacheBytes for a flag where 0 means none
// (the loader reads 0 as its default).
func cacheOrNone(n int64) int64 {
	if n == 0 {
		return -1
	}
	return n
}

// loadFonts adds the --fonts folder's faces, before anything renders (see
// fonts.AddDir). A folder that holds no usable font is a usage error.
func (f *renderFlags) loadFonts() error {
	if f.fonts.dir == "" {
		return nil
	}
	if _, err := fonts.AddDir(f.fonts.dir); err != nil {
		return fmt.Errorf("%w: --fonts: %v", errUsage, strings.TrimPrefix(err.Error(), "fonts: "))
	}
	return nil
}

func (f *renderFlags) options() render.Options {
	return render.Options{Publication: f.publication.s, Rights: f.rights.s, Lang: f.lang.s, Images: f.loader()}
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Flags of pdfexport %s (each may also be set as PDFEXPORT_<FLAG>, e.g. PDFEXPORT_MAX_BODY):\n", name)
		fs.PrintDefaults()
	}
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

func renderCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("render", stderr)
	scale, paper := scaleFlag(fs), paperFlag(fs)
	pdfa := pdfaFlag(fs, "", "to write")
	out := fs.String("o", "", "write the PDF to this `file` instead of standard output")
	maxInput := intFlag(fs, "max-input", source.MaxFileBytes, 1, "largest input in `bytes`, from a file or standard input")
	maxPages := intFlag(fs, "max-pages", render.DefaultMaxPages, 1, "most pages a PDF may have")
	maxChars := intFlag(fs, "max-chars", render.DefaultMaxChars, 1, "most characters an article may have")
	rf := addRenderFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := applyEnv(fs, "scale", "paper", "pdfa", "o"); err != nil {
		return err
	}
	if err := rf.loadFonts(); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return fmt.Errorf("%w: render takes one input file, got %d", errUsage, fs.NArg())
	}
	opts := rf.options()
	opts.Scale, opts.Paper, opts.PDFA = scale.v, paper.name, pdfa.v
	opts.MaxPages, opts.MaxChars = int(maxPages.n), int(maxChars.n)

	data, name, err := readInput(ctx, fs.Arg(0), stdin, maxInput.n)
	if err != nil {
		return err
	}
	// A saved web page is known by its name; standard input is plain
	// text or JSON, told apart by article.Parse.
	parse := article.Parse
	if ext := strings.ToLower(filepath.Ext(fs.Arg(0))); ext == ".html" || ext == ".htm" {
		parse = func(page []byte) (*article.Article, error) { return extract.Page(page, nil) }
	}
	a, err := parse(data)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	// PDF/A-3 carries the input it was made from.
	opts.Source = sourceAttachment(fs.Arg(0), data)
	if fs.Arg(0) != "" && fs.Arg(0) != "-" {
		// A figure's relative source names a file beside the input.
		root, err := os.OpenRoot(filepath.Dir(fs.Arg(0)))
		if err != nil {
			return err
		}
		defer root.Close()
		opts.ImageDir = root.FS()
	}
	if *out == "" {
		if f, ok := stdout.(*os.File); ok && isTerminal(f) {
			return fmt.Errorf("%w: refusing to write a PDF to a terminal; use -o FILE or redirect standard output", errUsage)
		}
		_, err := render.Render(ctx, stdout, a, opts)
		return err
	}
	return atomicfile.Write(*out, func(w io.Writer) error {
		_, err := render.Render(ctx, w, a, opts)
		return err
	})
}

// readInput reads the article to render from path, or from stdin for "" or
// "-", at most limit bytes: standard input, a named pipe or a device can
// be endless (render < /dev/zero). The limit defaults to an archive file's,
// source.MaxFileBytes: the command renders files its user chose, which the
// archive would serve too, so the server's smaller body limit, made for
// untrusted clients, would be the wrong bound.
//
// A named pipe is opened as cat would, waiting for its writer (process
// substitution, <(…), is one). The wait and the read happen in a goroutine
// so that Ctrl-C or SIGTERM (ctx) ends the command even while no input
// comes; that goroutine may stay blocked in the read, and ends with the
// process, which exits at once.
func readInput(ctx context.Context, path string, stdin io.Reader, limit int64) ([]byte, string, error) {
	name := "standard input"
	if path != "" && path != "-" {
		name = path
	}
	type input struct {
		data []byte
		err  error
	}
	done := make(chan input, 1)
	go func() {
		data, err := readLimited(path, name, stdin, limit)
		done <- input{data, err}
	}()
	select {
	case in := <-done:
		return in.data, name, in.err
	case <-ctx.Done():
		return nil, name, fmt.Errorf("interrupted while reading %s: %w", name, context.Cause(ctx))
	}
}

func readLimited(path, name string, stdin io.Reader, limit int64) ([]byte, error) {
	in := stdin
	if path != "" && path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > limit {
			return nil, tooLarge(name, limit) // without reading it
		}
		in = f
	}
	data, err := io.ReadAll(io.LimitReader(in, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(name, limit)
	}
	return data, nil
}

func tooLarge(name string, limit int64) error {
	return fmt.Errorf("%s is larger than the input limit of %d bytes; raise it with --max-input if the article is meant to be that long", name, limit)
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlagSet("serve", stderr)
	addr := &addrValue{":8080"}
	fs.Var(addr, "addr", "listen `address`")
	sf := addSourceFlags(fs)
	maxBody := intFlag(fs, "max-body", handlers.DefaultMaxBodyBytes, 1, "largest accepted request body in `bytes`")
	maxRenders := intFlag(fs, "max-renders", int64(runtime.NumCPU()), 1, "renders at once")
	maxQueue := intFlag(fs, "max-queue", 0, 0, "requests that may wait for a render slot (0: 2 × max-renders); beyond them: 503 with Retry-After")
	queueWait := durationFlag(fs, "queue-wait", handlers.DefaultQueueWait, positive, "how long a request may wait for a render slot")
	renderTimeout := durationFlag(fs, "render-timeout", handlers.DefaultRenderTimeout, positive, "how long one render may take")
	cacheBytes := intFlag(fs, "cache-bytes", handlers.DefaultCacheBytes, math.MinInt64, "size of the in-process PDF cache in `bytes`; 0 or less disables it")
	cacheMaxAge := durationFlag(fs, "cache-max-age", handlers.DefaultCacheMaxAge, nonNegative, "Cache-Control max-age of article PDFs")
	var corsOrigins originsValue
	fs.Var(&corsOrigins, "cors-origins", "comma-separated `origins` allowed to call the PDF routes from a browser, e.g. https://www.example.org")
	token := fs.String("token", "", "bearer token required on POST /v1/render and POST /v1/exports (prefer PDFEXPORT_TOKEN: flags show in ps)")
	maxExport := intFlag(fs, "max-export", handlers.DefaultMaxExport, 1, "most articles one POST /v1/exports may select")
	maxExports := intFlag(fs, "max-exports", 0, 0, "POST /v1/exports at once, each holding one render slot (0: half of max-renders, at least 1)")
	maxReaderPages := intFlag(fs, "max-reader-pages", 0, 0, "reader pages built at once, queued like renders (0: max-renders)")
	maxConns := intFlag(fs, "max-conns", handlers.DefaultMaxConns, 1, "connections open at once; at the cap the longest-idle keep-alive is closed")
	bodyBudget := intFlag(fs, "body-budget", 0, 0, "`bytes` of request bodies admitted at once, each held until answered (0: 2 × max-renders × max-body)")
	responseBudget := intFlag(fs, "response-budget", handlers.DefaultResponseBudget, 1, "`bytes` of PDF being written to clients at once")
	grace := durationFlag(fs, "shutdown-timeout", 20*time.Second, positive, "how long in-flight requests may run after SIGTERM")
	drain := durationFlag(fs, "shutdown-delay", 0, nonNegative, "how long to keep serving after SIGTERM with /readyz failing, so load balancers stop sending requests first")
	dt := handlers.DefaultTimeouts
	readHeader := durationFlag(fs, "read-header-timeout", dt.ReadHeader, positive, "time to read a request's headers")
	read := durationFlag(fs, "read-timeout", dt.Read, positive, "time to read a whole request")
	write := durationFlag(fs, "write-timeout", dt.Write, positive, "time to write a response")
	idle := durationFlag(fs, "idle-timeout", dt.Idle, positive, "how long an idle kept-alive connection stays open")
	opts := addRenderFlags(fs)
	maxPages := intFlag(fs, "max-pages", render.DefaultMaxPages, 1, "most pages a PDF may have")
	maxChars := intFlag(fs, "max-chars", render.DefaultMaxChars, 1, "most characters an article may have")
	pdfa := pdfaFlag(fs, "", "served unless a request asks for another with ?pdfa=")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := applyEnv(fs); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: serve takes no arguments, got %q", errUsage, fs.Args())
	}
	if err := opts.loadFonts(); err != nil {
		return err
	}
	if err := checkToken(*token); err != nil {
		return err
	}
	t := handlers.Timeouts{ReadHeader: readHeader.d, Read: read.d, Write: write.d, Idle: idle.d}
	log := slog.New(slog.NewJSONHandler(stderr, nil))

	src, files, site, err := sf.open(log)
	if err != nil {
		return err
	}
	if site != "" {
		// The CMS's own pictures (its uploads) are fetched from it.
		opts.imageHosts.list = append(opts.imageHosts.list, site)
	}
	ro := opts.options()
	ro.PDFA = pdfa.v
	ro.ImageDir = files
	ro.MaxPages, ro.MaxChars = int(maxPages.n), int(maxChars.n)
	cache := cacheBytes.n
	if cache <= 0 {
		cache = -1
	}
	api := handlers.New(handlers.Config{
		Source: src, Render: ro, MaxBodyBytes: maxBody.n, Log: log,
		MaxRenders: int(maxRenders.n), MaxQueue: int(maxQueue.n), QueueWait: queueWait.d, RenderTimeout: renderTimeout.d,
		CacheBytes: cache, CacheMaxAge: cacheMaxAge.d, CORSOrigins: corsOrigins.list, Token: *token, MaxExportArticles: int(maxExport.n),
		MaxExports: int(maxExports.n), MaxReaderPages: int(maxReaderPages.n), MaxConns: int(maxConns.n),
		BodyBudget: bodyBudget.n, ResponseBudget: responseBudget.n,
	})
	srv := api.HTTPServer(addr.s, t)
	ln, err := api.Listen(addr.s) // capped at --max-conns
	if err != nil {
		return err
	}
	attrs := []any{"addr", ln.Addr().String(), "source", sf.name(), "max_renders", maxRenders.n, "cache_bytes", cache}
	if a, ok := src.(*source.Archive); ok {
		attrs = append(attrs, "articles", len(a.List()))
	}
	log.Info("serving", attrs...)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	go releaseMemoryWhenIdle(ctx, api, 30*time.Second)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Readiness fails first; after the drain delay the listener closes (new
	// connections are refused) and requests in flight get the grace period.
	api.SetReady(false)
	log.Info("shutting down", "delay", drain.String(), "grace", grace.String())
	if drain.d > 0 {
		time.Sleep(drain.d)
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace.d)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: requests still running after %s were cut off: %w", grace, err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

func exportCmd(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlagSet("export", stderr)
	out := fs.String("out", "", "where to write: a folder (YYYY/MM/<id>.pdf), or a file ending in .zip")
	sf := addSourceFlags(fs)
	sf.fresh = true
	patience := durationFlag(fs, "source-patience", export.DefaultPatience, nonNegative, "how long to wait for a CMS that cannot be reached before recording the articles it cannot give as failed (0: no wait)")
	var from, to dateValue
	fs.Var(&from, "from", "first publication `date` to export, YYYY-MM-DD")
	fs.Var(&to, "to", "last publication `date` to export, YYYY-MM-DD")
	idsFile := fs.String("ids", "", "`file` of article IDs to export, one per line")
	var shard shardValue
	fs.Var(&shard, "shard", "export only part i of n of the selection, as `i/n` (by a hash of the ID)")
	shards := intFlag(fs, "shards", 0, 1, "with JOB_COMPLETION_INDEX set (a Kubernetes Indexed Job), the `number` of parts; the index is the part")
	scale, paper := scaleFlag(fs), paperFlag(fs)
	pdfa := pdfaFlag(fs, export.DefaultPDFA, "to write (an export is for archives)")
	workers := intFlag(fs, "workers", int64(runtime.NumCPU()), 1, "concurrent renders")
	maxPages := intFlag(fs, "max-pages", render.DefaultMaxPages, 1, "most pages a PDF may have (an article over it fails in the manifest)")
	maxChars := intFlag(fs, "max-chars", render.DefaultMaxChars, 1, "most characters an article may have (an article over it fails in the manifest)")
	var metricsAddr addrValue
	fs.Var(&metricsAddr, "metrics-addr", "serve the export's Prometheus metrics at http://`ADDR`/metrics while it runs, e.g. :9090")
	metricsFile := fs.String("metrics-file", "", "when the export ends, write its Prometheus metrics to this `file` (node_exporter's textfile format)")
	rf := addRenderFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := applyEnv(fs, "out", "scale", "paper", "pdfa", "ids", "from", "to", "shard", "shards"); err != nil {
		return err
	}
	if err := rf.loadFonts(); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%w: --out is required: a folder, or a file ending in .zip", errUsage)
	}
	o := export.Options{Out: *out, From: from.t, To: to.t, Workers: int(workers.n), Render: rf.options(), Patience: patience.d}
	o.Render.Scale, o.Render.Paper, o.Render.PDFA = scale.v, paper.name, pdfa.v
	o.Render.MaxPages, o.Render.MaxChars = int(maxPages.n), int(maxChars.n)
	for i, id := range fs.Args() {
		if !source.ValidID(id) {
			return fmt.Errorf("%w: argument %d, %q, is not an article ID (1 to 200 letters, digits, '-' and '_')", errUsage, i+1, id)
		}
		o.IDs = append(o.IDs, id)
	}
	if *idsFile != "" {
		data, err := os.ReadFile(*idsFile)
		if err != nil {
			return err
		}
		for n, line := range strings.Split(string(data), "\n") {
			id := strings.TrimSpace(line)
			if id == "" || strings.HasPrefix(id, "#") {
				continue
			}
			if !source.ValidID(id) {
				return fmt.Errorf("%w: %s, line %d: %q is not an article ID (1 to 200 letters, digits, '-' and '_')", errUsage, *idsFile, n+1, id)
			}
			o.IDs = append(o.IDs, id)
		}
	}
	if err := o.Check(); err != nil {
		return fmt.Errorf("%w: %s", errUsage, strings.TrimPrefix(err.Error(), export.ErrSelection.Error()+": "))
	}
	index, inJob := os.LookupEnv("JOB_COMPLETION_INDEX")
	switch {
	case shard.set && shards.n > 0:
		return fmt.Errorf("%w: give --shard i/n or --shards n, not both", errUsage)
	case shard.set:
		o.Shard = shard.shard
	case shards.n > 0 && !inJob:
		return fmt.Errorf("%w: --shards takes the part from JOB_COMPLETION_INDEX, which is not set; outside an Indexed Job use --shard i/n", errUsage)
	case inJob:
		if shards.n < 1 {
			return fmt.Errorf("%w: JOB_COMPLETION_INDEX is set: give the number of parts with --shards", errUsage)
		}
		var err error
		if o.Shard, err = export.ParseShard(index + "/" + strconv.FormatInt(shards.n, 10)); err != nil {
			return fmt.Errorf("%w: JOB_COMPLETION_INDEX: %v", errUsage, err)
		}
	}
	src, files, site, err := sf.open(slog.New(slog.NewTextHandler(stderr, nil)))
	if err != nil {
		return err
	}
	if site != "" {
		rf.imageHosts.list = append(rf.imageHosts.list, site)
		o.Render.Images = rf.loader()
	}
	o.Render.ImageDir = files
	shardLabel := ""
	if o.Shard.Count > 1 {
		shardLabel = fmt.Sprintf("%d/%d", o.Shard.Index, o.Shard.Count)
	}
	xm := handlers.NewExportMetrics(shardLabel)
	o.OnEntry = xm.Observe
	if metricsAddr.s != "" {
		ln, err := net.Listen("tcp", metricsAddr.s)
		if err != nil {
			return fmt.Errorf("--metrics-addr: %w", err) // a port in use: not a mistake in the command
		}
		srv := xm.HTTPServer()
		go srv.Serve(ln)
		defer srv.Close()
		fmt.Fprintf(stderr, "metrics at http://%s/metrics\n", ln.Addr())
	}
	start := time.Now()
	o.Progress = progress(stderr, start)
	sum, err := export.Run(ctx, src, o)
	fmt.Fprintf(stderr, "%d selected: %d rendered, %d already done, %d not public, %d failed; %d bytes in %s\n",
		sum.Selected, sum.Rendered, sum.Skipped, sum.NotPublic, sum.Failed, sum.Bytes, time.Since(start).Round(time.Millisecond))
	if *metricsFile != "" {
		if werr := xm.WriteFile(*metricsFile); werr != nil {
			return errors.Join(err, werr)
		}
	}
	return err
}

// memoBytes bounds the article files whose parsed articles serve keeps.
const memoBytes = 16 << 20

// progress reports an export's progress: a bar with rate and time left on a
// terminal, a plain line every two seconds otherwise (logs, CI, Kubernetes).
func progress(w io.Writer, start time.Time) func(done, total int) {
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		var bar *progressbar.ProgressBar
		return func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(f), progressbar.OptionSetDescription("exporting"),
					progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("articles"),
					progressbar.OptionSetPredictTime(true), progressbar.OptionOnCompletion(func() { fmt.Fprintln(f) }))
			}
			_ = bar.Set(done)
		}
	}
	var last time.Time
	return func(done, total int) {
		if time.Since(last) < 2*time.Second && done != total {
			return
		}
		last = time.Now()
		rate := float64(done) / time.Since(start).Seconds()
		eta := time.Duration(float64(total-done)/max(rate, 1e-9)) * time.Second
		fmt.Fprintf(w, "exported %d/%d (%.1f/s, %s left)\n", done, total, rate, eta.Round(time.Second))
	}
}

// releaseMemoryWhenIdle returns the heap's free memory to the system once
// renders have stopped for idle: a render's transient allocations (tens of
// megabytes while a font is parsed) would otherwise stay resident until the
// runtime's own slow scavenging. It runs until ctx is done.
func releaseMemoryWhenIdle(ctx context.Context, api *handlers.Server, idle time.Duration) {
	tick := time.NewTicker(idle / 3)
	defer tick.Stop()
	var released time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			last := api.IdleSince()
			if time.Since(last) >= idle && last.After(released) {
				debug.FreeOSMemory()
				released = time.Now()
			}
		}
	}
}

// sourceAttachment is an input file as a PDF/A-3 document attaches it: by
// its name, with its type from its extension (JSON, HTML, else text).
func sourceAttachment(path string, data []byte) *render.Attachment {
	name := filepath.Base(path)
	ext := strings.ToLower(filepath.Ext(path))
	if path == "" || path == "-" {
		// Standard input is JSON or plain text, told apart as
		// article.Parse tells them.
		name, ext = "article.txt", ".txt"
		if t := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
			name, ext = "article.json", ".json"
		}
	}
	typ := "text/plain"
	switch ext {
	case ".json":
		typ = "application/json"
	case ".html", ".htm":
		typ = "text/html"
	}
	return &render.Attachment{Name: name, MimeType: typ, Description: render.SourceDescription, Data: data}
}
