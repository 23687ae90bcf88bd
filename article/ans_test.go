package article

import (
	"strings"
	"testing"
)

// ansWith is a story with a headline and these content elements (the
// text of a JSON array's items); at, when not empty, is its
// canonical_url.
func ansWith(at, elements string) string {
	s := `{"type":"story","version":"0.10.9","headlines":{"basic":"T"}`
	if at != "" {
		s += `,"canonical_url":"` + at + `"`
	}
	return s + `,"content_elements":[` + elements + `]}`
}

// TestParseANSElements holds each content element type's mapping (the
// README's "ANS stories" section) to a small story and the blocks and
// dropped counts it must give, written as dumpBlocks writes them.
func TestParseANSElements(t *testing.T) {
	for _, c := range ansElementCases {
		t.Run(c.name, func(t *testing.T) {
			input := ansWith(c.at, c.elements)
			a, err := ParseANS([]byte(input))
			if err != nil {
				t.Fatalf("input %s: %v", input, err)
			}
			if got := dumpBlocks(a.Body, a.Dropped); got != c.want {
				t.Errorf("input %s:\ngot:\n%s\nwant:\n%s", input, got, c.want)
			}
		})
	}
}

// ansElementCases are TestParseANSElements' cases, and seeds of
// FuzzParseANS.
var ansElementCases = []struct {
	name     string
	at       string // the story's canonical_url
	elements string
	want     string
}{
	// text
	{"text is inline HTML", "", `{"type":"text","content":"a <b>b</b> <i>i</i> <a href=\"https://e.org/x\">l</a> x<sup>2</sup>"}`,
		`1 paragraph
    "a " "b"{bold} " " "i"{italic} " " "l"{link=https://e.org/x} " x" "2"{super}
dropped: nothing
`},
	{"text's white space collapses", "", `{"type":"text","content":"  one \n two\t three  "}`,
		`1 paragraph
    "one two three"
dropped: nothing
`},
	{"text's character references", "", `{"type":"text","content":"a &amp; b&nbsp;c &lt;d&gt;"}`,
		`1 paragraph
    "a & b\u00a0c <d>"
dropped: nothing
`},
	{"text's relative link resolves against the story's URL", "https://e.org/dir/story/", `{"type":"text","content":"<a href=\"/topics/x\">x</a> and <a href=\"y\">y</a>"}`,
		`1 paragraph
    "x"{link=https://e.org/topics/x} " and " "y"{link=https://e.org/dir/story/y}
dropped: nothing
`},
	{"text's relative link without a URL is text", "", `{"type":"text","content":"<a href=\"/topics/x\">x</a>"}`,
		`1 paragraph
    "x"
dropped: nothing
`},
	{"empty texts are no paragraph", "", `{"type":"text","content":""},{"type":"text","content":" <br> "},{"type":"text"},{"type":"text","content":null}`,
		`dropped: nothing
`},
	{"text's scripts are dropped", "", `{"type":"text","content":"a<script>alert(1)</script> b"}`,
		`1 paragraph
    "a b"
dropped: script=1
`},
	{"text's control characters are dropped", "", `{"type":"text","content":"a\u0007b\u0000c"}`,
		`1 paragraph
    "abc"
dropped: nothing
`},
	{"text's blocks join its one paragraph", "", `{"type":"text","content":"<p>one</p><p>two</p>"}`,
		`1 paragraph
    "one two"
dropped: nothing
`},

	// header
	{"header levels", "", `{"type":"header","level":1,"content":"one"},{"type":"header","level":2,"content":"two"},{"type":"header","level":3,"content":"three"},{"type":"header","level":4,"content":"four"},{"type":"header","level":6,"content":"six"}`,
		`1 heading level=2
    "one"
2 heading level=2
    "two"
3 heading level=3
    "three"
4 heading level=4
    "four"
5 heading level=4
    "six"
dropped: nothing
`},
	{"header without a usable level is level 2", "", `{"type":"header","content":"none"},{"type":"header","level":0,"content":"zero"},{"type":"header","level":-3,"content":"negative"},{"type":"header","level":2.5,"content":"fraction"},{"type":"header","level":null,"content":"null"}`,
		`1 heading level=2
    "none"
2 heading level=2
    "zero"
3 heading level=2
    "negative"
4 heading level=2
    "fraction"
5 heading level=2
    "null"
dropped: nothing
`},
	{"header's inline HTML", "", `{"type":"header","level":3,"content":"<i>Why</i> it &amp; matters"},{"type":"header","level":2,"content":" "}`,
		`1 heading level=3
    "Why"{italic} " it & matters"
dropped: nothing
`},

	// image
	{"image", "", `{"type":"image","version":"0.10.9","url":"https://img.e.org/a.jpg","alt_text":"A  market","subtitle":"The hall","caption":"Stalls, <i>2024</i>.","width":1200,"height":800,"credits":{"by":[{"type":"author","name":"Jane Doe"},{"type":"author","name":"Ann Roe","additional_properties":{"original":{"byline":"Ann B. Roe"}}}],"affiliation":[{"type":"author","name":"Reuters"}]},"resized_urls":{"274x183":"https://img.e.org/r.jpg"}}`,
		`1 figure
    image "https://img.e.org/a.jpg" alt="A market" 1200×800
    caption: "The hall"{bold} " " "Stalls, " "2024"{italic} "."
    credit: "Jane Doe, Ann B. Roe/Reuters"
dropped: nothing
`},
	{"image credited to an agency only", "", `{"type":"image","url":"https://img.e.org/a.jpg","credits":{"affiliation":[{"type":"author","name":"AP"}]}}`,
		`1 figure
    image "https://img.e.org/a.jpg"
    credit: "AP"
dropped: nothing
`},
	{"image's relative url resolves against the story's URL", "https://e.org/dir/story/", `{"type":"image","url":"/img/a.jpg"}`,
		`1 figure
    image "https://e.org/img/a.jpg"
dropped: nothing
`},
	{"image without a usable url keeps its caption", "", `{"type":"image","url":"javascript:alert(1)","caption":"The hall."},{"type":"image","caption":"No url."},{"type":"image"}`,
		`1 paragraph
    "The hall."
2 paragraph
    "No url."
dropped: media=3
`},
	{"image's size that cannot be one is no size", "", `{"type":"image","url":"https://img.e.org/a.jpg","width":-1,"height":800},{"type":"image","url":"https://img.e.org/b.jpg","width":1200.5,"height":800},{"type":"image","url":"https://img.e.org/c.jpg","width":1e3,"height":800}`,
		`1 figure
    image "https://img.e.org/a.jpg"
2 figure
    image "https://img.e.org/b.jpg"
3 figure
    image "https://img.e.org/c.jpg"
dropped: nothing
`},
	{"image credits skip unresolved references", "", `{"type":"image","url":"https://img.e.org/a.jpg","credits":{"by":[{"type":"reference","referent":{"id":"x"}},null,{"type":"author","name":" "}]}}`,
		`1 figure
    image "https://img.e.org/a.jpg"
dropped: nothing
`},

	// gallery
	{"gallery", "", `{"type":"gallery","headlines":{"basic":"The hall"},"description":{"basic":"Ten years of <i>leaks</i>."},"content_elements":[{"type":"image","url":"https://img.e.org/a.jpg","caption":"A.","credits":{"by":[{"name":"Jane Doe"}]}},{"type":"image","url":"https://img.e.org/b.jpg","caption":"B.","credits":{"by":[{"name":"Jane Doe"}]}},{"type":"image","url":"https://img.e.org/c.jpg","credits":{"by":[{"name":"Ann Roe"}]}}]}`,
		`1 figure
    image "https://img.e.org/a.jpg"
    image "https://img.e.org/b.jpg"
    image "https://img.e.org/c.jpg"
    caption: "The hall"{bold} " " "Ten years of " "leaks"{italic} "."
    credit: "Jane Doe; Ann Roe"
dropped: nothing
`},
	{"gallery without headline or description: its images' captions", "", `{"type":"gallery","content_elements":[{"type":"image","url":"https://img.e.org/a.jpg","caption":"A."},{"type":"image","url":"https://img.e.org/b.jpg"},{"type":"image","url":"https://img.e.org/c.jpg","caption":"C."}]}`,
		`1 figure
    image "https://img.e.org/a.jpg"
    image "https://img.e.org/b.jpg"
    image "https://img.e.org/c.jpg"
    caption: "A." " / " "C."
dropped: nothing
`},
	{"gallery's other elements and unusable images are dropped", "", `{"type":"gallery","content_elements":[{"type":"video"},{"type":"image"},{"type":"image","url":"https://img.e.org/a.jpg"}]}`,
		`1 figure
    image "https://img.e.org/a.jpg"
dropped: media=1 other=1
`},
	{"gallery without a usable image keeps its caption", "", `{"type":"gallery","headlines":{"basic":"The hall"},"content_elements":[{"type":"image","url":"ftp://e.org/a.jpg"}]},{"type":"gallery"}`,
		`1 paragraph
    "The hall"{bold}
dropped: media=2
`},

	// list
	{"unordered list with a nested ordered list", "", `{"type":"list","list_type":"unordered","items":[{"type":"text","content":"a"},{"type":"list","list_type":"ordered","items":[{"type":"text","content":"<b>b</b>"},{"type":"text","content":"c"}]},{"type":"text","content":"d"}]}`,
		`1 list item level=0
    "a"
2 list item level=1 number=1
    "b"{bold}
3 list item level=1 number=2
    "c"
4 list item level=0
    "d"
dropped: nothing
`},
	{"ordered list numbers its non-empty items", "", `{"type":"list","list_type":"ordered","items":[{"type":"text","content":"a"},{"type":"text","content":" "},{"type":"text","content":"b"}]}`,
		`1 list item level=0 number=1
    "a"
2 list item level=0 number=2
    "b"
dropped: nothing
`},
	{"list without list_type is bulleted", "", `{"type":"list","items":[{"type":"text","content":"a"}]},{"type":"list","list_type":"bullets","items":[{"type":"text","content":"b"}]}`,
		`1 list item level=0
    "a"
2 list item level=0
    "b"
dropped: nothing
`},
	{"list's other items map as in the body", "", `{"type":"list","items":[{"type":"text","content":"a"},{"type":"image","url":"https://img.e.org/a.jpg"},{"type":"custom_embed"}]},{"type":"list"},{"type":"list","items":[]}`,
		`1 list item level=0
    "a"
2 figure
    image "https://img.e.org/a.jpg"
dropped: other=1
`},

	// quote
	{"pull quote with its citation", "", `{"type":"quote","subtype":"pullquote","content_elements":[{"type":"text","content":"“We were promised a roof.”"},{"type":"text","content":"“Twice.”"}],"citation":{"type":"text","content":"— Mehmet Aydın, <i>fishmonger</i>"}}`,
		`1 pull quote
    "“We were promised a roof.”" " " "“Twice.”"
    cite: "Mehmet Aydın, " "fishmonger"{italic}
dropped: nothing
`},
	{"pull quote joins a list's items and drops what cannot join", "", `{"type":"quote","subtype":"pullquote","content_elements":[{"type":"text","content":"Three things:"},{"type":"list","items":[{"type":"text","content":"roof,"},{"type":"text","content":"drains."}]},{"type":"image","url":"https://img.e.org/a.jpg"}]}`,
		`1 pull quote
    "Three things:" " " "roof," " " "drains."
dropped: other=1
`},
	{"pull quote of only a citation is its paragraph", "", `{"type":"quote","subtype":"pullquote","content_elements":[],"citation":{"type":"text","content":"Jane Doe"}},{"type":"quote","subtype":"pullquote"}`,
		`1 paragraph
    "Jane Doe"
dropped: nothing
`},
	{"block quote: a quote block per text, the citation on the last", "", `{"type":"quote","subtype":"blockquote","content_elements":[{"type":"text","content":"One."},{"type":"text","content":"Two."}],"citation":{"type":"text","content":"– Report"}}`,
		`1 quote
    "One."
2 quote
    "Two."
    cite: "Report"
dropped: nothing
`},
	{"quote without subtype is a block quote; its list stays a list", "", `{"type":"quote","content_elements":[{"type":"text","content":"One."},{"type":"list","items":[{"type":"text","content":"a"}]}],"citation":{"content":"Report"}}`,
		`1 quote
    "One."
    cite: "Report"
2 list item level=0
    "a"
dropped: nothing
`},
	{"block quote of only a citation keeps its words", "", `{"type":"quote","subtype":"blockquote","content_elements":[],"citation":{"type":"text","content":"Report"}}`,
		`1 quote
    "Report"
dropped: nothing
`},
	{"the older blockquote element", "", `{"type":"blockquote","content":"Quoted <b>text</b>."}`,
		`1 quote
    "Quoted " "text"{bold} "."
dropped: nothing
`},

	// table
	{"table with a header", "", `{"type":"table","header":[{"type":"text","content":"Item"},{"type":"text","content":"Cost"}],"rows":[[{"type":"text","content":"<b>Roof</b>"},{"type":"text","content":"4.2"}],[{"type":"text","content":"Drains"},{"type":"text","content":""}],[]]}`,
		`1 table head=1
    row 1: th "Item" | th "Cost"
    row 2: td "Roof"{bold} | td "4.2"
    row 3: td "Drains" | td
dropped: nothing
`},
	{"table without a header", "", `{"type":"table","rows":[[{"type":"text","content":"a"}],null]}`,
		`1 table head=0
    row 1: td "a"
dropped: nothing
`},
	{"table without a cell is dropped", "", `{"type":"table","header":[],"rows":[[],[]]},{"type":"table"}`,
		`dropped: other=2
`},

	// correction
	{"correction types label their notes", "", `{"type":"correction","correction_type":"clarification","text":"It was 31 to 12."},{"type":"correction","text":"It was Tuesday."},{"type":"correction","correction_type":"retraction","text":"Withdrawn."},{"type":"correction","correction_type":"Correction","text":" "}`,
		`1 note label="Clarification"
    "It was 31 to 12."
2 note label="Correction"
    "It was Tuesday."
3 note label="Retraction"
    "Withdrawn."
dropped: nothing
`},
	{"correction's text is plain text", "", `{"type":"correction","text":"The <b> tag &amp; co."}`,
		`1 note label="Correction"
    "The <b> tag &amp; co."
dropped: nothing
`},

	// oembed_response
	{"oembed: raw_oembed's _id, provider_name and title", "", `{"type":"oembed_response","subtype":"youtube","raw_oembed":{"_id":"https://www.youtube.com/watch?v=Xq4V9c2LpQw","provider_name":"YouTube","title":"Inside  the hall","type":"video","html":"<iframe src=\"https://www.youtube.com/embed/other\"></iframe>"}}`,
		`1 embed "https://www.youtube.com/watch?v=Xq4V9c2LpQw" provider="YouTube" title="Inside the hall"
dropped: nothing
`},
	{"oembed: raw_oembed's url, a player's made the page", "", `{"type":"oembed_response","raw_oembed":{"url":"https://player.vimeo.com/video/912345678"}}`,
		`1 embed "https://vimeo.com/912345678" provider="Vimeo"
dropped: nothing
`},
	{"oembed: the player in raw_oembed's html", "", `{"type":"oembed_response","subtype":"youtube","referent":{"id":"Xq4V9c2LpQw","provider":"https://www.youtube.com/oembed?url="},"raw_oembed":{"title":"T","html":"<iframe src=\"https://www.youtube.com/embed/Xq4V9c2LpQw\"></iframe>"}}`,
		`1 embed "https://www.youtube.com/watch?v=Xq4V9c2LpQw" provider="YouTube" title="T"
dropped: nothing
`},
	{"oembed: a bare referent id is no link, even with the story's URL", "https://e.org/dir/story/", `{"type":"oembed_response","subtype":"youtube","referent":{"id":"Xq4V9c2LpQw"},"raw_oembed":{"title":"T"}}`,
		`dropped: media=1
`},
	{"oembed: referent id that is a URL", "", `{"type":"oembed_response","referent":{"id":"https://twitter.com/a/status/1?s=20"},"raw_oembed":{}}`,
		`1 embed "https://twitter.com/a/status/1" provider="X"
dropped: nothing
`},
	{"oembed without a link is dropped", "", `{"type":"oembed_response","raw_oembed":{"_id":"javascript:x","html":"<p>no player</p>"}},{"type":"oembed_response"}`,
		`dropped: media=2
`},

	// video
	{"video's page, against the story's URL; its source the provider", "https://e.org/news/story/", `{"type":"video","canonical_url":"/video/market/","headlines":{"basic":"The market at five"},"source":{"name":"The Gazette"},"streams":[{"url":"https://v.e.org/a.mp4"}],"youtube_content_id":"abc"}`,
		`1 embed "https://e.org/video/market/" provider="The Gazette" title="The market at five"
dropped: nothing
`},
	{"video's YouTube copy", "", `{"type":"video","canonical_url":"/video/market/","youtube_content_id":"Xq4V9c2LpQw","source":{"name":"The Gazette"},"headlines":{"basic":"T"}}`,
		`1 embed "https://www.youtube.com/watch?v=Xq4V9c2LpQw" provider="YouTube" title="T"
dropped: nothing
`},
	{"video's stream", "", `{"type":"video","streams":[{"url":"/relative.mp4"},{"url":"https://v.e.org/a.mp4","stream_type":"mp4"}]}`,
		`1 embed "https://v.e.org/a.mp4"
dropped: nothing
`},
	{"video without a link is dropped", "", `{"type":"video","canonical_url":"/video/market/","streams":[]}`,
		`dropped: media=1
`},

	// divider, code, raw_html
	{"divider", "", `{"type":"divider"}`,
		`1 divider
dropped: nothing
`},
	{"code keeps its lines; it is not HTML", "", `{"type":"code","language":"go","content":"\n\nif a < b {\r\n\treturn \"<b>\"\r\n}  \n\n"}`,
		`1 preformatted text
    "if a < b {\n\treturn \"<b>\"\n}"
dropped: nothing
`},
	{"empty code is no block", "", `{"type":"code","content":" \n "}`,
		`dropped: nothing
`},
	{"raw_html goes through the HTML parser", "https://e.org/dir/story/", `{"type":"raw_html","content":"<h2>Facts</h2><p>See <a href=\"/x\">x</a>.</p><hr><iframe src=\"https://www.youtube.com/embed/Xq4V9c2LpQw\"></iframe><script>x()</script><form><input></form>"}`,
		`1 heading level=2
    "Facts"
2 paragraph
    "See " "x"{link=https://e.org/x} "."
3 divider
4 embed "https://www.youtube.com/watch?v=Xq4V9c2LpQw" provider="YouTube"
dropped: script=1 form=1
`},

	// dropped
	{"interstitial links and link lists are related stories", "", `{"type":"interstitial_link","url":"/a/","content":"A"},{"type":"link_list","items":[]}`,
		`dropped: related=2
`},
	{"custom embeds, references, unknown and untyped elements are other", "", `{"type":"custom_embed","embed":{"id":"1","url":"https://e.org/"}},{"type":"reference","referent":{"id":"X"}},{"type":"numeric_rating","numeric_rating":4},{"content":"no type"},{"type":"element_group","content_elements":[]}`,
		`dropped: other=5
`},
}

// TestParseANSStory holds the story's own fields to their mapping.
func TestParseANSStory(t *testing.T) {
	for _, c := range []struct {
		name, input, want string
	}{
		{"the story's fields",
			`{"type":"story","version":"0.10.9","headlines":{"basic":"The <i>title</i> &amp; more","web":"x"},"subheadlines":{"basic":"Sub"},"description":{"basic":"Desc"},
			 "credits":{"by":[{"type":"author","name":"A"},{"type":"author","name":"B"},{"type":"author","name":"C","additional_properties":{"original":{"byline":"C. D."}}}]},
			 "display_date":"2024-05-14T09:30:00+02:00","first_publish_date":"2024-05-13T09:30:00Z","publish_date":"2024-05-15T09:30:00Z",
			 "canonical_url":"https://www.e.org/a/b/","website_url":"https://www.e.org/c/","language":"fr","copyright":"© 2024\nThe Gazette"}`,
			`title: "The title & more"
standfirst: "Sub"
byline: "By A, B and C. D."
date: "14 mai 2024"
url: "https://www.e.org/a/b/"
lang: "fr"
rights: "© 2024 The Gazette"
published: "2024-05-14T09:30:00+02:00"
dropped: nothing
`},
		{"fallbacks: description, first_publish_date, website_url, one author",
			`{"type":"story","headlines":{"basic":"T"},"subheadlines":{"basic":" "},"description":{"basic":"Desc"},"credits":{"by":[{"name":"A"}]},
			 "display_date":"","first_publish_date":"2024-05-13","canonical_url":"/a/b/","website_url":"https://www.e.org/c/","language":"pt_BR"}`,
			`title: "T"
standfirst: "Desc"
byline: "By A"
date: "13 de maio de 2024"
url: "https://www.e.org/c/"
lang: "pt-BR"
rights: ""
published: "2024-05-13T00:00:00Z"
dropped: nothing
`},
		{"publish_date last; relative URLs and a language that is no tag are left out",
			`{"_id":"X","headlines":{"basic":"T"},"credits":{"by":[{"name":"A"},{"name":"B"}]},"publish_date":"2024-05-15T09:30:00.123Z","canonical_url":"/a/b/","website_url":"javascript:alert(1)","language":"English"}`,
			`title: "T"
standfirst: ""
byline: "By A and B"
date: "15 May 2024"
url: ""
lang: ""
rights: ""
published: "2024-05-15T09:30:00Z"
dropped: nothing
`},
		{"nothing but a headline",
			`{"headlines":{"basic":"T"},"credits":{"by":[]},"promo_items":{},"content_elements":null,"language":null,"display_date":null}`,
			`title: "T"
standfirst: ""
byline: ""
date: ""
url: ""
lang: ""
rights: ""
published: ""
dropped: nothing
`},
		{"promo image",
			`{"headlines":{"basic":"T"},"promo_items":{"basic":{"type":"image","url":"https://img.e.org/a.jpg","alt_text":"Alt","caption":"Cap","width":10,"height":5,"credits":{"by":[{"name":"Jane Doe"}]}},"lead_art":{"type":"video"}}}`,
			`title: "T"
standfirst: ""
byline: ""
date: ""
url: ""
lang: ""
rights: ""
published: ""
lead figure
    image "https://img.e.org/a.jpg" alt="Alt" 10×5
    caption: "Cap"
    credit: "Jane Doe"
dropped: nothing
`},
		{"promo gallery",
			`{"headlines":{"basic":"T"},"promo_items":{"basic":{"type":"gallery","headlines":{"basic":"G"},"content_elements":[{"type":"image","url":"https://img.e.org/a.jpg"},{"type":"image","url":"https://img.e.org/b.jpg"}]}}}`,
			`title: "T"
standfirst: ""
byline: ""
date: ""
url: ""
lang: ""
rights: ""
published: ""
lead figure
    image "https://img.e.org/a.jpg"
    image "https://img.e.org/b.jpg"
    caption: "G"{bold}
dropped: nothing
`},
		{"promo video's promo_image",
			`{"headlines":{"basic":"T"},"promo_items":{"basic":{"type":"video","promo_image":{"type":"image","url":"https://img.e.org/v.jpg"}}}}`,
			`title: "T"
standfirst: ""
byline: ""
date: ""
url: ""
lang: ""
rights: ""
published: ""
lead figure
    image "https://img.e.org/v.jpg"
dropped: nothing
`},
		{"promos without a picture",
			`{"headlines":{"basic":"T"},"promo_items":{"basic":{"type":"raw_html","content":"<b>x</b>"}},"content_elements":[{"type":"text","content":"p"}]}`,
			`title: "T"
standfirst: ""
byline: ""
date: ""
url: ""
lang: ""
rights: ""
published: ""
1 paragraph
    "p"
dropped: nothing
`},
		{"promo image without a usable url",
			`{"headlines":{"basic":"T"},"promo_items":{"basic":{"type":"image","url":"data:x"}}}`,
			`title: "T"
standfirst: ""
byline: ""
date: ""
url: ""
lang: ""
rights: ""
published: ""
dropped: media=1
`},
		{"members not read are ignored, of any type",
			`{"type":"story","headlines":{"basic":"T","mobile":5},"taxonomy":[1,{"a":null}],"planning":"x","credits":{"by":[{"name":"A","org":7,"image":"x"}],"photos_by":"x"},"content_elements":[{"type":"divider","level":"x","content":5},{"type":"text","content":"p","url":[],"additional_properties":"x"}]}`,
			`title: "T"
standfirst: ""
byline: "By A"
date: ""
url: ""
lang: ""
rights: ""
published: ""
1 divider
2 paragraph
    "p"
dropped: nothing
`},
		{"a byte-order mark and white space around the object",
			"\uFEFF \n" + `{"headlines":{"basic":"T"}}` + "\n\t",
			`title: "T"
standfirst: ""
byline: ""
date: ""
url: ""
lang: ""
rights: ""
published: ""
dropped: nothing
`},
		{"escaped keys",
			`{"head\u006cines":{"basic":"T"}}`,
			`title: "T"
standfirst: ""
byline: ""
date: ""
url: ""
lang: ""
rights: ""
published: ""
dropped: nothing
`},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := ParseANS([]byte(c.input))
			if err != nil {
				t.Fatalf("input %s: %v", c.input, err)
			}
			if got := dumpArticle(a); got != c.want {
				t.Errorf("input %s:\ngot:\n%s\nwant:\n%s", c.input, got, c.want)
			}
		})
	}
}

// TestParseANSDetectsLanguage: without a language, it is detected from
// the text, and the date written in it.
func TestParseANSDetectsLanguage(t *testing.T) {
	a, err := ParseANS([]byte(`{"headlines":{"basic":"Le marché ferme pour deux ans"},"display_date":"2024-05-14T09:30:00Z","content_elements":[{"type":"text","content":"Le conseil municipal a voté mardi la fermeture de la halle du marché pour deux ans de travaux, après une décennie de réparations."}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if a.Lang != "fr" || a.Date != "14 mai 2024" {
		t.Errorf("lang %q, date %q; want fr, 14 mai 2024", a.Lang, a.Date)
	}
}

// TestParseANSErrors: every error a user can cause is reported, wrapping
// ErrEmpty or ErrInvalid, saying where and what.
func TestParseANSErrors(t *testing.T) {
	story := func(members string) string { return `{"headlines":{"basic":"T"},` + members + `}` }
	elements := func(elements string) string { return ansWith("", elements) }
	tests := []struct {
		name      string
		input     string
		want      error
		fragments []string
	}{
		{"empty", ``, ErrEmpty, []string{"empty"}},
		{"white space and a byte-order mark", "\uFEFF \r\n", ErrEmpty, []string{"empty"}},
		{"syntax error", `{"headlines": x}`, ErrInvalid, []string{"malformed", "byte"}},
		{"truncated", `{"headlines":{"basic":"T"},"content_elements":[`, ErrInvalid, []string{"ends before"}},
		{"data after the object", `{"headlines":{"basic":"T"}} {}`, ErrInvalid, []string{"after the JSON object"}},
		{"invalid UTF-8", "{\"headlines\":{\"basic\":\"\xff\"}}", ErrInvalid, []string{"UTF-8", "byte 23"}},
		{"invalid UTF-8 after white space", " \n{\"headlines\":{\"basic\":\"\xff\"}}", ErrInvalid, []string{"UTF-8", "byte 25"}},
		{"an unpaired surrogate", `{"headlines":{"basic":"\ud800"}}`, ErrInvalid, []string{"unpaired surrogate"}},
		{"an array", `[{"headlines":{"basic":"T"}}]`, ErrInvalid, []string{"JSON object", "an array"}},
		{"null", `null`, ErrInvalid, []string{"JSON object", "null"}},
		{"a gallery document", `{"type":"gallery","headlines":{"basic":"T"},"content_elements":[]}`, ErrInvalid, []string{`"gallery"`, "not a story"}},
		{"type is a number", `{"type":5,"headlines":{"basic":"T"}}`, ErrInvalid, []string{`"type"`, "a string", "a number"}},
		{"no headline", `{"type":"story","content_elements":[]}`, ErrInvalid, []string{"no headline", "headlines.basic"}},
		{"blank headline", `{"headlines":{"basic":" <b> </b> "}}`, ErrInvalid, []string{"no headline"}},
		{"headlines is a string", `{"headlines":"T"}`, ErrInvalid, []string{`"headlines"`, "an object", "a string"}},
		{"headlines.basic is a number", `{"headlines":{"basic":5}}`, ErrInvalid, []string{`"headlines.basic"`, "a string", "a number"}},
		{"headline too long", `{"headlines":{"basic":"` + strings.Repeat("é", MaxTitleRunes+1) + `"}}`, ErrInvalid, []string{"title", "1001"}},
		{"subheadlines.basic is an array", story(`"subheadlines":{"basic":[]}`), ErrInvalid, []string{`"subheadlines.basic"`, "an array"}},
		{"description is a string", story(`"description":"D"`), ErrInvalid, []string{`"description"`, "an object"}},
		{"credits.by is an object", story(`"credits":{"by":{"name":"A"}}`), ErrInvalid, []string{`"credits.by"`, "an array", "an object"}},
		{"credits.by item is a string", story(`"credits":{"by":["A"]}`), ErrInvalid, []string{"credits.by item 1", "an object", "a string"}},
		{"an author's name is a number", story(`"credits":{"by":[{"name":5}]}`), ErrInvalid, []string{`"credits.by.name"`, "a number"}},
		{"an author's original byline is a boolean", story(`"credits":{"by":[{"name":"A","additional_properties":{"original":{"byline":true}}}]}`), ErrInvalid, []string{`"credits.by.additional_properties.original.byline"`, "a boolean"}},
		{"display_date is not RFC 3339", story(`"display_date":"14 May 2024"`), ErrInvalid, []string{"display_date", `"14 May 2024"`, "RFC 3339"}},
		{"first_publish_date without a zone", story(`"first_publish_date":"2024-05-14T09:30:00"`), ErrInvalid, []string{"first_publish_date"}},
		{"publish_date is a number", story(`"publish_date":1715673600000`), ErrInvalid, []string{`"publish_date"`, "a number"}},
		{"canonical_url is an object", story(`"canonical_url":{}`), ErrInvalid, []string{`"canonical_url"`, "an object"}},
		{"language is a number", story(`"language":1`), ErrInvalid, []string{`"language"`}},
		{"copyright is an array", story(`"copyright":["c"]`), ErrInvalid, []string{`"copyright"`}},
		{"promo_items.basic is a string", story(`"promo_items":{"basic":"x"}`), ErrInvalid, []string{`"promo_items.basic"`, "an object"}},
		{"promo image's url is a number", story(`"promo_items":{"basic":{"type":"image","url":5}}`), ErrInvalid, []string{`promo_items.basic ("image")`, `"url"`}},
		{"content_elements is an object", story(`"content_elements":{}`), ErrInvalid, []string{`"content_elements"`, "an array of elements", "an object"}},
		{"an element is a string", elements(`{"type":"text","content":"a"},"b"`), ErrInvalid, []string{"content_elements item 2", "an object", "a string"}},
		{"an element's type is a number", elements(`{"type":1}`), ErrInvalid, []string{"content_elements item 1", `"type"`, "a number"}},
		{"text's content is a number", elements(`{"type":"divider"},{"type":"text","content":5}`), ErrInvalid, []string{`content_elements item 2 ("text")`, `"content"`, "a string", "a number"}},
		{"header's level is a string", elements(`{"type":"header","content":"H","level":"2"}`), ErrInvalid, []string{`("header")`, `"level"`, "a number", "a string"}},
		{"image's width is a string", elements(`{"type":"image","url":"https://e.org/a.jpg","width":"100"}`), ErrInvalid, []string{`("image")`, `"width"`}},
		{"image's caption is an object", elements(`{"type":"image","url":"https://e.org/a.jpg","caption":{}}`), ErrInvalid, []string{`"caption"`, "an object"}},
		{"image's credits is an array", elements(`{"type":"image","url":"https://e.org/a.jpg","credits":[]}`), ErrInvalid, []string{`"credits"`, "an object", "an array"}},
		{"gallery's image alt_text is a number", elements(`{"type":"gallery","content_elements":[{"type":"image","url":"https://e.org/a.jpg"},{"type":"image","alt_text":1}]}`), ErrInvalid, []string{`content_elements item 1 ("gallery"), content_elements item 2 ("image")`, `"alt_text"`}},
		{"gallery's content_elements is a string", elements(`{"type":"gallery","content_elements":"x"}`), ErrInvalid, []string{`("gallery")`, `"content_elements"`, "an array"}},
		{"list's items is an object", elements(`{"type":"list","items":{}}`), ErrInvalid, []string{`("list")`, `"items"`, "an array"}},
		{"list item is a number", elements(`{"type":"list","items":[{"type":"text","content":"a"},7]}`), ErrInvalid, []string{`("list"), items item 2`, "an object", "a number"}},
		{"nested list's item content is a boolean", elements(`{"type":"list","items":[{"type":"list","items":[{"type":"text","content":false}]}]}`), ErrInvalid, []string{`items item 1 ("list"), items item 1 ("text")`, `"content"`, "a boolean"}},
		{"list_type is a number", elements(`{"type":"list","list_type":1,"items":[]}`), ErrInvalid, []string{`"list_type"`}},
		{"quote's citation is a string", elements(`{"type":"quote","citation":"x"}`), ErrInvalid, []string{`("quote")`, `"citation"`, "an object"}},
		{"quote's citation content is a number", elements(`{"type":"quote","citation":{"content":1}}`), ErrInvalid, []string{`"citation.content"`}},
		{"quote's subtype is a number", elements(`{"type":"quote","subtype":1}`), ErrInvalid, []string{`"subtype"`}},
		{"pull quote's text content is an array", elements(`{"type":"quote","subtype":"pullquote","content_elements":[{"type":"text","content":[]}]}`), ErrInvalid, []string{`("quote"), content_elements item 1 ("text")`, `"content"`}},
		{"table's rows is a string", elements(`{"type":"table","rows":"x"}`), ErrInvalid, []string{`("table")`, `"rows"`, "an array"}},
		{"table row is an object", elements(`{"type":"table","rows":[[{"content":"a"}],{"content":"b"}]}`), ErrInvalid, []string{"rows item 2", "a row must be an array of cells"}},
		{"table cell is a string", elements(`{"type":"table","rows":[[{"content":"a"},"b"]]}`), ErrInvalid, []string{"rows item 1, cells item 2", "an object", "a string"}},
		{"table header cell's content is a number", elements(`{"type":"table","header":[{"content":1}],"rows":[]}`), ErrInvalid, []string{"header item 1", `"content"`}},
		{"correction's text is a number", elements(`{"type":"correction","text":1}`), ErrInvalid, []string{`("correction")`, `"text"`}},
		{"correction_type is a boolean", elements(`{"type":"correction","text":"t","correction_type":true}`), ErrInvalid, []string{`"correction_type"`}},
		{"oembed's raw_oembed is a string", elements(`{"type":"oembed_response","raw_oembed":"x"}`), ErrInvalid, []string{`("oembed_response")`, `"raw_oembed"`}},
		{"oembed's title is a number", elements(`{"type":"oembed_response","raw_oembed":{"title":1}}`), ErrInvalid, []string{`"raw_oembed.title"`}},
		{"oembed's referent id is a number", elements(`{"type":"oembed_response","referent":{"id":1}}`), ErrInvalid, []string{`"referent.id"`}},
		{"video's streams item is a string", elements(`{"type":"video","streams":["x"]}`), ErrInvalid, []string{`("video")`, "streams item 1", "an object"}},
		{"video's source name is a number", elements(`{"type":"video","source":{"name":1}}`), ErrInvalid, []string{`"source.name"`}},
		{"video's youtube id is a number", elements(`{"type":"video","youtube_content_id":1}`), ErrInvalid, []string{`"youtube_content_id"`}},
		{"code's content is a number", elements(`{"type":"code","content":1}`), ErrInvalid, []string{`("code")`, `"content"`}},
		{"raw_html's content is an object", elements(`{"type":"raw_html","content":{}}`), ErrInvalid, []string{`("raw_html")`, `"content"`}},
		{"raw_html nested too deep", elements(`{"type":"raw_html","content":"` + strings.Repeat("<div>", 600) + `"}`), ErrInvalid, []string{`content_elements item 1 ("raw_html")`, "512 deep"}},
		{"text with too many HTML nodes", elements(`{"type":"text","content":"` + strings.Repeat("<b>a</b>", MaxHTMLNodes) + `"}`), ErrInvalid, []string{`content_elements item 1 ("text")`, "more than", "elements, attributes and texts"}},
		{"lists nested too deep", elements(strings.Repeat(`{"type":"list","items":[`, MaxANSDepth+1) + strings.Repeat(`]}`, MaxANSDepth+1)), ErrInvalid, []string{"nested more than 16 deep"}},
		{"quotes nested too deep", elements(strings.Repeat(`{"type":"quote","content_elements":[`, MaxANSDepth+1) + strings.Repeat(`]}`, MaxANSDepth+1)), ErrInvalid, []string{"nested more than 16 deep"}},
		{"pull quote's lists nested too deep", elements(`{"type":"quote","subtype":"pullquote","content_elements":[` + strings.Repeat(`{"type":"list","items":[`, MaxANSDepth) + strings.Repeat(`]}`, MaxANSDepth) + `]}`), ErrInvalid, []string{"nested more than 16 deep"}},
		{"JSON nested past the decoder's limit", `{"headlines":{"basic":"T"},"x":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`, ErrInvalid, []string{"malformed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseANS([]byte(tt.input))
			checkErr(t, tt.input, a, err, tt.want, tt.fragments...)
		})
	}
	t.Run("nil input", func(t *testing.T) {
		a, err := ParseANS(nil)
		checkErr(t, "<nil>", a, err, ErrEmpty)
	})
}

// TestIsANSAndParse: Parse sends an ANS story to ParseANS, a JSON article
// to ParseJSON and anything else to ParseText.
func TestIsANSAndParse(t *testing.T) {
	for _, c := range []struct {
		name, input string
		ans         bool
		title       string
	}{
		{"ANS story", `{"type":"story","headlines":{"basic":"From ANS"},"content_elements":[{"type":"text","content":"p"}]}`, true, "From ANS"},
		{"ANS story without type", `{"_id":"X","headlines":{"basic":"From ANS"},"content_elements":[]}`, true, "From ANS"},
		{"ANS story without content_elements", ` {"headlines":{"basic":"From ANS"},"type":"story"}`, true, "From ANS"},
		{"ANS story after a byte-order mark", "\uFEFF\n" + `{"type":"story","headlines":{"basic":"From ANS"}}`, true, "From ANS"},
		{"JSON article", `{"title":"From JSON","body":["p"]}`, false, "From JSON"},
		{"JSON article whose text names ANS members", `{"title":"From JSON","body":["\"type\": \"story\"", "content_elements"]}`, false, "From JSON"},
		{"plain text", "From text\n\n{\"type\":\"story\",\"content_elements\":[]}\n", false, "From text"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := IsANS([]byte(c.input)); got != c.ans {
				t.Errorf("IsANS = %v, want %v", got, c.ans)
			}
			a, err := Parse([]byte(c.input))
			if err != nil || a.Title != c.title {
				t.Fatalf("Parse: title %q, error %v; want %q", summary(a), err, c.title)
			}
		})
	}
	for _, c := range []struct{ name, input, fragment string }{
		// The ANS parser's errors, not the JSON article's "unknown field".
		{"ANS story without a headline", `{"type":"story","content_elements":[]}`, "no headline"},
		{"ANS gallery", `{"type":"gallery","content_elements":[]}`, "not a story"},
		// Not ANS: the JSON article's errors.
		{"JSON article with a type of its own", `{"title":"T","type":"article"}`, `unknown field "type"`},
		{"nested content_elements is not ANS", `{"title":"T","x":{"content_elements":[]}}`, `unknown field "x"`},
		{"malformed JSON", `{"type":"story","content_elements":[}`, "malformed"},
		// JSON's white space is space, tab and line breaks: after a form
		// feed, Parse reads text.
		{"an ANS story after a form feed", "\f" + `{"type":"story","headlines":{"basic":"T"}}`, "U+000C"},
	} {
		t.Run("error/"+c.name, func(t *testing.T) {
			if strings.HasPrefix(c.input, "\f") && IsANS([]byte(c.input)) {
				t.Errorf("IsANS(%q) = true; Parse does not read JSON there", c.input)
			}
			a, err := Parse([]byte(c.input))
			if err == nil || !strings.Contains(err.Error(), c.fragment) {
				t.Errorf("Parse(%s): article %s, error %v; want an error mentioning %q", c.input, summary(a), err, c.fragment)
			}
		})
	}
}
