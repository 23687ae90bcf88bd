package fpdf

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// taggedDoc is a tagged document of two pages in points: a running
// header as an artifact, a heading, a paragraph running on to page 2 with
// a link in it (its text and its annotation), a figure, and a table with
// a header cell. It gives back the tree and the text drawn in each
// marked-content sequence.
func taggedDoc(t *testing.T) (*Fpdf, []StructElem) {
	pdf := New("P", "pt", "A4", "")
	pdf.SetCompression(false)
	pdf.SetTitle("A tagged document", true)
	pdf.SetDisplayDocTitle(true)
	pdf.SetFont("Helvetica", "", 12)
	mc := func(tag string, want int, draw func()) {
		t.Helper()
		if got := pdf.BeginMarkedContent(tag); got != want {
			t.Fatalf("BeginMarkedContent(%q) = %d, want %d", tag, got, want)
		}
		draw()
		pdf.EndMarkedContent()
	}
	text := func(y float64, s string) func() { return func() { pdf.Text(50, y, s) } }

	pdf.AddPage()
	pdf.BeginArtifact("/Type /Pagination /Subtype /Header")
	pdf.Text(50, 30, "Running head")
	pdf.EndMarkedContent()
	mc("H1", 0, text(80, "The heading"))
	mc("P", 1, text(110, "A paragraph that runs on"))
	handle := -1
	mc("Link", 2, func() {
		pdf.Text(50, 130, "a link")
		handle = pdf.LinkURL(50, 120, 40, 14, "https://example.org/", "Example site")
	})
	mc("Figure", 3, func() {
		pdf.SetFillColor(200, 0, 0)
		pdf.Rect(50, 150, 40, 40, "F")
	})
	pdf.AddPage()
	pdf.BeginArtifact("")
	pdf.Text(50, 30, "Running head two")
	pdf.EndMarkedContent()
	mc("P", 0, text(80, "onto the second page"))
	mc("TH", 1, text(110, "Header cell"))
	mc("TD", 2, text(130, "Data cell"))
	if handle != 0 {
		t.Fatalf("LinkURL's handle is %d, want 0", handle)
	}
	tree := []StructElem{
		{Type: "Document", Parent: -1, Lang: "en-GB", Kids: []StructKid{ElemKid(1), ElemKid(2), ElemKid(4), ElemKid(5)}},
		{Type: "H1", Parent: 0, Title: "Heading", Kids: []StructKid{ContentKid(1, 0)}},
		{Type: "P", Parent: 0, Kids: []StructKid{ContentKid(1, 1), ElemKid(3), ContentKid(2, 0)}},
		{Type: "Link", Parent: 2, Kids: []StructKid{ContentKid(1, 2), AnnotKid(0)}},
		{Type: "Figure", Parent: 0, Alt: "A red square — ünïcode 🎉", Kids: []StructKid{ContentKid(1, 3)}},
		{Type: "Table", Parent: 0, Kids: []StructKid{ElemKid(6)}},
		{Type: "TR", Parent: 5, Kids: []StructKid{ElemKid(7), ElemKid(8)}},
		{Type: "TH", Parent: 6, Scope: "Column", Kids: []StructKid{ContentKid(2, 1)}},
		{Type: "TD", Parent: 6, ActualText: "Data (cell)", Kids: []StructKid{ContentKid(2, 2)}},
	}
	pdf.SetStructTree(tree)
	return pdf, tree
}

// Patch 17: the marked content in the pages, the structure tree and its
// parent tree, exactly; the catalog's and the pages' entries; the
// annotation's /StructParent; all of it encrypted too.
func TestStructTree(t *testing.T) {
	for _, encrypted := range []bool{false, true} {
		t.Run(fmt.Sprintf("encrypted=%v", encrypted), func(t *testing.T) {
			pdf, _ := taggedDoc(t)
			page1, page2 := pdf.pages[1].String(), pdf.pages[2].String()
			for _, want := range []string{"/Artifact <</Type /Pagination /Subtype /Header>> BDC", "/H1 <</MCID 0>> BDC", "/P <</MCID 1>> BDC",
				"/Link <</MCID 2>> BDC", "/Figure <</MCID 3>> BDC"} {
				if !strings.Contains(page1, want) {
					t.Errorf("page 1 lacks %q", want)
				}
			}
			for _, want := range []string{"/Artifact BMC", "/P <</MCID 0>> BDC", "/TH <</MCID 1>> BDC", "/TD <</MCID 2>> BDC"} {
				if !strings.Contains(page2, want) {
					t.Errorf("page 2 lacks %q", want)
				}
			}
			if n, m := strings.Count(page1, "EMC"), strings.Count(page1, "BDC")+strings.Count(page1, "BMC"); n != 5 || m != 5 {
				t.Errorf("page 1 has %d EMC for %d BDC and BMC, want 5", n, m)
			}
			if encrypted {
				pdf.SetProtection(CnProtectPrint, "", "owner")
			}
			d := readObjects(t, writePDF(t, pdf))
			cat := d.catalog()
			if jsonText(cat["/MarkInfo"]) != `{"/Marked":true}` || jsonText(cat["/ViewerPreferences"]) != `{"/DisplayDocTitle":true}` {
				t.Errorf("the catalog's /MarkInfo %v, /ViewerPreferences %v", cat["/MarkInfo"], cat["/ViewerPreferences"])
			}
			rootRef := cat["/StructTreeRoot"].(string)
			root := d.dict(rootRef)
			pages := d.pages()
			pg := func(n int) string { return fmt.Sprintf("%d 0 R", pages[n-1]) }
			el := func(i int) string { return fmt.Sprintf("%d 0 R", ref(root["/K"])+i) }
			annot := d.array(d.dict(pg(1))["/Annots"])[0].(string)

			wantRoot := map[string]any{"/Type": "/StructTreeRoot", "/K": el(0), "/ParentTree": root["/ParentTree"], "/ParentTreeNextKey": 3}
			if jsonText(root) != jsonText(wantRoot) {
				t.Errorf("StructTreeRoot\n%s, want\n%s", jsonText(root), jsonText(wantRoot))
			}
			elem := func(s, parent string, extra map[string]any) string {
				m := map[string]any{"/Type": "/StructElem", "/S": s, "/P": parent}
				for k, v := range extra {
					m[k] = v
				}
				return jsonText(m)
			}
			mcr := func(page, mcid int) map[string]any {
				return map[string]any{"/Type": "/MCR", "/Pg": pg(page), "/MCID": mcid}
			}
			want := []string{
				elem("/Document", rootRef, map[string]any{"/Lang": "u:en-GB", "/K": []any{el(1), el(2), el(4), el(5)}}),
				elem("/H1", el(0), map[string]any{"/Pg": pg(1), "/T": "u:Heading", "/K": []any{0}}),
				elem("/P", el(0), map[string]any{"/Pg": pg(1), "/K": []any{1, el(3), mcr(2, 0)}}),
				elem("/Link", el(2), map[string]any{"/Pg": pg(1), "/K": []any{2,
					map[string]any{"/Type": "/OBJR", "/Obj": annot, "/Pg": pg(1)}}}),
				elem("/Figure", el(0), map[string]any{"/Pg": pg(1), "/Alt": "u:A red square — ünïcode 🎉", "/K": []any{3}}),
				elem("/Table", el(0), map[string]any{"/K": []any{el(6)}}),
				elem("/TR", el(5), map[string]any{"/K": []any{el(7), el(8)}}),
				elem("/TH", el(6), map[string]any{"/Pg": pg(2), "/K": []any{1},
					"/A": map[string]any{"/O": "/Table", "/Scope": "/Column"}}),
				elem("/TD", el(6), map[string]any{"/Pg": pg(2), "/ActualText": "u:Data (cell)", "/K": []any{2}}),
			}
			for i, w := range want {
				if got := jsonText(d.dict(el(i))); got != w {
					t.Errorf("element %d\n%s, want\n%s", i, got, w)
				}
			}
			nums := []any{0, []any{el(1), el(2), el(3), el(4)}, 1, []any{el(2), el(7), el(8)}, 2, el(3)}

			if got := jsonText(d.dict(root["/ParentTree"])); got != jsonText(map[string]any{"/Nums": nums}) {
				t.Errorf("the parent tree %s, want /Nums %s", got, jsonText(nums))
			}
			for n := 1; n <= 2; n++ {
				if p := d.dict(pg(n)); p["/StructParents"] != float64(n-1) || p["/Tabs"] != "/S" {
					t.Errorf("page %d: /StructParents %v /Tabs %v", n, p["/StructParents"], p["/Tabs"])
				}
			}
			if a := d.dict(annot); a["/StructParent"] != 2.0 || a["/Contents"] != "u:Example site" {
				t.Errorf("the link annotation's /StructParent %v, /Contents %v", a["/StructParent"], a["/Contents"])
			}
		})
	}
}

// The text inside marked content is still extracted, in order.
func TestStructTreePdftotext(t *testing.T) {
	pdf, _ := taggedDoc(t)
	text := runTool(t, "pdftotext", "-enc", "UTF-8", savePDF(t, writePDF(t, pdf)), "-")
	at := 0
	for _, w := range []string{"Running head", "The heading", "A paragraph that runs on", "a link", "Running head two",
		"onto the second page", "Header cell", "Data cell"} {
		i := strings.Index(text[at:], w)
		if i < 0 {
			t.Fatalf("pdftotext lacks %q after %q:\n%s", w, text[:at], text)
		}
		at += i + len(w)
	}
}

// Without a tree, marked content is written as asked and the document
// says nothing of structure.
func TestMarkedContentWithoutTree(t *testing.T) {
	pdf, _ := taggedDoc(t)
	pdf.SetStructTree(nil)
	pdf.SetDisplayDocTitle(false)
	data := writePDF(t, pdf)
	d := readObjects(t, data)
	cat := d.catalog()
	for _, key := range []string{"/MarkInfo", "/StructTreeRoot", "/ViewerPreferences"} {
		if v, ok := cat[key]; ok {
			t.Errorf("the catalog has %s %v", key, v)
		}
	}
	for _, p := range d.pages() {
		if v, ok := d.dict(fmt.Sprintf("%d 0 R", p))["/StructParents"]; ok {
			t.Errorf("a page has /StructParents %v", v)
		}
	}
	if !bytes.Contains(data, []byte("/TD <</MCID 2>> BDC")) {
		t.Error("the marked content is not written")
	}
}

// Every mistake in the tree or the marked content is an error, and
// nothing is written.
func TestStructTreeErrors(t *testing.T) {
	for _, c := range []struct {
		name, want string
		change     func(*Fpdf, []StructElem) []StructElem
	}{
		{"MCID owned by none", "MCID 2 of page 2 is owned by no element", func(_ *Fpdf, tr []StructElem) []StructElem {
			tr[8].Kids = nil
			return tr
		}},
		{"MCID owned by two", "MCID 0 of page 1 is owned by two elements, 1 and 8", func(_ *Fpdf, tr []StructElem) []StructElem {
			tr[8].Kids = append(tr[8].Kids, ContentKid(1, 0))
			return tr
		}},
		{"MCID never begun", "kid 1 names MCID 3 of page 2, which was never begun", func(_ *Fpdf, tr []StructElem) []StructElem {
			tr[8].Kids = append(tr[8].Kids, ContentKid(2, 3))
			return tr
		}},
		{"no such page", "kid 1 names page 3, which does not exist", func(_ *Fpdf, tr []StructElem) []StructElem {
			tr[8].Kids = append(tr[8].Kids, ContentKid(3, 0))
			return tr
		}},
		{"no such annotation", "names annotation 1, which does not exist", func(_ *Fpdf, tr []StructElem) []StructElem {
			tr[3].Kids = append(tr[3].Kids, AnnotKid(1))
			return tr
		}},
		{"annotation twice", "annotation 0 is the kid of two elements, 3 and 4", func(_ *Fpdf, tr []StructElem) []StructElem {
			tr[4].Kids = append(tr[4].Kids, AnnotKid(0))
			return tr
		}},
		{"no such element", "kid 1 names element 9, which does not exist", func(_ *Fpdf, tr []StructElem) []StructElem {
			tr[8].Kids = append(tr[8].Kids, ElemKid(9))
			return tr
		}},
		{"kid's Parent disagrees", "element 0 lists element 3 as a kid, but element 3's Parent is 2", func(_ *Fpdf, tr []StructElem) []StructElem {
			tr[0].Kids = append(tr[0].Kids, ElemKid(3))
			return tr
		}},
		{"Parent not listing", "element 5's Parent is element 0, which does not list it as a kid", func(_ *Fpdf, tr []StructElem) []StructElem {
			tr[0].Kids = tr[0].Kids[:3]
			return tr
		}},
		{"one ID twice", `elements 1 and 4 have one ID, "n1"`, func(_ *Fpdf, tr []StructElem) []StructElem {
			tr[1].ID, tr[4].ID = "n1", "n1"
			return tr
		}},
		{"ID not ASCII", `element 4: ID "né" is not printable ASCII`, func(_ *Fpdf, tr []StructElem) []StructElem {
			tr[4].ID = "n\u00e9"
			return tr
		}},
		{"two roots", "element 5 has Parent -1, but only the root, element 0, may", func(_ *Fpdf, tr []StructElem) []StructElem {
			tr[5].Parent = -1
			return tr
		}},
		{"root not first", "element 0 is the root, but its Parent is 1, not -1", func(_ *Fpdf, tr []StructElem) []StructElem {
			tr[0].Parent = 1
			return tr
		}},
		{"cycle", "not below the root", func(_ *Fpdf, tr []StructElem) []StructElem {
			// Table and a new element 9 list each other; the root lists
			// 9 no more, Table never again.
			tr[0].Kids = tr[0].Kids[:3]
			tr[5].Parent = 9
			tr[5].Kids = append(tr[5].Kids, ElemKid(9))
			return append(tr, StructElem{Type: "Div", Parent: 5, Kids: []StructKid{ElemKid(5)}})
		}},
		{"listed twice", "element 6 is listed as a kid twice, by elements 5 and 5", func(_ *Fpdf, tr []StructElem) []StructElem {
			tr[5].Kids = append(tr[5].Kids, ElemKid(6))
			return tr
		}},
		{"zero kid", "kid 1 is the zero StructKid", func(_ *Fpdf, tr []StructElem) []StructElem {
			tr[8].Kids = append(tr[8].Kids, StructKid{})
			return tr
		}},
		{"no type", "element 6 has no Type", func(_ *Fpdf, tr []StructElem) []StructElem {
			tr[6].Type = ""
			return tr
		}},
		{"bad scope", `element 7: Scope "column" is not Row, Column or Both`, func(_ *Fpdf, tr []StructElem) []StructElem {
			tr[7].Scope = "column"
			return tr
		}},
		{"unbalanced EMC", "EndMarkedContent: no marked-content sequence is open on page 2", func(pdf *Fpdf, tr []StructElem) []StructElem {
			pdf.EndMarkedContent()
			return tr
		}},
		{"page ends open", "page 2 ends with 1 marked-content sequences open", func(pdf *Fpdf, tr []StructElem) []StructElem {
			pdf.BeginArtifact("")
			return tr
		}},
		{"page left open", "page 2 ends with 1 marked-content sequences open", func(pdf *Fpdf, tr []StructElem) []StructElem {
			pdf.BeginArtifact("")
			pdf.AddPage()
			return tr
		}},
		{"empty tag", "BeginMarkedContent: the tag is empty", func(pdf *Fpdf, tr []StructElem) []StructElem {
			pdf.BeginMarkedContent("")
			return tr
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			pdf, tree := taggedDoc(t)
			pdf.SetStructTree(c.change(pdf, tree))
			var buf bytes.Buffer
			err := pdf.Output(&buf)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written", buf.Len())
			}
		})
	}
	pdf := New("P", "pt", "A4", "")
	if mcid := pdf.BeginMarkedContent("P"); mcid != -1 || pdf.Err() == false {
		t.Errorf("BeginMarkedContent before AddPage: %d, %v", mcid, pdf.Error())
	}
}

func TestAppendPDFName(t *testing.T) {
	for in, want := range map[string]string{"P": "/P", "H1": "/H1", "a b": "/a#20b", "x/y#(z)": "/x#2Fy#23#28z#29", "é": "/#C3#A9"} {
		if got := string(appendPDFName(nil, in)); got != want {
			t.Errorf("appendPDFName(%q) = %s, want %s", in, got, want)
		}
	}
}

// Patch 22: an element's ID is written as /ID and the root's /IDTree maps
// the IDs, sorted, to their elements (PDF/UA asks a Note for one).
func TestStructTreeIDs(t *testing.T) {
	for _, encrypted := range []bool{false, true} {
		pdf, tree := taggedDoc(t)
		tree[4].ID, tree[1].ID = "note-2", "note-10"
		pdf.SetStructTree(tree)
		if encrypted {
			pdf.SetProtection(CnProtectPrint, "", "owner")
		}
		d := readObjects(t, writePDF(t, pdf))
		root := d.dict(d.catalog()["/StructTreeRoot"].(string))
		el := func(i int) string { return fmt.Sprintf("%d 0 R", ref(root["/K"])+i) }
		want := map[string]any{"/Names": []any{"u:note-10", el(1), "u:note-2", el(4)}}
		if got := jsonText(root["/IDTree"]); got != jsonText(want) {
			t.Errorf("encrypted %v: /IDTree %s, want %s", encrypted, got, jsonText(want))
		}
		if id := d.dict(el(4))["/ID"]; id != "u:note-2" {
			t.Errorf("encrypted %v: element 4's /ID is %v", encrypted, id)
		}
		if _, ok := d.dict(el(2))["/ID"]; ok {
			t.Errorf("an element without an ID has one")
		}
	}
}

// Patch 23: a table cell's spans go into its table attributes, with its
// scope, and only when more than one.
func TestStructTreeCellSpans(t *testing.T) {
	pdf, tree := taggedDoc(t)
	tree[7].ColSpan, tree[8].RowSpan, tree[8].ColSpan = 2, 3, 1
	pdf.SetStructTree(tree)
	d := readObjects(t, writePDF(t, pdf))
	root := d.dict(d.catalog()["/StructTreeRoot"].(string))
	el := func(i int) string { return fmt.Sprintf("%d 0 R", ref(root["/K"])+i) }
	for i, want := range map[int]map[string]any{
		7: {"/O": "/Table", "/Scope": "/Column", "/ColSpan": 2},
		8: {"/O": "/Table", "/RowSpan": 3},
	} {
		if got := jsonText(d.dict(el(i))["/A"]); got != jsonText(want) {
			t.Errorf("element %d: /A %s, want %s", i, got, jsonText(want))
		}
	}
	if a, ok := d.dict(el(2))["/A"]; ok {
		t.Errorf("a paragraph has table attributes %v", a)
	}
}
