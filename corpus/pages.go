package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
)

const trafilaturaModule = "github.com/markusmobius/go-trafilatura"

// corpus is the go-trafilatura module's comparison pages.
type corpus struct {
	Module string              `json:"module"` // path@version
	Dir    string              `json:"dir"`    // the folder of pages
	Pages  []string            `json:"-"`      // file names, sorted
	URLs   map[string]*url.URL `json:"-"`      // file name → where the page was published
}

// findCorpus locates the pages in the module cache: the version is the one
// this program was built with (its go.mod), and `go mod download` fetches
// it if the cache lacks it, so a clean clone needs nothing else.
func findCorpus() (*corpus, error) {
	version := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == trafilaturaModule {
				version = d.Version
			}
		}
	}
	if version == "" {
		return nil, fmt.Errorf("%s is not among this program's dependencies", trafilaturaModule)
	}
	mod := trafilaturaModule + "@" + version
	out, err := exec.Command("go", "mod", "download", "-json", mod).Output()
	if err != nil {
		return nil, fmt.Errorf("go mod download %s: %w", mod, exitDetail(err))
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil {
		return nil, fmt.Errorf("go mod download %s: %w", mod, err)
	}
	if info.Error != "" {
		return nil, fmt.Errorf("go mod download %s: %s", mod, info.Error)
	}
	return openCorpus(mod, filepath.Join(info.Dir, "test-files", "comparison"), filepath.Join(info.Dir, "scripts", "comparison", "data.go"))
}

// openCorpus lists the pages in dir. Every regular file is a page: two of
// the 947 have no .html extension.
func openCorpus(module, dir, dataGo string) (*corpus, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	c := &corpus{Module: module, Dir: dir}
	for _, e := range entries {
		if e.Type().IsRegular() {
			c.Pages = append(c.Pages, e.Name())
		}
	}
	sort.Strings(c.Pages)
	if len(c.Pages) == 0 {
		return nil, fmt.Errorf("no pages in %s", dir)
	}
	// The upstream comparison script knows where each page was published;
	// trafilatura resolves relative links against it. Without it the run
	// still works, with fewer links and URLs.
	c.URLs, _ = pageURLs(dataGo)
	return c, nil
}

// pageURLs reads the map from URL to page file in go-trafilatura's
// comparison script (scripts/comparison/data.go). It is Go source, not
// data, so it is parsed, not imported: a composite literal whose keys are
// URLs and whose values have a File field.
func pageURLs(path string) (map[string]*url.URL, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	urls := map[string]*url.URL{}
	ast.Inspect(f, func(n ast.Node) bool {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return true
		}
		key, ok := kv.Key.(*ast.BasicLit)
		lit, ok2 := kv.Value.(*ast.CompositeLit)
		if !ok || !ok2 || key.Kind != token.STRING {
			return true
		}
		for _, el := range lit.Elts {
			field, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			if id, ok := field.Key.(*ast.Ident); ok && id.Name == "File" {
				file, err1 := strconv.Unquote(exprString(field.Value))
				raw, err2 := strconv.Unquote(key.Value)
				if err1 != nil || err2 != nil {
					continue
				}
				if u, err := url.Parse(raw); err == nil && u.IsAbs() {
					urls[file] = u
				}
			}
		}
		return true
	})
	return urls, nil
}

func exprString(e ast.Expr) string {
	if lit, ok := e.(*ast.BasicLit); ok {
		return lit.Value
	}
	return ""
}

func exitDetail(err error) error {
	if ee, ok := err.(*exec.ExitError); ok && len(ee.Stderr) > 0 {
		return fmt.Errorf("%w: %s", err, ee.Stderr)
	}
	return err
}
