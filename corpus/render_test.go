package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"pdfexport/article"
)

func TestErrorCause(t *testing.T) {
	tests := []struct {
		stderr    string
		cause     string
		explained bool
	}{
		{"pdfexport: limit exceeded: too many pages: the article needs 612 pages at scale 2.5; the limit is 500",
			"too many pages (README Limits: --max-pages, 500)", true},
		{"pdfexport: limit exceeded: the article has 2000001 characters; the limit is 2000000",
			"too many characters (README Limits: --max-chars)", true},
		{"pdfexport: pdf: library failure: runtime error: index out of range",
			"PDF library failure: pdf: library failure: runtime error: index out of range", false},
		{"pdfexport: /tmp/x/articles/page.json: invalid article: the article has no title",
			"article refused: invalid article: the article has no title", false},
		{"pdfexport: something new", "other: something new", false},
	}
	for _, tt := range tests {
		cause, explained := errorCause(tt.stderr)
		if cause != tt.cause || explained != tt.explained {
			t.Errorf("errorCause(%q) = %q, %v; want %q, %v", tt.stderr, cause, explained, tt.cause, tt.explained)
		}
	}
}

func TestCrashSignature(t *testing.T) {
	// One bug met on two pages is one class: bounds and addresses vary.
	trace := func(bounds string) string {
		return "panic: runtime error: slice bounds out of range " + bounds + "\n\ngoroutine 1 [running]:\n" +
			"pdfexport/render/layout.(*shaper).wordBreaks(0x3a796425f500, {0x3a79642a0f20, 0x1d}, 0xb0000)\n" +
			"\t/src/render/layout/text.go:492 +0xaff\nmain.main()\n"
	}
	a, b := crashSignature(trace("[23:3]"), ""), crashSignature(trace("[9:4]"), "")
	want := "panic: runtime error: slice bounds out of range […] in pdfexport/render/layout.(*shaper).wordBreaks"
	if a != want || b != want {
		t.Errorf("signatures\n%q\n%q\nwant %q", a, b, want)
	}
	if got := crashSignature("", "killed"); got != "killed by killed" {
		t.Errorf("signal: %q", got)
	}
	if !isCrash("fatal error: out of memory", "") || isCrash("pdfexport: invalid article", "") {
		t.Error("isCrash")
	}
}

// TestRenderOutcomes runs the renderer, through spawn, on stand-ins for the
// pdfexport binary that succeed, fail, panic, die of a signal or hang.
func TestRenderOutcomes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds spawn")
	}
	dir := t.TempDir()
	spawn := filepath.Join(dir, "spawn")
	if out, err := exec.Command("go", "build", "-o", spawn, "./spawn").CombinedOutput(); err != nil {
		t.Fatalf("building spawn: %v\n%s", err, out)
	}
	script := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Without spawn, every child would report at least this process's
	// peak, raised here well above a shell's.
	ballast := make([]byte, 128<<20)
	for i := range ballast {
		ballast[i] = 1
	}
	defer runtime.KeepAlive(ballast)
	tests := []struct {
		name, body, outcome, cause string
	}{
		{"ok", "exit 0", outcomeOK, ""},
		{"error", "echo 'pdfexport: limit exceeded: too many pages: the article needs 501 pages' >&2; exit 1", outcomeError, "too many pages (README Limits: --max-pages, 500)"},
		{"panic", "printf 'panic: boom\\n\\ngoroutine 1 [running]:\\n' >&2; exit 2", outcomeCrash, "panic: boom"},
		{"signal", "kill -SEGV $$", outcomeCrash, "killed by segmentation fault"},
		{"hang", "sleep 30", outcomeTimeout, "no result after 300ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd := &renderer{bin: script(tt.name, tt.body), spawn: spawn, timeout: 300 * time.Millisecond}
			start := time.Now()
			rec := rd.render(context.Background(), "in.json", "out.pdf", variant{Scale: "1", Paper: "a4"})
			if rec.Outcome != tt.outcome || rec.Cause != tt.cause {
				t.Errorf("outcome %q, cause %q; want %q, %q (stderr %q)", rec.Outcome, rec.Cause, tt.outcome, tt.cause, rec.Stderr)
			}
			if time.Since(start) > 10*time.Second {
				t.Errorf("took %s: the hung program was not killed", time.Since(start))
			}
			if tt.outcome != outcomeTimeout && (rec.MaxRSSKiB <= 0 || rec.MaxRSSKiB > 64<<10) {
				t.Errorf("peak RSS %d KiB: not the shell's own", rec.MaxRSSKiB)
			}
			if strings.Contains(rec.Stderr, "spawn:") {
				t.Errorf("spawn failed: %s", rec.Stderr)
			}
		})
	}
}

// TestRenderWithPictures renders an article through the pdfexport binary
// of the parent module, its pictures fetched from the image server: the
// pictures that can be had are drawn, the others (a 404, a truncated JPEG,
// an SVG) are boxes, and the text comes back whole.
func TestRenderWithPictures(t *testing.T) {
	if testing.Short() {
		t.Skip("builds pdfexport")
	}
	for _, tool := range []string{"pdfinfo", "pdftotext", "pdfimages"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s: %v", tool, err)
		}
	}
	dir := t.TempDir()
	cfg := &config{timeout: time.Minute}
	svc, err := prepareService(context.Background(), cfg, dir)
	if err != nil {
		t.Fatal(err)
	}
	pics := serve(t)
	at := func(path string) string { return "http://" + pics.Addr + "/img/" + path }
	js := `{"title":"Night boats","url":"https://example.org/boats","html":"<p>The crossing takes eleven hours.</p>` +
		`<figure><img src='` + at("900x600/ok/example.org/ferry.jpg") + `' alt='The ferry'><figcaption>At the quay.</figcaption></figure>` +
		`<p><img src='` + at("400x300/ok/example.org/map.png") + `' alt='The route'></p>` +
		`<p><img src='` + at("400x300/404/example.org/gone.jpg") + `' alt='Gone'></p>` +
		`<p><img src='` + at("400x300/truncated/example.org/cut.jpg") + `' alt='Cut'></p>` +
		`<p><img src='` + at("64x64/ok/example.org/logo.svg") + `'></p><p>The end.</p>"}`
	a, err := article.ParseJSON([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "a.json")
	if err := os.WriteFile(in, []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	plan := planImages(a, pics.Addr)
	h := &harness{cfg: cfg}
	rd := newRenderer(svc, time.Minute, pics.Addr)
	for _, v := range []variant{{Scale: "1", Paper: "a4"}, {Scale: "1", Paper: "a4", NoPictures: true}} {
		out := filepath.Join(dir, "a.pdf")
		rec := rd.render(context.Background(), in, out, v)
		if rec.Outcome != outcomeOK {
			t.Fatalf("%s: %s %s: %s", v, rec.Outcome, rec.Cause, rec.Stderr)
		}
		h.check(context.Background(), &rec, out, newLedger(a), plan)
		want := imageCount{InArticle: 5, Placed: 2, Boxes: 3, Expected: 3}
		if v.NoPictures {
			want = imageCount{InArticle: 5, Placed: 0, Boxes: 5, Expected: 5}
		}
		if rec.Images == nil || *rec.Images != want || rec.Problem != "" {
			t.Errorf("%s: pictures %+v, want %+v (%s)", v, rec.Images, want, rec.Problem)
		}
		if rec.Losses == nil || rec.Losses.Missing != 0 {
			t.Errorf("%s: losses %+v", v, rec.Losses)
		}
	}
}
