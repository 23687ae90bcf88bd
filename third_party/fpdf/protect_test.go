package fpdf

import (
	"testing"
)

// Patch 19: every string of an encrypted object decrypts, not only the
// first (the Info dictionary holds several).
func TestEncryptedStrings(t *testing.T) {
	pdf := New("P", "mm", "A4", "")
	pdf.SetTitle("The title", false)
	pdf.SetAuthor("The author", false)
	pdf.SetSubject("The subject", false)
	pdf.SetProtection(CnProtectPrint, "", "owner")
	pdf.AddPage()
	d := readObjects(t, writePDF(t, pdf))
	info := d.dict(d.trailer["/Info"])
	for key, want := range map[string]string{"/Producer": "FPDF 1.7", "/Title": "The title", "/Author": "The author", "/Subject": "The subject"} {
		if info[key] != "u:"+want {
			t.Errorf("%s decrypts to %v, want %q", key, info[key], want)
		}
	}
	if date, _ := info["/CreationDate"].(string); len(date) < 4 || date[:4] != "u:D:" {
		t.Errorf("/CreationDate decrypts to %v", info["/CreationDate"])
	}
}
