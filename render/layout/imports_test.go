package layout

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Layout sets a neutral document: it must not reach for the article it came
// from, a concrete font package, the PDF library or HTTP. (Its tests may:
// they compose articles in the house design to check real pages.)
func TestLayoutKnowsOnlyTheDocument(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	forbidden := []string{"pdfexport/article", "pdfexport/fonts", "pdfexport/render/compose", "codeberg.org/go-pdf/fpdf", "net/http"}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range parsed.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for _, bad := range forbidden {
				if path == bad {
					t.Errorf("%s imports %s", f, path)
				}
			}
		}
	}
}
