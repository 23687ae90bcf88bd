package handlers

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
)

// An export is PDF/A-2u unless its body names another part, and its
// manifest says which it is.
func TestExportPDFAPart(t *testing.T) {
	s := exportServer(t, nil)
	for _, c := range []struct{ body, want string }{
		{`{"ids": ["lyon-night-trains"]}`, "2u"},
		{`{"ids": ["lyon-night-trains"], "pdfa": "1b"}`, "1b"},
		{`{"ids": ["lyon-night-trains"], "pdfa": "none"}`, ""},
	} {
		rec := serve(t, s, req(http.MethodPost, "/v1/exports", c.body, "application/json"))
		if rec.Code != 200 {
			t.Fatalf("%s: status %d: %s", c.body, rec.Code, rec.Body.String())
		}
		zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			if f.Name != "manifest.jsonl" {
				continue
			}
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			var line struct {
				Options struct {
					PDFA string `json:"pdfa"`
				} `json:"options"`
			}
			if err := json.Unmarshal(bytes.TrimSpace(b), &line); err != nil || line.Options.PDFA != c.want {
				t.Errorf("%s: manifest %s (%v); want pdfa %q", c.body, b, err, c.want)
			}
		}
	}
}
