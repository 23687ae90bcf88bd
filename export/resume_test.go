package export

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"pdfexport/images"
	"pdfexport/render"
	"pdfexport/source"
)

// folder writes article files into a new folder and opens it.
func folder(t *testing.T, files map[string]string) (string, *source.Archive) {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a, err := source.Dir(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	return dir, a
}

const (
	// ownRights carries its own rights line and language; plain has neither.
	ownRights = "4 January 2017\n\nOwn rights\n\nA standfirst\n\nThe body of an article that has its own rights line.\n\n© Own Rights Ltd"
	plain     = `{"title": "Plain", "published": "2018-02-03", "body": ["The body of an article without a rights line or a language."]}`
)

// TestResumeReRendersWhatChanged checks that a resumed export keeps a PDF
// only when nothing that determines it changed: the options, the article,
// the renderer.
func TestResumeReRendersWhatChanged(t *testing.T) {
	dir, _ := folder(t, map[string]string{"own.txt": ownRights, "plain.json": plain})
	out := t.TempDir()
	export := func(o render.Options) []string {
		t.Helper()
		a, err := source.Dir(dir, nil) // opened again, as each run of the command does
		if err != nil {
			t.Fatal(err)
		}
		var r renders
		sum, err := Run(context.Background(), a, Options{Out: out, Render: o, Renderer: r.render})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rendered+sum.Skipped != 2 || sum.Rendered != len(r.got()) {
			t.Errorf("summary %+v, %d renders", sum, len(r.got()))
		}
		return r.got()
	}
	both := []string{"Own rights", "Plain"}
	steps := []struct {
		what string
		o    render.Options
		edit func()
		want []string
	}{
		{"first run", render.Options{}, nil, both},
		{"same options", render.Options{}, nil, nil},
		{"the default scale spelt out", render.Options{Scale: 1, Paper: "A4"}, nil, nil},
		{"another scale", render.Options{Scale: 1.5}, nil, both},
		{"another paper", render.Options{Scale: 1.5, Paper: "letter"}, nil, both},
		{"another publication", render.Options{Scale: 1.5, Paper: "letter", Publication: "Other"}, nil, both},
		// The article with its own rights line keeps its PDF.
		{"another rights line", render.Options{Scale: 1.5, Paper: "letter", Publication: "Other", Rights: "© Other"}, nil, []string{"Plain"}},
		{"another default language", render.Options{Scale: 1.5, Paper: "letter", Publication: "Other", Rights: "© Other", Lang: "fr"}, nil, both},
		{"an article edited", render.Options{Scale: 1.5, Paper: "letter", Publication: "Other", Rights: "© Other", Lang: "fr"}, func() {
			os.WriteFile(filepath.Join(dir, "plain.json"), []byte(strings.Replace(plain, "The body", "The edited body", 1)), 0o644)
		}, []string{"Plain"}},
		{"an edit that changes nothing", render.Options{Scale: 1.5, Paper: "letter", Publication: "Other", Rights: "© Other", Lang: "fr"}, func() {
			os.WriteFile(filepath.Join(dir, "own.txt"), []byte(ownRights+"\n\n"), 0o644)
		}, nil},
	}
	for _, s := range steps {
		if s.edit != nil {
			s.edit()
		}
		if got := export(s.o); !slices.Equal(got, s.want) {
			t.Errorf("%s: rendered %q, want %q", s.what, got, s.want)
		}
	}
	// Every line of a rendered article says what it was made with (the
	// language is the one detected in the text).
	entries := manifestOf(t, out)
	last := entries[len(entries)-1]
	if last.RenderKey == "" || last.Renderer != render.Version || last.Options == nil ||
		*last.Options != (MadeWith{Scale: 1.5, Paper: "letter", Publication: "Other", Rights: "© Other", Lang: "en"}) {
		t.Errorf("the last line does not say what its PDF was made with: %+v %+v", last, last.Options)
	}
}

// TestResumeReRendersOldManifests checks that lines written before render
// keys existed are not trusted: their PDFs may have been made with other
// options.
func TestResumeReRendersOldManifests(t *testing.T) {
	_, a := folder(t, map[string]string{"own.txt": ownRights, "plain.json": plain})
	out := t.TempDir()
	if _, err := Run(context.Background(), a, Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	var old []string
	for _, e := range manifestOf(t, out) {
		e.Options, e.Renderer, e.RenderKey = nil, "", ""
		line, _ := jsonLine(e)
		old = append(old, line)
	}
	os.WriteFile(filepath.Join(out, ManifestName), []byte(strings.Join(old, "")), 0o644)
	var r renders
	sum, err := Run(context.Background(), a, Options{Out: out, Renderer: r.render})
	if err != nil || sum.Rendered != 2 || sum.Skipped != 0 {
		t.Errorf("resuming an old manifest: %+v %v, want both articles rendered again", sum, err)
	}
}

// TestMovedArticleLeavesNoOldPDF checks that an article whose date changed,
// and so its folder, does not leave its earlier PDF behind.
func TestMovedArticleLeavesNoOldPDF(t *testing.T) {
	dir, a := folder(t, map[string]string{"plain.json": plain})
	out := t.TempDir()
	if _, err := Run(context.Background(), a, Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "plain.json"), []byte(strings.Replace(plain, "2018-02-03", "2019-03-04", 1)), 0o644)
	a, _ = source.Dir(dir, nil)
	if _, err := Run(context.Background(), a, Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "2018", "02", "plain.pdf")); err == nil {
		t.Error("the earlier PDF was left behind")
	}
	if _, err := os.Stat(filepath.Join(out, "2019", "03", "plain.pdf")); err != nil {
		t.Error(err)
	}
}

func TestOwnFile(t *testing.T) {
	for file, want := range map[string]bool{
		"2024/05/x.pdf": true, "undated/x.pdf": true,
		"../x.pdf": false, "2024/05/../../x.pdf": false, "/etc/x.pdf": false, "2024/13/x.pdf": false,
		"2024/5/x.pdf": false, "other/x.pdf": false, "2024/05/y.pdf": false, "x.pdf": false,
	} {
		if ownFile("x", file) != want {
			t.Errorf("ownFile(x, %q) = %v", file, !want)
		}
	}
}

// A PDF with a picture missing is exported, its manifest line counts and
// names the failure, and it has no render key: a resumed export renders it
// again (the picture may be there by then), while one that was whole is
// kept.
func TestResumeRetriesMissingPictures(t *testing.T) {
	const withFigure = `{"title": "Harbour", "published": "2019-05-06",
		"html": "<p>The harbour at dawn.</p><figure><img src=\"harbour.jpg\" alt=\"Boats\"><figcaption>Boats.</figcaption></figure>"}`
	dir, _ := folder(t, map[string]string{"harbour.json": withFigure, "plain.json": plain})
	out := t.TempDir()
	run := func() (Summary, []Entry) {
		t.Helper()
		a, err := source.Dir(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		o := Options{Out: out, Render: render.Options{Images: images.NewLoader(images.Options{}), ImageDir: a.Files()}}
		sum, err := Run(context.Background(), a, o)
		if err != nil {
			t.Fatal(err)
		}
		return sum, manifestOf(t, out)
	}
	sum, entries := run()
	if sum.Rendered != 2 || sum.Failed != 0 {
		t.Fatalf("first run: %+v", sum)
	}
	var harbour *Entry
	for i := range entries {
		if entries[i].ID == "harbour" {
			harbour = &entries[i]
		}
	}
	if harbour == nil || harbour.ImagesFailed != 1 || harbour.RenderKey != "" || len(harbour.ImageErrors) != 1 || !strings.Contains(harbour.ImageErrors[0], "harbour.jpg") {
		t.Fatalf("the manifest line of the article with a missing picture: %+v", harbour)
	}
	// The picture arrives; the next run renders that article again, and
	// only that one.
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 300, 200)), nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "harbour.jpg"), jpg.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if sum, _ = run(); sum.Rendered != 1 || sum.Skipped != 1 || sum.Failed != 0 {
		t.Errorf("second run: %+v; want the article with the missing picture rendered again, the other kept", sum)
	}
}
