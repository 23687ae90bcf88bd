package render

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pdfexport/internal/fixture"
)

var updateOutput = flag.Bool("update-output", false, "rewrite testdata/output.sha256 after bumping Version")

// outputTable pins the PDF bytes the renderer writes for every fixture, at
// both papers and at the smallest, normal and largest scales, together with
// the Version they were written under.
const outputTable = "testdata/output.sha256"

// TestVersionPinsOutput holds the ETag's promise: equal ETags mean equal
// bytes. An ETag hashes the article, the options and Version, not the code,
// so a change to the code that changes the PDF must come with a new Version,
// or browsers and CDNs holding the old PDF would revalidate it as current for
// ever. This test renders every fixture and compares each PDF's SHA-256 with
// the pinned table: when any differs and Version is the one the table was
// written under, it fails. The table can only be rewritten (-update-output)
// under a new Version, so the bump cannot be skipped:
//
//	go test ./render -run TestVersionPinsOutput -update-output
func TestVersionPinsOutput(t *testing.T) {
	all := fixture.All(t)
	got := map[string]string{}
	var keys []string
	for _, id := range sortedIDs(all) {
		for _, paper := range []string{"a4", "letter"} {
			for _, scale := range []float64{MinScale, 1, MaxScale} {
				pdf, _ := renderPDF(t, all[id], Options{Scale: scale, Paper: paper})
				sum := sha256.Sum256(pdf)
				key := fmt.Sprintf("%s %s %g", id, paper, scale)
				got[key] = hex.EncodeToString(sum[:])
				keys = append(keys, key)
			}
		}
	}
	// And the articles of testdata/pins, for what the archive's do not
	// exercise (see its README).
	pins, err := filepath.Glob("testdata/pins/*.json")
	if err != nil || len(pins) == 0 {
		t.Fatalf("testdata/pins: %v, %d articles", err, len(pins))
	}
	for _, path := range pins {
		a := fixture.Load(t, path)
		for _, scale := range []float64{1, MaxScale} {
			pdf, _ := renderPDF(t, a, Options{Scale: scale})
			sum := sha256.Sum256(pdf)
			key := fmt.Sprintf("pins/%s a4 %g", strings.TrimSuffix(filepath.Base(path), ".json"), scale)
			got[key] = hex.EncodeToString(sum[:])
			keys = append(keys, key)
		}
	}
	pinnedVersion, pinned := readOutputTable(t)
	var changed []string
	for _, k := range keys {
		if pinned[k] != got[k] {
			changed = append(changed, k)
		}
	}
	if len(pinned) != len(got) {
		changed = append(changed, fmt.Sprintf("(%d pinned renders, %d now)", len(pinned), len(got)))
	}
	if *updateOutput {
		if len(changed) > 0 && pinnedVersion == Version {
			t.Fatalf("the output changed (%d renders, e.g. %s) but render.Version is still %q: bump Version first, then update", len(changed), changed[0], Version)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "# The SHA-256 of every fixture's PDF, written under this Version (see TestVersionPinsOutput).\nversion %s\n", Version)
		for _, k := range keys {
			fmt.Fprintf(&b, "%s %s\n", got[k], k)
		}
		if err := os.WriteFile(outputTable, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	switch {
	case len(changed) == 0 && pinnedVersion != Version:
		t.Errorf("render.Version is %q but the output is the one pinned under %q: run go test ./render -run TestVersionPinsOutput -update-output", Version, pinnedVersion)
	case len(changed) > 0 && pinnedVersion == Version:
		t.Errorf("the PDF bytes changed for %d of %d renders (e.g. %s) but render.Version is still %q: bump Version, so ETags change with the bytes, then run go test ./render -run TestVersionPinsOutput -update-output",
			len(changed), len(keys), changed[0], Version)
	case len(changed) > 0:
		t.Errorf("Version is new (%q, the table has %q): run go test ./render -run TestVersionPinsOutput -update-output", Version, pinnedVersion)
	}
}

func readOutputTable(t *testing.T) (version string, sums map[string]string) {
	t.Helper()
	sums = map[string]string{}
	f, err := os.Open(outputTable)
	if os.IsNotExist(err) {
		return "", sums
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#") || line == "":
		case strings.HasPrefix(line, "version "):
			version = strings.TrimPrefix(line, "version ")
		default:
			sum, key, ok := strings.Cut(line, " ")
			if !ok {
				t.Fatalf("%s: bad line %q", outputTable, line)
			}
			sums[key] = sum
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return version, sums
}
