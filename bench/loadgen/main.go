// Command loadgen drives load at a pdfexport server on the loopback
// interface and reports what came back: requests per second, latency
// percentiles, status counts, and whether every 200 answer was a whole PDF.
// It is bounded by a duration and a request count and refuses any host but
// 127.0.0.1, ::1 or localhost. bench/load.sh runs it in phases.
//
//	loadgen -base http://127.0.0.1:18080 -mix uncached -c 8 -d 20s
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// request is one request to send.
type request struct {
	method, path, ctype string
	body                []byte
	wantPDF             bool // a 200 must be a PDF
}

const sampleText = "Print Save as PDF +A A -A\n4 January 2017\n\nLoad test article\n\nA standfirst.\n\n" +
	"Seventy years after the end of the Second World War, Russia and Japan have still not signed a bilateral peace treaty. " +
	"Although President Vladimir Putin admits that this situation is an anachronism, he clearly is not ready to do anything to overcome it.\n\n" +
	"Meanwhile, Japanese Prime Minister Shinzo Abe is driven by a sense of personal and familial commitment to repair relations.\n\n" +
	"© Intersection - for republishing rights, please contact the editorial team at"

var articles = []string{
	"illusions-of-moscow-tokyo-rapprochement", "baltic-energy-islands", "harbour-ferry-notebook",
	"athens-water-reform", "lyon-night-trains", "haifa-desalination", "tokyo-night-trains",
}

// mixes say what each phase sends.
var mixes = map[string]func(r *rand.Rand, i int64) request{
	// Article PDFs at scales nothing has asked for before: every request renders.
	"uncached": func(r *rand.Rand, i int64) request {
		scale := 0.5 + float64(i%2001)/1000 // 2,001 distinct scales per article
		return request{method: "GET", path: fmt.Sprintf("/v1/articles/%s.pdf?scale=%.3f", articles[int(i/2001)%len(articles)], scale), wantPDF: true}
	},
	// The same PDF again and again: the cache answers.
	"cached": func(r *rand.Rand, i int64) request {
		return request{method: "GET", path: "/v1/articles/illusions-of-moscow-tokyo-rapprochement.pdf?scale=1.25", wantPDF: true}
	},
	// What the site sees: articles at a few scales, posted text, bad requests.
	"mixed": func(r *rand.Rand, i int64) request {
		switch n := r.IntN(10); {
		case n < 5:
			scales := []string{"0.85", "1", "1.15", "1.3", "1.5", "1.75", "2"}
			return request{method: "GET", path: fmt.Sprintf("/v1/articles/%s.pdf?scale=%s", articles[r.IntN(len(articles))], scales[r.IntN(len(scales))]), wantPDF: true}
		case n < 7:
			return request{method: "POST", path: fmt.Sprintf("/v1/render?scale=%.2f", 0.5+r.Float64()*2), ctype: "text/plain", body: []byte(sampleText), wantPDF: true}
		case n < 8:
			return request{method: "GET", path: "/v1/articles/no-such-article.pdf"}
		case n < 9:
			return request{method: "GET", path: "/v1/articles/illusions-of-moscow-tokyo-rapprochement.pdf?scale=NaN"}
		default:
			return request{method: "POST", path: "/v1/render", ctype: "application/json", body: []byte(`{"title": 5}`)}
		}
	},
}

type outcome struct {
	status  int
	latency time.Duration
	badPDF  bool
	err     bool
}

func main() {
	base := flag.String("base", "http://127.0.0.1:18080", "server address (loopback only)")
	mix := flag.String("mix", "mixed", "uncached, cached or mixed")
	conc := flag.Int("c", 8, "concurrent clients")
	dur := flag.Duration("d", 10*time.Second, "how long to send")
	maxReq := flag.Int64("n", 200000, "most requests to send")
	label := flag.String("label", "", "name of the phase in the report")
	flag.Parse()
	if err := checkLoopback(*base); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(2)
	}
	gen, ok := mixes[*mix]
	if !ok {
		fmt.Fprintln(os.Stderr, "loadgen: unknown mix", *mix)
		os.Exit(2)
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *conc, MaxConnsPerHost: *conc}}
	var next atomic.Int64
	deadline := time.Now().Add(*dur)
	results := make([][]outcome, *conc)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range *conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 7))
			for time.Now().Before(deadline) {
				i := next.Add(1)
				if i > *maxReq {
					return
				}
				results[w] = append(results[w], send(client, *base, gen(r, i)))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	report(*label+" ("+*mix+")", slices.Concat(results...), elapsed, *conc)
}

func checkLoopback(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("%s is not a loopback address; this tool only loads the local machine", host)
}

func send(c *http.Client, base string, rq request) outcome {
	req, err := http.NewRequest(rq.method, base+rq.path, bytes.NewReader(rq.body))
	if err != nil {
		return outcome{err: true}
	}
	if rq.ctype != "" {
		req.Header.Set("Content-Type", rq.ctype)
	}
	t0 := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return outcome{err: true, latency: time.Since(t0)}
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	o := outcome{status: resp.StatusCode, latency: time.Since(t0), err: err != nil}
	if rq.wantPDF && resp.StatusCode == 200 {
		o.badPDF = !bytes.HasPrefix(body, []byte("%PDF-1.")) || !bytes.HasSuffix(bytes.TrimSpace(body), []byte("%%EOF")) ||
			resp.ContentLength != int64(len(body))
	}
	return o
}

func report(label string, out []outcome, elapsed time.Duration, conc int) {
	statuses := map[int]int{}
	var lat []time.Duration
	var lat200 []time.Duration
	bad, errs := 0, 0
	for _, o := range out {
		if o.err {
			errs++
			continue
		}
		statuses[o.status]++
		lat = append(lat, o.latency)
		if o.status == 200 {
			lat200 = append(lat200, o.latency)
		}
		if o.badPDF {
			bad++
		}
	}
	slices.Sort(lat)
	slices.Sort(lat200)
	pct := func(l []time.Duration, p float64) string {
		if len(l) == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1fms", float64(l[min(len(l)-1, int(p*float64(len(l))))].Microseconds())/1000)
	}
	var codes []string
	for code, n := range statuses {
		codes = append(codes, fmt.Sprintf("%d:%d", code, n))
	}
	slices.Sort(codes)
	summary := map[string]any{
		"phase": label, "concurrency": conc, "requests": len(out), "seconds": elapsed.Seconds(),
		"rps": float64(len(out)) / elapsed.Seconds(), "ok_rps": float64(statuses[200]) / elapsed.Seconds(),
		"p50": pct(lat, .50), "p90": pct(lat, .90), "p99": pct(lat, .99),
		"p50_200": pct(lat200, .50), "p99_200": pct(lat200, .99),
		"statuses": strings.Join(codes, " "), "invalid_pdfs": bad, "transport_errors": errs,
	}
	b, _ := json.Marshal(summary)
	fmt.Println(string(b))
	if bad > 0 || errs > 0 {
		os.Exit(1)
	}
}
