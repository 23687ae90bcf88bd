package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"pdfexport/internal/fixture"
	"pdfexport/internal/pdftest"
)

func runCmd(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func TestRenderFileToStdout(t *testing.T) {
	out, _, err := runCmd(t, "", "render", "--scale", "1.5", "--paper", "letter", fixture.SamplePath())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "%PDF-") {
		t.Fatalf("standard output is not a PDF: %.20q", out)
	}
	if text := pdftest.Text(t, []byte(out), 1); !strings.Contains(text, "The illusions of Moscow-Tokyo") {
		t.Errorf("page 1 lacks the title:\n%s", text)
	}
}

func TestRenderStdinToFile(t *testing.T) {
	data, err := os.ReadFile(fixture.SamplePath())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	out, _, err := runCmd(t, string(data), "render", "-o", path, "-")
	if err != nil || out != "" {
		t.Fatalf("err %v, stdout %q", err, out)
	}
	pdf, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("%s: %v", path, err)
	}
	// JSON on standard input is recognised by its first character.
	json := `{"title": "From JSON", "body": ["One paragraph."]}`
	if _, _, err := runCmd(t, json, "render", "-o", path); err != nil {
		t.Fatal(err)
	}
	if text := pdftest.Text(t, mustRead(t, path), 1); !strings.Contains(text, "From JSON") {
		t.Errorf("JSON article not rendered:\n%s", text)
	}
}

// TestRenderANSStory: an Arc XP ANS story is recognised too (by its
// content_elements), from a file or standard input.
func TestRenderANSStory(t *testing.T) {
	ans := `{"type":"story","_id":"X","headlines":{"basic":"From ANS"},"credits":{"by":[{"type":"author","name":"Anna Vogel"}]},` +
		`"content_elements":[{"type":"header","level":2,"content":"A heading"},{"type":"text","content":"One <b>paragraph</b>."},{"type":"custom_embed"}]}`
	path := filepath.Join(t.TempDir(), "story.json")
	if err := os.WriteFile(path, []byte(ans), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"render", path}, {"render", "-"}} {
		out, _, err := runCmd(t, ans, args...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		text := pdftest.Text(t, []byte(out), 1)
		for _, want := range []string{"From ANS", "Anna Vogel", "A heading", "One paragraph."} {
			if !strings.Contains(text, want) {
				t.Errorf("%v: page 1 lacks %q:\n%s", args, want, text)
			}
		}
	}
	// An ANS story's errors are the ANS parser's.
	if _, _, err := runCmd(t, `{"type":"story","content_elements":[]}`, "render", "-"); err == nil || !strings.Contains(err.Error(), "no headline") {
		t.Errorf("an ANS story without a headline: %v", err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRenderFailureKeepsExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCmd(t, "", "render", "-o", path, "-")
	if err == nil {
		t.Fatal("rendering an empty input succeeded")
	}
	if got := string(mustRead(t, path)); got != "previous" {
		t.Errorf("the existing file was overwritten with %q", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestCommandLineErrors(t *testing.T) {
	for _, c := range []struct {
		args  []string
		stdin string
		usage bool
		want  string
	}{
		{nil, "", true, "no command"},
		{[]string{"bogus"}, "", true, "unknown command"},
		{[]string{"render", "--scale", "3"}, "x", true, "0.5 to 2.5"},
		{[]string{"render", "--scale", "abc"}, "x", true, "not a number"},
		{[]string{"render", "--paper", "a5"}, "x", true, "a4 or letter"},
		{[]string{"render", "--nope"}, "", true, "flag provided but not defined"},
		{[]string{"render", "a", "b"}, "", true, "one input file"},
		{[]string{"render", "/does/not/exist.txt"}, "", false, "no such file"},
		{[]string{"render", "-"}, "   \n\n", false, "empty"},
		{[]string{"render", "-"}, "{\"title\": 5}", false, "must be a string"},
		{[]string{"serve", "extra"}, "", true, "no arguments"},
		{[]string{"serve", "--max-body", "0"}, "", true, "positive"},
		{[]string{"serve", "--articles", "/does/not/exist"}, "", false, "no such file"},
		// The article source: one of three, each checked before anything runs.
		{[]string{"serve", "--articles", "/tmp", "--wordpress", "https://news.example"}, "", true, "one of --articles, --wordpress and --source-url"},
		{[]string{"export", "--out", "/tmp/x", "--wordpress", "https://news.example", "--source-url", "https://cms.example/{id}"}, "", true, "one of --articles"},
		{[]string{"serve", "--wordpress", "news.example"}, "", true, "absolute http or https URL"},
		{[]string{"serve", "--wordpress", "https://editor:pw@news.example"}, "", true, "must not hold credentials"},
		{[]string{"serve", "--wordpress", "https://news.example", "--wordpress-user", "editor"}, "", true, "together"},
		{[]string{"serve", "--wordpress", "https://news.example", "--wordpress-user", "editor", "--wordpress-password-file", "/does/not/exist"}, "", false, "no such file"},
		{[]string{"serve", "--wordpress-lang", "ar"}, "", true, "need --wordpress"},
		{[]string{"serve", "--wordpress", "https://news.example", "--wordpress-lang", "not a tag"}, "", true, "wordpress-lang"},
		{[]string{"serve", "--source-url", "https://cms.example/api/articles"}, "", true, "{id} once"},
		{[]string{"serve", "--source-url", "https://cms.example/{id}", "--source-timeout", "0s"}, "", true, "positive"},
	} {
		_, _, err := runCmd(t, c.stdin, c.args...)
		if err == nil {
			t.Errorf("%q: no error", c.args)
			continue
		}
		if errors.Is(err, errUsage) != c.usage || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err %q (usage error: %v), want %q (usage error: %v)", c.args, err, errors.Is(err, errUsage), c.want, c.usage)
		}
	}
}

func TestHelp(t *testing.T) {
	out, _, err := runCmd(t, "", "help")
	if err != nil || !strings.Contains(out, "pdfexport serve") {
		t.Errorf("help: %v %q", err, out)
	}
	_, stderr, err := runCmd(t, "", "render", "-h")
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(stderr, "-scale") || !strings.Contains(stderr, "PDFEXPORT_") {
		t.Errorf("render -h: %v %q", err, stderr)
	}
}

func TestEnvironmentConfiguresFlags(t *testing.T) {
	t.Setenv("PDFEXPORT_MAX_BODY", "lots")
	_, _, err := runCmd(t, "", "serve", "--addr", "127.0.0.1:0")
	if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "PDFEXPORT_MAX_BODY") {
		t.Errorf("a bad environment value: %v", err)
	}
	t.Setenv("PDFEXPORT_MAX_BODY", "100")
	t.Setenv("PDFEXPORT_RIGHTS", "© Env Rights Line")
	var fs = newFlagSet("serve", io.Discard)
	maxBody := fs.Int64("max-body", 5, "")
	rights := fs.String("rights", "", "")
	addr := fs.String("addr", "", "")
	if err := fs.Parse([]string{"--addr", "x"}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PDFEXPORT_ADDR", "from-env")
	if err := applyEnv(fs); err != nil {
		t.Fatal(err)
	}
	if *maxBody != 100 || *rights != "© Env Rights Line" || *addr != "x" {
		t.Errorf("max-body %d, rights %q, addr %q: the environment must fill flags not given on the command line", *maxBody, *rights, *addr)
	}
}

// TestServeAndShutDown runs the real server on a free port, fetches a PDF,
// then cancels the context as SIGTERM would and expects a clean exit.
func TestServeAndShutDown(t *testing.T) {
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--addr", addr}, nil, io.Discard, io.Discard) }()
	waitUp(t, "http://"+addr+"/healthz")
	resp, err := http.Get(fmt.Sprintf("http://%s/v1/articles/illusions-of-moscow-tokyo-rapprochement.pdf", addr))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Errorf("GET: %d %.40q", resp.StatusCode, body)
	}
	// serve listens through the API's capped listener (--max-conns), which
	// counts the connections it holds: at least this request's own.
	resp, err = http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if m := regexp.MustCompile(`(?m)^pdfexport_connections ([0-9]+)$`).FindSubmatch(metrics); m == nil || string(m[1]) == "0" {
		t.Errorf("pdfexport_connections is %q: serve does not listen through the connection cap", m)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after shutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after the context was cancelled")
	}
}

// TestShutdownFinishesInFlightRenders starts the real server, keeps it busy
// with more renders than it has slots, and shuts it down as SIGTERM would:
// /readyz turns 503 during the drain delay, then new connections are refused,
// and every request already accepted completes with its whole PDF.
func TestShutdownFinishesInFlightRenders(t *testing.T) {
	// Forty times the sample: each render takes a good part of a second, so
	// the renders outlast the drain delay and are in flight when the
	// listener closes.
	long := fixture.Tenfold(fixture.Sample(t))
	var paragraphs []string
	for range 4 {
		paragraphs = append(paragraphs, long.Paragraphs()...)
	}
	body, err := json.Marshal(map[string]any{"title": long.Title, "body": paragraphs})
	if err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		// The limits are far above what the renders need, so that a slow or
		// busy machine (the race detector makes them ten times slower)
		// cannot turn a render into a 503: only the shutdown is under test.
		done <- run(ctx, []string{"serve", "--addr", addr, "--max-renders", "2", "--max-queue", "16", "--queue-wait", "5m",
			"--render-timeout", "5m", "--write-timeout", "11m", "--shutdown-delay", "400ms", "--shutdown-timeout", "10m"}, nil, io.Discard, io.Discard)
	}()
	base := "http://" + addr
	waitUp(t, base+"/healthz")

	const n = 8
	type result struct {
		status int
		pdf    []byte
		err    error
	}
	results := make(chan result, n)
	client := &http.Client{Timeout: 12 * time.Minute}
	for i := range n {
		go func() {
			url := fmt.Sprintf("%s/v1/render?scale=%.2f", base, 1.5+float64(i)/20) // distinct: no sharing, no cache
			resp, err := client.Post(url, "application/json", bytes.NewReader(body))
			if err != nil {
				results <- result{err: err}
				return
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			results <- result{resp.StatusCode, b, err}
		}()
	}
	time.Sleep(200 * time.Millisecond) // the renders are under way, most of them queued
	cancel()                           // SIGTERM
	readyFailed := false
	for i := 0; i < 20 && !readyFailed; i++ { // within the drain delay
		if resp, err := client.Get(base + "/readyz"); err == nil {
			readyFailed = resp.StatusCode == http.StatusServiceUnavailable
			resp.Body.Close()
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !readyFailed {
		t.Error("/readyz did not answer 503 during the drain delay")
	}
	completed, lost := 0, 0
	for range n {
		r := <-results
		if r.err != nil || r.status != 200 || !bytes.HasPrefix(r.pdf, []byte("%PDF-")) || !bytes.Contains(r.pdf[len(r.pdf)-32:], []byte("%%EOF")) {
			lost++
			t.Errorf("an in-flight request was lost: status %d, %d bytes, %v", r.status, len(r.pdf), r.err)
			continue
		}
		completed++
	}
	t.Logf("in-flight requests at shutdown: %d completed, %d lost", completed, lost)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v, want a clean exit", err)
		}
	case <-time.After(11 * time.Minute):
		t.Fatal("serve did not stop")
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Error("the server still accepts connections after shutdown")
	}
}

// freeAddr returns a loopback address with a port nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitUp(t *testing.T, url string) {
	t.Helper()
	for i := 0; i < 200; i++ {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s did not come up", url)
}

func TestExportCommand(t *testing.T) {
	out := t.TempDir()
	ids := filepath.Join(t.TempDir(), "ids.txt")
	os.WriteFile(ids, []byte("# two articles\nlyon-night-trains\n\nathens-water-reform\n"), 0o644)
	_, stderr, err := runCmd(t, "", "export", "--out", out, "--ids", ids, "--scale", "1.25")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "2 selected: 2 rendered") {
		t.Errorf("summary: %s", stderr)
	}
	manifest, _ := os.ReadFile(filepath.Join(out, "manifest.jsonl"))
	if strings.Count(string(manifest), "\n") != 2 {
		t.Errorf("manifest:\n%s", manifest)
	}
	// Metrics: left in a file at the end, served while running.
	prom := filepath.Join(t.TempDir(), "export.prom")
	_, stderr, err = runCmd(t, "", "export", "--out", t.TempDir(), "--metrics-file", prom, "--metrics-addr", "127.0.0.1:0",
		"--shard", "0/1", "lyon-night-trains", "no-such-article")
	text, _ := os.ReadFile(prom)
	if err == nil || !strings.Contains(stderr, "metrics at http://127.0.0.1:") ||
		!strings.Contains(string(text), `pdfexport_export_articles_total{outcome="rendered"} 1`) ||
		!strings.Contains(string(text), `pdfexport_export_articles_total{outcome="failed"} 1`) {
		t.Errorf("metrics file after a run with one failure (%v):\n%s\n%s", err, stderr, text)
	}
	// A part of a sharded export says which part it is.
	_, _, _ = runCmd(t, "", "export", "--out", t.TempDir(), "--metrics-file", prom, "--shard", "0/2")
	if text, _ := os.ReadFile(prom); !strings.Contains(string(text), `shard="0/2"`) {
		t.Errorf("a part's metrics file does not name its part:\n%s", text)
	}
	// A metrics file that cannot be written fails the run, but not the export.
	kept := t.TempDir()
	_, _, err = runCmd(t, "", "export", "--out", kept, "--metrics-file", filepath.Join(kept, "no", "such", "x.prom"), "lyon-night-trains")
	if err == nil || !strings.Contains(err.Error(), "writing metrics") {
		t.Errorf("unwritable metrics file: %v", err)
	}
	if m, _ := os.ReadFile(filepath.Join(kept, "manifest.jsonl")); !strings.Contains(string(m), "lyon-night-trains") {
		t.Errorf("the export was lost with the metrics file: manifest %q", m)
	}
	// The render limits apply to each article: one over them fails in the
	// manifest, with the limit named, and the run fails.
	limited := t.TempDir()
	_, _, err = runCmd(t, "", "export", "--out", limited, "--max-chars", "2000", "lyon-night-trains")
	if m, _ := os.ReadFile(filepath.Join(limited, "manifest.jsonl")); err == nil || !strings.Contains(string(m), "the limit is 2000") {
		t.Errorf("--max-chars 2000: %v, manifest %q", err, m)
	}
	// An unknown ID fails the run (exit status 1), after the others are exported.
	_, _, err = runCmd(t, "", "export", "--out", t.TempDir(), "lyon-night-trains", "no-such-article")
	if err == nil || errors.Is(err, errUsage) || !strings.Contains(err.Error(), "1 of 2") {
		t.Errorf("an unknown ID: %v", err)
	}
	// A Kubernetes Indexed Job's pod takes its part from the environment.
	t.Setenv("JOB_COMPLETION_INDEX", "0")
	if _, stderr, err := runCmd(t, "", "export", "--out", t.TempDir(), "--shards", "16"); err != nil || strings.Contains(stderr, "16 selected") {
		t.Errorf("shard 0 of 16: %v %s", err, stderr)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"export"}, "--out is required"},
		{[]string{"export", "--out", out, "--from", "2024-13-01"}, "not a date"},
		{[]string{"export", "--out", out, "--shard", "4/4"}, "0 ≤ i < n"},
		{[]string{"export", "--out", out}, "give the number of parts with --shards"},
		{[]string{"export", "--out", out, "--scale", "9"}, "0.5 to 2.5"},
		{[]string{"export", "--out", out, "--shards", "2", "--metrics-addr", "no-port"}, "-metrics-addr"},
	} {
		_, _, err := runCmd(t, "", c.args...)
		if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want a usage error about %q", c.args, err, c.want)
		}
	}
}

func TestVersion(t *testing.T) {
	out, _, err := runCmd(t, "", "version")
	if err != nil || !strings.HasPrefix(out, "pdfexport ") || !strings.Contains(out, "renderer pdfexport-") {
		t.Errorf("version: %q %v", out, err)
	}
}

func TestOneShotMemory(t *testing.T) {
	gc := debug.SetGCPercent(100)
	debug.SetGCPercent(gc)
	limit := debug.SetMemoryLimit(-1)
	restore := func() { debug.SetGCPercent(gc); debug.SetMemoryLimit(limit) }
	defer restore()
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	oneShotMemory()
	if old := debug.SetGCPercent(100); old != -1 {
		t.Errorf("GOGC after oneShotMemory = %d, want off", old)
	}
	if limit := debug.SetMemoryLimit(-1); limit != oneShotLimit {
		t.Errorf("memory limit = %d, want %d", limit, oneShotLimit)
	}
	debug.SetGCPercent(100)
	t.Setenv("GOGC", "50") // the environment wins
	oneShotMemory()
	if old := debug.SetGCPercent(100); old != 100 {
		t.Errorf("with GOGC set, oneShotMemory changed GOGC to %d", old)
	}
}

// TestRenderLimits checks that render applies the page and character limits
// the server applies, and that they can be raised.
func TestRenderLimits(t *testing.T) {
	in := fixture.SamplePath()
	for _, c := range []struct {
		args []string
		want string // "" for success
	}{
		{[]string{"--max-pages", "2"}, "the limit is 2"},
		{[]string{"--max-chars", "1000"}, "the limit is 1000"},
		{[]string{"--max-pages", "3", "--max-chars", "100000"}, ""},
	} {
		_, _, err := runCmd(t, "", append(append([]string{"render", "-o", filepath.Join(t.TempDir(), "x.pdf")}, c.args...), in)...)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%v: %v", c.args, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%v: err = %v, want %q", c.args, err, c.want)
		}
	}
}

// TestRenderSavedPage: a file named .html is a whole web page, whose
// article is extracted; its picture saved beside it is found.
func TestRenderSavedPage(t *testing.T) {
	dir := t.TempDir()
	page := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ferry returns | Harbour News</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Ferry returns after twelve years</h1>
<p>The overnight ferry between Helsinki and Tallinn will sail again from the first of June, twelve years after the last night crossing was cut for lack of passengers.</p>
<p>The operator says the slow timetable is the point: passengers sleep in a cabin and wake in the Old Town in time for breakfast, two hours before the first fast ferry.</p>
</article><footer>© 2024 Harbour News</footer></body></html>`
	path := filepath.Join(dir, "ferry.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "ferry.pdf")
	if _, _, err := runCmd(t, "", "render", "-o", out, path); err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, mustRead(t, out), 1)
	if !strings.Contains(text, "Ferry returns after twelve years") || strings.Contains(text, "DOCTYPE") || strings.Contains(text, "Home News") {
		t.Errorf("page 1 is not the extracted article:\n%s", text)
	}
}
