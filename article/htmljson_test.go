package article

import (
	"encoding/json"
	"maps"
	"reflect"
	"strings"
	"testing"
)

// TestParseJSONHTML: "html" is the body as an HTML fragment, its relative
// URLs resolved against "url", what it leaves out counted in Dropped.
func TestParseJSONHTML(t *testing.T) {
	in, _ := json.Marshal(map[string]any{
		"title": "T",
		"url":   "https://news.example.com/2024/05/story",
		"html":  `<p>See <a href="/topics/x">x</a>.</p><img src="pic.jpg" alt="P"><script>track()</script><div class="ad">buy</div>`,
	})
	a, err := ParseJSON(in)
	if err != nil {
		t.Fatal(err)
	}
	want := `1 paragraph
    "See " "x"{link=https://news.example.com/topics/x} "."
2 figure
    image "https://news.example.com/2024/05/pic.jpg" alt="P"
dropped: script=1 ad=1
`
	if got := dumpBlocks(a.Body, a.Dropped); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// Nothing left out: no counts at all.
	a, err = ParseJSON([]byte(`{"title":"T","html":"<p>plain</p>"}`))
	if err != nil || a.Dropped != nil || len(a.Body) != 1 {
		t.Errorf("got body %v, dropped %v, error %v; want one paragraph and no counts", a.Body, a.Dropped, err)
	}
	// An empty fragment is an empty body, as an empty "body" is.
	a, err = ParseJSON([]byte(`{"title":"T","html":"  ","body":null}`))
	if err != nil || len(a.Body) != 0 {
		t.Errorf("empty html: got body %v, error %v", a.Body, err)
	}
	// Without url, relative links are text and image paths stay relative.
	a, err = ParseJSON([]byte(`{"title":"T","html":"<a href=\"/x\">x</a><img src=\"images/a.jpg\">"}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := dumpBlocks(a.Body, nil); got != "1 paragraph\n    \"x\"\n2 figure\n    image \"images/a.jpg\"\ndropped: nothing\n" {
		t.Errorf("without url, got:\n%s", got)
	}
}

// TestParseJSONLeadImage: lead_image becomes Article.Lead, a Figure with
// its caption's inline HTML as runs.
func TestParseJSONLeadImage(t *testing.T) {
	in := `{"title":"T","url":"https://e.org/a/b","lead_image":{"src":"lead.jpg","alt":" The  quay ","caption":"The quay at <em>dawn</em>, <a href=\"/harbour\">harbour</a><script>x()</script>","credit":"Photo:\nJane Doe","width":1600,"height":900}}`
	a, err := ParseJSON([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := &Block{Kind: Figure, Figure: &FigureData{
		Images: []Image{{Src: "https://e.org/a/lead.jpg", Alt: "The  quay", Width: 1600, Height: 900}},
		Caption: []Run{{Text: "The quay at "}, {Text: "dawn", Style: Italic}, {Text: ", "},
			{Text: "harbour", Link: "https://e.org/harbour"}},
		Credit: "Photo: Jane Doe",
	}}
	if !reflect.DeepEqual(a.Lead, want) {
		t.Errorf("got lead %+v %+v, want %+v %+v", a.Lead, a.Lead.Figure, want, want.Figure)
	}
	if !maps.Equal(a.Dropped, map[string]int{"script": 1}) {
		t.Errorf("dropped %v; the caption's script should count", a.Dropped)
	}
	a, err = ParseJSON([]byte(`{"title":"T","lead_image":{"src":"https://e.org/x.jpg"}}`))
	if err != nil || a.Lead == nil || a.Lead.Figure.Images[0].Src != "https://e.org/x.jpg" || a.Lead.Figure.Caption != nil || a.Dropped != nil {
		t.Errorf("a lead of src alone: %+v, error %v", a, err)
	}
	a, err = ParseJSON([]byte(`{"title":"T","lead_image":null}`))
	if err != nil || a.Lead != nil {
		t.Errorf("a null lead: %+v, error %v", a, err)
	}
}

// TestParseJSONHTMLErrors: each mistake in html or lead_image is an
// ErrInvalid error that says what to fix.
func TestParseJSONHTMLErrors(t *testing.T) {
	deep := strings.Repeat("<div>", 600)
	for _, c := range []struct {
		name      string
		input     string
		fragments []string
	}{
		{"body and html", `{"title":"T","body":["p"],"html":"<p>q</p>"}`, []string{`both "body" and "html"`, "one way"}},
		{"an empty body and html", `{"title":"T","body":[],"html":"<p>q</p>"}`, []string{`both "body" and "html"`}},
		{"html not a string", `{"title":"T","html":["<p>"]}`, []string{`field "html" must be a string`}},
		{"html nested too deep", `{"title":"T","html":"` + deep + `"}`, []string{"could not be parsed", "512"}},
		{"html with too many images", `{"title":"T","html":"<figure>` + strings.Repeat(`<img src=a.jpg>`, MaxImages+1) + `</figure>"}`, []string{"more than 1000 images"}},
		{"html's images and the lead past MaxImages", `{"title":"T","lead_image":{"src":"l.jpg"},"html":"<figure>` + strings.Repeat(`<img src=a.jpg>`, MaxImages) + `</figure>"}`, []string{"1001 images"}},
		{"html with too many cells", `{"title":"T","html":"<table><tr>` + strings.Repeat(`<td>a`, MaxCells+1) + `</table>"}`, []string{"more than 20000 cells"}},
		{"an invalid url with html", `{"title":"T","url":"not a url","html":"<p>a</p>"}`, []string{`url "not a url"`}},
		{"lead_image not an object", `{"title":"T","lead_image":"a.jpg"}`, []string{`"lead_image" must be an object`, "src, alt, caption, credit, width, height", "not a JSON string"}},
		{"lead_image with an unknown field", `{"title":"T","lead_image":{"url":"a.jpg"}}`, []string{`lead_image: unknown field "url"`, "its fields are src, alt"}},
		{"lead_image with a width in a string", `{"title":"T","lead_image":{"src":"a.jpg","width":"100"}}`, []string{`lead_image: field "width" must be a whole number`}},
		{"lead_image with a number for alt", `{"title":"T","lead_image":{"src":"a.jpg","alt":5}}`, []string{`lead_image: field "alt" must be a string`}},
		{"lead_image without src", `{"title":"T","lead_image":{"alt":"x"}}`, []string{"lead_image has no src"}},
		{"lead_image with a javascript src", `{"title":"T","lead_image":{"src":"javascript:alert(1)"}}`, []string{`src "javascript:alert(1)" is not`}},
		{"lead_image with a src out of the folder", `{"title":"T","lead_image":{"src":"../../etc/passwd"}}`, []string{`src "../../etc/passwd" is not`}},
		{"lead_image with a src from the root and no url", `{"title":"T","lead_image":{"src":"/img/a.jpg"}}`, []string{`src "/img/a.jpg" is not`}},
		{"lead_image with an unparsable src", `{"title":"T","lead_image":{"src":"http://[::1"}}`, []string{`src "http://[::1" is not`}},
		{"lead_image with a placeholder src", `{"title":"T","lead_image":{"src":"data:image/gif;base64,R0lGODlhAQABAAAAACw="}}`, []string{"is not"}},
		{"lead_image of negative size", `{"title":"T","lead_image":{"src":"a.jpg","width":-5}}`, []string{"lead image", "negative size"}},
		{"lead_image with a control character in alt", `{"title":"T","lead_image":{"src":"a.jpg","alt":"a\u0007b"}}`, []string{"alt text", "control character"}},
		{"lead_image's caption nested too deep", `{"title":"T","lead_image":{"src":"a.jpg","caption":"` + deep + `"}}`, []string{"caption", "512"}},
	} {
		a, err := ParseJSON([]byte(c.input))
		checkErr(t, c.name, a, err, ErrInvalid, c.fragments...)
	}
}
