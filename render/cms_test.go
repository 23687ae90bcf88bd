package render

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"pdfexport/article"
	"pdfexport/images"
	"pdfexport/internal/pdftest"
)

// placeholderServer answers every path with a picture: a PNG for a .png
// path, else a JPEG, of the size its name says ("-1024x683.jpg") or
// 1200×800, so that a CMS's markup can be rendered with its pictures
// without the pictures themselves.
func placeholderServer(t *testing.T) *httptest.Server {
	t.Helper()
	size := regexp.MustCompile(`-(\d{2,4})x(\d{2,4})\.[a-z]+$`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wd, ht := 1200, 800
		if m := size.FindStringSubmatch(r.URL.Path); m != nil {
			wd, _ = strconv.Atoi(m[1])
			ht, _ = strconv.Atoi(m[2])
		}
		im := image.NewRGBA(image.Rect(0, 0, wd, ht))
		for y := range ht {
			for x := range wd {
				im.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(len(r.URL.Path)), 255})
			}
		}
		if path.Ext(r.URL.Path) == ".png" {
			png.Encode(w, im)
			return
		}
		jpeg.Encode(w, im, &jpeg.Options{Quality: 80})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// localise points every http(s) picture of a at srv, keeping its host and
// path in the new path.
func localise(a *article.Article, srv *httptest.Server) int {
	n := 0
	fix := func(b *article.Block) {
		if b == nil || b.Figure == nil {
			return
		}
		for i, im := range b.Figure.Images {
			if u, err := url.Parse(im.Src); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
				b.Figure.Images[i].Src = srv.URL + "/" + u.Host + u.Path
				n++
			}
		}
	}
	fix(a.Lead)
	for i := range a.Body {
		fix(&a.Body[i])
	}
	return n
}

// letters counts the letters and digits of s: what a reader must find in
// the PDF whatever the line breaks, hyphens and page furniture.
func letters(s string) map[rune]int {
	out := map[rune]int{}
	for _, r := range pdftest.Normalize(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			out[unicode.ToLower(r)]++
		}
	}
	return out
}

// The three CMS fixtures (WordPress blocks, Ghost cards, a news site's
// story body), mapped from their HTML and rendered with their pictures
// served locally: every picture is drawn (pdfimages counts one image per
// distinct source, and none is a box), and the text layer holds every
// letter of every block's text, caption, citation, cell and note
// (pdftotext), a pull quote that repeats the body excepted.
func TestCMSFixturesRoundTrip(t *testing.T) {
	srv := placeholderServer(t)
	u, _ := url.Parse(srv.URL)
	loader := images.NewLoader(images.Options{Hosts: []string{u.Host}, AllowPrivate: true})
	for _, name := range []string{"wordpress", "ghost", "arc"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile("../article/testdata/html/" + name + ".html")
			if err != nil {
				t.Fatal(err)
			}
			base, _ := url.Parse("https://example.org/2024/05/article/")
			blocks, _, err := article.ParseHTMLBody(data, base)
			if err != nil {
				t.Fatal(err)
			}
			a := &article.Article{Title: "A " + name + " article", Lang: "en", Body: blocks}
			remote := localise(a, srv)
			pdf, res := renderPDF(t, a, Options{Images: loader})
			if res.ImagesFailed() > 0 {
				t.Errorf("%d pictures failed: %+v", res.ImagesFailed(), res.Images)
			}
			var drawn []pdftest.Image
			for _, im := range pdftest.Images(t, pdf) {
				if im.Type == "image" {
					drawn = append(drawn, im)
				}
			}
			if len(res.Images) == 0 || len(drawn) < len(res.Images) || remote == 0 {
				t.Errorf("%d picture sources (%d remote), %d images drawn", len(res.Images), remote, len(drawn))
			}
			text := pdftest.Text(t, pdf, 0)
			if strings.Contains(text, "Image unavailable") {
				t.Error("a picture is drawn as its box")
			}
			var want strings.Builder
			for _, b := range a.Body {
				if b.Kind == article.PullQuote {
					continue // decorative when the body has it
				}
				fmt.Fprintln(&want, b.Text())
				for _, r := range b.Cite {
					fmt.Fprintln(&want, r.Text)
				}
				if f := b.Figure; f != nil {
					for _, r := range f.Caption {
						fmt.Fprintln(&want, r.Text)
					}
					fmt.Fprintln(&want, f.Credit)
				}
				if tb := b.Table; tb != nil {
					for _, r := range tb.Caption {
						fmt.Fprintln(&want, r.Text)
					}
					for _, row := range tb.Rows {
						for _, c := range row.Cells {
							fmt.Fprintln(&want, article.Block{Runs: c.Runs}.Text())
						}
					}
				}
				if e := b.Embed; e != nil {
					fmt.Fprintln(&want, e.Provider, e.Title, e.URL)
				}
				fmt.Fprintln(&want, b.Label)
			}
			got := letters(text)
			var lost []string
			for r, n := range letters(want.String()) {
				if got[r] < n {
					lost = append(lost, fmt.Sprintf("%q×%d", r, n-got[r]))
				}
			}
			if len(lost) > 0 {
				t.Errorf("letters of the article missing from the PDF's text: %v", lost)
			}
			if bytes.Count(pdf, []byte("/Subtype /Image")) == 0 {
				t.Error("no image XObject in the PDF")
			}
		})
	}
}
