package fpdf

import (
	"fmt"
	"testing"
	"time"
)

// Patch 18: an attachment's media type, relationship and modification
// date; the catalog's /AF lists the document's attachments that have a
// relationship; /F is the file name. Those without the new fields are
// written as before, but for /F. Encrypted too.
func TestAssociatedFiles(t *testing.T) {
	for _, encrypted := range []bool{false, true} {
		t.Run(fmt.Sprintf("encrypted=%v", encrypted), func(t *testing.T) {
			pdf := New("P", "mm", "A4", "")
			pdf.SetAttachments([]Attachment{
				{Content: []byte("a,b\n1,2\n"), Filename: "data.csv", Description: "The data", MimeType: "text/csv",
					Relationship: "Source", ModTime: time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("", 5*3600+30*60))},
				{Content: []byte("plain"), Filename: "notes.txt", Description: "Notes"},
				{Content: []byte("<x/>"), Filename: "résumé.xml", MimeType: "application/xml", Relationship: "Alternative",
					ModTime: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
			})
			pdf.AddPage()
			pdf.AddAttachmentAnnotation(&Attachment{Content: []byte("x"), Filename: "x.txt", MimeType: "text/plain"}, 10, 10, 10, 10)
			if encrypted {
				pdf.SetProtection(CnProtectPrint, "", "owner")
			}
			d := readObjects(t, writePDF(t, pdf))
			cat := d.catalog()
			names := d.array(d.dict(d.dict(cat["/Names"])["/EmbeddedFiles"])["/Names"])
			if len(names) != 6 {
				t.Fatalf("/EmbeddedFiles names %v, want 3 files", names)
			}
			specs := []any{names[1], names[3], names[5]}
			if got, want := jsonText(cat["/AF"]), jsonText([]any{specs[0], specs[2]}); got != want {
				t.Errorf("the catalog's /AF %s, want %s", got, want)
			}
			for i, c := range []struct {
				spec   map[string]any
				stream map[string]any // the embedded file's dictionary, /Length and /Params' /CheckSum left out
			}{
				{
					map[string]any{"/Type": "/Filespec", "/F": "u:data.csv", "/UF": "u:data.csv", "/Desc": "u:The data", "/AFRelationship": "/Source"},
					map[string]any{"/Type": "/EmbeddedFile", "/Subtype": "/text/csv", "/Filter": "/FlateDecode",
						"/Params": map[string]any{"/Size": 8, "/ModDate": "u:D:20260102030405+05'30'"}},
				},
				{
					map[string]any{"/Type": "/Filespec", "/F": "u:notes.txt", "/UF": "u:notes.txt", "/Desc": "u:Notes"},
					map[string]any{"/Type": "/EmbeddedFile", "/Filter": "/FlateDecode", "/Params": map[string]any{"/Size": 5}},
				},
				{
					map[string]any{"/Type": "/Filespec", "/F": "u:résumé.xml", "/UF": "u:résumé.xml", "/Desc": "u:", "/AFRelationship": "/Alternative"},
					map[string]any{"/Type": "/EmbeddedFile", "/Subtype": "/application/xml", "/Filter": "/FlateDecode",
						"/Params": map[string]any{"/Size": 4, "/ModDate": "u:D:20260102030405Z"}},
				},
			} {
				spec := d.dict(specs[i])
				ef := d.dict(spec["/EF"])["/F"]
				c.spec["/EF"] = map[string]any{"/F": ef}
				if got := jsonText(spec); got != jsonText(c.spec) {
					t.Errorf("file specification %d\n%s, want\n%s", i, got, jsonText(c.spec))
				}
				stream := d.streamDicts[ref(ef)]
				delete(stream, "/Length")
				delete(stream["/Params"].(map[string]any), "/CheckSum")
				if got := jsonText(stream); got != jsonText(c.stream) {
					t.Errorf("embedded file %d\n%s, want\n%s", i, got, jsonText(c.stream))
				}
			}
			attach := d.dict(d.array(d.dict(fmt.Sprintf("%d 0 R", d.pages()[0]))["/Annots"])[0])
			ef := d.dict(d.dict(attach["/FS"])["/EF"])["/F"]
			if sub := d.streamDicts[ref(ef)]["/Subtype"]; sub != "/text/plain" {
				t.Errorf("the annotation's file has /Subtype %v, want /text/plain", sub)
			}
		})
	}
	pdf := New("P", "mm", "A4", "")
	pdf.SetAttachments([]Attachment{{Content: []byte("plain"), Filename: "notes.txt"}})
	if af, ok := readObjects(t, writePDF(t, pdf)).catalog()["/AF"]; ok {
		t.Errorf("/AF %v without a relationship", af)
	}
	raw := string(appendPDFName(nil, "application/vnd.ms-excel"))
	if raw != "/application#2Fvnd.ms-excel" {
		t.Errorf("a media type is written %s", raw)
	}
}
