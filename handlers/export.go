package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"pdfexport/article"
	"pdfexport/export"
	"pdfexport/render"
	"pdfexport/source"
)

// DefaultMaxExport is the default limit on articles per POST /v1/exports.
const DefaultMaxExport = 200

// maxSelectionBytes bounds the body of POST /v1/exports (or MaxBodyBytes,
// when smaller): a selection of DefaultMaxExport IDs of the longest kind
// takes 41 KB.
const maxSelectionBytes = 1 << 20

// errSelection marks a POST /v1/exports body that is not a selection the
// route can use: malformed or trailing JSON, unknown fields, values of the
// wrong type or out of range, a selection of nothing. Like an article body
// that is not an article, it is answered 422.
var errSelection = errors.New("invalid selection")

// exportRequest is the body of POST /v1/exports.
type exportRequest struct {
	IDs   []string `json:"ids"`
	From  string   `json:"from"`
	To    string   `json:"to"`
	Scale float64  `json:"scale"`
	Paper string   `json:"paper"`
	PDFA  *string  `json:"pdfa"` // absent: PDF/A-2u, an archive's format
}

// exportPatience is how long an export over HTTP waits for a CMS that
// cannot be reached (export.Options.Patience).
const exportPatience = 10 * time.Second

// exportArchive serves POST /v1/exports: a ZIP of the selected articles'
// PDFs and their manifest, streamed as it is rendered, one article at a time
// in one render slot. Exports have their own share of the slots (at most
// Config.MaxExports at once), so that they never take every slot from the
// site's buttons; each article gets the render timeout and counts in the
// in-flight gauge. A selection larger than the limit is refused before any
// work; a failure after the first bytes cuts the download, so a client never
// mistakes a partial ZIP for a whole one.
func (s *Server) exportArchive(w http.ResponseWriter, r *http.Request) {
	src, ok := s.cfg.Source.(export.Source)
	if !ok {
		s.writeProblem(w, r, fmt.Errorf("%w: the article source cannot export", errInternal))
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		s.writeProblem(w, r, fmt.Errorf("%w: send the selection as application/json", errMediaType))
		return
	}
	data, release, err := s.readBody(w, r, min(s.cfg.MaxBodyBytes, maxSelectionBytes))
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	o, err := s.selection(r.Context(), src, data)
	release() // what the export needs is in o, at most MaxExportArticles IDs
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	done, err := s.exports.acquire(r.Context())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	defer done()
	slot, err := s.limit.acquire(r.Context())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	defer slot()
	o.Workers = 1 // the one slot it holds
	// A moment's failure of the CMS is waited out, briefly: the client is
	// waiting for the next bytes of its download.
	o.Patience = exportPatience
	o.Renderer = s.exportRenderer(r)
	o.OnEntry = s.metrics.export.Observe
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="pdfexport.zip"`)
	sum, err := export.Stream(r.Context(), w, src, o)
	s.log.Info("export", requestID(r), "selected", sum.Selected, "rendered", sum.Rendered, "failed", sum.Failed, "bytes", sum.Bytes)
	switch {
	case err == nil, errors.Is(err, export.ErrFailed):
	case r.Context().Err() != nil:
		s.metrics.errors.WithLabelValues(reasonCanceled).Inc()
		s.log.Info("client went away during an export", requestID(r), "error", err)
		panic(http.ErrAbortHandler)
	default:
		s.log.Error("export cut short", requestID(r), "error", err)
		panic(http.ErrAbortHandler) // the client must see a broken download, not a short ZIP
	}
}

// selection reads the body of POST /v1/exports into export options. It
// follows the rule of POST /v1/render's body: an empty body is a 400, and a
// body that is not a usable selection is a 422 (errSelection), whatever is
// wrong with it; too many articles is a 413.
func (s *Server) selection(ctx context.Context, src export.Source, data []byte) (export.Options, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return export.Options{}, fmt.Errorf("%w: the body is empty; send a selection such as {\"ids\": [\"an-article\"]}", article.ErrEmpty)
	}
	var req exportRequest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return export.Options{}, fmt.Errorf("%w: the body is not a JSON object with the fields ids, from, to, scale, paper, pdfa: %v", errSelection, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return export.Options{}, fmt.Errorf("%w: unexpected data after the JSON object", errSelection)
	}
	o := export.Options{IDs: unique(req.IDs), Render: s.cfg.Render}
	if req.Scale != 0 {
		if err := render.CheckScale(req.Scale); err != nil {
			return o, selectionError(err)
		}
		o.Render.Scale = req.Scale
	}
	if req.Paper != "" {
		paper, err := render.ParsePaper(req.Paper)
		if err != nil {
			return o, selectionError(err)
		}
		o.Render.Paper = paper.Name
	}
	o.Render.PDFA = export.DefaultPDFA
	if req.PDFA != nil {
		if strings.TrimSpace(*req.PDFA) == "" {
			// An archive's export without PDF/A says so: "none".
			return o, fmt.Errorf("%w: pdfa is empty; use 1b, 2u, 3u or none", errSelection)
		}
		pdfa, err := render.ParsePDFA(*req.PDFA)
		if err != nil {
			return o, selectionError(err)
		}
		o.Render.PDFA = pdfa
	}
	var err error
	if o.From, o.To, err = render.ParseDateRange(req.From, req.To); err != nil {
		return o, selectionError(err)
	}
	if err := o.Check(); err != nil {
		return o, fmt.Errorf("%w: %s", errSelection, strings.TrimPrefix(err.Error(), export.ErrSelection.Error()+": "))
	}
	n, err := export.Count(ctx, src, o)
	switch {
	case errors.Is(err, source.ErrNoListing):
		return o, fmt.Errorf("%w: the article source has no listing, so it cannot select by date; select articles by ID", errSelection)
	case err != nil:
		return o, err
	case n == 0:
		return o, fmt.Errorf("%w: the selection holds no article", errSelection)
	case n > s.cfg.MaxExportArticles:
		return o, fmt.Errorf("%w: the selection holds %d articles; the limit is %d per request", render.ErrLimit, n, s.cfg.MaxExportArticles)
	}
	return o, nil
}

// selectionError rewords an option's error as one of the selection.
func selectionError(err error) error {
	return fmt.Errorf("%w: %s", errSelection, strings.TrimPrefix(err.Error(), render.ErrOption.Error()+": "))
}

// unique drops repeated IDs, keeping the first of each, so that what an
// export keeps while it runs is bounded by the number of articles it may
// select, not by the size of its body.
func unique(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// exportRenderer renders an export's articles as the PDF routes render
// (renderWithin); an article's duration is observed from its manifest
// entry, by ExportMetrics. The render slot is the export's, taken once for
// the whole export.
func (s *Server) exportRenderer(r *http.Request) export.RenderFunc {
	return func(ctx context.Context, w io.Writer, a *article.Article, o render.Options) (render.Result, error) {
		res, _, err := s.renderWithin(ctx, w, a, o, originExport)
		if errors.Is(err, context.DeadlineExceeded) && r.Context().Err() == nil {
			err = fmt.Errorf("the PDF took longer to render than the server allows (%s): %w", s.cfg.RenderTimeout, err)
		}
		return res, err
	}
}
