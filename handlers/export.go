package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"time"

	"pdfexport/export"
	"pdfexport/render"
)

// DefaultMaxExport is the default limit on articles per POST /v1/exports.
const DefaultMaxExport = 200

// exportRequest is the body of POST /v1/exports.
type exportRequest struct {
	IDs   []string `json:"ids"`
	From  string   `json:"from"`
	To    string   `json:"to"`
	Scale float64  `json:"scale"`
	Paper string   `json:"paper"`
}

// exportArchive serves POST /v1/exports: a ZIP of the selected articles'
// PDFs and their manifest, streamed as it is rendered, one article at a time
// in one render slot. A selection larger than the limit is refused before any
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
	var req exportRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if !errors.As(err, &tooBig) {
			err = fmt.Errorf("%w: the selection is not a JSON object with the fields ids, from, to, scale, paper: %v", render.ErrOption, err)
		}
		s.writeProblem(w, r, err)
		return
	}
	o := export.Options{IDs: req.IDs, Render: s.cfg.Render, Workers: 1}
	if req.Scale != 0 {
		if err := render.CheckScale(req.Scale); err != nil {
			s.writeProblem(w, r, err)
			return
		}
		o.Render.Scale = req.Scale
	}
	if req.Paper != "" {
		paper, err := render.ParsePaper(req.Paper)
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		o.Render.Paper = paper.Name
	}
	for _, d := range []struct {
		name, v string
		t       *time.Time
	}{{"from", req.From, &o.From}, {"to", req.To, &o.To}} {
		if d.v == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", d.v)
		if err != nil {
			s.writeProblem(w, r, fmt.Errorf("%w: %s %q is not a date like 2017-01-04", render.ErrOption, d.name, d.v))
			return
		}
		*d.t = t
	}
	n := export.Count(src, o)
	switch {
	case n == 0:
		s.writeProblem(w, r, fmt.Errorf("%w: the selection holds no article", render.ErrOption))
		return
	case n > s.cfg.MaxExportArticles:
		s.writeProblem(w, r, fmt.Errorf("%w: the selection holds %d articles; the limit is %d per request", render.ErrLimit, n, s.cfg.MaxExportArticles))
		return
	}
	release, err := s.limit.acquire(r.Context())
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	defer release()
	o.OnEntry = s.metrics.export.Observe
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="pdfexport.zip"`)
	sum, err := export.Stream(r.Context(), w, src, o)
	s.log.Info("export", requestID(r), "selected", sum.Selected, "rendered", sum.Rendered, "failed", sum.Failed, "bytes", sum.Bytes)
	if err != nil && !errors.Is(err, export.ErrFailed) {
		s.log.Error("export cut short", requestID(r), "error", err)
		panic(http.ErrAbortHandler) // the client must see a broken download, not a short ZIP
	}
}
