package handlers

// Hostile input: each case is a request a careless or malicious client could
// send, with the answer the service must give. Every case gets a clear 4xx
// (application/problem+json whose detail says what to fix) or a correct
// PDF, never a 5xx, a hang or a crash. The cases run against the real
// renderer and the real embedded archive, through a real HTTP server built
// with the service's own constructor and timeouts, so that net/http's own
// defences (header timeouts, header size limit) are part of what is tested.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"pdfexport/internal/pdftest"
	"pdfexport/render"
	"pdfexport/source"
)

// hostileTimeouts are short enough that slow-loris cases finish quickly and
// long enough for the largest render in this file.
var hostileTimeouts = Timeouts{ReadHeader: 300 * time.Millisecond, Read: 5 * time.Second, Write: 30 * time.Second, Idle: 5 * time.Second}

// hostileClientTimeout bounds every request of this file, so that no case
// can hang the suite.
const hostileClientTimeout = 60 * time.Second

const hostileArticleID = "illusions-of-moscow-tokyo-rapprochement"

// hostileServer is the API with the real renderer and archive, listening on
// 127.0.0.1.
type hostileServer struct {
	srv    *Server
	addr   string // host:port
	client *http.Client
	log    *syncBuffer
}

func newHostileServer(t *testing.T) *hostileServer {
	t.Helper()
	arch, err := source.Embedded(nil)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	srv := New(Config{Source: arch, Log: slog.New(slog.NewTextHandler(logs, nil))}) // Renderer nil: render.Render
	hs := srv.HTTPServer("127.0.0.1:0", hostileTimeouts)
	ln, err := srv.Listen("127.0.0.1:0") // the service's own listener, with its connection cap
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	tr := &http.Transport{DisableCompression: true}
	t.Cleanup(func() {
		tr.CloseIdleConnections()
		hs.Close()
		select {
		case err := <-served:
			if !errors.Is(err, http.ErrServerClosed) {
				t.Errorf("Serve returned %v, want http.ErrServerClosed", err)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("Serve did not return after Close")
		}
	})
	return &hostileServer{
		srv:  srv,
		addr: ln.Addr().String(),
		client: &http.Client{
			Timeout:   hostileClientTimeout,
			Transport: tr,
			// Redirects from the router's path cleaning are answers to check,
			// not to follow.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		log: logs,
	}
}

// do sends one request and returns the response as a recorder, so that the
// package's checkProblem and checkPDF apply. ctype "" sends no Content-Type.
// Any 5xx fails the test: hostile input is the client's error, never the
// server's.
func (h *hostileServer) do(t *testing.T, method, target, ctype string, body []byte, header http.Header) *httptest.ResponseRecorder {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	r, err := http.NewRequest(method, "http://"+h.addr+target, rd)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		r.Header.Set("Content-Type", ctype)
	}
	maps.Copy(r.Header, header)
	resp, err := h.client.Do(r)
	if err != nil {
		t.Fatalf("%s %.120s: %v", method, target, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %.120s: reading the response: %v", method, target, err)
	}
	if resp.StatusCode >= 500 {
		t.Fatalf("%s %.120s: status %d, a server error for client input: %.300s", method, target, resp.StatusCode, data)
	}
	rec := httptest.NewRecorder()
	maps.Copy(rec.Header(), resp.Header)
	rec.WriteHeader(resp.StatusCode)
	rec.Body.Write(data)
	return rec
}

func (h *hostileServer) post(t *testing.T, target, ctype string, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	return h.do(t, http.MethodPost, target, ctype, body, nil)
}

// healthy asserts that the server answers /healthz at once.
func (h *hostileServer) healthy(t *testing.T) {
	t.Helper()
	start := time.Now()
	rec := h.do(t, http.MethodGet, "/healthz", "", nil, nil)
	if rec.Code != http.StatusOK || rec.Body.String() != "ok\n" {
		t.Fatalf("GET /healthz = %d %q, want 200 \"ok\\n\"", rec.Code, rec.Body.String())
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("GET /healthz took %v", d)
	}
}

// dial opens a raw connection to the server, closed at the end of the test.
func (h *hostileServer) dial(t *testing.T) *net.TCPConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", h.addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c.(*net.TCPConn)
}

// hostileWords is the text of a PDF normalised to single spaces.
func hostileWords(t *testing.T, pdf []byte) string {
	t.Helper()
	return words(pdftest.Text(t, pdf, 0))
}

func TestHostileInputs(t *testing.T) {
	suiteStart := time.Now()
	h := newHostileServer(t)
	const textCT, jsonCT = "text/plain; charset=utf-8", "application/json"

	// 1. Invalid UTF-8.
	t.Run("invalid UTF-8", func(t *testing.T) {
		tests := []struct {
			name, body string
			line       string
		}{
			{"Latin-1 é in the title", "Titl\xe9\n\nBody.\n", "line 1"},
			{"0xFF in a paragraph", "Title\n\nGood line\nBad \xff byte here\n", "line 4"},
			{"overlong encoding of /", "Title\n\nA \xc0\xaf slash\n", "line 3"},
			{"UTF-16 surrogate", "Title\n\nA \xed\xa0\x80 surrogate\n", "line 3"},
			{"truncated sequence at the end", "Title\n\nEnds in \xe2\x82", "line 3"},
			{"after CRLF lines", "Title\r\n\r\nBad \xff\r\n", "line 3"},
			{"after lone CR lines", "Title\r\rBad \xff\r", "line 3"},
			{"after a BOM", "\uFEFFTitle\n\nBad \xff\n", "line 3"},
		}
		for _, tt := range tests {
			t.Run("text/"+tt.name, func(t *testing.T) {
				rec := h.post(t, "/v1/render", textCT, []byte(tt.body))
				checkProblem(t, rec, http.StatusUnprocessableEntity, "UTF-8", tt.line)
			})
		}
		// encoding/json does not reject invalid UTF-8 inside a string: it
		// replaces each bad byte with U+FFFD, so the article reaches
		// Validate already "valid" and is rendered with a replacement
		// character where the client's byte was. That is not right for this
		// service: the same bytes sent as text/plain get 422, Validate's
		// own contract (checkText) is to reject invalid UTF-8, RFC 8259
		// §8.1 requires JSON to be UTF-8, and the client gets a PDF that
		// silently differs from what it sent, with nothing telling it what
		// to fix. So the answer is 422 naming UTF-8.
		t.Run("JSON/invalid byte inside a string", func(t *testing.T) {
			rec := h.post(t, "/v1/render", jsonCT, []byte("{\"title\": \"Titl\xe9\", \"body\": [\"Body \xff here.\"]}"))
			checkProblem(t, rec, http.StatusUnprocessableEntity, "UTF-8")
		})
	})

	// 2. NUL and other control characters.
	t.Run("control characters", func(t *testing.T) {
		for _, tt := range []struct {
			name, body, detail string
		}{
			{"NUL", "Title\n\nA \x00 NUL\n", "U+0000"},
			{"BEL", "Title\n\nA \a bell\n", "U+0007"},
			{"ESC", "Title\n\nAn \x1b[31m escape\n", "U+001B"},
			{"DEL", "Title\n\nA \x7f delete\n", "U+007F"},
			{"C1 NEL", "Title\n\nA \u0085 next line\n", "U+0085"},
			{"NUL in the title", "Ti\x00tle\n\nBody.\n", "U+0000"},
		} {
			t.Run("text/"+tt.name, func(t *testing.T) {
				rec := h.post(t, "/v1/render", textCT, []byte(tt.body))
				checkProblem(t, rec, http.StatusUnprocessableEntity, tt.detail, "control character", "line")
			})
		}
		for _, tt := range []struct {
			name, body string
			detail     []string
		}{
			{`\u0000 in the body`, `{"title": "Title", "body": ["A \u0000 NUL"]}`, []string{"U+0000", "paragraph 1"}},
			{`\u0000 in the title`, `{"title": "Ti\u0000tle", "body": ["Body."]}`, []string{"U+0000", "title"}},
			{`\u0007 in a run`, `{"title": "Title", "body": [{"runs": [{"text": "A \u0007 bell"}]}]}`, []string{"U+0007"}},
			{`\u001b in the byline`, `{"title": "Title", "byline": "By \u001b", "body": ["Body."]}`, []string{"U+001B", "byline"}},
			{"raw NUL byte inside a string", "{\"title\": \"Ti\x00tle\"}", []string{"JSON"}},
		} {
			t.Run("JSON/"+tt.name, func(t *testing.T) {
				rec := h.post(t, "/v1/render", jsonCT, []byte(tt.body))
				checkProblem(t, rec, http.StatusUnprocessableEntity, tt.detail...)
			})
		}
	})

	// 3. A byte-order mark is ignored.
	t.Run("BOM", func(t *testing.T) {
		const text = "A title after a byte-order mark\n\nThe body paragraph.\n"
		const js = `{"title": "A title after a byte-order mark", "body": ["The body paragraph."]}`
		for _, tt := range []struct{ name, ctype, body string }{
			{"text", textCT, text},
			{"JSON", jsonCT, js},
		} {
			t.Run(tt.name, func(t *testing.T) {
				plainRec := h.post(t, "/v1/render", tt.ctype, []byte(tt.body))
				plain := checkPDF(t, plainRec)
				rec := h.post(t, "/v1/render", tt.ctype, []byte("\uFEFF"+tt.body))
				pdf := checkPDF(t, rec)
				if got, want := rec.Header().Get("ETag"), plainRec.Header().Get("ETag"); got != want {
					t.Errorf("ETag = %s, want %s as without the BOM: the parsed article differs", got, want)
				}
				pdftest.Check(t, pdf)
				got := pdftest.Text(t, pdf, 0)
				if strings.ContainsRune(got, '\uFEFF') {
					t.Errorf("the PDF text contains U+FEFF: %q", got)
				}
				if w := words(got); !strings.HasPrefix(w, "A title after a byte-order mark") || !strings.Contains(w, "The body paragraph.") {
					t.Errorf("the PDF text does not start with the title or lacks the body:\n%s", w)
				}
				if a, b := words(got), hostileWords(t, plain); a != b {
					t.Errorf("with a BOM the text differs from without:\n%s\nwant\n%s", a, b)
				}
			})
		}
	})

	// 4. CRLF and lone CR line endings read like LF.
	t.Run("line endings", func(t *testing.T) {
		const lf = "A title about line endings\n\nThe first paragraph, hard-wrapped\nacross two lines.\n\nThe second paragraph.\n"
		lfRec := h.post(t, "/v1/render", textCT, []byte(lf))
		wantText, wantETag := hostileWords(t, checkPDF(t, lfRec)), lfRec.Header().Get("ETag")
		for _, phrase := range []string{"The first paragraph, hard-wrapped across two lines.", "The second paragraph."} {
			if !strings.Contains(wantText, phrase) {
				t.Fatalf("the LF version lacks %q:\n%s", phrase, wantText)
			}
		}
		for _, tt := range []struct{ name, body string }{
			{"CRLF", strings.ReplaceAll(lf, "\n", "\r\n")},
			{"lone CR", strings.ReplaceAll(lf, "\n", "\r")},
			{"mixed", "A title about line endings\r\n\rThe first paragraph, hard-wrapped\racross two lines.\n\r\nThe second paragraph.\r"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				rec := h.post(t, "/v1/render", textCT, []byte(tt.body))
				pdf := checkPDF(t, rec)
				// The ETag hashes the parsed article: equal tags mean the
				// parser produced the very same article.
				if got, want := rec.Header().Get("ETag"), wantETag; got != want {
					t.Errorf("ETag = %s, want %s as with LF", got, want)
				}
				if got := hostileWords(t, pdf); got != wantText {
					t.Errorf("text =\n%s\nwant (as with LF)\n%s", got, wantText)
				}
			})
		}
	})

	// 5. Size: a 1 MiB word, and a body over the limit.
	t.Run("size", func(t *testing.T) {
		t.Run("1 MiB without a space", func(t *testing.T) {
			body := "A title over a megabyte of x\n\n" + strings.Repeat("x", 1<<20)
			start := time.Now()
			rec := h.post(t, "/v1/render", textCT, []byte(body))
			pdf := checkPDF(t, rec)
			t.Logf("%d-byte PDF in %v", len(pdf), time.Since(start))
			pdftest.Check(t, pdf)
			n := pdftest.Pages(t, pdf)
			t.Logf("%d pages", n)
			if n <= 100 || n > render.DefaultMaxPages {
				t.Errorf("%d pages, want more than 100 and within the default limit of %d", n, render.DefaultMaxPages)
			}
		})
		t.Run("one byte over MaxBodyBytes", func(t *testing.T) {
			limit := h.srv.cfg.MaxBodyBytes
			rec := h.post(t, "/v1/render", textCT, []byte(textOfSize(int(limit)+1)))
			detail := checkProblem(t, rec, http.StatusRequestEntityTooLarge, strconv.FormatInt(limit, 10))
			if want := fmt.Sprintf("the request body is larger than the limit of %d bytes", limit); detail != want {
				t.Errorf("detail = %q, want %q", detail, want)
			}
		})
	})

	// 6. Many empty lines.
	t.Run("empty lines", func(t *testing.T) {
		for _, tt := range []struct{ name, sep string }{
			{"LF", "\n"}, {"CRLF", "\r\n"}, {"spaces and tabs", " \t\n"},
		} {
			t.Run("100000 between title and paragraph/"+tt.name, func(t *testing.T) {
				body := "A title\n" + strings.Repeat(tt.sep, 100_000) + "The only paragraph.\n"
				pdf := checkPDF(t, h.post(t, "/v1/render", textCT, []byte(body)))
				if n := pdftest.Pages(t, pdf); n != 1 {
					t.Errorf("%d pages, want 1", n)
				}
				if text := hostileWords(t, pdf); !strings.Contains(text, "A title The only paragraph.") {
					t.Errorf("the PDF text is not the title and the paragraph:\n%s", text)
				}
			})
		}
		t.Run("100000 alone", func(t *testing.T) {
			rec := h.post(t, "/v1/render", textCT, []byte(strings.Repeat("\n", 100_000)))
			checkProblem(t, rec, http.StatusBadRequest, "empty")
		})
	})

	// 7. Only white space.
	t.Run("only white space", func(t *testing.T) {
		for _, tt := range []struct{ name, ctype, body string }{
			{"text: spaces", textCT, "     "},
			{"text: tabs and newlines", textCT, "\t\n\t\r\n\n\t"},
			{"text: no-break spaces", textCT, "\u00a0\u00a0\n\u00a0\n"},
			{"text: em and ideographic spaces", textCT, "\u2003\u3000\u202f\n"},
			{"text: all of them", textCT, " \t\n\u00a0\r\n \u00a0\t\r"},
			{"text: BOM and spaces", textCT, "\uFEFF  \n\u00a0"},
			{"JSON: spaces and no-break spaces", jsonCT, " \n\t\u00a0 "},
		} {
			t.Run(tt.name, func(t *testing.T) {
				checkProblem(t, h.post(t, "/v1/render", tt.ctype, []byte(tt.body)), http.StatusBadRequest, "empty")
			})
		}
		// In JSON the object is there but its title is blank: that is an
		// invalid article (422), not an empty body.
		t.Run("JSON: blank title", func(t *testing.T) {
			rec := h.post(t, "/v1/render", jsonCT, []byte(`{"title": " \t\u00a0\n ", "body": [" ", "\u00a0"]}`))
			checkProblem(t, rec, http.StatusUnprocessableEntity, "no title")
		})
	})

	// 8. A 5,000-character word survives intact.
	t.Run("5000-character word", func(t *testing.T) {
		var word strings.Builder
		for i := range 5000 {
			word.WriteByte(byte('a' + (i*7+i/26)%26))
		}
		body := "A title before a long word\n\nBefore " + word.String() + " after.\n"
		pdf := checkPDF(t, h.post(t, "/v1/render", textCT, []byte(body)))
		pdftest.Check(t, pdf)
		// In content-stream order the body is every line that is not the
		// running header or footer (both name the publication), after the
		// title. The word has no hyphen of its own, so every hyphen is one
		// the renderer added at a line end; without them and the spaces,
		// the body must be exactly what was sent.
		var drawn strings.Builder
		title := false
		for line := range strings.Lines(strings.ReplaceAll(pdftest.RawText(t, pdf, 0), "\f", "\n")) {
			switch line = strings.TrimSpace(line); {
			case line == "", strings.Contains(line, "Intersection"):
			case !title && line == "A title before a long word":
				title = true
			default:
				drawn.WriteString(line)
			}
		}
		got := strings.NewReplacer("-", "", " ", "").Replace(drawn.String())
		if want := "Before" + word.String() + "after."; got != want {
			t.Errorf("the body read back, without line-end hyphens and spaces, is not what was sent: %d characters, want %d:\n%.600s", len(got), len(want), got)
		}
	})

	// 9. Extreme or malformed scale and paper, on both rendering routes.
	t.Run("options", func(t *testing.T) {
		notNumber := []string{"not a number", "0.5", "2.5"}
		outOfRange := []string{"out of range", "0.5", "2.5"}
		papers := []string{"a4 or letter"}
		tests := []struct {
			name, query string
			status      int
			detail      []string
		}{
			{"scale=NaN", "scale=NaN", 400, notNumber},
			{"scale=Inf", "scale=Inf", 400, notNumber},
			{"scale=-Inf", "scale=-Inf", 400, notNumber},
			{"scale=+Inf", "scale=%2BInf", 400, notNumber},
			{"scale=1e308", "scale=1e308", 400, notNumber},
			{"scale=-0", "scale=-0", 400, outOfRange},
			{"scale=0", "scale=0", 400, outOfRange},
			{"scale=1,5", "scale=1%2C5", 400, notNumber},
			{"scale empty", "scale=", 400, notNumber},
			{"scale without =", "scale", 400, notNumber},
			{"scale repeated", "scale=1&scale=2", 400, []string{"scale", "2 times", "give it once"}},
			{"scale=0x1p-1", "scale=0x1p-1", 400, notNumber},
			{"scale=2.5000001", "scale=2.5000001", 400, outOfRange},
			{"scale with NUL", "scale=1%00", 400, notNumber},
			// strconv.ParseFloat overflows: "not a number" is loose wording
			// for a number this large, but the detail says what to send.
			{"scale of 400 digits", "scale=" + strings.Repeat("9", 400), 400, notNumber},
			{"scale=0.5", "scale=0.5", 200, nil},
			{"scale=2.5", "scale=2.5", 200, nil},
			{"paper empty", "paper=", 400, []string{"paper is empty", "a4 or letter"}},
			{"paper=a5", "paper=a5", 400, []string{`"a5"`, "a4 or letter"}},
			{"paper repeated", "paper=a4&paper=letter", 400, []string{"paper", "give it once"}},
			{"paper with NUL", "paper=a4%00", 400, papers},
			{"paper=A4", "paper=A4", 200, nil},
			{"paper=LETTER", "paper=LETTER", 200, nil},
		}
		optionRoutes := []struct {
			name string
			send func(t *testing.T, query string) *httptest.ResponseRecorder
		}{
			{"GET", func(t *testing.T, q string) *httptest.ResponseRecorder {
				return h.do(t, http.MethodGet, "/v1/articles/"+hostileArticleID+".pdf?"+q, "", nil, nil)
			}},
			{"POST", func(t *testing.T, q string) *httptest.ResponseRecorder {
				return h.post(t, "/v1/render?"+q, textCT, []byte(validText))
			}},
		}
		for _, route := range optionRoutes {
			for _, tt := range tests {
				t.Run(route.name+"/"+tt.name, func(t *testing.T) {
					rec := route.send(t, tt.query)
					if tt.status != http.StatusOK {
						checkProblem(t, rec, tt.status, tt.detail...)
						return
					}
					checkPDF(t, rec)
				})
			}
		}
	})

	// 10. Bodies of a type the API does not read.
	t.Run("Content-Type", func(t *testing.T) {
		for _, tt := range []struct {
			name, ctype string
			detail      []string
		}{
			{"text/markdown", "text/markdown", []string{`"text/markdown"`, "text/plain", "application/json", "text/html"}},
			{"application/xml", "application/xml", []string{`"application/xml"`, "text/plain", "application/json", "text/html"}},
			{"multipart/form-data", "multipart/form-data; boundary=xyz", []string{`"multipart/form-data"`, "text/plain"}},
			{"missing", "", []string{"text/plain", "application/json", "text/html"}},
			{"charset=latin1", "text/plain; charset=latin1", []string{`"latin1"`, "UTF-8"}},
			{"malformed", ";;;=", []string{"text/plain", "application/json"}},
			{"unterminated charset quote", `text/plain; charset="utf-8`, []string{"text/plain", "application/json"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				rec := h.post(t, "/v1/render", tt.ctype, []byte(validText))
				checkProblem(t, rec, http.StatusUnsupportedMediaType, tt.detail...)
			})
		}
	})

	// 11. Malformed JSON.
	t.Run("JSON", func(t *testing.T) {
		t.Run("truncated", func(t *testing.T) {
			rec := h.post(t, "/v1/render", jsonCT, []byte(`{"title": "x", "body": ["a`))
			checkProblem(t, rec, http.StatusUnprocessableEntity, "ends before the object is complete")
		})
		t.Run("100000 nested arrays in body", func(t *testing.T) {
			const depth = 100_000
			body := `{"title": "x", "body": [` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `]}`
			start := time.Now()
			rec := h.post(t, "/v1/render", jsonCT, []byte(body))
			elapsed := time.Since(start)
			detail := checkProblem(t, rec, http.StatusUnprocessableEntity, "JSON")
			t.Logf("%d in %v: %s", rec.Code, elapsed, detail)
			if elapsed > 500*time.Millisecond {
				t.Errorf("took %v, want well under a second", elapsed)
			}
		})
		t.Run("unknown field", func(t *testing.T) {
			rec := h.post(t, "/v1/render", jsonCT, []byte(`{"title": "x", "bodyy": ["a"]}`))
			checkProblem(t, rec, http.StatusUnprocessableEntity, `"bodyy"`, "allowed fields")
		})
		t.Run("unknown field in a block", func(t *testing.T) {
			rec := h.post(t, "/v1/render", jsonCT, []byte(`{"title": "x", "body": [{"txt": "a"}]}`))
			checkProblem(t, rec, http.StatusUnprocessableEntity, `"txt"`, "body item 1")
		})
	})

	// 12. A body that stops before its Content-Length.
	t.Run("body cut short", func(t *testing.T) {
		c := h.dial(t)
		head := "POST /v1/render HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"
		if _, err := io.WriteString(c, head+"Title\n\n"+strings.Repeat("a", 100-len("Title\n\n"))); err != nil {
			t.Fatal(err)
		}
		if err := c.CloseWrite(); err != nil {
			t.Fatal(err)
		}
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			// Acceptable only as a clean close, not as a hang.
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Fatalf("no answer and no close within 10 s: %v", err)
			}
			t.Logf("the server closed the connection without an answer: %v", err)
		} else {
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			rec := httptest.NewRecorder()
			maps.Copy(rec.Header(), resp.Header)
			rec.WriteHeader(resp.StatusCode)
			rec.Body.Write(data)
			detail := checkProblem(t, rec, http.StatusBadRequest, "could not be read")
			t.Logf("answered %d: %s", rec.Code, detail)
		}
		h.healthy(t)
		checkPDF(t, h.post(t, "/v1/render", textCT, []byte(validText)))
	})

	// 13. Slow-loris headers are cut off by ReadHeaderTimeout.
	t.Run("slow-loris headers", func(t *testing.T) {
		c := h.dial(t)
		start := time.Now()
		if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n"); err != nil {
			t.Fatal(err)
		}
		stop := make(chan struct{})
		dripped := make(chan int, 1)
		go func() { // one header byte every 100 ms until the server hangs up
			n := 0
			defer func() { dripped <- n }()
			header := strings.Repeat("X-Slow: loris\r\n", 100)
			tick := time.NewTicker(100 * time.Millisecond)
			defer tick.Stop()
			for i := 0; i < len(header); i++ {
				select {
				case <-stop:
					return
				case <-tick.C:
				}
				if _, err := c.Write([]byte{header[i]}); err != nil {
					return
				}
				n++
			}
		}()
		// Meanwhile, others are served at once.
		h.healthy(t)

		// net/http either hangs up without a word or, when the timeout
		// falls mid-line, answers a bare 400 with Connection: close; either
		// way the connection must end by itself, long before the drip does.
		c.SetReadDeadline(start.Add(2 * time.Second))
		got, err := io.ReadAll(c)
		closedAfter := time.Since(start)
		close(stop)
		t.Logf("closed after %v, %d header bytes dripped, read %q, %v", closedAfter, <-dripped, got, err)
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Fatalf("the connection is still open after %v", closedAfter)
		}
		if len(got) > 0 && !bytes.HasPrefix(got, []byte("HTTP/1.1 400 ")) && !bytes.HasPrefix(got, []byte("HTTP/1.1 408 ")) {
			t.Errorf("the server answered %q to an unfinished request", got)
		}
		if closedAfter > 2*time.Second {
			t.Errorf("closed after %v, want about ReadHeaderTimeout (%v)", closedAfter, hostileTimeouts.ReadHeader)
		}
		h.healthy(t)
	})

	// 14. A huge header is refused by net/http (MaxHeaderBytes is 64 KiB).
	t.Run("100 KB cookie", func(t *testing.T) {
		c := h.dial(t)
		reqText := "GET /v1/articles/" + hostileArticleID + ".pdf HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: session=" +
			strings.Repeat("c", 100_000) + "\r\n\r\n"
		go func() { _, _ = io.WriteString(c, reqText) }() // the server may stop reading midway
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatalf("no response: %v", err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("status = %d %q, want 431", resp.StatusCode, body)
		}
		h.healthy(t)
	})

	// 15. Path traversal and odd IDs.
	t.Run("article IDs", func(t *testing.T) {
		for _, tt := range []struct {
			name, path string
			status     int
			detail     []string
		}{
			{"encoded ../../etc/passwd", "/v1/articles/..%2F..%2Fetc%2Fpasswd.pdf", 301, nil},
			{"plain ../../etc/passwd", "/v1/articles/../../etc/passwd.pdf", 301, nil},
			{"NUL", "/v1/articles/%00.pdf", 400, []string{"invalid article ID"}},
			{"NUL after a valid ID", "/v1/articles/" + hostileArticleID + "%00.pdf", 400, []string{"invalid article ID"}},
			{"300 characters", "/v1/articles/" + strings.Repeat("a", 300) + ".pdf", 400, []string{"invalid article ID", "1 to 200"}},
			{"a.b", "/v1/articles/a.b.pdf", 400, []string{"invalid article ID"}},
			{"encoded dot-dot", "/v1/articles/%2e%2e.pdf", 400, []string{"invalid article ID"}},
			{"encoded slash", "/v1/articles/a%2Fb.pdf", 404, []string{"no route"}},
			{"unknown", "/v1/articles/no-such-article.pdf", 404, []string{"not found"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				rec := h.do(t, http.MethodGet, tt.path, "", nil, nil)
				switch tt.status {
				case http.StatusMovedPermanently:
					if rec.Code != tt.status {
						t.Fatalf("status = %d, want 301; body: %s", rec.Code, rec.Body.String())
					}
					if loc := rec.Header().Get("Location"); strings.HasPrefix(loc, "/v1/articles/") || strings.Contains(loc, "..") {
						t.Errorf("Location = %q, want a cleaned path outside /v1/articles/", loc)
					}
				default:
					checkProblem(t, rec, tt.status, tt.detail...)
				}
			})
		}
		checkFilename := func(t *testing.T, rec *httptest.ResponseRecorder) {
			t.Helper()
			cd := rec.Header().Get("Content-Disposition")
			_, ext, ok := strings.Cut(cd, "filename*=UTF-8''")
			if !ok || ext == "" {
				t.Fatalf("Content-Disposition %q has no filename*", cd)
			}
			if strings.ContainsAny(ext, "\"\r\n;") {
				t.Errorf("filename* value %q contains a quote, CR, LF or semicolon", ext)
			}
			if _, params, err := mime.ParseMediaType(cd); err != nil || params["filename"] == "" {
				t.Errorf("mime.ParseMediaType(%q) = %q, %v", cd, params, err)
			}
		}
		t.Run("Content-Disposition of a normal response", func(t *testing.T) {
			rec := h.do(t, http.MethodGet, "/v1/articles/"+hostileArticleID+".pdf?disposition=attachment", "", nil, nil)
			checkPDF(t, rec)
			checkFilename(t, rec)
		})
		t.Run("Content-Disposition of a hostile title", func(t *testing.T) {
			rec := h.post(t, "/v1/render", jsonCT, []byte(`{"title": "Evil\"; filename=\"x.exe\";\r\nSet-Cookie: a=b", "body": ["Body."]}`))
			checkPDF(t, rec)
			checkFilename(t, rec)
		})
	})

	// After all of it the process is still healthy, and nothing panicked.
	t.Run("still healthy", func(t *testing.T) {
		h.healthy(t)
		if logs := h.log.String(); strings.Contains(logs, "panic") {
			t.Errorf("the log records a panic:\n%s", logs)
		}
		t.Logf("hostile suite ran in %v", time.Since(suiteStart))
	})
}
