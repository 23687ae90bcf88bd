package render

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"

	"pdfexport/article"
	"pdfexport/render/layout"
)

// ETag identifies the PDF that Render would write for a and o, without
// rendering it: a hash of the article, the options as Render resolves them,
// and the renderer's Version. Output is deterministic, so equal ETags mean
// equal bytes. The result is a quoted strong entity tag.
func ETag(a *article.Article, o Options) (string, error) {
	lo, err := o.layoutOptions(a)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	enc := json.NewEncoder(h)
	if err := enc.Encode(struct {
		Version string
		Article *article.Article
		Options layout.Options
	}{Version, a, lo}); err != nil {
		return "", err
	}
	return `"` + base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:18]) + `"`, nil
}
