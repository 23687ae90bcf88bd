//go:build unix

package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pdfexport/internal/testctx"
)

// TestRenderStopsMidParagraph checks that Ctrl-C or SIGTERM (main turns both
// into the context's cancellation) reaches a render of one long paragraph,
// which used to ignore SIGTERM until the paragraph was set: the context here
// is cancelled after 20 checks, which the read and the first block pass, so
// the cancellation comes while the paragraph of a megabyte is being broken
// into lines (render/layout's TestCancelStopsMidParagraph shows that the
// breaker stops there). The render must fail, leave no file, and stop
// asking soon after.
func TestRenderStopsMidParagraph(t *testing.T) {
	in := filepath.Join(t.TempDir(), "long.txt")
	body := strings.Repeat("Russia and Japan fail again to make peace over four islands off Hokkaido. ", 14_000)
	if err := os.WriteFile(in, []byte("One paragraph\n\n"+body), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out.pdf")
	ctx := testctx.AfterChecks(20)
	err := testctx.Within(t, "render of a cancelled paragraph", func() error {
		return run(ctx, []string{"render", "-o", out, in}, nil, io.Discard, io.Discard)
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a cancelled render left %s: %v", out, err)
	}
	if n := ctx.Calls(); n > 25 {
		t.Errorf("the context was asked %d times: the render went on after it was cancelled", n)
	}
}
