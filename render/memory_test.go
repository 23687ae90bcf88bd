package render

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"pdfexport/article"
)

// facesMemoryBound is what the README's memory bound (and the Kubernetes
// manifests' limits) count for the large faces and dictionaries once every
// script has been drawn: 89 MiB measured, with room for noise.
const facesMemoryBound = 100 << 20

// TestFacesMemory checks that bound: in a process of its own (so that no
// other test has loaded a face before), one short render in each language
// whose face or dictionary is large — Japanese (Mincho and Gothic), the three Chinese forms, an
// ideograph beyond the BMP, emoji, Thai, Lao, Khmer and Burmese — may grow
// the heap, after a collection, by no more than facesMemoryBound over a
// render of Latin text. It was 381 MiB before go-text's outlines were
// parsed lazily and its tables lent (third_party/typesetting patches 4, 5).
func TestFacesMemory(t *testing.T) {
	if os.Getenv("PDFEXPORT_FACES_MEMORY") == "1" {
		fmt.Printf("grown %d\n", facesGrowth(t))
		return
	}
	// A bound on a hang, not a timing assertion: the child takes a second.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestFacesMemory$", "-test.count=1")
	cmd.Env = append(os.Environ(), "PDFEXPORT_FACES_MEMORY=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	_, rest, ok := strings.Cut(string(out), "grown ")
	if !ok {
		t.Fatalf("no measure in\n%s", out)
	}
	n, err := strconv.Atoi(strings.Fields(rest)[0])
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the faces and dictionaries of every script: %.1f MiB", float64(n)/(1<<20))
	if n > facesMemoryBound {
		t.Errorf("drawing every script grew the heap by %.1f MiB, more than the %d MiB the memory bound counts", float64(n)/(1<<20), facesMemoryBound>>20)
	}
}

// facesGrowth renders Latin text, then one paragraph in each language with
// a large face or dictionary, and returns how much the heap grew in between.
func facesGrowth(t *testing.T) int {
	render := func(lang, text string) {
		var buf bytes.Buffer
		// The title is set in the sans faces, the body in the serif ones:
		// Japanese takes a face for each.
		a := &article.Article{Title: text, Lang: lang, Body: []article.Block{article.Para(text)}}
		if _, err := Render(context.Background(), &buf, a, Options{}); err != nil {
			t.Fatal(err)
		}
	}
	heap := func() int {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return int(m.HeapInuse)
	}
	render("en", "The committee said on Tuesday that the report would follow.")
	base := heap()
	for _, c := range [][2]string{
		{"ja", "日本語の文章です。「骨」と言った。"},
		{"zh-Hans", "中文的骨头。"}, {"zh-Hant", "中文的骨頭。"}, {"zh-HK", "中文的骨頭。"},
		{"en", "The chef 𠮷田 smiled 🙂 👍🏽."},
		{"th", "ภาษาไทยเป็นภาษาที่สวยงามมาก"}, {"lo", "ພາສາລາວເປັນພາສາທີ່ງາມຫຼາຍ"},
		{"km", "ភាសាខ្មែរគឺជាភាសាដ៏ស្រស់ស្អាត"}, {"my", "မြန်မာဘာသာစကားသည်လှပသည်"},
	} {
		render(c[0], c[1])
	}
	return heap() - base
}
