package pdfcheck

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// ErrNoQpdf is returned when the qpdf program cannot be found.
var ErrNoQpdf = errors.New("pdfcheck: qpdf not found in PATH")

// Available reports whether qpdf, which reads the PDF for this package, can be
// found. Tests skip when it returns an error, except under CI=true, where
// .ci/run installs qpdf and its absence must fail them.
func Available() error {
	if _, err := exec.LookPath("qpdf"); err != nil {
		return ErrNoQpdf
	}
	return nil
}

// document is a PDF as qpdf's JSON (version 2) gives it. qpdf parses the file,
// repairs what it can, decrypts, and decodes every stream it has a generalized
// filter for (Flate, LZW, ASCIIHex, ASCII85, RunLength), so this package never
// reads a cross-reference table or inflates anything itself.
//
// Values keep qpdf's JSON form: names are "/Name", strings "u:text" or
// "b:hex", references "12 0 R", numbers json.Number, arrays []any and
// dictionaries map[string]any with "/Key" keys.
type document struct {
	objects   map[string]any // "12 0 R" → value or *stream
	trailer   map[string]any
	pages     []string // page object references, in page order
	encrypted bool
}

// stream is a stream object. decoded is false when qpdf could not remove every
// filter (DCT images, for example), in which case data is still encoded.
type stream struct {
	dict    map[string]any
	data    []byte
	decoded bool
}

// load runs qpdf on the PDF. The flags: --json=2 for the object-level format,
// --json-stream-data=inline to have stream data in the output (base64), and
// --decode-level=generalized so that Flate and the other non-lossy filters
// are removed before the data is written out.
func load(ctx context.Context, pdf []byte) (*document, error) {
	path, err := exec.LookPath("qpdf")
	if err != nil {
		return nil, ErrNoQpdf
	}
	dir, err := os.MkdirTemp("", "pdfcheck")
	if err != nil {
		return nil, fmt.Errorf("pdfcheck: %w", err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		return nil, fmt.Errorf("pdfcheck: %w", err)
	}
	cmd := exec.CommandContext(ctx, path, "--json=2", "--json-stream-data=inline",
		"--decode-level=generalized", "--json-key=qpdf", "--json-key=pages",
		"--json-key=encrypt", in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	// qpdf exits with 3 when it succeeded with warnings (a repaired xref, say):
	// the JSON is complete then, and the file is as readable as readers find it.
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 3) {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("pdfcheck: qpdf cannot read the PDF: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return parseQpdfJSON(stdout.Bytes())
}

func parseQpdfJSON(b []byte) (*document, error) {
	var top struct {
		Pages []struct {
			Object string `json:"object"`
		} `json:"pages"`
		Encrypt struct {
			Encrypted bool `json:"encrypted"`
		} `json:"encrypt"`
		Qpdf []json.RawMessage `json:"qpdf"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&top); err != nil {
		return nil, fmt.Errorf("pdfcheck: qpdf JSON: %w", err)
	}
	if len(top.Qpdf) != 2 {
		return nil, errors.New("pdfcheck: qpdf JSON has no objects")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(top.Qpdf[1], &raw); err != nil {
		return nil, fmt.Errorf("pdfcheck: qpdf JSON objects: %w", err)
	}
	d := &document{objects: make(map[string]any, len(raw)), encrypted: top.Encrypt.Encrypted}
	for _, p := range top.Pages {
		d.pages = append(d.pages, p.Object)
	}
	for key, msg := range raw {
		var obj struct {
			Value  json.RawMessage `json:"value"`
			Stream *struct {
				Data string          `json:"data"`
				Dict json.RawMessage `json:"dict"`
			} `json:"stream"`
		}
		if err := json.Unmarshal(msg, &obj); err != nil {
			return nil, fmt.Errorf("pdfcheck: qpdf JSON %s: %w", key, err)
		}
		var v any
		if obj.Stream != nil {
			dict, _ := decodeJSON(obj.Stream.Dict).(map[string]any)
			data, err := base64.StdEncoding.DecodeString(obj.Stream.Data)
			if err != nil {
				return nil, fmt.Errorf("pdfcheck: qpdf JSON %s data: %w", key, err)
			}
			_, filtered := dict["/Filter"]
			v = &stream{dict: dict, data: data, decoded: !filtered}
		} else {
			v = decodeJSON(obj.Value)
		}
		if key == "trailer" {
			d.trailer, _ = v.(map[string]any)
			continue
		}
		d.objects[strings.TrimPrefix(key, "obj:")] = v
	}
	if d.trailer == nil {
		return nil, errors.New("pdfcheck: qpdf JSON has no trailer")
	}
	return d, nil
}

func decodeJSON(msg json.RawMessage) any {
	if len(msg) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(msg))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil
	}
	return v
}

var refPattern = regexp.MustCompile(`^\d+ \d+ R$`)

func isRef(v any) (string, bool) {
	s, ok := v.(string)
	if ok && refPattern.MatchString(s) {
		return s, true
	}
	return "", false
}

// resolve follows references (a bounded number of them: a reference chain
// that loops is treated as null).
func (d *document) resolve(v any) any {
	for range 32 {
		ref, ok := isRef(v)
		if !ok {
			return v
		}
		v = d.objects[ref]
	}
	return nil
}

// dict returns the dictionary v is or refers to, or the dictionary of the stream
// it refers to; nil otherwise.
func (d *document) dict(v any) map[string]any {
	switch x := d.resolve(v).(type) {
	case map[string]any:
		return x
	case *stream:
		return x.dict
	}
	return nil
}

func (d *document) stream(v any) *stream {
	s, _ := d.resolve(v).(*stream)
	return s
}

func (d *document) array(v any) []any {
	a, _ := d.resolve(v).([]any)
	return a
}

// name returns a name's text without the slash, or "".
func (d *document) name(v any) string {
	s, ok := d.resolve(v).(string)
	if !ok || !strings.HasPrefix(s, "/") {
		return ""
	}
	return s[1:]
}

// text returns a string object's text, and whether v is a string at all. qpdf
// gives strings it could read as text as "u:" and UTF-8, and others as "b:"
// and hex of their bytes, which are decoded here as a PDF text string.
func (d *document) text(v any) (string, bool) {
	s, ok := d.resolve(v).(string)
	if !ok {
		return "", false
	}
	switch {
	case strings.HasPrefix(s, "u:"):
		return s[2:], true
	case strings.HasPrefix(s, "b:"):
		raw, err := hex.DecodeString(s[2:])
		if err != nil {
			return "", true
		}
		return pdfText(raw), true
	}
	return "", false
}

func (d *document) number(v any) (float64, bool) {
	n, ok := d.resolve(v).(json.Number)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	return f, err == nil
}

func (d *document) integer(v any) (int, bool) {
	f, ok := d.number(v)
	return int(f), ok
}

func (d *document) boolean(v any) (value, ok bool) {
	b, ok := d.resolve(v).(bool)
	return b, ok
}

func (d *document) catalog() map[string]any { return d.dict(d.trailer["/Root"]) }

// pageNumber returns the 1-based number of the page a reference names, or 0.
func (d *document) pageNumber(ref string) int {
	for i, p := range d.pages {
		if p == ref {
			return i + 1
		}
	}
	return 0
}

// inherited looks a page attribute up the page tree (ISO 32000-1 7.7.3.4).
func (d *document) inherited(page map[string]any, key string) any {
	for range 64 {
		if page == nil {
			return nil
		}
		if v, ok := page[key]; ok {
			return v
		}
		page = d.dict(page["/Parent"])
	}
	return nil
}

// numberTree flattens a number tree (ISO 32000-1 7.9.7) into a map.
func (d *document) numberTree(root any) map[int]any {
	out := map[int]any{}
	seen := map[string]bool{}
	var walk func(node any, depth int)
	walk = func(node any, depth int) {
		if ref, ok := isRef(node); ok {
			if seen[ref] {
				return
			}
			seen[ref] = true
		}
		n := d.dict(node)
		if n == nil || depth > 32 {
			return
		}
		nums := d.array(n["/Nums"])
		for i := 0; i+1 < len(nums); i += 2 {
			if k, ok := d.integer(nums[i]); ok {
				out[k] = nums[i+1]
			}
		}
		for _, kid := range d.array(n["/Kids"]) {
			walk(kid, depth+1)
		}
	}
	walk(root, 0)
	return out
}

// nameTreeHasEntries reports whether a name tree has at least one entry.
func (d *document) nameTreeHasEntries(root any) bool {
	n := d.dict(root)
	if n == nil {
		return false
	}
	if len(d.array(n["/Names"])) > 0 {
		return true
	}
	for _, kid := range d.array(n["/Kids"]) {
		if d.nameTreeHasEntries(kid) {
			return true
		}
	}
	return false
}
