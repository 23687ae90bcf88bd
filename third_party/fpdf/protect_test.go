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

// Patch 20: the catalog's strings, /Lang and the output intent's, are
// encrypted (and escaped) like any other.
func TestEncryptedCatalogStrings(t *testing.T) {
	for _, encrypted := range []bool{false, true} {
		pdf := New("P", "mm", "A4", "")
		pdf.SetLang("en-GB")
		pdf.AddOutputIntent(OutputIntentType{SubtypeIdent: OutputIntent_GTS_PDFA1,
			OutputConditionIdentifier: "sRGB (IEC61966-2.1)", Info: "sRGB", ICCProfile: []byte("an ICC profile's bytes")})
		if encrypted {
			pdf.SetProtection(CnProtectPrint, "", "owner")
		}
		pdf.AddPage()
		d := readObjects(t, writePDF(t, pdf))
		cat := d.catalog()
		if cat["/Lang"] != "u:en-GB" {
			t.Errorf("encrypted %v: /Lang reads %v", encrypted, cat["/Lang"])
		}
		oi := d.dict(d.array(cat["/OutputIntents"])[0])
		if oi["/OutputConditionIdentifier"] != "u:sRGB (IEC61966-2.1)" || oi["/Info"] != "u:sRGB" {
			t.Errorf("encrypted %v: the output intent reads %v", encrypted, oi)
		}
	}
}
