// Package render is the one entry point from an article to a PDF:
// Render(ctx, w, article, options) maps the article onto a document in the
// house design (package compose), sets it into pages (package layout) and
// writes them (package pdf). It also owns the user-facing options: font scale,
// paper, publication name and rights line, with their parsing and limits.
package render

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"pdfexport/article"
	"pdfexport/images"
	"pdfexport/render/compose"
	"pdfexport/render/doc"
	"pdfexport/render/layout"
	"pdfexport/render/page"
	"pdfexport/render/pdf"
)

// The accepted font scales. 1 is the site's normal text size; the website's
// +A and −A buttons step within this range.
const (
	MinScale = 0.5
	MaxScale = 2.5
)

// Defaults for the publication, reproducing the site's archive.
const (
	DefaultPublication = "Intersection"
	DefaultRights      = "© Intersection - for republishing rights, please contact the editorial team at"
	DefaultLang        = "en"
)

// ErrOption is wrapped by every error about an invalid option.
var ErrOption = errors.New("invalid option")

// ErrLimit is wrapped by every error about an article too large to render:
// more characters than Options.MaxChars, or more pages than Options.MaxPages.
var ErrLimit = errors.New("limit exceeded")

// Version names the renderer's output: it changes whenever the same article
// and options would give different bytes, so it is part of every ETag.
// TestVersionPinsOutput pins every fixture's PDF to it and fails when the
// bytes change under the same Version. (6: the hyphen-run and stacked-heading
// fixes of issue 12 changed a fixture's PDF; 7: symbols from the symbol faces first; 8: the fuzzers' findings; 9: no pruning across hyphen runs; 10: the in-tree PDF library's font IDs reorder the sorted catalog; 11: glyph-level text, shaped by go-text; 12: line breaks from UAX #14, which keeps a hyphen before a digit with it, as a minus: "mid-2030s" no longer breaks; 13: kerning the shaper skipped, third_party/typesetting patch 1; 14: every character's own bidi level, lines kept apart where their ink would touch, runs of a mixed line not merged across a word drawn between them, right-to-left list markers in visual order; 15: a line's skip dropped where it ends a page, the rules under the running head and over the footer clear of tall ink, keep-next across a return to the grid; 16: ideographs in the faces of their language (IPAex Mincho, AR PL UMing CN, HK and TW, Hanazono Mincho B beyond the BMP), Chinese and Japanese punctuation compressed, no space glyphs between ideographs in the text layer; 17: emoji in colour, as Type 3 glyphs of Noto Color Emoji's pictures; 18: a glyph named m in each colour Type 3 font, third_party/fpdf patch 8; 19: Thai, Lao, Khmer and Burmese broken and justified between dictionary words; 20: Japanese in the sans faces set in IPAex Gothic, a right-to-left paragraph's Japanese marks not compressed at a logical line end, three brackets in a row closed up; 21: large print, the body ragged right from scale 2; 22: every PDF tagged (PDF/UA-1: structure tree, marked content, artifacts), XMP metadata, a file identifier, dates with their zone, third_party/fpdf patches 9 to 21; 23: a space glyph where a line breaks between words, a right-to-left run a Span with its logical text, a hyphen the line break put there an artifact, every glyph drawn mapped to Unicode; 24: header and footer artifacts of their subtype, footnote marks References and notes with IDs, table cells with their spans; 25: a character no face has drawn as the replacement character, not .notdef, empty and missing table cells in the structure, right-to-left runs and links read in their order, a decorative pull quote without links, the document information cleaned as its metadata is; 26: a block's language (HTML lang) on its element, and in the ETag and file identifier.)
const Version = "pdfexport-27"

// Default limits.
const (
	DefaultMaxPages = 500
	DefaultMaxChars = 2_000_000
)

// Options control a render. The zero value is valid: scale 1, A4, and the
// default publication, rights line and language.
type Options struct {
	Scale       float64 // 0 means 1
	Paper       string  // "a4" (default) or "letter"
	Publication string  // metadata author when the article has no byline
	Rights      string  // footer rights line for articles that carry none
	Lang        string  // language for articles that declare none
	MaxPages    int     // the most pages a PDF may have; 0 means DefaultMaxPages
	MaxChars    int     // the most characters an article may have; 0 means DefaultMaxChars
	// PDFA is the part of PDF/A the document conforms to: "1b", "2u",
	// "3u", or "" (or "none") for none. Every document is tagged (PDF/UA-1)
	// whatever it is.
	PDFA string
	// Source is what the article was read from (its JSON or HTML), which
	// a PDF/A-3 document carries attached; nil attaches the article as
	// the JSON of its model. Not part of the ETag: the article is.
	Source *Attachment

	// Images fetches and decodes the figures' pictures under its rules
	// (sources, hosts, limits, cache). nil: none is fetched, and every
	// figure is drawn as the box of a missing picture. The ETag names each
	// picture by its source; a render in which a picture failed says so
	// (Result.Images), so that a caller can decline to cache it.
	Images *images.Loader
	// ImageDir is the folder a figure's relative source names a file in
	// (an archive's folder); nil: relative sources are refused.
	ImageDir fs.FS
}

// Result describes a finished render.
type Result struct {
	Pages         int
	Bytes         int64
	MissingGlyphs int            // characters no embedded font could draw, drawn as U+FFFD
	Images        []ImageOutcome // one per distinct picture source of the article
}

// ImageOutcome is what became of one picture source.
type ImageOutcome struct {
	Src    string
	Result string // images.Result: "ok", or why it failed
	Bytes  int    // embedded
	Err    error  // nil when Result is "ok"
}

// ImageErrors lists the errors of the first n sources that could not be
// drawn, for a log line or a manifest.
func (r Result) ImageErrors(n int) []string {
	var out []string
	for _, o := range r.Images {
		if o.Err != nil && len(out) < n {
			out = append(out, o.Err.Error())
		}
	}
	return out
}

// ImagesFailed counts the sources that could not be drawn.
func (r Result) ImagesFailed() int {
	n := 0
	for _, o := range r.Images {
		if o.Err != nil {
			n++
		}
	}
	return n
}

// decimal is the only form a scale is written in: no exponent, no hex, no
// NaN or Inf, which strconv.ParseFloat would all accept.
var decimal = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)

// ParseScale reads a font scale as the API and command line accept it: a
// decimal number with a dot, within [MinScale, MaxScale].
func ParseScale(s string) (float64, error) {
	s = strings.TrimSpace(s)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !decimal.MatchString(s) {
		shown := s
		if len(shown) > 32 {
			shown = shown[:32] + "…"
		}
		return 0, fmt.Errorf("%w: scale %q is not a number; use a decimal number from %g to %g, such as 1.25", ErrOption, shown, MinScale, MaxScale)
	}
	if err := checkScale(v); err != nil {
		return 0, err
	}
	return v, nil
}

// CheckScale reports whether v is an accepted font scale, for callers that
// have the number already (a JSON field); ParseScale reads it from text.
func CheckScale(v float64) error { return checkScale(v) }

func checkScale(v float64) error {
	if math.IsNaN(v) || v < MinScale || v > MaxScale {
		return fmt.Errorf("%w: scale %g is out of range; use a number from %g to %g", ErrOption, v, MinScale, MaxScale)
	}
	return nil
}

// ParsePaper reads a paper name: "a4" or "letter", in any case.
func ParsePaper(s string) (doc.Paper, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "a4":
		return doc.A4, nil
	case "letter":
		return doc.Letter, nil
	}
	return doc.Paper{}, fmt.Errorf("%w: paper %q is not supported; use a4 or letter", ErrOption, s)
}

// Attachment is a file a PDF/A-3 document carries: the source it was made
// from.
type Attachment = pdf.Attachment

// SourceDescription describes the attached source of a PDF/A-3 document.
const SourceDescription = "The article this document was made from"

// ParsePDFA reads a PDF/A part as the API and command line accept it:
// 1b, 2u, 3u, or none (also empty), in any case. It returns the canonical
// name ("" for none).
func ParsePDFA(s string) (string, error) {
	c, err := pdf.ParseConformance(s)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrOption, err)
	}
	return string(c), nil
}

// RightsLine is the rights line a's pages carry: the article's own, else
// o.Rights, else DefaultRights. The print-friendly page and the reader page
// use it too, so every form of an article says the same.
func (o Options) RightsLine(a *article.Article) string {
	return cmp.Or(a.Rights, o.Rights, DefaultRights)
}

// Language is a's language: its own, else o.Lang, else DefaultLang.
func (o Options) Language(a *article.Article) string { return cmp.Or(a.Lang, o.Lang, DefaultLang) }

// PublicationName is o.Publication, else DefaultPublication.
func (o Options) PublicationName() string { return cmp.Or(o.Publication, DefaultPublication) }

// settings are the options of one render as Render resolves them for an
// article: everything but the article that decides the bytes, and so what
// the ETag hashes besides the article.
type settings struct {
	Compose compose.Options
	Layout  layout.Options
	PDFA    pdf.Conformance
}

func (o Options) settings(a *article.Article) (settings, error) {
	scale := o.Scale
	if scale == 0 {
		scale = 1
	}
	if err := checkScale(scale); err != nil {
		return settings{}, err
	}
	paper, err := ParsePaper(o.Paper)
	if err != nil {
		return settings{}, err
	}
	conf, err := ParsePDFA(o.PDFA)
	if err != nil {
		return settings{}, err
	}
	return settings{
		PDFA: pdf.Conformance(conf),
		Compose: compose.Options{
			Paper: paper, Scale: scale,
			Publication: o.PublicationName(),
			Rights:      o.RightsLine(a),
			Lang:        cmp.Or(o.Lang, DefaultLang),
		},
		Layout: layout.Options{MaxPages: cmp.Or(o.MaxPages, DefaultMaxPages)},
	}, nil
}

// chars counts the characters of an article's text.
func chars(a *article.Article) int {
	n := utf8.RuneCountInString(a.Title) + utf8.RuneCountInString(a.Standfirst) + utf8.RuneCountInString(a.Byline)
	for _, b := range a.Body {
		for _, r := range b.Runs {
			n += utf8.RuneCountInString(r.Text)
		}
	}
	return n
}

// Render lays out a and writes it to w as a PDF. The article's own rights
// line, when it has one, is the footer; otherwise o.Rights, then the default.
// Errors about options wrap ErrOption; a write error from w is returned
// wrapped; ctx cancels the layout.
func Render(ctx context.Context, w io.Writer, a *article.Article, o Options) (Result, error) {
	if err := a.Validate(); err != nil {
		return Result{}, err
	}
	s, err := o.settings(a)
	if err != nil {
		return Result{}, err
	}
	if n, limit := chars(a), cmp.Or(o.MaxChars, DefaultMaxChars); n > limit {
		return Result{}, fmt.Errorf("%w: the article has %d characters; the limit is %d", ErrLimit, n, limit)
	}
	pics, outcomes := loadPictures(ctx, a, o.Images, o.ImageDir, s.Compose)
	s.Compose.Pictures = func(src string) *page.Picture { return pics[src] }
	pages, stats, err := layout.Layout(ctx, compose.Article(a, s.Compose), s.Layout)
	if pl := (*layout.PageLimitError)(nil); errors.As(err, &pl) {
		return Result{}, fmt.Errorf("%w: %w", ErrLimit, pageLimitError{pl, s.Compose.Scale})
	}
	if err != nil {
		return Result{}, err
	}
	cw := &countingWriter{w: w}
	po := pdf.Options{PDFA: s.PDFA}
	id := etagSum(a, s)
	if po.PDFA == pdf.PDFA3U {
		if po.Source = o.Source; po.Source == nil {
			// The model as it was rendered: what the ETag hashes, so
			// without what the parser dropped (which it only reports).
			m := *a
			m.Dropped = nil
			data, err := json.Marshal(&m)
			if err != nil {
				return Result{}, fmt.Errorf("render: the article as JSON: %w", err)
			}
			po.Source = &pdf.Attachment{Name: "article.json", MimeType: "application/json", Description: SourceDescription, Data: data}
		}
		// The attachment is part of the bytes: two files of one article
		// (its JSON and its HTML) give two documents.
		h := sha256.New()
		h.Write(id)
		h.Write([]byte(po.Source.Name + "\x00" + po.Source.MimeType + "\x00"))
		h.Write(po.Source.Data)
		id = h.Sum(nil)
	}
	copy(po.ID[:], id)
	if err := pdf.Write(ctx, cw, pages, po); err != nil {
		return Result{}, err
	}
	return Result{Pages: stats.Pages, Bytes: cw.n, MissingGlyphs: stats.MissingGlyphs, Images: outcomes}, nil
}

// errNoLoader is the failure of every picture of a render without an image
// loader.
var errNoLoader = fmt.Errorf("%w: this renderer loads no images", images.ErrRefused)

// imageWorkers is how many of an article's pictures are fetched at once:
// enough to hide a slow host's latency, few enough that one article does
// not hold many decodes (each bounded by the loader) at once.
const imageWorkers = 4

// loadPictures fetches and decodes every distinct picture source of a,
// the lead's and the figures', to print at the measure's width (a gallery's
// pictures print narrower, and are downsampled for the measure: a little
// more than they need, never less).
func loadPictures(ctx context.Context, a *article.Article, l *images.Loader, dir fs.FS, co compose.Options) (map[string]*page.Picture, []ImageOutcome) {
	var srcs []string
	seen := map[string]bool{}
	add := func(b *article.Block) {
		if b == nil || b.Figure == nil {
			return
		}
		for _, im := range b.Figure.Images {
			if !seen[im.Src] {
				seen[im.Src] = true
				srcs = append(srcs, im.Src)
			}
		}
	}
	add(a.Lead)
	for i := range a.Body {
		add(&a.Body[i])
	}
	if len(srcs) == 0 {
		return nil, nil
	}
	outcomes := make([]ImageOutcome, len(srcs))
	pics := make([]*page.Picture, len(srcs))
	if l == nil {
		for i, src := range srcs {
			err := &images.Error{Src: src, Err: errNoLoader}
			outcomes[i] = ImageOutcome{Src: src, Result: images.Result(err), Err: err}
		}
		return nil, outcomes
	}
	width := (co.Paper.Width - 2*compose.SideMargin(co.Scale)).Points()
	session := l.Article(dir)
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(imageWorkers, len(srcs)) {
		wg.Go(func() {
			for i := range work {
				p, err := session.Load(ctx, srcs[i], width)
				outcomes[i] = ImageOutcome{Src: srcs[i], Result: images.Result(err), Err: err}
				if err == nil {
					pics[i] = &page.Picture{Key: p.Key, Format: p.Format, Data: p.Data, Width: p.Width, Height: p.Height}
					outcomes[i].Bytes = len(p.Data)
				}
			}
		})
	}
	for i := range srcs {
		work <- i
	}
	close(work)
	wg.Wait()
	bySrc := make(map[string]*page.Picture, len(srcs))
	for i, src := range srcs {
		if pics[i] != nil {
			bySrc[src] = pics[i]
		}
	}
	return bySrc, outcomes
}

// pageLimitError is layout's page limit error told in the reader's terms:
// the article, at the font scale it asked for.
type pageLimitError struct {
	*layout.PageLimitError
	scale float64
}

func (e pageLimitError) Error() string {
	more := ""
	if e.More {
		more = "more than "
	}
	return fmt.Sprintf("%v: the article needs %s%d pages at scale %g; the limit is %d",
		layout.ErrTooManyPages, more, e.Pages, e.scale, e.Limit)
}

func (e pageLimitError) Unwrap() error { return e.PageLimitError }

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
