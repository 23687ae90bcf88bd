package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryFlagIsChecked gives every command each kind of bad value for
// each of its flags, on the command line and through the environment, and
// expects a usage error (exit status 2) that says what is wrong, before any
// work starts.
func TestEveryFlagIsChecked(t *testing.T) {
	out := t.TempDir()
	badIDs := filepath.Join(t.TempDir(), "ids.txt")
	os.WriteFile(badIDs, []byte("# fine\nlyon-night-trains\nnot an id\n"), 0o644)
	type flagCase struct {
		args []string
		env  map[string]string
		want string
	}
	common := func(cmd string, extra ...string) []flagCase {
		a := func(args ...string) []string { return append(append([]string{cmd}, extra...), args...) }
		return []flagCase{
			{a("--publication", "two\nlines"), nil, "single line"},
			{a("--rights", "a \x01 control"), nil, "single line"},
			{a("--lang", "english please"), nil, "language tag"},
			{a(), map[string]string{"PDFEXPORT_LANG": "en_GB"}, "language tag"},
			{a(), map[string]string{"PDFEXPORT_RIGHTS": "line\r"}, "single line"},
			{a("--image-hosts", "https://images.example.org"), nil, "no scheme or path"},
			{a("--image-hosts", "example.org/photos"), nil, "no scheme or path"},
			{a("--image-hosts", "example.org:99999"), nil, "1 to 65535"},
			{a(), map[string]string{"PDFEXPORT_IMAGE_HOSTS": "user@example.org"}, "no scheme or path"},
			{a("--image-timeout", "0s"), nil, "positive"},
			{a("--image-dpi", "50"), nil, "at least 72"},
			{a("--max-images", "-1"), nil, "not be negative"},
			{a("--image-decode-memory", "1000"), nil, "at least 1048576"},
			{a("--image-cache", "-1"), nil, "not be negative"},
		}
	}
	cases := []flagCase{
		// serve
		{[]string{"serve", "--addr", "nonsense"}, nil, "host:port"},
		{[]string{"serve", "--addr", ":99999"}, nil, "port"},
		{[]string{"serve", "--max-body", "0"}, nil, "positive"},
		{[]string{"serve", "--max-body", "2MiB"}, nil, "whole number"},
		{[]string{"serve", "--max-renders", "0"}, nil, "positive"},
		{[]string{"serve", "--max-queue", "-1"}, nil, "not be negative"},
		{[]string{"serve", "--queue-wait", "0s"}, nil, "positive"},
		{[]string{"serve", "--queue-wait", "5"}, nil, "duration"},
		{[]string{"serve", "--render-timeout", "-1s"}, nil, "positive"},
		{[]string{"serve", "--cache-bytes", "lots"}, nil, "whole number"},
		{[]string{"serve", "--cache-max-age", "-5m"}, nil, "not be negative"},
		{[]string{"serve", "--cors-origins", "www.example.org"}, nil, "not an origin"},
		{[]string{"serve", "--cors-origins", "https://www.example.org/"}, nil, "not an origin"},
		{[]string{"serve", "--cors-origins", "https://ok.example.org,https://WWW.example.org"}, nil, "not an origin"},
		{[]string{"serve", "--cors-origins", "https://www.example.org:443"}, nil, "not an origin"},
		{[]string{"serve", "--token", "two words"}, nil, "bearer token"},
		{[]string{"serve"}, map[string]string{"PDFEXPORT_TOKEN": "s3cret\n"}, "trailing newline"},
		{[]string{"serve", "--max-export", "0"}, nil, "positive"},
		{[]string{"serve", "--max-exports", "-1"}, nil, "not be negative"},
		{[]string{"serve", "--max-reader-pages", "-1"}, nil, "not be negative"},
		{[]string{"serve", "--max-conns", "0"}, nil, "positive"},
		{[]string{"serve", "--body-budget", "-1"}, nil, "not be negative"},
		{[]string{"serve", "--response-budget", "0"}, nil, "positive"},
		{[]string{"serve"}, map[string]string{"PDFEXPORT_MAX_CONNS": "many"}, "whole number"},
		{[]string{"serve", "--shutdown-timeout", "0s"}, nil, "positive"},
		{[]string{"serve", "--shutdown-delay", "-1s"}, nil, "not be negative"},
		{[]string{"serve", "--read-header-timeout", "0s"}, nil, "positive"},
		{[]string{"serve", "--read-timeout", "0s"}, nil, "positive"},
		{[]string{"serve", "--write-timeout", "0s"}, nil, "positive"},
		{[]string{"serve", "--idle-timeout", "0s"}, nil, "positive"},
		{[]string{"serve", "--max-pages", "0"}, nil, "positive"},
		{[]string{"serve", "--max-chars", "-1"}, nil, "positive"},
		{[]string{"serve"}, map[string]string{"PDFEXPORT_MAX_RENDERS": "0"}, "PDFEXPORT_MAX_RENDERS"},
		{[]string{"serve"}, map[string]string{"PDFEXPORT_WRITE_TIMEOUT": "-1s"}, "positive"},
		// render
		{[]string{"render", "--scale", "0"}, nil, "0.5 to 2.5"},
		{[]string{"render", "--scale", "1e0"}, nil, "not a number"},
		{[]string{"render", "--paper", "a5"}, nil, "a4 or letter"},
		{[]string{"render", "--pdfa", "2b"}, nil, "1b, 2u, 3u or none"},
		{[]string{"serve"}, map[string]string{"PDFEXPORT_PDFA": "4u"}, "1b, 2u, 3u or none"},
		{[]string{"render", "--max-input", "0"}, nil, "positive"},
		{[]string{"render", "--max-input", "16M"}, nil, "whole number"},
		{[]string{"render", "--max-pages", "0"}, nil, "positive"},
		{[]string{"export", "--out", out, "--max-chars", "0"}, nil, "positive"},
		{[]string{"render", "--max-chars", "-5"}, nil, "positive"},
		{[]string{"render"}, map[string]string{"PDFEXPORT_MAX_INPUT": "-1"}, "positive"},
		// export
		{[]string{"export", "--out", out, "--workers", "0"}, nil, "positive"},
		{[]string{"export", "--out", out, "--workers", "-1"}, nil, "positive"},
		{[]string{"export", "--out", out}, map[string]string{"PDFEXPORT_WORKERS": "-1"}, "positive"},
		{[]string{"export", "--out", out}, map[string]string{"PDFEXPORT_WORKERS": "0"}, "positive"},
		{[]string{"export", "--out", out, "--from", "2024-02-30"}, nil, "not a date"},
		{[]string{"export", "--out", out, "--to", "yesterday"}, nil, "not a date"},
		{[]string{"export", "--out", out, "--from", "2024-05-01", "--to", "2024-04-30"}, nil, "holds no day"},
		{[]string{"export", "--out", out, "--shard", "2/2"}, nil, "0 ≤ i < n"},
		{[]string{"export", "--out", out, "--shards", "0"}, nil, "positive"},
		{[]string{"export", "--out", out, "--shards", "4"}, nil, "JOB_COMPLETION_INDEX, which is not set"},
		{[]string{"export", "--out", out, "--shard", "0/2", "--shards", "2"}, nil, "not both"},
		{[]string{"export", "--out", out, "--scale", "2.6"}, nil, "0.5 to 2.5"},
		{[]string{"export", "--out", out, "--paper", "legal"}, nil, "a4 or letter"},
		{[]string{"export", "--out", out, "--pdfa", "pdf/a-2u"}, nil, "1b, 2u, 3u or none"},
		{[]string{"export", "--out", out, "--metrics-addr", "9090"}, nil, "host:port"},
		{[]string{"export", "--out", out, "lyon-night-trains", "../etc/passwd"}, nil, "argument 2"},
		{[]string{"export", "--out", out, "--ids", badIDs}, nil, "line 3"},
		{[]string{"export", "--out", out, "--from", "2024-01-01", "lyon-night-trains"}, nil, "not both"},
		{[]string{"export"}, nil, "--out is required"},
	}
	cases = append(cases, common("serve")...)
	cases = append(cases, common("render")...)
	cases = append(cases, common("export", "--out", out)...)
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			// Cancelled already: a command that wrongly accepts its flags
			// stops at once (serve shuts down, export is interrupted)
			// instead of running, and the test fails without hanging.
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			err := run(ctx, c.args, strings.NewReader(""), io.Discard, io.Discard)
			if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%v (env %v): %v, want a usage error about %q", c.args, c.env, err, c.want)
			}
			if err != nil && strings.Contains(err.Error(), "s3cret") {
				t.Errorf("the error shows the token: %v", err)
			}
		})
	}
	if des, _ := os.ReadDir(out); len(des) != 0 {
		t.Errorf("a refused export wrote %v", des)
	}
}

// TestGoodFlagsAreAccepted keeps the checks from refusing what is right.
func TestGoodFlagsAreAccepted(t *testing.T) {
	fs := newFlagSet("t", nil)
	var o originsValue
	var a addrValue
	fs.Var(&o, "o", "")
	fs.Var(&a, "a", "")
	rf := addRenderFlags(fs)
	err := fs.Parse([]string{"-o", "https://www.example.org, http://localhost:3000", "-a", "localhost:http",
		"-lang", "pt-BR", "-rights", "© Someone\tElse", "-publication", ""})
	if err != nil || len(o.list) != 2 || rf.lang.s != "pt-BR" || checkToken("abc-DEF_123.~+/=") != nil {
		t.Errorf("%v %q %+v", err, o.list, rf)
	}
	if opts := rf.options(); opts.Publication != "" || opts.Rights != "© Someone\tElse" {
		t.Errorf("options %+v", opts)
	}
}
