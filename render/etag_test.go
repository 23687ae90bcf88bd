package render

import (
	"errors"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"pdfexport/article"
)

func etagArticle() *article.Article {
	return &article.Article{
		Title: "A title", Standfirst: "A standfirst", Byline: "By Someone", Date: "4 January 2017",
		Published: time.Date(2017, 1, 4, 0, 0, 0, 0, time.UTC), URL: "https://example.org/a", Lang: "en",
		Rights: "© Someone",
		Lead:   &article.Block{Kind: article.Figure, Figure: &article.FigureData{Images: []article.Image{{Src: "lead.jpg", Alt: "A lead", Width: 800, Height: 600}}}},
		Body: []article.Block{
			{Kind: article.Paragraph, Runs: []article.Run{{Text: "One ", Style: article.Italic, Link: "https://example.org/l"}, {Text: "two.", Note: "n1"}}},
			{Kind: article.ListItem, Ordered: true, Number: 3, Level: 1, Runs: []article.Run{{Text: "An item."}}, Cite: []article.Run{{Text: "A source"}}, Label: "A label", ID: "n1", Lang: "de",
				Figure: &article.FigureData{Images: []article.Image{{Src: "a.jpg", Alt: "An image", Width: 800, Height: 600}}, Caption: []article.Run{{Text: "A caption"}}, Credit: "A credit"},
				Table:  &article.TableData{HeadRows: 1, Caption: []article.Run{{Text: "A table"}}, Rows: []article.TableRow{{Cells: []article.TableCell{{Runs: []article.Run{{Text: "A cell"}}, Header: true, ColSpan: 1, RowSpan: 1}}}}},
				Embed:  &article.EmbedData{URL: "https://example.org/v", Provider: "A provider", Title: "A title"}},
		},
	}
}

func mustETag(t *testing.T, a *article.Article, o Options) string {
	t.Helper()
	tag, err := ETag(a, o)
	if err != nil {
		t.Fatal(err)
	}
	return tag
}

func TestETagIsAStableStrongTag(t *testing.T) {
	tag := mustETag(t, etagArticle(), Options{})
	if !regexp.MustCompile(`^"[A-Za-z0-9_-]{24}"$`).MatchString(tag) {
		t.Errorf("ETag %s is not a quoted strong tag of 24 characters", tag)
	}
	if again := mustETag(t, etagArticle(), Options{}); again != tag {
		t.Errorf("the same article and options give %s, then %s", tag, again)
	}
	// Options resolve before hashing: the defaults spelt out are the defaults.
	if spelt := mustETag(t, etagArticle(), Options{Scale: 1, Paper: "A4", MaxPages: DefaultMaxPages}); spelt != tag {
		t.Errorf("explicit default options give %s, the zero options %s", spelt, tag)
	}
	if _, err := ETag(etagArticle(), Options{Scale: 7}); !errors.Is(err, ErrOption) {
		t.Errorf("scale 7: %v, want ErrOption", err)
	}
}

// change sets v, a field of one of the models, to another value of its
// type. A kind it does not know fails the test: whoever adds such a field
// must say how it changes, and so checks that the ETag sees it.
func change(t *testing.T, v reflect.Value, name string) {
	t.Helper()
	if v.Type() == reflect.TypeFor[time.Time]() {
		v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(time.Hour)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "x")
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(v.Uint() + 1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(v.Float() + 0.25)
	case reflect.Pointer: // a nil figure, table or embed: given one
		v.Set(reflect.New(v.Type().Elem()))
	case reflect.Slice:
		if v.Len() == 0 {
			v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem())))
			return
		}
		v.Set(reflect.Append(v, v.Index(0)))
	default:
		t.Fatalf("field %s is a %s: teach change (and the ETag) about it", name, v.Kind())
	}
}

// fieldsOf calls f with every field of the struct that ptr points to,
// descending into nested structs other than time.Time.
func fieldsOf(t *testing.T, ptr any, f func(name string, v reflect.Value)) {
	var walk func(prefix string, v reflect.Value)
	walk = func(prefix string, v reflect.Value) {
		for i := range v.NumField() {
			fv, name := v.Field(i), prefix+v.Type().Field(i).Name
			if v.Type().Field(i).Tag.Get("etag") == "-" || name == "Dropped" {
				continue // not drawn, or hashed otherwise
			}
			if fv.Kind() == reflect.Pointer && !fv.IsNil() && fv.Elem().Kind() == reflect.Struct {
				fv = fv.Elem() // the lead, a figure, a table, an embed
			}
			if fv.Kind() == reflect.Slice && fv.Len() > 0 && fv.Index(0).Kind() == reflect.Struct &&
				fv.Type().Elem() != reflect.TypeFor[article.Block]() && fv.Type().Elem() != reflect.TypeFor[article.Run]() {
				fv = fv.Index(0) // an image, a row, a cell
				walk(name+"[0].", fv)
				continue
			}
			if fv.Kind() == reflect.Struct && fv.Type() != reflect.TypeFor[time.Time]() {
				walk(name+".", fv)
				continue
			}
			f(name, fv)
		}
	}
	walk("", reflect.ValueOf(ptr).Elem())
}

// TestETagCoversEveryField changes each field of the article model in turn,
// found by reflection, so a field added to Article, Block or Run and not
// hashed fails here.
func TestETagCoversEveryField(t *testing.T) {
	base := mustETag(t, etagArticle(), Options{})
	count := 0
	check := func(name string, edit func(a *article.Article) any) {
		fieldsOf(t, edit(etagArticle()), func(field string, _ reflect.Value) {
			a := etagArticle()
			fieldsOf(t, edit(a), func(f string, v reflect.Value) {
				if f == field {
					change(t, v, name+field)
				}
			})
			count++
			if got := mustETag(t, a, Options{}); got == base {
				t.Errorf("changing %s%s leaves the ETag as it was", name, field)
			}
		})
	}
	check("Article.", func(a *article.Article) any { return a })
	check("Block.", func(a *article.Article) any { return &a.Body[1] })
	check("Run.", func(a *article.Article) any { return &a.Body[0].Runs[0] })
	check("Block.Cite.", func(a *article.Article) any { return &a.Body[1].Cite[0] })
	check("Table.Rows[0].Cells[0].Runs.", func(a *article.Article) any { return &a.Body[1].Table.Rows[0].Cells[0].Runs[0] })
	if count < 9+4+3 {
		t.Errorf("only %d fields checked", count)
	}
}

// TestETagCoversEveryLayoutOption does the same for the settings (the
// options of compose and layout),
// which the ETag hashes by reflection because another package owns them.
func TestETagCoversEveryLayoutOption(t *testing.T) {
	a := etagArticle()
	lo, err := Options{}.settings(a)
	if err != nil {
		t.Fatal(err)
	}
	base := etag(a, lo)
	n := 0
	fieldsOf(t, &lo, func(field string, _ reflect.Value) {
		changed := lo
		fieldsOf(t, &changed, func(f string, v reflect.Value) {
			if f == field {
				change(t, v, "settings."+field)
			}
		})
		n++
		if etag(a, changed) == base {
			t.Errorf("changing settings.%s leaves the ETag as it was", field)
		}
	})
	if n == 0 {
		t.Fatal("no layout option checked")
	}
	for _, o := range []Options{{Scale: 1.5}, {Paper: "letter"}, {Rights: "© Other"}, {Publication: "Other"}, {Lang: "fr"}, {MaxPages: 3}} {
		plain := etagArticle()
		plain.Rights, plain.Lang = "", "" // so that the options' rights line and language apply
		if mustETag(t, plain, o) == mustETag(t, plain, Options{}) {
			t.Errorf("options %+v give the ETag of the defaults", o)
		}
	}
}

// TestETagIsUnambiguous: articles whose text would run together the same
// way without length prefixes must not share a tag.
func TestETagIsUnambiguous(t *testing.T) {
	para := func(texts ...string) article.Block {
		b := article.Block{}
		for _, s := range texts {
			b.Runs = append(b.Runs, article.Run{Text: s})
		}
		return b
	}
	pairs := []struct {
		name string
		a, b article.Article
	}{
		{"title and standfirst", article.Article{Title: "ab", Standfirst: "c"}, article.Article{Title: "a", Standfirst: "bc"}},
		{"runs", article.Article{Title: "t", Body: []article.Block{para("ab", "c")}}, article.Article{Title: "t", Body: []article.Block{para("a", "bc")}}},
		{"blocks", article.Article{Title: "t", Body: []article.Block{para("a"), para("b")}}, article.Article{Title: "t", Body: []article.Block{para("a", "b")}}},
		{"text and link", article.Article{Title: "t", Body: []article.Block{{Runs: []article.Run{{Text: "a", Link: "b"}}}}},
			article.Article{Title: "t", Body: []article.Block{{Runs: []article.Run{{Text: "ab"}}}}}},
		{"empty body and no body", article.Article{Title: "t", Body: []article.Block{para()}}, article.Article{Title: "t"}},
	}
	for _, p := range pairs {
		if mustETag(t, &p.a, Options{}) == mustETag(t, &p.b, Options{}) {
			t.Errorf("%s: two different articles share an ETag", p.name)
		}
	}
}

// TestETagAllocatesLittle: the hash streams, so an article of 2 MiB of '<'
// (which JSON's HTML escaping makes six times larger) costs a few
// kilobytes, not a copy of the article.
func TestETagAllocatesLittle(t *testing.T) {
	a := &article.Article{Title: "t", Body: []article.Block{article.Para(strings.Repeat("<", 2<<20))}}
	for range 3 {
		a.Body = append(a.Body, article.Para(strings.Repeat("a ", 1000)))
	}
	mustETag(t, a, Options{})
	// Two collections empty the sync.Pools (and their victim caches), so
	// that a buffer pooled by the first call cannot hide the cost.
	runtime.GC()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	mustETag(t, a, Options{})
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 64<<10 {
		t.Errorf("an ETag of a 2 MiB article allocated %d bytes; want under 64 KiB", got)
	}
}

// TestETagRefusesUnhashableOptions: a layout option of a kind without
// deterministic bytes must fail loudly, not hash an address.
func TestETagRefusesUnhashableOptions(t *testing.T) {
	defer func() {
		if p := recover(); p == nil || !strings.Contains(p.(string), "map") {
			t.Errorf("hashing a map: panic %v, want one naming the kind", p)
		}
	}()
	h := newHasher()
	h.value(reflect.ValueOf(struct{ M map[string]int }{map[string]int{"a": 1}}))
}
