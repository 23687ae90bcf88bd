package handlers

import (
	"log/slog"
	"net/http"
	"time"
)

// Timeouts bound a connection's phases (see http.Server).
type Timeouts struct {
	ReadHeader time.Duration // slow-loris protection: the request line and headers
	Read       time.Duration // the whole request, body included
	Write      time.Duration // from the end of the headers to the end of the response
	Idle       time.Duration // between requests on a kept-alive connection
}

// DefaultTimeouts suit a render budget of DefaultQueueWait plus
// DefaultRenderTimeout: a response is always written before the write
// timeout closes the connection.
//
// Idle keep-alives are closed after 30 s: a browser reuses its connection
// within seconds, and each idle one holds a file descriptor and about
// 20 KiB. Behind a load balancer that pools connections, set it above the
// balancer's own idle timeout (65 s behind one of 60 s), so that the
// balancer, not the server, closes them first.
var DefaultTimeouts = Timeouts{ReadHeader: 5 * time.Second, Read: 30 * time.Second, Write: 60 * time.Second, Idle: 30 * time.Second}

// HTTPServer returns an http.Server for the API on addr with the given
// timeouts (zero fields take DefaultTimeouts), logging server errors to the
// API's log. Serve it on a listener from Listen, which caps the
// connections.
func (s *Server) HTTPServer(addr string, t Timeouts) *http.Server {
	or := func(d, def time.Duration) time.Duration {
		if d > 0 {
			return d
		}
		return def
	}
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: or(t.ReadHeader, DefaultTimeouts.ReadHeader),
		ReadTimeout:       or(t.Read, DefaultTimeouts.Read),
		WriteTimeout:      or(t.Write, DefaultTimeouts.Write),
		IdleTimeout:       or(t.Idle, DefaultTimeouts.Idle),
		MaxHeaderBytes:    64 << 10,
		ConnState:         s.conns.track, // which connections are idle, for Listen's cap
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}
