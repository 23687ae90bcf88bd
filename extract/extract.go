// Package extract finds the article in a whole web page: a page of the
// archive saved as HTML, or any page of the site sent for a print-friendly
// PDF. Page returns it as an article.Article, as the article package's
// parsers do for the other formats.
//
// Finding the article is go-trafilatura's job (a Go port of the Python
// trafilatura): it tells the story's text from the page around it
// (masthead, menus, sidebars, comments, "most read", footers) and reads the
// page's metadata (Open Graph, JSON-LD, meta tags, <time> elements). What
// it returns is mapped onto the article model by article.ParseHTMLBody, the
// mapping every HTML body goes through, so that figures, tables, lists,
// quotes and links of a whole page come out as they do from a CMS's body.
// This package is apart from article so that only it depends on the
// extraction library and its dependencies.
//
// Trafilatura rebuilds the elements it keeps, and loses on the way what
// the article model has room for: a picture keeps only src and alt (no
// srcset, no size, and none at all whose URL does not end in an image
// file's extension, as a resizing CDN's often do not), a figure loses its
// caption or has it mangled into a paragraph, a table loses its caption and
// its head, a quotation its source and its pull-quote class, and a
// paragraph that holds only a linked picture is dropped. Page recovers
// these from the page itself (restore.go): the page's pictures are marked
// before the extraction with a name trafilatura keeps, and each picture it
// returns is replaced by the page's own figure (or picture, or img), with
// the paragraph trafilatura made of its caption taken out; each table and
// quotation it returns whose text is that of one of the page's is replaced
// by the page's own (with the figure around it when it holds nothing
// else); a link from a picture to a larger copy of itself is taken away
// beforehand. What trafilatura drops altogether stays dropped: embedded
// players (iframes), and boxes it takes for page furniture (asides, which
// is where many sites put pull quotes; text loose in a div, such as a Ghost
// callout card's).
//
// The options, and why (the figures are go-trafilatura's 947 corpus pages,
// TestCorpus, scored against its comparison data: the share of the
// snippets of article text found, and of page furniture found):
//
//   - IncludeImages and IncludeLinks: the model has figures and links.
//     Formatting (bold, italic, sub- and superscript, code) is always kept.
//   - ExcludeComments: readers' comments are not the article.
//   - Deduplicate off: it drops text that repeats, and a story may repeat
//     a line (a refrain, a quoted slogan); when the whole body "repeats"
//     it fails the page.
//   - Focus Balanced: 93.2 % of the article text, 12.9 % of the furniture.
//     FavorPrecision found 90.3 % and 10.8 % and twice the pages without an
//     article; FavorRecall 93.5 % and 14.4 %.
//   - EnableFallback: when trafilatura's own heuristics find little, the
//     readability and DOM-distiller algorithms are tried: 2.8 points more
//     of the article text, for 1.6 times the time.
//   - HtmlDateMode Fast: the date comes from the page's metadata, <time>
//     elements and its URL. The extensive search also reads dates out of
//     the text: 32 more dates right of 726, 12 more wrong, and it took a
//     sign-in page's "© 2024" for the date of an article.
//
// Extraction is deterministic: the same page gives the same article.
// Trafilatura gathers the authors of JSON-LD objects by ranging over Go
// maps, in an order that changes from run to run; the byline puts them in
// the order the page names them. One thing depends on the clock: the date
// search refuses dates more than a year after the process started, so a
// page dated years ahead has no date today and may have one later.
//
// The cost. An extraction takes 16 ms and allocates 10 MB on average over
// the corpus (BenchmarkPage), and holds at most about 27 MiB for its
// costliest pages; pages within the bounds (MaxPageNodes,
// MaxParagraphWork) take up to 2 s and 90 MiB (TestPeakMemory). At most as
// many pages as there are processors are extracted at once. The library's
// dependencies cost every process that links this package, whether it
// extracts anything or not: go-dateparser builds its tables of 200
// languages' dates at start-up (0.1 to 0.3 s, 27 MiB held for good).
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"unicode"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"pdfexport/article"
)

// MaxPageBytes is the largest page Page reads. Saved news pages are up to
// 1.6 MB in go-trafilatura's corpus of 947 (inline scripts, styles and
// state make most of that); 8 MiB leaves room for larger ones.
const MaxPageBytes = 8 << 20

// MaxPageNodes bounds the elements, attributes, texts and comments of the
// page's tree, counted before it is built (article.CountHTMLNodes): the
// HTML mapping's bound, MaxHTMLNodes. The largest page of go-trafilatura's
// corpus has 36,722. Trafilatura copies the tree several times while it
// works (a working copy, two backups, the fallback extractors' copies):
// pages just under the bound (45,000 blocks of text, list items, headings
// or lines) took 1 to 2 s on a shared two-core machine and held up to
// 90 MiB of live heap (TestPeakMemory).
const MaxPageNodes = article.MaxHTMLNodes

// MaxParagraphWork bounds the number of the page's paragraphs (<p>)
// times the bytes of its text. Trafilatura joins the text of every
// paragraph of the page into one string by appending to it paragraph by
// paragraph, which copies the text once a paragraph: 45,000 short
// paragraphs in 2 MiB took 38 s and a heap of 350 MiB. The largest product
// in go-trafilatura's corpus is 41 million (697 paragraphs, 59 KB of
// text); at the bound the copying takes about half a second.
const MaxParagraphWork = 2_000_000_000

// minArticleRunes is the least text, in characters other than spaces, an
// article must have. It is trafilatura's own threshold: below 250
// characters it takes an extraction to have failed and falls back on the
// text of the whole page; what is still that short was no article (a
// sign-in page's two lines, a gallery's captions, an error page).
const minArticleRunes = 250

// Page extracts the article of a whole HTML page. pageURL, when not nil,
// is where the page is published, an absolute http(s) URL: relative links
// and image sources are resolved against it, and it is the article's URL
// when the page names no canonical one. Without it, links the page does
// not make absolute against its own canonical URL become plain text, and
// relative image sources stay as they are, naming files beside the page
// (an archive folder's saved pages).
//
// The page may be in any encoding it declares (a <meta> charset); a page
// that is valid UTF-8 is read as UTF-8. Errors wrap article.ErrEmpty when
// the page holds no article ("no article found in the page"), and
// article.ErrInvalid when it is not an HTML page, is larger than
// MaxPageBytes or MaxPageNodes, nests elements deeper than the parser
// allows (512), or its article breaks one of the model's limits; the
// message says which. Any other error is a failure of the extraction
// library on this page.
func Page(page []byte, pageURL *url.URL) (*article.Article, error) {
	if pageURL != nil && !isHTTP(pageURL) {
		return nil, fmt.Errorf("%w: the page's URL %q is not an absolute http or https URL", article.ErrInvalid, pageURL.Redacted())
	}
	if len(page) > MaxPageBytes {
		return nil, fmt.Errorf("%w: the page is %d bytes long; at most %d are allowed", article.ErrInvalid, len(page), MaxPageBytes)
	}
	text := decode(page)
	if err := checkHTML(text); err != nil {
		return nil, err
	}
	if n := article.CountHTMLNodes(strings.NewReader(text), MaxPageNodes); n > MaxPageNodes {
		return nil, fmt.Errorf("%w: the page has more than %d elements, attributes and texts; at most %d are allowed", article.ErrInvalid, MaxPageNodes, MaxPageNodes)
	}
	if p, n := paragraphWork(text); p*n > MaxParagraphWork {
		return nil, fmt.Errorf("%w: the page is too large to extract an article from: %d paragraphs holding %d bytes of text (the work grows with the one times the other, which may be at most %d)", article.ErrInvalid, p, n, MaxParagraphWork)
	}
	extractions <- struct{}{}
	defer func() { <-extractions }()
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		// The parser's only error for a page in memory is nesting past its
		// stack of 512 open elements.
		return nil, fmt.Errorf("%w: the page could not be parsed: %v (elements may be nested at most 512 deep)", article.ErrInvalid, err)
	}
	facts := readPage(doc)
	orig := markImages(doc)
	res, err := run(doc, pageURL)
	if err != nil {
		return nil, err
	}
	if res.ContentNode == nil {
		return nil, errNoArticle
	}
	orig.restore(res.ContentNode)
	if site, err := url.Parse(res.Metadata.URL); pageURL == nil && err == nil && isHTTP(site) {
		rebase(res.ContentNode, site)
	}
	body, renderDropped := renderChildren(res.ContentNode)
	blocks, dropped, err := article.ParseHTMLBody(body, pageURL)
	if err != nil {
		return nil, err
	}
	for k, n := range renderDropped {
		if dropped == nil {
			dropped = map[string]int{}
		}
		dropped[k] += n
	}
	a, err := build(res.Metadata, facts, orig, blocks, text)
	if err != nil {
		return nil, err
	}
	a.Dropped = dropped
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return a, nil
}

// extractions bounds the pages extracted at once to the processors. The
// work is all computation, so more at once would finish no sooner, and
// each holds up to hundreds of MiB while it runs (see MaxPageNodes): a
// burst of pages posted to the service waits here rather than each taking
// its share of the memory at the same moment.
var extractions = make(chan struct{}, runtime.GOMAXPROCS(0))

// errNoArticle is the error of a page without an article.
var errNoArticle = fmt.Errorf("%w: no article found in the page", article.ErrEmpty)

// options are trafilatura's options for every page (see the package
// comment for why each).
func options(pageURL *url.URL) trafilatura.Options {
	return trafilatura.Options{
		OriginalURL:     pageURL,
		EnableFallback:  true,
		Focus:           trafilatura.Balanced,
		ExcludeComments: true,
		IncludeImages:   true,
		IncludeLinks:    true,
		Deduplicate:     false,
		HtmlDateMode:    trafilatura.Fast,
	}
}

// errLibrary wraps a failure of the extraction library, which is no fault
// of the page's: the caller reports it as its own failure.
var errLibrary = errors.New("the article extraction failed")

// run extracts the article of doc. A panic in the library (it has
// assumptions about the trees it walks that a page can break) is turned
// into an error, so that one page cannot take the service down.
func run(doc *html.Node, pageURL *url.URL) (res *trafilatura.ExtractResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("%w: trafilatura panicked: %v", errLibrary, r)
		}
	}()
	res, err = trafilatura.ExtractDocument(doc, options(pageURL))
	if err != nil {
		// Its errors all say that it found no text worth keeping (or,
		// with options not used here, the wrong language or metadata).
		return nil, fmt.Errorf("%w (%v)", errNoArticle, err)
	}
	return res, nil
}

// renderChildren writes the extracted body's children as HTML, for the
// HTML mapping. A child the renderer refuses (trafilatura builds its
// elements by hand, and a void element with children cannot be written)
// is left out and counted as dropped.
func renderChildren(body *html.Node) ([]byte, map[string]int) {
	var out, one bytes.Buffer
	var dropped map[string]int
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		one.Reset()
		if err := html.Render(&one, c); err != nil {
			if dropped == nil {
				dropped = map[string]int{}
			}
			dropped["other"]++
			continue
		}
		out.Write(one.Bytes())
	}
	return out.Bytes(), dropped
}

func isHTTP(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// oneLine makes metadata a field of one line: runs of white space and line
// breaks become one space, and control characters, which the model refuses,
// are taken out. No-break spaces are text, and kept.
func oneLine(s string) string {
	var sb strings.Builder
	space := false
	for _, r := range s {
		switch {
		case isLineSpace(r):
			space = sb.Len() > 0
			continue
		case unicode.IsControl(r):
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

func isLineSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', '\u0085', '\u2028', '\u2029':
		return true
	}
	return false
}
