package render

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"pdfexport/article"
	"pdfexport/extract"
	"pdfexport/images"
	"pdfexport/internal/fixture"
)

// preflightJars is the class path of Apache PDFBox's Preflight as Debian
// installs it (libpdfbox2-java, with the two jars it needs on Java 17).
var preflightJars = []string{
	"/usr/share/java/preflight.jar", "/usr/share/java/pdfbox2.jar", "/usr/share/java/xmpbox.jar",
	"/usr/share/java/fontbox2.jar", "/usr/share/java/commons-logging.jar",
	"/usr/share/java/javax.activation.jar", "/usr/share/java/jaxb-api.jar",
}

// preflight validates PDF/A-1b files with PDFBox's Preflight, all in one
// run of Java, and returns what it said of each file that is not valid.
// It skips without Java or the jars, except under CI.
func preflight(t *testing.T, files []string) map[string]string {
	t.Helper()
	java, err := exec.LookPath("java")
	for _, j := range preflightJars {
		if err == nil {
			_, err = os.Stat(j)
		}
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PDFBox Preflight is required under CI (Debian's default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java, see .ci/run): %v", err)
		}
		t.Skipf("PDFBox Preflight not installed: %v", err)
	}
	list := filepath.Join(t.TempDir(), "list.txt")
	if err := os.WriteFile(list, []byte(strings.Join(files, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(java, "-cp", strings.Join(preflightJars, ":"), "org.apache.pdfbox.preflight.Validator_A1b", "group", list)
	var out bytes.Buffer
	cmd.Stdout = &out // its log on stderr is noise
	err = cmd.Run()
	// One paragraph per file: "The file X is a valid PDF/A-1b file", or
	// "The file X is not valid, error(s) :" and the errors.
	bad := map[string]string{}
	valid := 0
	for _, para := range strings.Split(out.String(), "The file ") {
		name, rest, ok := strings.Cut(para, " ")
		if !ok {
			continue
		}
		if strings.HasPrefix(rest, "is a valid PDF/A-1b file") {
			valid++
			continue
		}
		bad[name] = strings.TrimSpace(rest)
	}
	if valid+len(bad) != len(files) || (err != nil && len(bad) == 0) {
		t.Fatalf("Preflight judged %d files of %d (%v):\n%s", valid+len(bad), len(files), err, out.String())
	}
	return bad
}

// fixtures are the articles every conformance test renders: the sample
// archive, the pinned articles, the HTML and saved-page fixtures, and one
// with what PDF/A-1 forbids most easily (colour emoji and a picture with
// an alpha channel, both transparent).
func conformanceFixtures(t *testing.T) map[string]*article.Article {
	t.Helper()
	all := fixture.All(t)
	pins, _ := filepath.Glob("testdata/pins/*.json")
	for _, p := range pins {
		all["pins-"+strings.TrimSuffix(filepath.Base(p), ".json")] = fixture.Load(t, p)
	}
	pages, _ := filepath.Glob("../extract/testdata/*.html")
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		a, err := extract.Page(data, nil)
		if err != nil {
			continue // a page that is no article (a login form) is a test of its own
		}
		all["page-"+strings.TrimSuffix(filepath.Base(p), ".html")] = a
	}
	all["transparent"] = transparentArticle(t)
	return all
}

// transparentArticle has colour emoji and a figure whose PNG is half
// transparent, as a data: URI.
func transparentArticle(t *testing.T) *article.Article {
	im := image.NewNRGBA(image.Rect(0, 0, 120, 80))
	for y := range 80 {
		for x := range 120 {
			im.SetNRGBA(x, y, color.NRGBA{R: uint8(x * 2), G: 90, B: uint8(y * 3), A: uint8(40 + x)})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, im); err != nil {
		t.Fatal(err)
	}
	src := "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
	return &article.Article{
		Title: "Transparency 🎉", Lang: "en",
		Body: []article.Block{
			article.Para("A party 🎉🥳 with a cup of tea ☕ and a flag 🇺🇦."),
			{Kind: article.Figure, Figure: &article.FigureData{Images: []article.Image{{Src: src, Alt: "A gradient, half transparent"}}, Caption: []article.Run{{Text: "A picture with an alpha channel."}}}},
		},
	}
}

// Every fixture rendered as PDF/A-1b is valid for PDFBox's Preflight, the
// one PDF/A validator Debian has.
func TestPDFA1bPreflight(t *testing.T) {
	dir := t.TempDir()
	all := conformanceFixtures(t)
	ids := make([]string, 0, len(all))
	for id := range all {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var files []string
	for _, id := range ids {
		for _, scale := range []float64{1, MaxScale} {
			var buf bytes.Buffer
			if _, err := Render(context.Background(), &buf, all[id], Options{Scale: scale, PDFA: "1b", Images: images.NewLoader(images.Options{})}); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			f := filepath.Join(dir, fmt.Sprintf("%s-%g.pdf", id, scale))
			if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
	}
	for name, why := range preflight(t, files) {
		t.Errorf("%s is not valid PDF/A-1b:\n%s", name, why)
	}
}
