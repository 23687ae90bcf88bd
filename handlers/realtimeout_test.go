package handlers

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestRenderTimeoutStopsTheRealRenderer holds the render timeout with the
// real renderer, not a fake that obeys its context: one paragraph of a
// megabyte takes a second or more to set, far past the 50 ms allowed, so a
// render that was not given the deadline, or did not heed it, would end in a
// PDF, not in a 503, and keep its slot meanwhile (a 200 KB body once held
// one for minutes). That the renderer stops inside the paragraph, not after
// it, is render/layout's TestCancelStopsMidParagraph.
func TestRenderTimeoutStopsTheRealRenderer(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.Renderer = nil // render.Render
		c.RenderTimeout = 50 * time.Millisecond
		c.MaxBodyBytes = 2 << 20
	})
	body := "One long paragraph\n\n" + strings.Repeat("a ", 500_000)
	rec := serve(t, f.srv, req(http.MethodPost, "/v1/render", body, "text/plain"))
	checkProblem(t, rec, http.StatusServiceUnavailable, "longer to render")
	if n := len(f.srv.limit.slots); n != 0 {
		t.Errorf("%d render slots still taken after the timeout's answer", n)
	}
}
