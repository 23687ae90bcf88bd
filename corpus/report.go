package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// report is the run's result, written as report.json and printed.
type report struct {
	Started  time.Time `json:"started"`
	Seconds  float64   `json:"seconds"`
	Service  *service  `json:"service"`
	Corpus   *corpus   `json:"corpus"`
	Options  options   `json:"options"`
	Pages    int       `json:"pages"`    // in the corpus
	Selected int       `json:"selected"` // after -only and -n

	Extracted    int            `json:"extracted"` // valid articles
	NotExtracted map[string]int `json:"not_extracted"`
	NoArticle    []pageNote     `json:"no_article"`
	TitleFrom    map[string]int `json:"title_from"`
	Controls     pageCount      `json:"control_chars_removed"`
	Dropped      pageCount      `json:"mapping_dropped"`    // trafilatura's characters the mapping lost: must be 0
	Languages    map[string]int `json:"languages"`          // the articles' languages as pdfexport reads them
	Detected     int            `json:"languages_detected"` // of which detected by pdfexport, not declared
	Blocks       int            `json:"blocks"`             // body blocks (list items one each), all articles

	Renders  int            `json:"renders"`
	Outcomes map[string]int `json:"outcomes"`
	Crashes  []*finding     `json:"crashes"`
	Timeouts []renderRef    `json:"timeouts"`
	Errors   []*finding     `json:"errors"`
	Problems []renderRef    `json:"unreadable_pdfs"`

	// PDF/UA-1 and PDF/A-2u: the renders checked, and those that broke a
	// rule, with the first few rules broken.
	ConformanceChecked int         `json:"conformance_checked"`
	Nonconform         []renderRef `json:"nonconforming"`

	Checked    int            `json:"chars_checked"` // over every render read back
	Lost       map[string]int `json:"chars_lost"`    // by cause, over every render
	LostBy     map[string]int `json:"chars_lost_pages"`
	NoFace     map[string]int `json:"chars_no_face_by_script"`
	Other      []*otherLoss   `json:"chars_lost_other"`
	MedianMS   float64        `json:"median_ms"`
	MedianCPU  float64        `json:"median_cpu_ms"`
	Slowest    *renderRef     `json:"slowest"`      // by wall time
	SlowestCPU *renderRef     `json:"slowest_cpu"`  // by CPU time, which the machine's load does not inflate
	Slow       []renderRef    `json:"slow"`         // CPU time over -slow
	Load       [2]string      `json:"load_average"` // the machine's at the start and the end (/proc/loadavg)
	MaxRSS     *renderRef     `json:"largest_rss"`
	Huge       []renderRef    `json:"huge_rss"`
	MaxPages   *renderRef     `json:"most_pages"`

	Pictures    pictureReport  `json:"pictures"`
	Served      map[string]int `json:"image_requests"` // by mark, as the image server saw them
	ServedBytes int64          `json:"image_bytes_served"`

	Failures []string `json:"failures"` // why the exit status is 1

	bytesWith, bytesBare         []float64 // per page: the first variant with and without pictures
	bytesWithPics, bytesBarePics []float64 // the same, pages with pictures only

	cfg       *config
	times     []float64
	cpu       []float64
	lostPages map[string]map[string]bool
	crashes   map[string]*finding
	errors    map[string]*finding
	others    map[string]*otherLoss
}

type options struct {
	Workers  int       `json:"workers"`
	Timeout  string    `json:"timeout"`
	Only     string    `json:"only,omitempty"`
	N        int       `json:"n,omitempty"`
	Variants []variant `json:"variants"`
}

type pageNote struct {
	Page   string `json:"page"`
	Reason string `json:"reason"`
}

type pageCount struct {
	Chars  int            `json:"chars"`
	Pages  []string       `json:"pages,omitempty"`
	ByChar map[string]int `json:"by_char,omitempty"`
}

// pictureReport is what became of the articles' pictures.
type pictureReport struct {
	Pages      int            `json:"pages"`       // articles with at least one picture
	InArticles int            `json:"in_articles"` // pictures, every occurrence
	Distinct   int            `json:"distinct"`    // distinct sources, summed over articles
	Data       int            `json:"data"`        // of which data: URIs, kept as they are
	Elements   int            `json:"elements"`    // img and source elements in the extracted HTML
	URLs       int            `json:"urls"`        // URLs rewritten to the image server
	Sized      int            `json:"sized"`       // of which the page declared a size for
	Unresolved int            `json:"unresolved"`  // relative URLs with no page URL
	Expected   map[string]int `json:"expected"`    // failures each article's renders should show, by reason
	Marked     []pageNote     `json:"marked"`      // the pages given a failure on purpose

	Renders   int `json:"renders"` // with pictures, of articles with pictures, read back
	Placed    int `json:"placed"`  // pictures drawn, over those renders
	Boxes     int `json:"boxes"`   // "Image unavailable" boxes, over those renders
	Planned   int `json:"planned"` // of which expected
	Bare      int `json:"bare_renders"`
	BarePlace int `json:"bare_placed"`
	BareBoxes int `json:"bare_boxes"`

	Mismatches []imageMismatch `json:"mismatches"` // renders whose pictures are not as planned

	// PDF bytes of BytesVariant with pictures and without (Bare), over
	// every article and over the articles with pictures (Pics).
	BytesVariant        variant `json:"bytes_variant"`
	MedianBytes         float64 `json:"median_bytes"`
	MedianBareBytes     float64 `json:"median_bytes_bare"`
	TotalBytes          float64 `json:"total_bytes"`
	TotalBareBytes      float64 `json:"total_bytes_bare"`
	MedianBytesPics     float64 `json:"median_bytes_pictured"`
	MedianBareBytesPics float64 `json:"median_bytes_pictured_bare"`
	TotalBytesPics      float64 `json:"total_bytes_pictured"`
	TotalBareBytesPics  float64 `json:"total_bytes_pictured_bare"`
}

// imageMismatch is a render whose PDF does not show its pictures as
// planned: boxes not the expected ones, or pictures neither drawn nor boxed.
type imageMismatch struct {
	Page string  `json:"page"`
	V    variant `json:"variant"`
	imageCount
}

// renderRef names one render and its figure.
type renderRef struct {
	Page  string  `json:"page"`
	V     variant `json:"variant"`
	MS    float64 `json:"ms,omitempty"`
	CPU   float64 `json:"cpu_ms,omitempty"`
	KiB   int64   `json:"rss_kib,omitempty"`
	Pages int     `json:"pages,omitempty"`
	Note  string  `json:"note,omitempty"`
}

// finding is one class of crash or error, with where it happened.
type finding struct {
	Cause     string   `json:"cause"`
	Explained bool     `json:"explained"`
	Renders   int      `json:"renders"`
	Pages     []string `json:"pages"`
	Example   string   `json:"example"` // the first one's stderr, shortened
	ExampleV  variant  `json:"example_variant"`
}

// otherLoss is an unexplained loss of one character on one page.
type otherLoss struct {
	Page string `json:"page"`
	lostChar
	Renders int `json:"renders"` // in how many of the page's renders
}

func newReport(cfg *config, c *corpus, svc *service, selected int) *report {
	r := &report{
		Started:  time.Now().UTC(),
		Service:  svc,
		Corpus:   c,
		Pages:    len(c.Pages),
		Selected: selected,
		Options:  options{Workers: cfg.workers, Timeout: cfg.timeout.String(), N: cfg.n, Variants: cfg.variants},

		NotExtracted: map[string]int{},
		TitleFrom:    map[string]int{},
		Languages:    map[string]int{},
		Outcomes:     map[string]int{},
		Lost:         map[string]int{},
		LostBy:       map[string]int{},
		NoFace:       map[string]int{},

		cfg:       cfg,
		lostPages: map[string]map[string]bool{},
		crashes:   map[string]*finding{},
		errors:    map[string]*finding{},
		others:    map[string]*otherLoss{},
	}
	if cfg.only != nil {
		r.Options.Only = cfg.only.String()
	}
	r.Load[0] = loadAverage()
	for _, c := range causes {
		r.Lost[c] = 0
	}
	return r
}

var digits = regexp.MustCompile(`[0-9]+`)

func (r *report) add(p pageResult) {
	ex := p.Extraction
	if len(ex.Controls) > 0 {
		if r.Controls.ByChar == nil {
			r.Controls.ByChar = map[string]int{}
		}
		for c, n := range ex.Controls {
			r.Controls.Chars += n
			r.Controls.ByChar[fmt.Sprintf("U+%04X", c)] += n
		}
		r.Controls.Pages = append(r.Controls.Pages, p.Page)
	}
	if ex.Dropped > 0 {
		r.Dropped.Chars += ex.Dropped
		r.Dropped.Pages = append(r.Dropped.Pages, p.Page)
	}
	if ex.Article == nil {
		// Numbers in reasons (lengths, byte offsets) vary; the reason does not.
		r.NotExtracted[digits.ReplaceAllString(ex.Reason, "N")]++
		r.NoArticle = append(r.NoArticle, pageNote{p.Page, ex.Reason})
		return
	}
	r.Extracted++
	r.TitleFrom[ex.TitleFrom]++
	r.Languages[ex.Article.Lang]++
	if languageTag(ex.Declared) == "" {
		r.Detected++
	}
	r.Blocks += len(ex.Article.Body)
	pr := &r.Pictures
	st := ex.Images
	pr.Elements += st.Elements
	pr.URLs += st.URLs
	pr.Sized += st.Sized
	pr.Unresolved += st.Unresolved
	if st.Marked != "" {
		pr.Marked = append(pr.Marked, pageNote{p.Page, markExpectation[st.Marked]})
	}
	if pl := p.Plan; pl != nil && pl.InArticle > 0 {
		pr.Pages++
		pr.InArticles += pl.InArticle
		pr.Distinct += pl.Distinct
		pr.Data += pl.Data
		for k, n := range pl.Fail {
			if pr.Expected == nil {
				pr.Expected = map[string]int{}
			}
			pr.Expected[k] += n
		}
	}
	var with, bare *renderRecord
	for i, rec := range p.Renders {
		r.addRender(rec)
		if rec.Outcome != outcomeOK || rec.Bytes == 0 {
			continue
		}
		switch {
		case rec.NoPictures:
			bare = &p.Renders[i]
		case with == nil:
			with = &p.Renders[i]
		}
	}
	if with != nil && bare != nil {
		r.Pictures.BytesVariant = with.variant
		r.bytesWith = append(r.bytesWith, float64(with.Bytes))
		r.bytesBare = append(r.bytesBare, float64(bare.Bytes))
		if p.Plan != nil && p.Plan.InArticle > 0 {
			r.bytesWithPics = append(r.bytesWithPics, float64(with.Bytes))
			r.bytesBarePics = append(r.bytesBarePics, float64(bare.Bytes))
		}
	}
}

// addImages adds what one render's PDF shows of its pictures.
func (r *report) addImages(rec renderRecord) {
	c := rec.Images
	if c == nil {
		return
	}
	pr := &r.Pictures
	if rec.NoPictures {
		pr.Bare++
		pr.BarePlace += c.Placed
		pr.BareBoxes += c.Boxes
	} else {
		pr.Renders++
		pr.Placed += c.Placed
		pr.Boxes += c.Boxes
		pr.Planned += min(c.Boxes, c.Expected)
	}
	if c.Boxes != c.Expected || c.Placed+c.Boxes != c.InArticle {
		pr.Mismatches = append(pr.Mismatches, imageMismatch{Page: rec.Page, V: rec.variant, imageCount: *c})
	}
}

func (r *report) addRender(rec renderRecord) {
	r.Renders++
	r.Outcomes[rec.Outcome]++
	r.addImages(rec)
	ref := renderRef{Page: rec.Page, V: rec.variant, MS: rec.WallMS, CPU: rec.CPUMS, KiB: rec.MaxRSSKiB, Pages: rec.Pages}
	// The times are those of renders with their pictures: the render
	// without them is there for its bytes.
	if rec.Outcome != outcomeTimeout && !rec.NoPictures {
		r.times = append(r.times, rec.WallMS)
		r.cpu = append(r.cpu, rec.CPUMS)
		if r.Slowest == nil || rec.WallMS > r.Slowest.MS {
			r.Slowest = &ref
		}
		if r.SlowestCPU == nil || rec.CPUMS > r.SlowestCPU.CPU {
			r.SlowestCPU = &ref
		}
	}
	if r.MaxRSS == nil || rec.MaxRSSKiB > r.MaxRSS.KiB {
		r.MaxRSS = &ref
	}
	if rec.CPUMS > float64(r.cfg.slow.Milliseconds()) {
		r.Slow = append(r.Slow, ref)
	}
	if rec.MaxRSSKiB > r.cfg.hugeMiB*1024 {
		r.Huge = append(r.Huge, ref)
	}
	switch rec.Outcome {
	case outcomeCrash:
		r.group(r.crashes, &r.Crashes, rec)
	case outcomeError:
		r.group(r.errors, &r.Errors, rec)
	case outcomeTimeout:
		r.Timeouts = append(r.Timeouts, ref)
	case outcomeOK:
		if r.MaxPages == nil || rec.Pages > r.MaxPages.Pages {
			r.MaxPages = &ref
		}
	}
	if rec.Problem != "" {
		ref.Note = rec.Problem
		r.Problems = append(r.Problems, ref)
	}
	if rec.Checked {
		r.ConformanceChecked++
		if len(rec.Violations) > 0 {
			bad := ref
			bad.Note = strings.Join(rec.Violations[:min(3, len(rec.Violations))], "; ")
			r.Nonconform = append(r.Nonconform, bad)
		}
	}
	if l := rec.Losses; l != nil {
		r.Checked += l.Checked
		for script, n := range l.NoFace {
			r.NoFace[script] += n
		}
		for c, n := range l.ByCause {
			r.Lost[c] += n
			if r.lostPages[c] == nil {
				r.lostPages[c] = map[string]bool{}
			}
			r.lostPages[c][rec.Page] = true
		}
		for _, o := range l.Other {
			key := rec.Page + "\x00" + o.Char
			if prev := r.others[key]; prev != nil {
				prev.Renders++
				prev.Lost = max(prev.Lost, o.Lost)
				continue
			}
			ol := &otherLoss{Page: rec.Page, lostChar: o, Renders: 1}
			r.others[key] = ol
			r.Other = append(r.Other, ol)
		}
	}
}

func (r *report) group(m map[string]*finding, list *[]*finding, rec renderRecord) {
	f := m[rec.Cause]
	if f == nil {
		ex := rec.Stderr
		if len(ex) > 1500 {
			ex = ex[:1500] + "…"
		}
		f = &finding{Cause: rec.Cause, Explained: rec.Explained, Example: ex, ExampleV: rec.variant}
		m[rec.Cause] = f
		*list = append(*list, f)
	}
	f.Renders++
	if !slices.Contains(f.Pages, rec.Page) {
		f.Pages = append(f.Pages, rec.Page)
	}
}

// finish computes the summary figures and decides the exit status.
func (r *report) finish(d time.Duration) {
	r.Seconds = d.Seconds()
	r.MedianMS, r.MedianCPU = median(r.times), median(r.cpu)
	pr := &r.Pictures
	pr.MedianBytes, pr.MedianBareBytes = median(r.bytesWith), median(r.bytesBare)
	pr.TotalBytes, pr.TotalBareBytes = sum(r.bytesWith), sum(r.bytesBare)
	pr.MedianBytesPics, pr.MedianBareBytesPics = median(r.bytesWithPics), median(r.bytesBarePics)
	pr.TotalBytesPics, pr.TotalBareBytesPics = sum(r.bytesWithPics), sum(r.bytesBarePics)
	sort.Slice(pr.Marked, func(i, j int) bool { return pr.Marked[i].Page < pr.Marked[j].Page })
	sort.Slice(pr.Mismatches, func(i, j int) bool {
		if pr.Mismatches[i].Page != pr.Mismatches[j].Page {
			return pr.Mismatches[i].Page < pr.Mismatches[j].Page
		}
		return pr.Mismatches[i].V.String() < pr.Mismatches[j].V.String()
	})
	r.Load[1] = loadAverage()
	for c, pages := range r.lostPages {
		r.LostBy[c] = len(pages)
	}
	sort.Slice(r.Crashes, func(i, j int) bool { return r.Crashes[i].Renders > r.Crashes[j].Renders })
	sort.Slice(r.Errors, func(i, j int) bool { return r.Errors[i].Renders > r.Errors[j].Renders })
	for _, f := range append(slices.Clone(r.Crashes), r.Errors...) {
		sort.Strings(f.Pages)
	}
	sort.Slice(r.Other, func(i, j int) bool {
		if r.Other[i].Page != r.Other[j].Page {
			return r.Other[i].Page < r.Other[j].Page
		}
		return r.Other[i].Char < r.Other[j].Char
	})
	sort.Slice(r.Slow, func(i, j int) bool { return r.Slow[i].CPU > r.Slow[j].CPU })
	sort.Slice(r.Huge, func(i, j int) bool { return r.Huge[i].KiB > r.Huge[j].KiB })
	if n := r.Outcomes[outcomeCrash]; n > 0 {
		r.Failures = append(r.Failures, fmt.Sprintf("%d renders crashed", n))
	}
	if n := len(r.Timeouts); n > 0 {
		r.Failures = append(r.Failures, fmt.Sprintf("%d renders timed out", n))
	}
	for _, f := range r.Errors {
		if !f.Explained {
			r.Failures = append(r.Failures, fmt.Sprintf("%d renders failed: %s", f.Renders, f.Cause))
		}
	}
	if n := r.Lost[causeOther]; n > 0 {
		r.Failures = append(r.Failures, fmt.Sprintf("%d characters lost for no documented reason", n))
	}
	if n := r.Dropped.Chars; n > 0 {
		r.Failures = append(r.Failures, fmt.Sprintf("the mapping lost %d characters of trafilatura's text on %d pages (a harness bug)", n, len(r.Dropped.Pages)))
	}
	if n := len(r.Problems); n > 0 {
		r.Failures = append(r.Failures, fmt.Sprintf("%d PDFs could not be read back", n))
	}
	if n := len(r.Nonconform); n > 0 {
		r.Failures = append(r.Failures, fmt.Sprintf("%d of %d PDFs checked break a rule of PDF/UA-1 or PDF/A-2u", n, r.ConformanceChecked))
	}
	if n := len(pr.Mismatches); n > 0 {
		r.Failures = append(r.Failures, fmt.Sprintf("%d renders did not show their pictures as planned", n))
	}
}

func sum(v []float64) float64 {
	t := 0.0
	for _, x := range v {
		t += x
	}
	return t
}

func (r *report) write(path string) error {
	b, err := json.MarshalIndent(r, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func (r *report) print(w io.Writer) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }
	p("pdfexport corpus run: pdfexport %s%s, %s", r.Service.Version, suffix(" at ", r.Service.Commit), r.Corpus.Module)
	p("time: %s with %d workers, timeout %s per render; load average %s at the start, %s at the end",
		time.Duration(r.Seconds*float64(time.Second)).Round(time.Second), r.Options.Workers, r.Options.Timeout, r.Load[0], r.Load[1])
	p("")
	p("pages in the corpus:   %d (%d selected)", r.Pages, r.Selected)
	p("articles extracted:    %d, %d blocks (titles: %s)", r.Extracted, r.Blocks, counts(r.TitleFrom))
	p("no valid article:      %d", r.Selected-r.Extracted)
	for _, k := range sortedKeys(r.NotExtracted) {
		p("  %4d  %s", r.NotExtracted[k], k)
	}
	if r.Controls.Chars > 0 {
		p("control characters removed by the mapping: %d on %d pages (%s)", r.Controls.Chars, len(r.Controls.Pages), counts(r.Controls.ByChar))
	}
	p("trafilatura's characters the mapping lost: %d", r.Dropped.Chars)
	p("languages (%d):        %s", len(r.Languages), counts(r.Languages))
	p("  of which detected by pdfexport (none declared): %d articles", r.Detected)
	p("")
	p("renders done:          %d (%s)", r.Renders, counts(r.Outcomes))
	p("crashes:               %d", r.Outcomes[outcomeCrash])
	for _, f := range r.Crashes {
		p("  %4d renders, %d pages: %s (e.g. %s)", f.Renders, len(f.Pages), f.Cause, f.Pages[0])
	}
	p("timeouts:              %d", len(r.Timeouts))
	for _, t := range r.Timeouts {
		p("        %s, %s", t.Page, t.V)
	}
	p("render errors:         %d", r.Outcomes[outcomeError])
	for _, f := range r.Errors {
		tag := "UNEXPLAINED"
		if f.Explained {
			tag = "documented"
		}
		p("  %4d renders, %d pages (%s): %s (e.g. %s)", f.Renders, len(f.Pages), tag, f.Cause, f.Pages[0])
	}
	if len(r.Problems) > 0 {
		p("unreadable PDFs:       %d", len(r.Problems))
		for _, t := range r.Problems {
			p("        %s, %s: %s", t.Page, t.V, t.Note)
		}
	}
	p("PDF/UA-1 and PDF/A-2u: %d PDFs checked, %d break a rule", r.ConformanceChecked, len(r.Nonconform))
	for _, t := range r.Nonconform {
		p("        %s, %s: %s", t.Page, t.V, t.Note)
	}
	p("")
	p("characters checked:    %d (over every render read back)", r.Checked)
	p("characters lost:")
	for _, c := range causes {
		p("  %8d  %s, on %d pages", r.Lost[c], c, r.LostBy[c])
		if c == causeNoFace && len(r.NoFace) > 0 {
			p("            by script: %s", counts(r.NoFace))
		}
	}
	for _, o := range r.Other {
		from := ""
		if o.From != "" {
			from = " (from " + o.From + ")"
		}
		p("    %s: %s %s%s, %d of %d lost in %d renders: %q", o.Page, o.Char, o.Name, from, o.Lost, o.InArticle, o.Renders, o.Context)
	}
	p("")
	pr := r.Pictures
	p("pictures:              %d in %d articles (%d distinct sources; %d data: URIs, the corpus's own); %d img elements, %d URLs rewritten, %d of them with a declared size, %d relative with no page URL",
		pr.InArticles, pr.Pages, pr.Distinct, pr.Data, pr.Elements, pr.URLs, pr.Sized, pr.Unresolved)
	p("  with pictures:       %d renders: %d placed, %d failed (boxes), %d of them expected", pr.Renders, pr.Placed, pr.Boxes, pr.Planned)
	p("  expected to fail:    %d pictures (%s), in every render of their article", total(pr.Expected), counts(pr.Expected))
	p("  without (%s): %d renders: %d placed, %d boxes", "no --image-hosts", pr.Bare, pr.BarePlace, pr.BareBoxes)
	p("  failed on purpose:   %d pages:", len(pr.Marked))
	for _, m := range pr.Marked {
		p("        %s: %s", m.Page, m.Reason)
	}
	p("  not as planned:      %d renders", len(pr.Mismatches))
	for _, m := range pr.Mismatches[:min(len(pr.Mismatches), 20)] {
		p("        %s, %s: %d in the article, %d placed, %d boxes, %d expected", m.Page, m.V, m.InArticle, m.Placed, m.Boxes, m.Expected)
	}
	p("  image server:        %d requests (%s), %.1f MiB served", total(r.Served), counts(r.Served), float64(r.ServedBytes)/(1<<20))
	p("PDF bytes (%s):  median %s with pictures, %s without; total %s with, %s without",
		pr.BytesVariant, kib(pr.MedianBytes), kib(pr.MedianBareBytes), mib(pr.TotalBytes), mib(pr.TotalBareBytes))
	p("  articles with pictures: median %s with, %s without; total %s with, %s without",
		kib(pr.MedianBytesPics), kib(pr.MedianBareBytesPics), mib(pr.TotalBytesPics), mib(pr.TotalBareBytesPics))
	p("")
	p("median render:         %.0f ms wall, %.0f ms CPU (with pictures)", r.MedianMS, r.MedianCPU)
	if s := r.SlowestCPU; s != nil {
		p("slowest render:        %.0f ms CPU (%.0f ms wall), %s (%s, %d pages)", s.CPU, s.MS, s.Page, s.V, s.Pages)
	}
	if s := r.Slowest; s != nil {
		p("slowest by wall time:  %.0f ms (%.0f ms CPU), %s (%s, %d pages)", s.MS, s.CPU, s.Page, s.V, s.Pages)
	}
	if m := r.MaxRSS; m != nil {
		p("largest peak RSS:      %.1f MiB, %s (%s, %d pages)", float64(m.KiB)/1024, m.Page, m.V, m.Pages)
	}
	if m := r.MaxPages; m != nil {
		p("most pages:            %d, %s (%s)", m.Pages, m.Page, m.V)
	}
	p("renders over %s CPU:  %d", r.cfg.slow, len(r.Slow))
	for _, s := range r.Slow[:min(len(r.Slow), 10)] {
		p("        %.0f ms CPU  %s, %s, %d pages", s.CPU, s.Page, s.V, s.Pages)
	}
	p("renders over %d MiB:    %d", r.cfg.hugeMiB, len(r.Huge))
	for _, s := range r.Huge[:min(len(r.Huge), 10)] {
		p("        %.1f MiB  %s, %s, %d pages", float64(s.KiB)/1024, s.Page, s.V, s.Pages)
	}
	p("")
	if len(r.Failures) == 0 {
		p("result: PASS")
		return
	}
	p("result: FAIL: %s", strings.Join(r.Failures, "; "))
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	sort.Float64s(v)
	return v[len(v)/2]
}

// loadAverage is the machine's 1, 5 and 15 minute load averages: a shared
// machine's wall times are only comparable at a similar load.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func suffix(sep, s string) string {
	if s == "" {
		return ""
	}
	return sep + s
}

// counts writes a map as "k n, k n", largest first.
func counts(m map[string]int) string {
	keys := sortedKeys(m)
	sort.SliceStable(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] })
	parts := make([]string, len(keys))
	for i, k := range keys {
		name := k
		if name == "" {
			name = "(none)"
		}
		parts[i] = fmt.Sprintf("%s %d", name, m[k])
	}
	return strings.Join(parts, ", ")
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func kib(b float64) string { return fmt.Sprintf("%.1f KiB", b/1024) }
func mib(b float64) string { return fmt.Sprintf("%.1f MiB", b/(1<<20)) }
