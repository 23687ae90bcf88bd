package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// variant is one way of rendering an article.
type variant struct {
	Scale string `json:"scale"`
	Paper string `json:"paper"`
	// NoPictures renders without --image-hosts: every picture fetched from
	// the web is its box, for the bytes the pictures cost.
	NoPictures bool `json:"no_pictures,omitempty"`
}

func (v variant) String() string {
	s := "scale " + v.Scale + ", " + v.Paper
	if v.NoPictures {
		s += ", no pictures"
	}
	return s
}

// The outcomes of a render.
const (
	outcomeOK      = "ok"
	outcomeError   = "error"   // exit status 1 with a message
	outcomeCrash   = "crash"   // a panic, a fatal runtime error or a signal
	outcomeTimeout = "timeout" // killed after the per-render timeout
)

// renderRecord is what one render did.
type renderRecord struct {
	Page      string      `json:"page"`
	variant               // scale and paper
	Outcome   string      `json:"outcome"`
	Exit      int         `json:"exit"`             // exit status; -1 when killed by a signal
	Signal    string      `json:"signal,omitempty"` // the signal that ended it
	Stderr    string      `json:"stderr,omitempty"`
	Cause     string      `json:"cause,omitempty"` // errors: the class of the message; crashes: its signature
	Explained bool        `json:"explained"`       // errors: a documented limit
	WallMS    float64     `json:"wall_ms"`
	CPUMS     float64     `json:"cpu_ms"` // user and system time
	MaxRSSKiB int64       `json:"max_rss_kib"`
	Pages     int         `json:"pages,omitempty"`
	Bytes     int64       `json:"bytes,omitempty"`
	Losses    *losses     `json:"losses,omitempty"`
	Images    *imageCount `json:"images,omitempty"`
	Problem   string      `json:"problem,omitempty"` // the harness could not check the PDF (pdfinfo, pdftotext)
	// Checked against PDF/UA-1 and PDF/A-2u (the first variant of each
	// page), and what broke their rules.
	Checked    bool     `json:"conformance_checked,omitempty"`
	Violations []string `json:"violations,omitempty"`
}

// renderer runs the pdfexport binary, each render through the spawn
// program (see spawn/main.go), so that its peak RSS is its own.
type renderer struct {
	bin     string
	spawn   string
	timeout time.Duration
	images  []string // the flags that let it fetch the image server's pictures
}

// newRenderer renders with svc's binary, fetching pictures from the image
// server at addr (host:port) within imageTimeout each.
func newRenderer(svc *service, timeout time.Duration, addr string) *renderer {
	return &renderer{bin: svc.Binary, spawn: svc.Spawn, timeout: timeout, images: imageFlags(addr)}
}

func imageFlags(addr string) []string {
	return []string{"--image-hosts", addr, "--image-allow-private", "--image-timeout", imageTimeout.String()}
}

// spawnResult is what spawn reports; see spawn.Result.
type spawnResult struct {
	Exit      int     `json:"exit"`
	Signal    string  `json:"signal"`
	MaxRSSKiB int64   `json:"max_rss_kib"`
	WallMS    float64 `json:"wall_ms"`
	CPUMS     float64 `json:"cpu_ms"`
	Error     string  `json:"error"`
}

// render runs `pdfexport render` on the article file in into out and
// classifies what happened.
func (rd *renderer) render(ctx context.Context, in, out string, v variant) renderRecord {
	rec := renderRecord{variant: v}
	ctx, cancel := context.WithTimeout(ctx, rd.timeout)
	defer cancel()
	args := []string{"render", "--scale", v.Scale, "--paper", v.Paper, "--pdfa", "2u"}
	if !v.NoPictures {
		args = append(args, rd.images...)
	}
	res, stderr, err := rd.spawned(ctx, rd.bin, append(args, "-o", out, in)...)
	rec.Stderr = strings.TrimSpace(stderr)
	rec.Exit, rec.Signal, rec.MaxRSSKiB, rec.WallMS, rec.CPUMS = res.Exit, res.Signal, res.MaxRSSKiB, res.WallMS, res.CPUMS
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		rec.Outcome = outcomeTimeout
		rec.Cause = fmt.Sprintf("no result after %s", rd.timeout)
		rec.WallMS = float64(rd.timeout.Milliseconds())
	case err != nil:
		// The render did not run at all: the harness is broken, not the
		// service.
		rec.Outcome = outcomeError
		rec.Cause = "harness: " + err.Error()
	case res.Exit == 0 && res.Signal == "":
		rec.Outcome = outcomeOK
	case isCrash(rec.Stderr, rec.Signal):
		rec.Outcome = outcomeCrash
		rec.Cause = crashSignature(rec.Stderr, rec.Signal)
	default:
		rec.Outcome = outcomeError
		rec.Cause, rec.Explained = errorCause(rec.Stderr)
	}
	return rec
}

// spawned runs a program through spawn, in a process group of its own that
// is killed whole when ctx ends.
func (rd *renderer) spawned(ctx context.Context, prog string, args ...string) (spawnResult, string, error) {
	var res spawnResult
	r, w, err := os.Pipe()
	if err != nil {
		return res, "", err
	}
	defer r.Close()
	cmd := exec.CommandContext(ctx, rd.spawn, append([]string{prog}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.ExtraFiles = []*os.File{w} // file descriptor 3: spawn's report
	// The service's own environment variables would change the render
	// (PDFEXPORT_LANG, …); GOGC and GOMEMLIMIT would change its memory.
	cmd.Env = cleanEnv()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		w.Close()
		return res, "", err
	}
	w.Close()
	report, readErr := io.ReadAll(r)
	waitErr := cmd.Wait()
	if ctx.Err() != nil {
		return res, stderr.String(), nil // the caller reports the timeout
	}
	if readErr != nil || json.Unmarshal(report, &res) != nil {
		return res, stderr.String(), fmt.Errorf("spawn gave no result (%v): %s", waitErr, stderr.String())
	}
	if res.Error != "" {
		return res, stderr.String(), errors.New(res.Error)
	}
	return res, stderr.String(), nil
}

// cleanEnv is the harness's environment without PDFEXPORT_* and the Go
// runtime's memory settings, so every render runs as documented.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PDFEXPORT_") || strings.HasPrefix(kv, "GOGC=") ||
			strings.HasPrefix(kv, "GOMEMLIMIT=") || strings.HasPrefix(kv, "GODEBUG=") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// isCrash reports a render that died rather than failed: a Go panic or
// fatal error (both print a goroutine trace), or a signal.
func isCrash(stderr, signal string) bool {
	return signal != "" || strings.Contains(stderr, "panic: ") ||
		strings.Contains(stderr, "fatal error: ") || strings.Contains(stderr, "goroutine ")
}

var (
	hexAddr    = regexp.MustCompile(`0x[0-9a-f]+`)
	frameLine  = regexp.MustCompile(`^(pdfexport/.+)\([^()]*\)$`)
	sliceRange = regexp.MustCompile(`\[[0-9:]+\]`)
	sizes      = regexp.MustCompile(`(index|length|len|cap) -?[0-9]+`)
)

// crashSignature names a crash by its message and the innermost frame in
// pdfexport's own code, so that one bug met on many pages is one class.
func crashSignature(stderr, signal string) string {
	msg := ""
	for _, line := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: ") {
			msg = line
			break
		}
	}
	if msg == "" {
		msg = "killed by " + signal
	}
	// Bounds and addresses vary from page to page; the bug does not.
	msg = sliceRange.ReplaceAllString(msg, "[…]")
	msg = sizes.ReplaceAllString(msg, "$1 N")
	msg = hexAddr.ReplaceAllString(msg, "0x…")
	for _, line := range strings.Split(stderr, "\n") {
		if m := frameLine.FindStringSubmatch(line); m != nil {
			return msg + " in " + m[1]
		}
	}
	return msg
}

// errorCause classifies the message of a render that returned an error,
// and says whether the README documents it as a limit.
func errorCause(stderr string) (cause string, explained bool) {
	switch {
	case strings.Contains(stderr, "too many pages"):
		return "too many pages (README Limits: --max-pages, 500)", true
	case strings.Contains(stderr, "limit exceeded") && strings.Contains(stderr, "characters"):
		return "too many characters (README Limits: --max-chars)", true
	case strings.Contains(stderr, "pdf: library failure"):
		return "PDF library failure: " + firstLine(stderr), false
	case strings.Contains(stderr, "invalid article"):
		return "article refused: " + firstLine(stderr), false
	}
	return "other: " + firstLine(stderr), false
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	s = strings.TrimPrefix(s, "pdfexport: ")
	// Drop the input file's path, which names the page, not the cause.
	if i := strings.Index(s, ".json: "); i >= 0 {
		s = s[i+len(".json: "):]
	}
	const most = 160
	if len(s) > most {
		s = s[:most] + "…"
	}
	return s
}

// pdfPages asks pdfinfo for the PDF's page count.
func pdfPages(ctx context.Context, path string) (int, error) {
	out, err := exec.CommandContext(ctx, "pdfinfo", path).Output()
	if err != nil {
		return 0, fmt.Errorf("pdfinfo: %w", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			return strconv.Atoi(strings.TrimSpace(v))
		}
	}
	return 0, errors.New("pdfinfo: no page count")
}

// pdfText is the PDF's text in content-stream order (pdftotext -raw), which
// keeps the hyphens that end lines.
func pdfText(ctx context.Context, path string) (string, error) {
	out, err := exec.CommandContext(ctx, "pdftotext", "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		return "", fmt.Errorf("pdftotext: %w", err)
	}
	return string(out), nil
}

// pdfImages counts the pictures drawn in the PDF (pdfimages -list: one row
// per picture drawn, its soft mask a row of its own).
func pdfImages(ctx context.Context, path string) (int, error) {
	out, err := exec.CommandContext(ctx, "pdfimages", "-list", path).Output()
	if err != nil {
		return 0, fmt.Errorf("pdfimages: %w", err)
	}
	return countImages(string(out)), nil
}

func countImages(list string) int {
	n := 0
	for _, line := range strings.Split(list, "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[2] == "image" {
			if _, err := strconv.Atoi(f[0]); err == nil {
				n++
			}
		}
	}
	return n
}
