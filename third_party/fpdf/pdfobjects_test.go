package fpdf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// qpdfDoc is a document's objects as qpdf reads them (qpdf --json=2):
// values in qpdf's JSON form, names as "/Name", strings as "u:text" (or
// "b:hex"), references as "N 0 R"; a stream as its dictionary (as qpdf
// gives it with the data decoded: without /Filter and /Length), its data
// decoded in streams, its dictionary as written in streamDicts. qpdf
// decrypts an encrypted document with the empty user password, so an
// encrypted document reads as a plain one.
type qpdfDoc struct {
	t           *testing.T
	objs        map[int]any
	streams     map[int][]byte
	streamDicts map[int]map[string]any
	trailer     map[string]any
}

// readObjects runs qpdf on the document and checks it first (qpdf --check
// must find nothing wrong).
func readObjects(t *testing.T, data []byte) *qpdfDoc {
	t.Helper()
	path := savePDF(t, data)
	check := runTool(t, "qpdf", "--check", path)
	if !strings.Contains(check, "No syntax or stream encoding errors found") {
		t.Fatalf("qpdf --check:\n%s", check)
	}
	d := &qpdfDoc{t: t, objs: map[int]any{}, streams: map[int][]byte{}, streamDicts: map[int]map[string]any{}}
	for _, data := range []string{"none", "inline"} {
		d.read(path, data)
	}
	return d
}

func (d *qpdfDoc) read(path, streamData string) {
	t := d.t
	t.Helper()
	out, err := exec.Command(needTool(t, "qpdf"), "--json=2", "--json-key=qpdf",
		"--json-stream-data="+streamData, "--decode-level=generalized", path).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	// The first element of "qpdf" says what was read, the second holds
	// the objects.
	var parsed struct {
		QPDF []json.RawMessage `json:"qpdf"`
	}
	var objects map[string]struct {
		Value  any `json:"value"`
		Stream *struct {
			Dict map[string]any `json:"dict"`
			Data []byte         `json:"data"`
		} `json:"stream"`
	}
	if err := json.Unmarshal(out, &parsed); err != nil || len(parsed.QPDF) != 2 {
		t.Fatalf("qpdf --json: %v", err)
	}
	if err := json.Unmarshal(parsed.QPDF[1], &objects); err != nil {
		t.Fatal(err)
	}
	for key, o := range objects {
		if key == "trailer" {
			d.trailer = o.Value.(map[string]any)
			continue
		}
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(key, "obj:"), " 0 R"))
		if err != nil {
			t.Fatalf("qpdf object key %q", key)
		}
		switch {
		case o.Stream == nil:
			d.objs[n] = o.Value
		case streamData == "none":
			d.streamDicts[n] = o.Stream.Dict
		default:
			d.objs[n] = o.Stream.Dict
			d.streams[n] = o.Stream.Data
		}
	}
}

// ref is the object number v refers to, 0 if v is no reference.
func ref(v any) int {
	s, ok := v.(string)
	if !ok || !strings.HasSuffix(s, " 0 R") {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSuffix(s, " 0 R"))
	return n
}

// resolve follows v if it is a reference.
func (d *qpdfDoc) resolve(v any) any {
	if n := ref(v); n != 0 {
		o, ok := d.objs[n]
		if !ok {
			d.t.Fatalf("object %d is referred to but does not exist", n)
		}
		return o
	}
	return v
}

// dict is v, resolved, as a dictionary.
func (d *qpdfDoc) dict(v any) map[string]any {
	d.t.Helper()
	m, ok := d.resolve(v).(map[string]any)
	if !ok {
		d.t.Fatalf("%v is not a dictionary: %v", v, d.resolve(v))
	}
	return m
}

// array is v, resolved, as an array.
func (d *qpdfDoc) array(v any) []any {
	d.t.Helper()
	a, ok := d.resolve(v).([]any)
	if !ok {
		d.t.Fatalf("%v is not an array: %v", v, d.resolve(v))
	}
	return a
}

func (d *qpdfDoc) catalog() map[string]any { return d.dict(d.trailer["/Root"]) }

// pages are the page objects' numbers, in order.
func (d *qpdfDoc) pages() []int {
	var refs []int
	for _, k := range d.array(d.dict(d.catalog()["/Pages"])["/Kids"]) {
		refs = append(refs, ref(k))
	}
	return refs
}

// jsonText is v as a JSON text: the exact form of a dictionary, to compare.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// objectNumberDoc has objects before its pages (document attachments and
// a file attachment annotation's file), an output intent (a stream between
// the Info dictionary and the catalog), outlines and internal links
// pointing forward and back.
func objectNumberDoc() *Fpdf {
	pdf := New("P", "mm", "A4", "")
	pdf.SetCreationDate(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	pdf.SetTitle("Object numbers", false)
	pdf.SetDisplayMode("fullpage", "")
	pdf.AddOutputIntent(OutputIntentType{SubtypeIdent: OutputIntent_GTS_PDFA1,
		OutputConditionIdentifier: "sRGB", ICCProfile: []byte("an ICC profile's bytes")})
	pdf.SetAttachments([]Attachment{
		{Content: []byte("one"), Filename: "one.txt"},
		{Content: []byte("two"), Filename: "two.txt"},
	})
	pdf.SetFont("Helvetica", "", 12)
	forward, back := pdf.AddLink(), pdf.AddLink()
	for p := 1; p <= 3; p++ {
		pdf.AddPage()
		pdf.Bookmark(fmt.Sprintf("Chapter %d", p), 0, 20)
		pdf.Bookmark(fmt.Sprintf("Section %d.1", p), 1, 50)
		pdf.Text(20, 20, fmt.Sprintf("Page %d", p))
		switch p {
		case 1:
			pdf.Link(20, 15, 30, 6, forward)
			pdf.SetLink(back, 10, -1)
		case 2:
			pdf.AddAttachmentAnnotation(&Attachment{Content: []byte("three"), Filename: "three.txt"}, 20, 15, 6, 6)
		case 3:
			pdf.Link(20, 15, 30, 6, back)
			pdf.SetLink(forward, 10, -1)
		}
	}
	return pdf
}

// Patch 9: the trailer's /Info and /Root, the outlines' and the internal
// links' destinations and the open action refer to the objects they mean,
// though attachments come before the pages and an output intent between
// the Info dictionary and the catalog.
func TestObjectNumbersRecorded(t *testing.T) {
	d := readObjects(t, writePDF(t, objectNumberDoc()))
	if info := d.dict(d.trailer["/Info"]); info["/Title"] != "u:Object numbers" {
		t.Errorf("/Info is %v, not the Info dictionary", info)
	}
	cat := d.catalog()
	if cat["/Type"] != "/Catalog" {
		t.Fatalf("/Root is %v, not the catalog", cat)
	}
	pages := d.pages()
	if len(pages) != 3 {
		t.Fatalf("%d pages, want 3", len(pages))
	}
	for i, p := range pages {
		if d.dict(fmt.Sprintf("%d 0 R", p))["/Type"] != "/Page" {
			t.Errorf("page %d, object %d, is not a page", i+1, p)
		}
	}
	if p := ref(d.array(cat["/OpenAction"])[0]); p != pages[0] {
		t.Errorf("/OpenAction shows object %d, want page 1, object %d", p, pages[0])
	}

	// Outlines in order: chapter and section of each page.
	var titles []string
	for item := d.dict(d.dict(cat["/Outlines"])["/First"]); ; {
		titles = append(titles, item["/Title"].(string))
		page := 1 + (len(titles)-1)/2
		if got := ref(d.array(item["/Dest"])[0]); got != pages[page-1] {
			t.Errorf("outline %s goes to object %d, want page %d, object %d", item["/Title"], got, page, pages[page-1])
		}
		if first, ok := item["/First"]; ok {
			item = d.dict(first)
			continue
		}
		next, ok := item["/Next"]
		if !ok {
			parent := d.dict(item["/Parent"])
			if next, ok = parent["/Next"]; !ok {
				break
			}
		}
		item = d.dict(next)
	}
	if len(titles) != 6 {
		t.Errorf("outlines %q, want 6", titles)
	}

	for _, link := range []struct{ from, to int }{{1, 3}, {3, 1}} {
		annots := d.array(d.dict(fmt.Sprintf("%d 0 R", pages[link.from-1]))["/Annots"])
		if len(annots) != 1 {
			t.Fatalf("page %d has %d annotations, want 1", link.from, len(annots))
		}
		if got := ref(d.array(d.dict(annots[0])["/Dest"])[0]); got != pages[link.to-1] {
			t.Errorf("the link on page %d goes to object %d, want page %d, object %d", link.from, got, link.to, pages[link.to-1])
		}
	}
}

// Patch 10: the catalog has /Names only when there is JavaScript or a
// document attachment, and then only the trees there are.
func TestNamesOnlyWhenNeeded(t *testing.T) {
	for _, c := range []struct {
		js, attach bool
		want       []string // the keys of /Names, none for no /Names
	}{
		{false, false, nil},
		{true, false, []string{"/JavaScript"}},
		{false, true, []string{"/EmbeddedFiles"}},
		{true, true, []string{"/EmbeddedFiles", "/JavaScript"}},
	} {
		t.Run(fmt.Sprintf("js=%v,attachments=%v", c.js, c.attach), func(t *testing.T) {
			pdf := New("P", "mm", "A4", "")
			if c.js {
				pdf.SetJavascript("app.alert('hi');")
			}
			if c.attach {
				pdf.SetAttachments([]Attachment{{Content: []byte("one"), Filename: "one.txt"}})
			}
			pdf.AddPage()
			d := readObjects(t, writePDF(t, pdf))
			names, ok := d.catalog()["/Names"]
			if ok != (c.want != nil) {
				t.Fatalf("/Names is %v, want the trees %q", names, c.want)
			}
			if !ok {
				return
			}
			var keys []string
			for k := range d.dict(names) {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if jsonText(keys) != jsonText(c.want) {
				t.Fatalf("/Names has %q, want %q", keys, c.want)
			}
			if c.attach {
				files := d.array(d.dict(d.dict(names)["/EmbeddedFiles"])["/Names"])
				if len(files) != 2 || d.dict(files[1])["/Type"] != "/Filespec" {
					t.Errorf("/EmbeddedFiles names %v, want one file specification", files)
				}
			}
		})
	}
}

// Patch 11: the outline root counts every item (all are open), an item
// with children counts its descendants, an item without has no /Count.
func TestOutlineCounts(t *testing.T) {
	pdf := New("P", "mm", "A4", "")
	pdf.AddPage()
	items := []struct {
		title string
		level int
		count any // nil for no /Count
	}{
		{"A", 0, 4.0}, {"A1", 1, 2.0}, {"A1a", 2, nil}, {"A1b", 2, nil}, {"A2", 1, nil},
		{"B", 0, nil}, {"C", 0, 1.0}, {"C1", 1, nil},
	}
	for _, it := range items {
		pdf.Bookmark(it.title, it.level, -1)
	}
	d := readObjects(t, writePDF(t, pdf))
	root := d.dict(d.catalog()["/Outlines"])
	if root["/Count"] != float64(len(items)) {
		t.Errorf("the outline root's /Count is %v, want %d", root["/Count"], len(items))
	}
	// Depth first, in order, as the items were added.
	var walk func(first any)
	i := 0
	walk = func(first any) {
		for item, ok := first, true; ok; item, ok = d.dict(item)["/Next"] {
			it := d.dict(item)
			if i >= len(items) || it["/Title"] != "u:"+items[i].title {
				t.Fatalf("outline item %d is %v", i, it["/Title"])
			}
			if count, ok := it["/Count"]; count != items[i].count || ok != (items[i].count != nil) {
				t.Errorf("%s: /Count %v, want %v", items[i].title, count, items[i].count)
			}
			i++
			if kids, ok := it["/First"]; ok {
				walk(kids)
			}
		}
	}
	walk(root["/First"])
	if i != len(items) {
		t.Errorf("%d outline items, want %d", i, len(items))
	}
}

// An outline whose first item is not at level 0 (its own parent, as fpdf
// builds the tree) is still written, with no /Count looping up the tree.
func TestOutlineCountsOddLevels(t *testing.T) {
	pdf := New("P", "mm", "A4", "")
	pdf.AddPage()
	pdf.Bookmark("deep", 1, -1)
	pdf.Bookmark("top", 0, -1)
	if err := pdf.Output(io.Discard); err != nil {
		t.Fatal(err)
	}
}

// Patch 12: SetFileID writes the trailer's /ID, both halves the id; with
// encryption it is an error, and encryption alone keeps its /ID [()()].
func TestFileID(t *testing.T) {
	id := [16]byte{0x00, 0x01, 0x02, 0xfe, 0xff, 0x80, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0x9f}
	hexID := "000102feff80060708090a0b0c0d0e9f"

	pdf := New("P", "mm", "A4", "")
	pdf.SetFileID(id)
	pdf.AddPage()
	data := writePDF(t, pdf)
	if !bytes.Contains(data, []byte("/ID [<"+hexID+"><"+hexID+">]")) {
		t.Errorf("no /ID [<%s><%s>] in the trailer", hexID, hexID)
	}
	d := readObjects(t, data)
	if got, want := jsonText(d.trailer["/ID"]), jsonText([]string{"b:" + hexID, "b:" + hexID}); got != want {
		t.Errorf("/ID %s, want %s", got, want)
	}

	pdf = New("P", "mm", "A4", "")
	pdf.AddPage()
	if d := readObjects(t, writePDF(t, pdf)); d.trailer["/ID"] != nil {
		t.Errorf("/ID %v without SetFileID", d.trailer["/ID"])
	}

	pdf = New("P", "mm", "A4", "")
	pdf.SetProtection(CnProtectPrint, "", "owner")
	pdf.AddPage()
	data = writePDF(t, pdf)
	if !bytes.Contains(data, []byte("/ID [()()]")) {
		t.Errorf("an encrypted document without SetFileID lost its /ID [()()]")
	}
	readObjects(t, data)

	for _, idFirst := range []bool{true, false} {
		pdf = New("P", "mm", "A4", "")
		if idFirst {
			pdf.SetFileID(id)
		}
		pdf.SetProtection(CnProtectPrint, "", "owner")
		if !idFirst {
			pdf.SetFileID(id)
		}
		pdf.AddPage()
		var buf bytes.Buffer
		err := pdf.Output(&buf)
		if err == nil || !strings.Contains(err.Error(), "SetFileID cannot be combined with SetProtection") {
			t.Errorf("SetFileID and SetProtection: error %v", err)
		}
		if buf.Len() != 0 {
			t.Errorf("SetFileID and SetProtection: %d bytes written", buf.Len())
		}
	}
}

// Patch 13: the Info dates carry their offset from UT.
func TestInfoDatesZone(t *testing.T) {
	for _, c := range []struct {
		loc  *time.Location
		want string
	}{
		{time.UTC, "D:20260102030405Z"},
		{time.FixedZone("IST", 5*3600+30*60), "D:20260102030405+05'30'"},
		{time.FixedZone("", -(3*3600 + 45*60)), "D:20260102030405-03'45'"},
		{time.FixedZone("GMT", 0), "D:20260102030405Z"},
	} {
		pdf := New("P", "mm", "A4", "")
		pdf.SetCreationDate(time.Date(2026, 1, 2, 3, 4, 5, 0, c.loc))
		pdf.SetModificationDate(time.Date(2026, 1, 2, 3, 4, 5, 0, c.loc).Add(time.Hour))
		pdf.AddPage()
		d := readObjects(t, writePDF(t, pdf))
		info := d.dict(d.trailer["/Info"])
		if got := info["/CreationDate"]; got != "u:"+c.want {
			t.Errorf("/CreationDate %v, want %s", got, c.want)
		}
		if got, want := info["/ModDate"], "u:"+strings.Replace(c.want, "030405", "040405", 1); got != want {
			t.Errorf("/ModDate %v, want %s", got, want)
		}
	}
}

// Patch 14: SetTransparencyGroup(false) leaves /Group out of every page;
// by default a document above PDF 1.3 keeps it.
func TestTransparencyGroup(t *testing.T) {
	group := jsonText(map[string]any{"/Type": "/Group", "/S": "/Transparency", "/CS": "/DeviceRGB"})
	for _, c := range []struct {
		name string
		set  func(*Fpdf)
		want bool
	}{
		{"default", func(*Fpdf) {}, true},
		{"off", func(pdf *Fpdf) { pdf.SetTransparencyGroup(false) }, false},
		{"off and on", func(pdf *Fpdf) { pdf.SetTransparencyGroup(false); pdf.SetTransparencyGroup(true) }, true},
	} {
		pdf := New("P", "mm", "A4", "")
		pdf.AddOutputIntent(OutputIntentType{SubtypeIdent: OutputIntent_GTS_PDFA1,
			OutputConditionIdentifier: "sRGB", ICCProfile: []byte("an ICC profile's bytes")})
		c.set(pdf)
		pdf.AddPage()
		pdf.AddPage()
		d := readObjects(t, writePDF(t, pdf))
		for i, p := range d.pages() {
			g, ok := d.dict(fmt.Sprintf("%d 0 R", p))["/Group"]
			if ok != c.want || ok && jsonText(g) != group {
				t.Errorf("%s: page %d has /Group %v, want it: %v", c.name, i+1, g, c.want)
			}
		}
	}
}
