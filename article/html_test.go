package article

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// testBase is the base URL of the cases "with a base".
const testBase = "https://e.org/dir/page"

// TestParseHTMLBodyMapping holds each mapping rule of the HTML parser (the
// README's "HTML bodies" section) to a small input and the blocks and
// dropped counts it must give, written as dumpBlocks writes them.
func TestParseHTMLBodyMapping(t *testing.T) {
	base, err := url.Parse(testBase)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range mappingCases {
		t.Run(c.name, func(t *testing.T) {
			var b *url.URL
			if c.withBase {
				b = base
			}
			blocks, dropped, err := ParseHTMLBody([]byte(c.html), b)
			if err != nil {
				t.Fatalf("input %q: %v", c.html, err)
			}
			if got := dumpBlocks(blocks, dropped); got != c.want {
				t.Errorf("input %q:\ngot:\n%s\nwant:\n%s", c.html, got, c.want)
			}
		})
	}
}

// mappingCases are TestParseHTMLBodyMapping's cases, and seeds of
// FuzzParseHTMLBody.
var mappingCases = []struct {
	name     string
	withBase bool
	html     string
	want     string
}{
	{"styles", false, `<p><b>b</b><strong>s</strong> <i>i</i><em>e</em><cite>c</cite> <code>c</code><kbd>k</kbd> x<sup>2</sup> H<sub>2</sub>O <small>s</small> <s>s</s><del>d</del> <b>bold <i>both</i></b></p>`,
		`1 paragraph
    "bs"{bold} " " "iec"{italic} " " "ck"{code} " x" "2"{super} " H" "2"{sub} "O " "s"{small} " " "sd"{strike} " " "bold "{bold} "both"{bold,italic}
dropped: nothing
`},
	{"plain inline elements keep their text", false, `<p><span>a</span> <u>u</u> <mark>m</mark> <abbr title="x">abbr</abbr> <time datetime="2024">t</time> <ins>i</ins> <my-tag>custom</my-tag></p>`,
		`1 paragraph
    "a u m abbr t i custom"
dropped: nothing
`},
	{"white space collapses as in a browser", false, `<p>
   one  	two
<b> three </b>  four   </p>`,
		`1 paragraph
    "one two " "three "{bold} "four"
dropped: nothing
`},
	{"no-break spaces are kept inside and trimmed at the ends", false, `<p>&nbsp;a&nbsp;&nbsp;b&nbsp;</p>`,
		`1 paragraph
    "a\u00a0\u00a0b"
dropped: nothing
`},
	{"entities are decoded", false, `<p>&lt;tag&gt; &amp; &eacute; &#8212; &#x1F600; &bogus; &amp</p>`,
		`1 paragraph
    "<tag> & é — 😀 &bogus; &"
dropped: nothing
`},
	{"br splits a paragraph", false, `<p>one<br>two<br><br>three<br></p>`,
		`1 paragraph
    "one"
2 paragraph
    "two"
3 paragraph
    "three"
dropped: nothing
`},
	{"br elsewhere is a space", false, `<h2>Head<br>line</h2><ul><li>item<br>line</li></ul><table><tr><td>cell<br>line</td></tr></table>`,
		`1 heading level=2
    "Head line"
2 list item level=0
    "item line"
3 table head=0
    row 1: td "cell line"
dropped: nothing
`},
	{"q gives quotation marks, nested", false, `<p>He said <q>she said <q>no</q></q>.</p>`,
		`1 paragraph
    "He said “she said ‘no’”."
dropped: nothing
`},
	{"control characters and invalid UTF-8", false, "<p>a\x01b\xffc\x7fd</p>",
		`1 paragraph
    "ab�cd"
dropped: nothing
`},
	{"empty paragraphs are not emitted", false, `<p></p><p>  </p><p>&nbsp;</p><div><span></span></div><p><b> </b></p>`,
		`dropped: nothing
`},
	{"loose text and inline elements at block level are paragraphs", false, `text <b>bold</b><div>block</div>tail`,
		`1 paragraph
    "text " "bold"{bold}
2 paragraph
    "block"
3 paragraph
    "tail"
dropped: nothing
`},
	{"a block inside a link keeps the link", false, `<a href="https://e.org/p"><div>one</div><div>two</div></a>`,
		`1 paragraph
    "one"{link=https://e.org/p}
2 paragraph
    "two"{link=https://e.org/p}
dropped: nothing
`},
	{"headings h1 to h6", false, `<h1>One</h1><h2>Two</h2><h3>Three</h3><h4>Four</h4><h5>Five</h5><h6>Six</h6><h2> </h2>`,
		`1 heading level=2
    "One"
2 heading level=2
    "Two"
3 heading level=3
    "Three"
4 heading level=4
    "Four"
5 heading level=4
    "Five"
6 heading level=4
    "Six"
dropped: nothing
`},
	{"nested lists with start, levels and numbers", false, `<ol start="3"><li>three<ol><li>a</li><li>b<ul><li>deep</li></ul></li></ol></li><li>four</li></ol><ul><li>bullet</li></ul>`,
		`1 list item level=0 number=3
    "three"
2 list item level=1 number=1
    "a"
3 list item level=1 number=2
    "b"
4 list item level=2
    "deep"
5 list item level=0 number=4
    "four"
6 list item level=0
    "bullet"
dropped: nothing
`},
	{"reversed lists and li value", false, `<ol reversed><li>c</li><li>b</li><li>a</li></ol><ol reversed start="10"><li>ten</li><li value="3">three</li><li>two</li></ol><ol start="-1"><li>minus one</li><li>zero</li></ol>`,
		`1 list item level=0 number=3
    "c"
2 list item level=0 number=2
    "b"
3 list item level=0 number=1
    "a"
4 list item level=0 number=10
    "ten"
5 list item level=0 number=3
    "three"
6 list item level=0 number=2
    "two"
7 list item level=0 number=-1
    "minus one"
8 list item level=0 number=0
    "zero"
dropped: nothing
`},
	{"an li of paragraphs is one item", false, `<ul><li><p>first para</p><p>second para</p></li></ul>`,
		`1 list item level=0
    "first para second para"
dropped: nothing
`},
	{"text after a nested list or a figure in an li", false, `<ul><li>before<ul><li>nested</li></ul>after</li><li>text<figure><img src="https://e.org/a.jpg"></figure>more</li></ul>`,
		`1 list item level=0
    "before"
2 list item level=1
    "nested"
3 paragraph
    "after"
4 list item level=0
    "text"
5 figure
    image "https://e.org/a.jpg"
6 paragraph
    "more"
dropped: nothing
`},
	{"blockquote: a Quote a paragraph, the trailing cite its source", false, `<blockquote><p>One.</p><p>Two.</p><cite>— Jane Doe, <a href="https://e.org/">Example</a></cite></blockquote>`,
		`1 quote
    "One."
2 quote
    "Two."
    cite: "Jane Doe, " "Example"{link=https://e.org/}
dropped: nothing
`},
	{"blockquote with a footer, and one of text only", false, `<blockquote><p>Q</p><footer>&mdash; Someone</footer></blockquote><blockquote>Ghost quote</blockquote>`,
		`1 quote
    "Q"
    cite: "Someone"
2 quote
    "Ghost quote"
dropped: nothing
`},
	{"a figure gives a blockquote its source", false, `<figure><blockquote><p>Said it.</p></blockquote><figcaption>– Speaker</figcaption></figure>`,
		`1 quote
    "Said it."
    cite: "Speaker"
dropped: nothing
`},
	{"pull quotes", false, `<figure class="wp-block-pullquote"><blockquote><p>WP one.</p><p>WP two.</p><cite>Cited</cite></blockquote></figure><blockquote class="wp-block-quote is-style-large"><p>Large</p><cite>L</cite></blockquote><blockquote class="kg-blockquote-alt">Ghost alt</blockquote><aside class="pullquote"><p>Aside</p><cite>A</cite></aside><div class="pull-quote"><blockquote><p>Div</p></blockquote><footer>— D</footer></div><p class="pullquote">Para</p>`,
		`1 pull quote
    "WP one. WP two."
    cite: "Cited"
2 pull quote
    "Large"
    cite: "L"
3 pull quote
    "Ghost alt"
4 pull quote
    "Aside"
    cite: "A"
5 pull quote
    "Div"
    cite: "D"
6 pull quote
    "Para"
dropped: nothing
`},
	{"a figure: srcset up to print width, alt, size, figcaption, credit span", false, `<figure class="wp-block-image"><img src="https://e.org/a-1024.jpg" srcset="https://e.org/a-300.jpg 300w, https://e.org/a-1024.jpg 1024w, https://e.org/a-2048.jpg 2048w, https://e.org/a-2560.jpg 2560w" alt=" A  picture " width="1024" height="683"><figcaption>The caption <b>bold</b>. <span class="credit">Photo: J. Doe</span></figcaption></figure>`,
		`1 figure
    image "https://e.org/a-2048.jpg" alt="A picture" 1024×683
    caption: "The caption " "bold"{bold} "."
    credit: "Photo: J. Doe"
dropped: nothing
`},
	{"srcset: all wider than print, the narrowest; x descriptors, the densest", false, `<img src="https://e.org/b.jpg" srcset="https://e.org/b-4000.jpg 4000w, https://e.org/b-2400.jpg 2400w"><img src="https://e.org/c.jpg" srcset="https://e.org/c.jpg 1x, https://e.org/c@3x.jpg 3x, https://e.org/c@2x.jpg 2x">`,
		`1 figure
    image "https://e.org/b-2400.jpg"
2 figure
    image "https://e.org/c@3x.jpg"
dropped: nothing
`},
	{"srcset: commas inside URLs, invalid descriptors", false, `<img srcset="https://res.e.org/w_600,h_400/d.jpg 600w, https://res.e.org/w_1200,h_800/d.jpg 1200w, https://e.org/bad.jpg 12q">`,
		`1 figure
    image "https://res.e.org/w_1200,h_800/d.jpg"
dropped: nothing
`},
	{"lazy images: data-src and data-srcset over a placeholder", false, `<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" data-src="https://e.org/real.jpg"><img src="https://e.org/placeholder.svg" data-lazy-src="https://e.org/lazy.jpg"><img src="https://e.org/ph.gif" data-srcset="https://e.org/l-800.jpg 800w, https://e.org/l-1600.jpg 1600w"><img class="lazyload" data-original="https://e.org/orig.jpg">`,
		`1 figure
    image "https://e.org/real.jpg"
2 figure
    image "https://e.org/lazy.jpg"
3 figure
    image "https://e.org/l-1600.jpg"
4 figure
    image "https://e.org/orig.jpg"
dropped: nothing
`},
	{"picture: sources a renderer decodes, then the img", false, `<picture><source type="image/avif" srcset="https://e.org/p.avif 1600w"><source type="image/webp" srcset="https://e.org/p-1600.webp 1600w, https://e.org/p-800.webp 800w"><img src="https://e.org/p-800.jpg" alt="P"></picture>`,
		`1 figure
    image "https://e.org/p-1600.webp" alt="P"
dropped: nothing
`},
	{"credits: small, caption-credit, photographer, and in the caption's text", false, `<figure><img src="https://e.org/1.jpg"><figcaption>One <small>Credit One</small></figcaption></figure><figure><img src="https://e.org/2.jpg"><figcaption>Two<span class="caption-credit">Credit Two</span></figcaption></figure><figure><img src="https://e.org/3.jpg"><figcaption>Three <span class="photographer">Credit Three</span></figcaption></figure><figure><img src="https://e.org/4.jpg"><figcaption>Four. Photograph: Credit Four/AP</figcaption></figure><figure><img src="https://e.org/5.jpg"><figcaption>Five (Photo by Credit Five)</figcaption></figure><figure><img src="https://e.org/6.jpg"><figcaption>Photo: a caption that is far too long to be a credit line at all, it just goes on and on about it</figcaption></figure>`,
		`1 figure
    image "https://e.org/1.jpg"
    caption: "One"
    credit: "Credit One"
2 figure
    image "https://e.org/2.jpg"
    caption: "Two"
    credit: "Credit Two"
3 figure
    image "https://e.org/3.jpg"
    caption: "Three"
    credit: "Credit Three"
4 figure
    image "https://e.org/4.jpg"
    caption: "Four."
    credit: "Photograph: Credit Four/AP"
5 figure
    image "https://e.org/5.jpg"
    caption: "Five"
    credit: "Photo by Credit Five"
6 figure
    image "https://e.org/6.jpg"
    caption: "Photo: a caption that is far too long to be a credit line at all, it just goes on and on about it"
dropped: nothing
`},
	{"a bare img, an img in a p or a link, and an image inside text", false, `<img src="https://e.org/bare.jpg"><p><img src="https://e.org/in-p.jpg"></p><p><a href="https://e.org/big.jpg"><img src="https://e.org/linked.jpg"></a></p><p>before <img src="https://e.org/mid.jpg" alt="mid"> after</p>`,
		`1 figure
    image "https://e.org/bare.jpg"
2 figure
    image "https://e.org/in-p.jpg"
3 figure
    image "https://e.org/linked.jpg"
4 paragraph
    "before"
5 figure
    image "https://e.org/mid.jpg" alt="mid"
6 paragraph
    "after"
dropped: nothing
`},
	{"galleries: WordPress, Ghost and a figure of several images", false, `<figure class="wp-block-gallery has-nested-images"><figure class="wp-block-image"><img src="https://e.org/g1.jpg" alt="G1"><figcaption>First</figcaption></figure><figure class="wp-block-image"><img src="https://e.org/g2.jpg"></figure><figcaption class="blocks-gallery-caption">Gallery caption</figcaption></figure><figure class="kg-card kg-gallery-card"><div class="kg-gallery-container"><div class="kg-gallery-row"><div class="kg-gallery-image"><img src="https://e.org/k1.jpg"></div><div class="kg-gallery-image"><img src="https://e.org/k2.jpg"></div></div></div></figure>`,
		`1 figure
    image "https://e.org/g1.jpg" alt="G1"
    image "https://e.org/g2.jpg"
    caption: "Gallery caption / First"
2 figure
    image "https://e.org/k1.jpg"
    image "https://e.org/k2.jpg"
dropped: nothing
`},
	{"classic WordPress captions and galleries", false, `<div class="wp-caption alignnone"><img src="https://e.org/w.jpg" alt="W"><p class="wp-caption-text">Classic caption</p></div><div class="gallery"><dl class="gallery-item"><dt class="gallery-icon"><a href="https://e.org/x"><img src="https://e.org/x1.jpg"></a></dt><dd class="wp-caption-text gallery-caption">X one</dd></dl><dl class="gallery-item"><dt class="gallery-icon"><img src="https://e.org/x2.jpg"></dt></dl></div>`,
		`1 figure
    image "https://e.org/w.jpg" alt="W"
    caption: "Classic caption"
2 figure
    image "https://e.org/x1.jpg"
    image "https://e.org/x2.jpg"
    caption: "X one"
dropped: nothing
`},
	{"image sources without a base", false, `<img src="photo.jpg"><img src="img/a%20b.jpg"><img src="/root.jpg"><img src="../up.jpg"><img src="//cdn.e.org/pr.jpg"><img src="javascript:alert(1)"><img src="file:///etc/passwd"><img src=""><img>`,
		`1 figure
    image "photo.jpg"
2 figure
    image "img/a%20b.jpg"
3 figure
    image "https://cdn.e.org/pr.jpg"
dropped: media=6
`},
	{"image sources with a base", true, `<img src="photo.jpg"><img src="/root.jpg"><img src="../up.jpg"><img src="//cdn.e.org/pr.jpg"><img src="javascript:alert(1)">`,
		`1 figure
    image "https://e.org/dir/photo.jpg"
2 figure
    image "https://e.org/root.jpg"
3 figure
    image "https://e.org/up.jpg"
4 figure
    image "https://cdn.e.org/pr.jpg"
dropped: media=1
`},
	{"tracking pixels, emoji, and figures without a picture", false, `<img src="https://t.e.org/p.gif" width="1" height="1"><p>Fun <img class="emoji" alt="🎉" src="https://s.w.org/e.svg"> <img class="wp-smiley" src="x"></p><figure><img src=""><figcaption>Caption kept</figcaption></figure><figure><figcaption>Only a caption</figcaption></figure>`,
		`1 paragraph
    "Fun 🎉"
2 paragraph
    "Caption kept"
3 paragraph
    "Only a caption"
dropped: media=3
`},
	{"images where a figure cannot go keep their alt text", false, `<h2>Head <img src="https://e.org/h.jpg" alt="icon"></h2><table><tr><td><img src="https://e.org/flag.png" alt="France"> 12</td></tr></table>`,
		`1 heading level=2
    "Head icon"
2 table head=0
    row 1: td "France 12"
dropped: media=2
`},
	{"a table: caption, thead, tbody, tfoot in order, spans", false, `<table><caption>Cap</caption><tfoot><tr><td>F</td><td>F2</td></tr></tfoot><thead><tr><th colspan="2">Head</th></tr><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td rowspan="3">r</td><td>1</td></tr><tr><td>2</td></tr></tbody><tbody><tr><td>x</td><td colspan="0">y</td></tr></tbody></table>`,
		`1 table head=2
    caption: "Cap"
    row 1: th colspan=2 "Head"
    row 2: th "a" | th "b"
    row 3: td rowspan=2 "r" | td "1"
    row 4: td "2"
    row 5: td "x" | td "y"
    row 6: td "F" | td "F2"
dropped: nothing
`},
	{"a table without thead: leading rows of th are its head", false, `<table><tr><th>K</th><th>V</th></tr><tr><th>k</th><td>v</td></tr></table><table><tr><th>only</th></tr><tr><th>heads</th></tr></table>`,
		`1 table head=1
    row 1: th "K" | th "V"
    row 2: th "k" | td "v"
2 table head=0
    row 1: th "only"
    row 2: th "heads"
dropped: nothing
`},
	{"spans are clamped as HTML clamps them", false, `<table><tr><td colspan="5000" rowspan="70000">big</td><td colspan="-3" rowspan="x">neg</td></tr><tr><td rowspan="0">zero</td></tr><tr><td>last</td></tr></table>`,
		`1 table head=0
    row 1: td colspan=1000 rowspan=3 "big" | td "neg"
    row 2: td rowspan=2 "zero"
    row 3: td "last"
dropped: nothing
`},
	{"empty tables, a caption alone, a table in a cell", false, `<table></table><table><caption>Lonely caption</caption></table><table><tr><td>outer <table><tr><td>inner1</td><td>inner2</td></tr></table></td></tr></table>`,
		`1 paragraph
    "Lonely caption"
2 table head=0
    row 1: td "outer inner1 inner2"
dropped: other=1
`},
	{"WordPress's table block: its figcaption is the caption", false, `<figure class="wp-block-table"><table><tbody><tr><td>a</td></tr></tbody></table><figcaption class="wp-element-caption">Table caption</figcaption></figure>`,
		`1 table head=0
    caption: "Table caption"
    row 1: td "a"
dropped: nothing
`},
	{"dividers and preformatted text", false, `<hr><pre>
  indented	tab
second <b>bold</b> line<br>after br

</pre><pre class="wp-block-code"><code>x := 1
y := 2</code></pre><pre>   </pre><xmp><b>raw</b></xmp>`,
		`1 divider
2 preformatted text
    "  indented\ttab\nsecond " "bold"{bold} " line\nafter br"
3 preformatted text
    "x := 1\ny := 2"
4 preformatted text
    "<b>raw</b>"
dropped: nothing
`},
	{"iframes: YouTube, Vimeo, a tweet, Facebook, Dailymotion, others", false, `<iframe src="https://www.youtube.com/embed/abc123XYZ_-?start=42&amp;feature=oembed" title="YouTube video player"></iframe><iframe src="https://www.youtube-nocookie.com/embed/videoseries?list=PL123" title="A playlist"></iframe><iframe src="https://player.vimeo.com/video/76979871?h=8272103f6e"></iframe><iframe src="https://platform.twitter.com/embed/Tweet.html?id=1790000000000000001"></iframe><iframe src="https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fexample%2Fposts%2F1"></iframe><iframe src="https://www.dailymotion.com/embed/video/x8abc"></iframe><iframe src="https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk" title="Episode"></iframe><iframe src="https://maps.example.net/embed?q=1" title="A map"></iframe>`,
		`1 embed "https://www.youtube.com/watch?v=abc123XYZ_-&t=42s" provider="YouTube"
2 embed "https://www.youtube.com/playlist?list=PL123" provider="YouTube" title="A playlist"
3 embed "https://vimeo.com/76979871/8272103f6e" provider="Vimeo"
4 embed "https://twitter.com/i/web/status/1790000000000000001" provider="X"
5 embed "https://www.facebook.com/example/posts/1" provider="Facebook"
6 embed "https://www.dailymotion.com/video/x8abc" provider="Dailymotion"
7 embed "https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk" provider="Spotify" title="Episode"
8 embed "https://maps.example.net/embed?q=1" title="A map"
dropped: nothing
`},
	{"lazy and unusable iframes", false, `<iframe src="about:blank" data-src="https://www.youtube.com/embed/lazyID"></iframe><iframe src="/relative"></iframe><iframe src="javascript:void(0)"></iframe><iframe srcdoc="<p>x</p>"></iframe>`,
		`1 embed "https://www.youtube.com/watch?v=lazyID" provider="YouTube"
dropped: media=3
`},
	{"WordPress embeds: the URL as the wrapper's text, the provider from the class", false, `<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">
https://youtu.be/abc123
</div><figcaption>Watch it</figcaption></figure><figure class="wp-block-embed is-type-rich is-provider-some-new-site wp-block-embed-some-new-site"><div class="wp-block-embed__wrapper">
https://some-new-site.example/post/1
</div></figure><figure class="wp-block-embed"><div class="wp-block-embed__wrapper">not a url</div><figcaption>Caption of nothing</figcaption></figure>`,
		`1 embed "https://youtu.be/abc123" provider="YouTube" title="Watch it"
2 embed "https://some-new-site.example/post/1" provider="Some New Site"
3 paragraph
    "Caption of nothing"
dropped: media=1
`},
	{"embedded posts: tweet, Instagram, TikTok", false, `<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Tweet text <a href="https://t.co/x">pic.twitter.com/x</a></p>&mdash; Someone (@someone) <a href="https://twitter.com/someone/status/123?ref_src=twsrc%5Etfw">May 1, 2024</a></blockquote><blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/reel/Cabc/?utm_source=ig_embed"><a href="https://www.instagram.com/reel/Cabc/">View</a></blockquote><blockquote class="tiktok-embed" cite="https://www.tiktok.com/@u/video/7"><section>caption</section></blockquote><blockquote class="twitter-tweet"><p>No link</p></blockquote>`,
		`1 embed "https://twitter.com/someone/status/123" provider="X" title="Tweet text pic.twitter.com/x"
2 embed "https://www.instagram.com/reel/Cabc/" provider="Instagram"
3 embed "https://www.tiktok.com/@u/video/7" provider="TikTok"
4 quote
    "No link"
dropped: nothing
`},
	{"video and audio", false, `<video src="https://e.org/v.mp4" title="Clip"></video><video controls><source src="/rel.mp4"><source src="https://e.org/v.webm"></video><audio src="https://e.org/a.mp3"></audio><video>Your browser cannot play this.</video><figure class="wp-block-video"><video controls src="https://e.org/w.mp4"></video><figcaption>Video caption</figcaption></figure>`,
		`1 embed "https://e.org/v.mp4" title="Clip"
2 embed "https://e.org/v.webm"
3 embed "https://e.org/a.mp3"
4 embed "https://e.org/w.mp4" title="Video caption"
dropped: media=1
`},
	{"Ghost cards: embed, bookmark, audio", false, `<figure class="kg-card kg-embed-card"><iframe src="https://player.vimeo.com/video/1" title="Vimeo clip"></iframe></figure><figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="https://e.org/post"><div class="kg-bookmark-content"><div class="kg-bookmark-title">Post title</div><div class="kg-bookmark-metadata"><span class="kg-bookmark-author">Site</span><span class="kg-bookmark-publisher">Author</span></div></div></a></figure><div class="kg-card kg-audio-card"><img src="https://e.org/thumb.png" class="kg-audio-thumbnail"><div class="kg-audio-player-container"><audio src="https://e.org/ep.mp3" preload="metadata"></audio><div class="kg-audio-title">Episode 1</div><button>play</button></div></div>`,
		`1 embed "https://vimeo.com/1" provider="Vimeo" title="Vimeo clip"
2 embed "https://e.org/post" provider="Site" title="Post title"
3 embed "https://e.org/ep.mp3" title="Episode 1"
dropped: nothing
`},
	{"notes: labels from a bold lead, a heading, the class", false, `<div class="correction"><p><strong>Correction:</strong> Wrong year.</p></div><div class="correction"><p><b>Correction</b>: Wrong name.</p></div><section class="editors-note"><h3>Editor’s note</h3><p>One.</p><p>Two.</p></section><aside class="update"><p>Plain update.</p></aside><div class="article-update"><p><strong>Update, 5 p.m.:</strong></p><p>Later text.</p></div><div class="clarification"><p><strong>A bold sentence without a colon.</strong> Rest.</p></div>`,
		`1 note label="Correction"
    "Wrong year."
2 note label="Correction"
    "Wrong name."
3 note label="Editor’s note"
    "One."
4 note
    "Two."
5 note label="Update"
    "Plain update."
6 note label="Update, 5 p.m."
    "Later text."
7 note label="Clarification"
    "A bold sentence without a colon."{bold} " Rest."
dropped: nothing
`},
	{"Ghost callout: emoji and label", false, `<div class="kg-card kg-callout-card kg-callout-card-accent"><div class="kg-callout-emoji">💡</div><div class="kg-callout-text">Did you know about the callout card?</div></div>`,
		`1 note label="💡"
    "Did you know about the callout card?"
dropped: nothing
`},
	{"WordPress footnotes", false, `<p>Text<sup data-fn="aaa" class="fn"><a href="#aaa" id="aaa-link">1</a></sup> more<sup data-fn="bbb" class="fn"><a href="#bbb" id="bbb-link">2</a></sup>.</p><ol class="wp-block-footnotes"><li id="aaa">Note A <a href="#aaa-link" aria-label="Jump to footnote reference 1">↩︎</a></li><li id="bbb">Note <em>B</em> <a href="#bbb-link" aria-label="Jump to footnote reference 2">↩︎</a></li></ol>`,
		`1 paragraph
    "Text" "1"{super,note=aaa} " more" "2"{super,note=bbb} "."
2 footnote id="aaa" label="1"
    "Note A"
3 footnote id="bbb" label="2"
    "Note " "B"{italic}
dropped: nothing
`},
	{"Pandoc footnotes", false, `<p>Claim<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a>.</p><section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes"><hr /><ol><li id="fn1"><p>Source.<a href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li></ol></section>`,
		`1 paragraph
    "Claim" "1"{super,note=fn1} "."
2 divider
3 footnote id="fn1" label="1"
    "Source."
dropped: nothing
`},
	{"kramdown and Python-Markdown footnotes", false, `<p>K<sup id="fnref:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="footnote">1</a></sup> P<sup id="fnref:p"><a class="footnote-ref" href="#fn:p">2</a></sup></p><div class="footnotes" role="doc-endnotes"><ol><li id="fn:1" role="doc-endnote"><p>Kramdown note. <a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;</a></p></li></ol></div><div class="footnote"><hr /><ol><li id="fn:p"><p>Python note&#160;<a class="footnote-backref" href="#fnref:p" title="Jump back to footnote 2 in the text">&#8617;</a></p></li></ol></div>`,
		`1 paragraph
    "K" "1"{super,note=fn:1} " P" "2"{super,note=fn:p}
2 footnote id="fn:1" label="1"
    "Kramdown note."
3 divider
4 footnote id="fn:p" label="2"
    "Python note"
dropped: nothing
`},
	{"footnote references: missing, empty, marked, and in a table", false, `<p>a<sup><a href="#missing">[9]</a></sup> b<sup><a href="#n1"></a></sup> c<sup><a href="#n2">*</a></sup> d<sup><a href="#empty">3</a></sup></p><table><tr><td>cell<sup><a href="#n1">1</a></sup></td></tr></table><ol class="footnotes"><li id="n1">First.</li><li id="n2">Second.</li><li id="empty"> <a href="#x">↩</a></li><li id="n1">Duplicate.</li></ol>`,
		`1 paragraph
    "a" "9"{super} " b" "1"{super,note=n1} " c" "*"{super,note=n2} " d" "3"{super}
2 table head=0
    row 1: td "cell" "1"{super,note=n1}
3 footnote id="n1" label="1"
    "First."
4 footnote id="n2" label="*"
    "Second."
5 paragraph
    "Duplicate."
dropped: nothing
`},
	{"script, style, form", false, `<p>a</p><script>x()</script><noscript><img src="https://e.org/n.jpg"></noscript><template><p>t</p></template><style>p{}</style><link rel="stylesheet" href="x.css"><form><p>in form</p></form><input><button>Go</button><select><option>o</option></select><textarea>t</textarea>`,
		`1 paragraph
    "a"
dropped: script=3 style=2 form=5
`},
	{"ads, newsletters, related stories, sharing: by class or id, counted once", false, `<div class="ad"><script>ad()</script><p>Ad text</p></div><div class="ads-container">x</div><aside class="advert">x</aside><div class="sponsored-content">x</div><div id="div-gpt-ad-123">x</div><div class="dfp-slot">x</div><div class="wp-block-ad">x</div><ins class="adsbygoogle" data-ad-slot="1"></ins><amp-ad width="300"></amp-ad><div data-ad-slot="top">x</div><div class="newsletter-box">x</div><div class="subscribe">x</div><div class="kg-card kg-signup-card">x</div><section class="related-posts">x</section><div class="read-more">x</div><div class="more-stories">x</div><div class="recommended">x</div><ul class="wp-block-latest-posts"><li>x</li></ul><div id="jp-relatedposts" class="jp-relatedposts">x</div><div class="social-share">x</div><div class="sharedaddy">x</div><ul class="wp-block-social-links"><li>x</li></ul>`,
		`dropped: ad=10 newsletter=3 related=6 share=3
`},
	{"class words that are not drops", false, `<div class="header">kept 1</div><div class="shadow-box">kept 2</div><div class="badge">kept 3</div><div class="add-to-cart">kept 4</div><div class="shared-content">kept 5</div><div class="reading">kept 6</div><div class="loaded">kept 7</div>`,
		`1 paragraph
    "kept 1"
2 paragraph
    "kept 2"
3 paragraph
    "kept 3"
4 paragraph
    "kept 4"
5 paragraph
    "kept 5"
6 paragraph
    "kept 6"
7 paragraph
    "kept 7"
dropped: nothing
`},
	{"media and other drops", false, `<svg><text>label</text></svg><canvas></canvas><canvas>Canvas fallback</canvas><object data="x.swf"></object><object>Object fallback</object><embed src="x.swf"><meta name="x"><link rel="preload" href="x"><p hidden>hidden</p><div style="color: red; display : none">none</div><x-empty></x-empty><x-full>custom text</x-full><map><area href="x"></map>`,
		`1 paragraph
    "Canvas fallback"
2 paragraph
    "Object fallback"
3 paragraph
    "custom text"
dropped: media=4 other=6
`},
	{"wrappers are looked through", false, `<article><header><h1>T</h1></header><main><section><div class="wp-block-group"><div class="wp-block-columns"><div class="wp-block-column"><p>col 1</p></div><div class="wp-block-column"><p>col 2</p></div></div></div></section></main><div class="kg-card kg-width-wide"><p>wide</p></div><footer><p>foot</p></footer></article>`,
		`1 heading level=2
    "T"
2 paragraph
    "col 1"
3 paragraph
    "col 2"
4 paragraph
    "wide"
5 paragraph
    "foot"
dropped: nothing
`},
	{"definition lists, details, address", false, `<dl><dt>Term</dt><dd>Definition</dd></dl><details><summary>Summary</summary><p>Details</p></details><address>Address</address>`,
		`1 paragraph
    "Term"{bold}
2 paragraph
    "Definition"
3 paragraph
    "Summary"
4 paragraph
    "Details"
5 paragraph
    "Address"
dropped: nothing
`},
	{"links with a base: resolved, dropped to text, mailto", true, `<p><a href="/rel">rel</a> <a href="https://e.org/abs">abs</a> <a href="//cdn.e.org/pr">pr</a> <a href="#frag">frag</a> <a href="mailto:a@e.org">mail</a> <a href="tel:+1">tel</a> <a href="javascript:x()">js</a> <a href="http://[::1">bad</a> <a name="anchor"></a></p>`,
		`1 paragraph
    "rel"{link=https://e.org/rel} " " "abs"{link=https://e.org/abs} " " "pr"{link=https://cdn.e.org/pr} " " "frag"{link=https://e.org/dir/page#frag} " " "mail"{link=mailto:a@e.org} " tel js bad"
dropped: nothing
`},
	{"MathML", false, `<p>E = m<math alttext="c^2"><msup><mi>c</mi><mn>2</mn></msup></math> and <math><mi>x</mi></math></p>`,
		`1 paragraph
    "E = mc^2 and x"
dropped: nothing
`},
	{"links without a base", false, `<p><a href="/rel">rel</a> <a href="//cdn.e.org/pr">pr</a> <a href="#frag">frag</a></p>`,
		`1 paragraph
    "rel " "pr"{link=https://cdn.e.org/pr} " frag"
dropped: nothing
`},
}

// TestParseHTMLBodyPlayersInText: in a place where an embed cannot go (a
// table cell, a caption), a player is dropped as media, its "your browser
// cannot play this" text with it; an object's or canvas's fallback text is
// kept, as in the flow.
func TestParseHTMLBodyPlayersInText(t *testing.T) {
	blocks, dropped, err := ParseHTMLBody([]byte(`<table><tr><td>a <video>No video</video> <iframe src="https://e.org/x">No frames</iframe> b <object>Object text</object> <canvas>Canvas text</canvas></td></tr></table>`), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "1 table head=0\n    row 1: td \"a b Object text Canvas text\"\ndropped: media=2\n"
	if got := dumpBlocks(blocks, dropped); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// A block's language is its element's lang attribute or its container's
// (a div of French paragraphs); a span's own is not kept, and a value that
// is no language tag is ignored.
func TestParseHTMLBodyLanguages(t *testing.T) {
	body := `<p>English.</p><div lang="fr"><p>Bonjour.</p><blockquote><p>Citation.</p></blockquote></div>` +
		`<p lang="de-AT">Servus <span lang="it">ciao</span>.</p><ul lang="es"><li>Uno</li></ul><p lang="not a tag">Plain.</p>`
	blocks, _, err := ParseHTMLBody([]byte(body), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range blocks {
		got = append(got, b.Text()+"="+b.Lang)
	}
	want := []string{"English.=", "Bonjour.=fr", "Citation.=fr", "Servus ciao.=de-AT", "Uno=es", "Plain.="}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("blocks and languages:\n%q\nwant\n%q", got, want)
	}
	a := &Article{Title: "T", Body: []Block{{Kind: Paragraph, Runs: []Run{{Text: "x"}}, Lang: "fr fr"}}}
	if err := a.Validate(); err == nil || !strings.Contains(err.Error(), `lang "fr fr"`) {
		t.Errorf("a block with a lang that is no tag: %v", err)
	}
}

// A lang attribute on inline text (a span, an emphasis, a link) gives its
// runs their language, relative to their block's; the block keeps its
// container's language even when such an element opens it.
func TestParseHTMLBodySpanLanguages(t *testing.T) {
	body := `<p>Hello <span lang="fr">bonjour <em>tout</em> le monde</span> again.</p>` +
		`<div><span lang="fr">Bonjour</span> opens this.</div>` +
		`<p lang="fr">Bonjour <span lang="en">hello</span> <span lang="FR">encore</span> <a href="https://example.org/" lang="de">Straße</a>.</p>` +
		`<p>Text <q lang="es">hola</q> <span lang="not a tag">plain</span>.</p>` +
		`<table><tr><td lang="de">Zelle</td><td>cell</td></tr></table>` +
		`<figure><img src="https://example.org/a.jpg" alt="A"><figcaption><i lang="la">Felis catus</i> at rest</figcaption></figure>` +
		// Where a block begins, or is emitted, does not decide its language:
		// its runs do.
		`Loose text, then <h2 lang="de">Überschrift</h2>` +
		`<div><x-card lang="fr">Bonjour</x-card> opens this too.</div>` +
		`<div><math lang="fr" alttext="x"><mi>x</mi></math> is a variable.</div>` +
		`<div><q lang="es">hola</q> dijo.</div>` +
		`<div><a href="https://example.org/" lang=" de ">Straße</a> opens.</div>` +
		`<p><span lang="fr">Tout en français.</span></p>` +
		`<p lang="de"><span lang="fr">Bonjour</span> <span lang="it">ciao</span>.</p>` +
		// Elements walked as their parent's parts declare a language too.
		`<figure><img src="https://example.org/b.jpg" alt="B"><figcaption lang="fr">Une légende</figcaption></figure>` +
		`<ul><li lang="fr">Une liste</li><li>a list</li></ul>` +
		`<table><tbody lang="de"><tr><td>Zelle</td></tr><tr lang="fr"><td>cellule</td></tr></tbody></table>` +
		// A space has no language of its own.
		`<p>Hello<span lang="fr"> </span>world</p>`
	blocks, _, err := ParseHTMLBody([]byte(body), nil)
	if err != nil {
		t.Fatal(err)
	}
	runLangs := func(runs []Run) string {
		var b strings.Builder
		for _, r := range runs {
			if r.Lang != "" {
				fmt.Fprintf(&b, "[%s:%s]", r.Lang, r.Text)
			} else {
				b.WriteString(r.Text)
			}
		}
		return b.String()
	}
	var got []string
	for _, b := range blocks {
		s := b.Lang + "|"
		switch {
		case b.Table != nil:
			for i, r := range b.Table.Rows {
				if i > 0 {
					s += "\n" + b.Lang + "|"
				}
				for _, c := range r.Cells {
					s += runLangs(c.Runs) + "|"
				}
			}
		case b.Figure != nil:
			s += runLangs(b.Figure.Caption)
		default:
			s += runLangs(b.Runs)
		}
		got = append(got, s)
	}
	want := []string{
		"|Hello [fr:bonjour ][fr:tout][fr: le monde ]again.",
		"|[fr:Bonjour ]opens this.",
		"fr|Bonjour [en:hello ]encore [de:Straße].",
		"|Text [es:“hola” ]plain.",
		"|[de:Zelle]|cell|",
		"|[la:Felis catus] at rest",
		"|Loose text, then",
		"de|Überschrift",
		"|[fr:Bonjour ]opens this too.",
		"|[fr:x ]is a variable.",
		"|[es:“hola” ]dijo.",
		"|[de:Straße] opens.",
		"fr|Tout en français.",
		"de|[fr:Bonjour ][it:ciao].",
		"|[fr:Une légende]",
		"fr|Une liste",
		"|a list",
		"|[de:Zelle]|",
		"|[fr:cellule]|",
		"|Hello world",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("blocks and their runs' languages:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	a := &Article{Title: "T", Body: []Block{{Kind: Paragraph, Runs: []Run{{Text: "x"}, {Text: "y", Lang: "fr fr"}}}}}
	if err := a.Validate(); err == nil || !strings.Contains(err.Error(), `lang "fr fr"`) {
		t.Errorf("a run with a lang that is no tag: %v", err)
	}
}

// A figure and a table are in their element's language (they have no
// paragraph text to decide it), their captions' and cells' runs relative
// to it.
func TestParseHTMLBodyFigureAndTableLanguages(t *testing.T) {
	body := `<div lang="fr"><figure><img src="https://example.org/a.jpg" alt="Un port"><figcaption>Le port</figcaption></figure>` +
		`<table><tr><td>cellule</td></tr></table></div>`
	blocks, _, err := ParseHTMLBody([]byte(body), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 2 || blocks[0].Figure == nil || blocks[1].Table == nil {
		t.Fatalf("blocks: %s", dumpBlocks(blocks, nil))
	}
	for _, b := range blocks {
		if b.Lang != "fr" {
			t.Errorf("%s: lang %q, want fr", b.Kind, b.Lang)
		}
	}
	if l := blocks[0].Figure.Caption[0].Lang; l != "" {
		t.Errorf("the caption's run: lang %q, want the figure's", l)
	}
	if l := blocks[1].Table.Rows[0].Cells[0].Runs[0].Lang; l != "" {
		t.Errorf("the cell's run: lang %q, want the table's", l)
	}
}
