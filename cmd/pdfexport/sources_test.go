package main

import (
	"bytes"
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An application password for a WordPress over plain http, on another
// machine, is warned about in the log; on this machine it is not (the
// fixture WordPress is http on loopback).
func TestPlainHTTPPasswordWarns(t *testing.T) {
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("abcd efgh\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for site, warn := range map[string]bool{
		"http://news.example": true, "https://news.example": false, "http://127.0.0.1:8765": false, "http://localhost": false,
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		sf := addSourceFlags(fs)
		if err := fs.Parse([]string{"--wordpress", site, "--wordpress-user", "editor", "--wordpress-password-file", pw}); err != nil {
			t.Fatal(err)
		}
		var log bytes.Buffer
		if _, _, _, err := sf.open(slog.New(slog.NewTextHandler(&log, nil))); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(log.String(), "plain http"); got != warn {
			t.Errorf("%s: warned %v, want %v\n%s", site, got, warn, log.String())
		}
	}
}
