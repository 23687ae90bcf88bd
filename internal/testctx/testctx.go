// Package testctx helps tests of cancellation and blocking without a clock:
// a context that is done after it has been asked a given number of times, so
// a test can cancel a render in the middle of a paragraph, a pagination or a
// PDF, deterministically; and a bound on calls that must not block.
package testctx

import (
	"context"
	"sync"
	"testing"
	"time"
)

// Checks is a context that reports itself cancelled from the (n+1)th call of
// Err on; Done is closed at the same moment. Calls counts how often it was
// asked, so a test can see that the code under test kept checking.
type Checks struct {
	mu    sync.Mutex
	left  int
	calls int
	done  chan struct{}
}

// AfterChecks returns a context that is cancelled after n calls of Err.
func AfterChecks(n int) *Checks { return &Checks{left: n, done: make(chan struct{})} }

// Err returns nil for the first n calls, then context.Canceled.
func (c *Checks) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	if c.left > 0 {
		c.left--
		return nil
	}
	select {
	case <-c.done:
	default:
		close(c.done)
	}
	return context.Canceled
}

// Calls reports how many times Err was called.
func (c *Checks) Calls() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls
}

// Done is closed once Err has reported the cancellation.
func (c *Checks) Done() <-chan struct{} { return c.done }

// Deadline reports no deadline.
func (c *Checks) Deadline() (time.Time, bool) { return time.Time{}, false }

// Value has no values.
func (c *Checks) Value(any) any { return nil }

// Within returns what f returns, and fails the test if f has not returned
// within a generous bound (20 s): for tests whose rule is that something
// does not block (a named pipe, an endless input), so that a bug fails fast
// instead of hanging the test binary until go test's own timeout. It is a
// bound on a hang, not a timing assertion.
func Within[T any](t testing.TB, what string, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(20 * time.Second):
		t.Fatalf("%s did not return", what)
		panic("unreachable")
	}
}
