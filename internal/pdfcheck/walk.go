package pdfcheck

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"
)

// pageScan is what reading one page's content found.
type pageScan struct {
	page int
	// untagged counts content items that are neither in an Artifact nor in
	// marked content with an MCID, by kind ("text", "path", "image", ...).
	untagged         map[string]int
	artifactInTagged int // Artifact sequences begun inside an MCID sequence
	taggedInArtifact int // MCID sequences begun inside an Artifact
	mcids            map[int]bool
	text             map[int]*strings.Builder // MCID → text, ActualText applied
	glyphs           map[glyphKey]*glyphIssue
	fonts            map[*font]bool // fonts that showed text on the page
	deviceRGB        bool
	deviceCMYK       bool
	defaultRGB       bool // the page's resources set DefaultRGB
	defaultCMYK      bool
}

type glyphProblem int

const (
	glyphUnmapped    glyphProblem = iota // no Unicode value, or an empty one
	glyphZero                            // the value contains U+0000
	glyphBOM                             // the value contains U+FEFF or U+FFFE
	glyphNotdef                          // the code selects the .notdef glyph
	glyphMissing                         // the glyph is not in the embedded font program
	glyphNoToUnicode                     // the font has no usable ToUnicode and no standard way
)

type glyphKey struct {
	problem glyphProblem
	font    string
}

type glyphIssue struct {
	count int
	code  []byte // the first offending code, for the message
}

// mcFrame is one open marked-content sequence.
type mcFrame struct {
	artifact bool
	mcid     int // -1 when the sequence has none
	actual   bool
}

// walker interprets content streams, page by page. It follows what a reader
// needs for the checks and nothing else: marked content, the current font,
// text showing, painting, device colours and form XObjects.
type walker struct {
	ctx   context.Context
	d     *document
	fonts map[string]*font
	scan  *pageScan
	stack []mcFrame
	forms map[string]bool // forms being painted, to stop a form that paints itself
}

func (d *document) scanPages(ctx context.Context) ([]*pageScan, error) {
	w := &walker{ctx: ctx, d: d, fonts: map[string]*font{}}
	var scans []*pageScan
	for i, ref := range d.pages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		page := d.dict(ref)
		s := &pageScan{
			page: i + 1, untagged: map[string]int{}, mcids: map[int]bool{},
			text: map[int]*strings.Builder{}, glyphs: map[glyphKey]*glyphIssue{}, fonts: map[*font]bool{},
		}
		w.scan, w.stack, w.forms = s, nil, map[string]bool{}
		res := d.dict(d.inherited(page, "/Resources"))
		cs := d.dict(res["/ColorSpace"])
		_, s.defaultRGB = cs["/DefaultRGB"]
		_, s.defaultCMYK = cs["/DefaultCMYK"]
		var content []byte
		contents := d.resolve(page["/Contents"])
		parts, isArray := contents.([]any)
		if !isArray {
			parts = []any{contents}
		}
		for _, part := range parts {
			st := d.stream(part)
			if st == nil {
				continue
			}
			if !st.decoded {
				return nil, fmt.Errorf("pdfcheck: page %d: content stream has a filter qpdf cannot decode", i+1)
			}
			content = append(content, st.data...)
			content = append(content, '\n')
		}
		if err := w.content(content, res, 0); err != nil {
			return nil, fmt.Errorf("pdfcheck: page %d: %w", i+1, err)
		}
		scans = append(scans, s)
	}
	return scans, nil
}

func (w *walker) inArtifact() bool {
	for _, f := range w.stack {
		if f.artifact {
			return true
		}
	}
	return false
}

// mcid returns the MCID of the innermost sequence that has one, or -1.
func (w *walker) mcid() int {
	for i := len(w.stack) - 1; i >= 0; i-- {
		if w.stack[i].mcid >= 0 {
			return w.stack[i].mcid
		}
	}
	return -1
}

// suppressed reports whether text shown now is replaced by an enclosing
// ActualText.
func (w *walker) suppressed() bool {
	for _, f := range w.stack {
		if f.actual {
			return true
		}
	}
	return false
}

// item records one content item: tagged when inside an MCID sequence or an
// artifact (ISO 14289-1 7.1, Matterhorn 01-005).
func (w *walker) item(kind string) {
	if !w.inArtifact() && w.mcid() < 0 {
		w.scan.untagged[kind]++
	}
}

func (w *walker) appendText(s string) {
	m := w.mcid()
	if m < 0 || w.inArtifact() {
		return
	}
	b := w.scan.text[m]
	if b == nil {
		b = &strings.Builder{}
		w.scan.text[m] = b
	}
	b.WriteString(s)
}

func (w *walker) content(data []byte, res map[string]any, depth int) error {
	d := w.d
	p := newContentParser(data)
	var cur *font
	var saved []*font
	for {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		o, ok, err := p.next()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		args := o.operands
		switch o.name {
		case "BMC", "BDC":
			w.beginMarked(args, res)
		case "EMC":
			if len(w.stack) > 0 {
				w.stack = w.stack[:len(w.stack)-1]
			}
		case "q":
			saved = append(saved, cur)
		case "Q":
			if len(saved) > 0 {
				cur = saved[len(saved)-1]
				saved = saved[:len(saved)-1]
			}
		case "Tf":
			if len(args) >= 1 {
				if n, ok := args[0].(name); ok {
					cur = w.font(d.dict(res["/Font"])["/"+string(n)])
				}
			}
		case "Tj", "'":
			if len(args) >= 1 {
				w.show(cur, args[len(args)-1])
			}
		case `"`:
			if len(args) >= 3 {
				w.show(cur, args[2])
			}
		case "TJ":
			if len(args) >= 1 {
				arr, _ := args[0].([]any)
				w.item("text")
				for _, e := range arr {
					if s, ok := e.([]byte); ok {
						w.glyphs(cur, s)
					}
				}
			}
		case "S", "s", "f", "F", "f*", "B", "B*", "b", "b*":
			// n ends a path without painting it, so it is no content item.
			w.item("path")
		case "sh":
			w.item("shading")
		case "BI":
			w.item("inline image")
			if len(args) == 1 {
				if dict, ok := args[0].(map[name]any); ok {
					cs := dict["CS"]
					if cs == nil {
						cs = dict["ColorSpace"]
					}
					if n, ok := cs.(name); ok {
						w.deviceColour(string(n))
					}
				}
			}
		case "Do":
			if len(args) >= 1 {
				if n, ok := args[0].(name); ok {
					if err := w.xobject(d.dict(res["/XObject"])["/"+string(n)], res, depth); err != nil {
						return err
					}
				}
			}
		case "rg", "RG":
			w.deviceColour("DeviceRGB")
		case "k", "K":
			w.deviceColour("DeviceCMYK")
		case "cs", "CS":
			if len(args) >= 1 {
				if n, ok := args[0].(name); ok {
					w.deviceColour(string(n))
				}
			}
		}
	}
}

func (w *walker) deviceColour(cs string) {
	switch cs {
	case "DeviceRGB", "RGB":
		w.scan.deviceRGB = true
	case "DeviceCMYK", "CMYK":
		w.scan.deviceCMYK = true
	}
}

// beginMarked opens a marked-content sequence. Its properties are an inline
// dictionary or the name of one in the resources' /Properties.
func (w *walker) beginMarked(args []any, res map[string]any) {
	f := mcFrame{mcid: -1}
	if len(args) >= 1 {
		tag, _ := args[0].(name)
		f.artifact = tag == "Artifact"
	}
	var actualText string
	if len(args) >= 2 {
		switch props := args[1].(type) {
		case map[name]any:
			if m, ok := props["MCID"].(float64); ok {
				f.mcid = int(m)
			}
			if s, ok := props["ActualText"].([]byte); ok {
				f.actual, actualText = true, pdfText(s)
			}
		case name:
			pd := w.d.dict(w.d.dict(res["/Properties"])["/"+string(props)])
			if m, ok := w.d.integer(pd["/MCID"]); ok {
				f.mcid = m
			}
			if s, ok := w.d.text(pd["/ActualText"]); ok {
				f.actual, actualText = true, s
			}
		}
	}
	if f.artifact && w.mcid() >= 0 {
		w.scan.artifactInTagged++
	}
	if f.mcid >= 0 {
		if w.inArtifact() {
			w.scan.taggedInArtifact++
		}
		w.scan.mcids[f.mcid] = true
	}
	outerSuppressed := w.suppressed()
	w.stack = append(w.stack, f)
	if f.actual && !outerSuppressed {
		w.appendText(actualText)
	}
}

func (w *walker) font(v any) *font {
	if v == nil {
		return nil
	}
	key, isRef := isRef(v)
	if !isRef {
		key = fmt.Sprintf("direct %p", w.d.dict(v))
	}
	if f, ok := w.fonts[key]; ok {
		return f
	}
	f := w.d.loadFont(v)
	w.fonts[key] = f
	return f
}

func (w *walker) show(f *font, v any) {
	s, ok := v.([]byte)
	if !ok {
		return
	}
	w.item("text")
	w.glyphs(f, s)
}

// glyphs checks every code a string shows and adds its text to the current
// MCID's text.
func (w *walker) glyphs(f *font, s []byte) {
	if f == nil {
		return // a text operator before any Tf: readers show nothing
	}
	w.scan.fonts[f] = true
	var text strings.Builder
	for _, code := range f.codes(s) {
		u, ok := f.unicode(code)
		switch {
		case f.toUnicode == nil && !ok:
			w.glyphIssue(glyphNoToUnicode, f, code)
		case !ok || u == "":
			w.glyphIssue(glyphUnmapped, f, code)
		}
		if strings.ContainsRune(u, 0) {
			w.glyphIssue(glyphZero, f, code)
		}
		if strings.ContainsRune(u, 0xFEFF) || strings.ContainsRune(u, 0xFFFE) {
			w.glyphIssue(glyphBOM, f, code)
		}
		if cid, ok := f.cid(code); ok {
			if gid, ok := f.glyph(cid); ok {
				switch {
				case gid == 0:
					w.glyphIssue(glyphNotdef, f, code)
				case f.numGlyphs > 0 && gid >= f.numGlyphs:
					w.glyphIssue(glyphMissing, f, code)
				}
			}
		}
		if ok && utf8.ValidString(u) {
			text.WriteString(u)
		} else {
			text.WriteRune(0xFFFD)
		}
	}
	if !w.suppressed() {
		w.appendText(text.String())
	}
}

func (w *walker) glyphIssue(p glyphProblem, f *font, code []byte) {
	k := glyphKey{p, f.label}
	g := w.scan.glyphs[k]
	if g == nil {
		g = &glyphIssue{code: append([]byte(nil), code...)}
		w.scan.glyphs[k] = g
	}
	g.count++
}

// xobject paints an XObject: an image is a content item; a form's content is
// read in place, inside the marked content open at the Do, so that its items
// are tagged or not as they are (ISO 32000-1 14.6).
func (w *walker) xobject(v any, res map[string]any, depth int) error {
	st := w.d.stream(v)
	if st == nil {
		return nil
	}
	switch w.d.name(st.dict["/Subtype"]) {
	case "Image":
		w.item("image")
		w.deviceColour(w.d.name(st.dict["/ColorSpace"]))
	case "Form":
		ref, _ := isRef(v)
		if depth >= 16 || (ref != "" && w.forms[ref]) {
			return nil
		}
		if !st.decoded {
			return fmt.Errorf("form XObject %s has a filter qpdf cannot decode", ref)
		}
		if ref != "" {
			w.forms[ref] = true
			defer delete(w.forms, ref)
		}
		formRes := w.d.dict(st.dict["/Resources"])
		if formRes == nil {
			formRes = res // an old form without resources uses its page's
		}
		return w.content(st.data, formRes, depth+1)
	}
	return nil
}
