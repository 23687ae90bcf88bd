package pdfcheck

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// testPDF is a small PDF writer for the tests: named objects whose text may
// refer to each other as {{name}}, numbered in the order they were added,
// with the cross-reference table computed on output. Tests build a clean
// document, then break one rule by editing an object's text.
type testPDF struct {
	objs     []*testObj
	trailer  string // extra trailer entries
	compress bool   // Flate-encode streams, to exercise qpdf's decoding
}

type testObj struct {
	name   string
	dict   string
	data   []byte
	stream bool
}

func (p *testPDF) add(name, dict string) {
	p.objs = append(p.objs, &testObj{name: name, dict: dict})
}

func (p *testPDF) addStream(name, dict string, data []byte) {
	p.objs = append(p.objs, &testObj{name: name, dict: dict, data: data, stream: true})
}

func (p *testPDF) obj(t testing.TB, name string) *testObj {
	t.Helper()
	for _, o := range p.objs {
		if o.name == name {
			return o
		}
	}
	t.Fatalf("no object %q", name)
	return nil
}

// edit replaces old with new exactly once in an object's dictionary, or in its
// stream data when the dictionary does not contain old; a test whose edit
// finds nothing would test nothing, so that fails.
func (p *testPDF) edit(t testing.TB, name, old, new string) {
	t.Helper()
	o := p.obj(t, name)
	switch {
	case strings.Count(o.dict, old) == 1:
		o.dict = strings.Replace(o.dict, old, new, 1)
	case o.stream && bytes.Count(o.data, []byte(old)) == 1:
		o.data = bytes.Replace(o.data, []byte(old), []byte(new), 1)
	default:
		t.Fatalf("object %q does not contain %q exactly once", name, old)
	}
}

var placeholder = regexp.MustCompile(`\{\{(\w+)\}\}`)

func (p *testPDF) bytes(t testing.TB) []byte {
	t.Helper()
	num := map[string]int{}
	for i, o := range p.objs {
		num[o.name] = i + 1
	}
	refs := func(s string) string {
		return placeholder.ReplaceAllStringFunc(s, func(m string) string {
			n, ok := num[m[2:len(m)-2]]
			if !ok {
				t.Fatalf("reference to unknown object %s", m)
			}
			return fmt.Sprintf("%d 0 R", n)
		})
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(p.objs))
	for i, o := range p.objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n", i+1)
		if !o.stream {
			b.WriteString(refs(o.dict))
			b.WriteString("\nendobj\n")
			continue
		}
		data, dict := o.data, refs(o.dict)
		if p.compress {
			var z bytes.Buffer
			w := zlib.NewWriter(&z)
			w.Write(data)
			w.Close()
			data = z.Bytes()
			dict = strings.TrimSuffix(strings.TrimSpace(dict), ">>") + " /Filter /FlateDecode >>"
		}
		dict = strings.TrimSuffix(strings.TrimSpace(dict), ">>") + fmt.Sprintf(" /Length %d >>", len(data))
		b.WriteString(dict)
		b.WriteString("\nstream\n")
		b.Write(data)
		b.WriteString("\nendstream\nendobj\n")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(p.objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n", len(p.objs)+1, refs(p.trailer), xref)
	return b.Bytes()
}
