package fpdf

import (
	"fmt"
	"io"
	"strings"
	"testing"
)

// annotationDoc has on page 1 a URL link (LinkString), an internal link, a
// LinkURL with contents beyond ASCII and the BMP, and a file attachment
// annotation; on page 2 two LinkURLs, one without contents. It is in
// points, so that the rectangles are the numbers given (A4 is 841.89 pt
// high).
func annotationDoc(t *testing.T) (*Fpdf, []int) {
	pdf := New("P", "pt", "A4", "")
	pdf.SetFont("Helvetica", "", 12)
	pdf.AddPage()
	internal := pdf.AddLink()
	pdf.LinkString(10, 41.89, 100, 20, "https://example.org/plain")
	pdf.Link(10, 141.89, 100, 20, internal)
	h0 := pdf.LinkURL(10, 241.89, 100, 20, "https://example.org/a", "Read the report — été 🎉")
	pdf.AddAttachmentAnnotation(&Attachment{Content: []byte("data"), Filename: "data.txt", Description: "the data"}, 10, 341.89, 20, 20)
	pdf.AddPage()
	pdf.SetLink(internal, 0, -1)
	h1 := pdf.LinkURL(10, 41.89, 100, 20, "https://example.org/b", "Plain contents")
	h2 := pdf.LinkURL(10, 141.89, 100, 20, "https://example.org/c", "")
	return pdf, []int{h0, h1, h2}
}

// Patch 16: every link and file attachment annotation has the print flag
// /F 4; LinkURL's annotations are objects of their own with /Contents,
// their handles 0, 1, 2 in order; a file attachment's appearance is a
// stream of its own (qpdf --check found the stream written inside the
// annotation's dictionary); all of it read back encrypted too.
func TestLinkAnnotations(t *testing.T) {
	for _, encrypted := range []bool{false, true} {
		t.Run(fmt.Sprintf("encrypted=%v", encrypted), func(t *testing.T) {
			pdf, handles := annotationDoc(t)
			if fmt.Sprint(handles) != "[0 1 2]" {
				t.Errorf("LinkURL's handles are %v, want [0 1 2]", handles)
			}
			if encrypted {
				pdf.SetProtection(CnProtectPrint, "", "owner")
			}
			d := readObjects(t, writePDF(t, pdf))
			pages := d.pages()
			annots := [][]any{
				d.array(d.dict(fmt.Sprintf("%d 0 R", pages[0]))["/Annots"]),
				d.array(d.dict(fmt.Sprintf("%d 0 R", pages[1]))["/Annots"]),
			}
			if len(annots[0]) != 4 || len(annots[1]) != 2 {
				t.Fatalf("%d and %d annotations, want 4 and 2", len(annots[0]), len(annots[1]))
			}
			link := func(y float64, extra map[string]any) string {
				m := map[string]any{"/Type": "/Annot", "/Subtype": "/Link", "/Border": []int{0, 0, 0}, "/F": 4,
					"/Rect": []float64{10, y, 110, y - 20}}
				for k, v := range extra {
					m[k] = v
				}
				return jsonText(m)
			}
			uri := func(u string) map[string]any { return map[string]any{"/S": "/URI", "/URI": "u:" + u} }
			for _, c := range []struct {
				annot  any
				direct bool
				want   string
			}{
				{annots[0][0], true, link(800, map[string]any{"/A": uri("https://example.org/plain")})},
				{annots[0][1], true, link(700, map[string]any{"/Dest": []any{fmt.Sprintf("%d 0 R", pages[1]), "/XYZ", 0, 841.89, nil}})},
				{annots[0][2], false, link(600, map[string]any{"/A": uri("https://example.org/a"), "/Contents": "u:Read the report — été 🎉"})},
				{annots[1][0], false, link(800, map[string]any{"/A": uri("https://example.org/b"), "/Contents": "u:Plain contents"})},
				{annots[1][1], false, link(700, map[string]any{"/A": uri("https://example.org/c")})},
			} {
				if (ref(c.annot) == 0) != c.direct {
					t.Errorf("annotation %v: an object of its own: %v, want %v", c.annot, ref(c.annot) != 0, !c.direct)
				}
				if got := jsonText(d.dict(c.annot)); got != c.want {
					t.Errorf("annotation\n%s, want\n%s", got, c.want)
				}
			}

			attach := d.dict(annots[0][3])
			if attach["/Subtype"] != "/FileAttachment" || attach["/F"] != 4.0 {
				t.Errorf("the file attachment annotation is %v, want /F 4", attach)
			}
			ap := d.dict(attach["/AP"])["/N"]
			if form := d.streamDicts[ref(ap)]; form["/Subtype"] != "/Form" ||
				jsonText(form["/BBox"]) != jsonText([]float64{10, 500, 30, 480}) {
				t.Errorf("the file attachment's appearance is %v, want an empty form", form)
			}
			if fs := d.dict(attach["/FS"]); fs["/UF"] != "u:data.txt" {
				t.Errorf("the file attachment's file specification is %v", fs)
			}
		})
	}
}

func TestLinkURLWithoutPage(t *testing.T) {
	pdf := New("P", "pt", "A4", "")
	if h := pdf.LinkURL(0, 0, 10, 10, "https://example.org", ""); h != -1 {
		t.Errorf("LinkURL before AddPage gave handle %d", h)
	}
	if err := pdf.Output(io.Discard); err == nil || !strings.Contains(err.Error(), "LinkURL: no page") {
		t.Errorf("LinkURL before AddPage: error %v", err)
	}
}

func TestPDFText(t *testing.T) {
	for in, want := range map[string]string{
		"plain (text)\n": "plain (text)\n",
		"été":            "\xfe\xff\x00\xe9\x00t\x00\xe9",
		"a🎉":             "\xfe\xff\x00a\xd8\x3c\xdf\x89",
	} {
		if got := pdfText(in); got != want {
			t.Errorf("pdfText(%q) = %q, want %q", in, got, want)
		}
	}
}
