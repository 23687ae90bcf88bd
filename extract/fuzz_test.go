package extract

import (
	"errors"
	"testing"

	"pdfexport/article"
)

// FuzzPage: whatever the page, Page returns a valid article or an error
// that says what kind of failure it is, the same for the same page, and
// does not panic. A panic inside trafilatura is turned into errLibrary (the
// service survives it); one in this package's own code fails.
func FuzzPage(f *testing.F) {
	for _, fx := range fixtures {
		f.Add(readFixture(f, fx.name))
	}
	f.Add(readFixture(f, "login"))
	f.Add([]byte(page(`<figure><img src="a.jpg"><figcaption>A</figcaption></figure><table><caption>T</caption><tr><td>1</td></tr></table><blockquote>Q<cite>C</cite></blockquote>`)))
	f.Add([]byte(page(`<p><a href="b.png"><img src="b-300x200.png"></a></p><img src="pdfexport-image-3.png">`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Page(data, nil)
		switch {
		case err == nil:
			if verr := a.Validate(); verr != nil {
				t.Fatalf("an invalid article: %v", verr)
			}
		case errors.Is(err, errLibrary):
			t.Logf("trafilatura failed: %v", err)
			return
		case !errors.Is(err, article.ErrEmpty) && !errors.Is(err, article.ErrInvalid):
			t.Fatalf("an error of no kind: %v", err)
		}
		b, err2 := Page(data, nil)
		if (err == nil) != (err2 == nil) || err == nil && dump(a) != dump(b) {
			t.Fatalf("two extractions differ: %v / %v", err, err2)
		}
	})
}
