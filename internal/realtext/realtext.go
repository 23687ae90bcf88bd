// Package realtext builds articles out of the shapes of real web text, for
// the structured fuzz targets of layout and render. Hostile byte strings did
// not find what real articles did (issue 12: a panic on 3% of them, from
// tokens such as "application/x-www-form-urlencoded" and
// "draft-dejong-remotestorage-04"), because a mutated byte string almost
// never grows into a 30-character token with a dash between hyphenatable
// letters. Here the fuzzer's bytes choose among tokens that real pages hold,
// so every input is made of them.
//
// The pools were written after studying the 947 news, magazine, blog and
// documentation pages of go-trafilatura's comparison set (its module's
// test-files/comparison): the tokens are of the kinds found there (MIME
// types, IETF draft names, file paths, version strings, identifiers, JSON
// keys, code, tables run together, URLs with every kind of punctuation,
// e-mail addresses, dates, numbers and currencies, citations, bylines and
// datelines, nested quotation marks, many scripts, emoji, and the invisible
// characters pages carry), written for this package rather than copied.
//
// The package is for tests only; nothing in the service imports it.
package realtext

import (
	"encoding/json"
	"strings"

	"pdfexport/article"
)

// Pool is a set of tokens of one shape. A token may hold no-break spaces,
// tabs and invisible characters, never a line break or another control
// character (the article would be invalid).
type Pool struct {
	Name   string
	Tokens []string
}

// Pools are the shapes, prose first.
var Pools = []Pool{
	{"prose-en", []string{
		"the", "of", "and", "to", "a", "in", "that", "said", "on", "Tuesday,", "government’s",
		"would", "not", "be", "for", "its", "officials", "reported", "—", "–", "as", "with",
		"co-operation", "well-known", "year-on-year", "internationalisation", "characteristically",
		"responsibilities", "infrastructure", "reconstruction", "misunderstanding", "rapprochement,”",
		"“We", "don’t", "know,”", "(and", "not", "only", "there).", "however,", "it’s", "policy.",
	}},
	{"prose-de", []string{
		"die", "der", "und", "nicht", "für", "Verschlüsselung", "Datenschutzgrundverordnung",
		"Ende-zu-Ende-Verschlüsselung", "Straßenbahnhaltestelle", "„Zentrum", "am", "Berg“",
		"Kampf-oder-Flucht-Reaktion", "Sars-CoV-2-Pandemie", "z.\u00a0B.", "Bundesverfassungsgericht",
		"Donaudampfschifffahrtsgesellschaft", "Überraschung", "größtenteils", "sagte", "Bürgermeisterin",
	}},
	{"prose-romance", []string{
		"aujourd’hui", "l’Assemblée", "c’est-à-dire", "peut-être", "«\u202fréforme", "systémique\u202f»",
		"anticonstitutionnellement", "desarrollo", "información", "¿Qué", "pasó?", "¡Nunca!",
		"precipitevolissimevolmente", "dell’Unione", "coração", "ontwikkelingssamenwerking", "één",
	}},
	{"mime", []string{
		"application/x-www-form-urlencoded", "multipart/form-data;", "boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
		"application/problem+json", "application/vnd.api+json", "text/html;charset=UTF-8",
		"video/mp4;", "codecs=\"avc1.42E01E,", "mp4a.40.2\"", "image/svg+xml",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/octet-stream", "font/woff2", "application/rss+xml;\u00a0charset=utf-8",
	}},
	{"ietf", []string{
		"draft-dejong-remotestorage-04", "draft-ietf-httpbis-semantics-19", "draft-ietf-oauth-v2-1-10",
		"draft-ietf-httpbis-message-signatures-19", "RFC\u00a09110", "RFC 3986 §3.2.2", "BCP\u00a047",
		"zh-Hant-TW", "sr-Latn-RS", "de-CH-1996", "ISO 8601-1:2019", "filename*=UTF-8''na%C3%AFve.pdf",
	}},
	{"paths", []string{
		"/srv/www/h7k2q9/wp-content/plugins/photo-gallery-pro/gallery-functions.php",
		"/etc/udev/rules.d/45-opencbm-usb.rules", "~/.config/tmux/tmux.conf", "../../source/archive/*.txt",
		`C:\Program Files (x86)\Common Files\Microsoft Shared\ClickToRun\OfficeC2RClient.exe`,
		`%APPDATA%\Mozilla\Firefox\Profiles\`, `\\fileserver\share$\Reports`, "Q4-final_v2.xlsx",
		"/var/log/nginx/access.log.1.gz", "/proc/sys/net/ipv4/tcp_congestion_control",
		"~/Library/Application\u00a0Support/Google/Chrome/Default/Preferences",
	}},
	{"versions", []string{
		"v1.12.2", "go1.26.8", "v0.0.0-20240916001553-aac1f0f737fc", "v2.0.0-rc.3+build.5141",
		"2.7.1", "Python\u00a03.12.1", "iOS 17.4.1", "Chrome/124.0.6367.118",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0)", "~>\u00a03.2", ">=1.20,<2.0",
		"^18.2.0", "==4.*", "#4521", "(a1b2c3d)", "0.0.0-YYYYmmddHHMMSS-abcdefabcdef", "1.4884154",
	}},
	{"identifiers", []string{
		"snake_case_names", "camelCaseNames", "find_images_for_tags()", "preg_replace_callback",
		"call_user_func_array()", "addEventListener('DOMContentLoaded',", "querySelectorAll",
		"anonymousEmailInvalidErrorText", "MAX_CONNECTIONS_PER_HOST", "__init__", "XMLHttpRequest",
		"ssl.handshake.extensions_server_name", "yt-remote-connected-devices", "WP_Hook->apply_filters()",
		"iPhone", "eBay", "McDonald’s", "O’Reilly", "teensy_loader_cli", "menu-item-has-children",
	}},
	{"json", []string{
		`{"listId":12,`, `"isPromo":false,`, `"thumbnailImageUrl":"https://cdn.example.com/img/2023/11/thumb_640x360.jpg"}`,
		`"settings":{"anonymousButtonText":"Subscribe"},`, `"unsubscribedNewsletters":[]`,
		`\x22SignupBox_4f1c9e07-2b6a-4d3e-9a51-7c0e8b2d6f13\x22`, `{\"previewUrl\":\"\/email_sends\/7743\/preview\"}`,
		`"registrationUrl":"/register/reg-fp?RegAction=SUBSCRIBERUPGRADE\u0026src=nl"`, `"name":`, `null}`,
	}},
	{"code", []string{
		"->", "::", "&&", "||", "!=", "<=", "=>", "===", "??=", "<<=", "2>&1", "$(pwd)", "{", "}", "};",
		"#include", "<stdio.h>", `printf("%d%%\n",`, "std::vector<std::pair<int,int>>::iterator",
		"it->first", "fare('LYS',", "functools.lru_cache(maxsize=1024)", "=", "100", "def", "__init__(self):",
		`CDPATH=".:~:~/code:~/go/src"`, "--no-install-recommends", "|", "sudo", "usermod", "-aG",
		"fn main() -> Result<(), Box<dyn Error>>", "SELECT", "id,", "title", "FROM", "WHERE", "x", "+=", "1;",
	}},
	{"table", []string{
		"|", "|---|---:|", "32,5\u00a0ct/kWh", "+12,5\u00a0%", "−3,2 %", "58 kWh", "426\u00a0km",
		"39.995\u00a0€", ".780", "14.0", "W2", "L6", "7-3", "99:34", "±2.1\u00a0%", "n = 1,024",
		"Monat\tStrom\tGas", "Boston\u00a0\u00a0\u00a0\u00a064\u00a0\u00a018", "1,046 kJ / 250 kcal", "—",
	}},
	{"urls", []string{
		"https://www.umwelt-institut.example/files/Publikationen/2014/2014-07%20Studie%20Landnutzung%20-%20das%20Beispiel%20Soja.pdf",
		"https://ja.wikipedia.org/wiki/%E6%9D%B1%E4%BA%AC%E6%B9%BE",
		"https://www.jugendportal.example/news/detail/?tx_news%5Bnews%5D=417&cHash=5b0e2f9d81c34a7e6f02d9b1c8e4a731",
		"https://example.com/search?q=caf%C3%A9+cr%C3%A8me&lang=fr&utm_source=newsletter#results",
		"https://maps.example.com/@48.8583701,2.2944813,17z/data=!3m1!4b1",
		"http://[2001:db8::7]:8080/status?verbose=1&fmt=json", "http://localhost:7500/",
		"ftp://ftp.example.net/pub/~jdoe/file+name,v2;type=i", "https://user:p%40ss@archive.example.net:2121/~alice/notes.txt",
		"(https://en.wikipedia.org/wiki/Bridge_(structure)_(disambiguation)).", "https://de.wikipedia.org/wiki/Bello_(Hund),",
		"<https://example.org/path/to/page?x=1>.", "www.gemeinde-und-leben.example/artikel/2019/10/18/ein-langer-titel-als-adresse",
		"https://example.org/end.", "“https://example.org/quoted”", "https://a.example/,", "news.example.co.uk/2023/11/07/story-slug-1.4884154",
	}},
	{"emails", []string{
		"grace.okafor@herald.example.com", "first.last+corrections@mail.example.co.uk", "<abo-service@zeitung.example.de>",
		"“redacao@correio.example.com.br”", "fitness-shop@verlag.example.de.", "user@[192.0.2.1]",
		"mailto:press@example.org?subject=Hello%20there", "@graceokafor", "desk+replies@example.org;",
	}},
	{"dates", []string{
		"19.\u00a0Oktober\u00a02019,", "19:08\u00a0Uhr", "February 23, 2017 at 12:33 pm", "2021-05-05T09:30:00+02:00",
		"18.10.2019", "10/18/19", "Mi., 23.10.", "le 12 mars 2019 à 14\u00a0h\u00a030", "2019年10月18日",
		"3:45 p.m. ET", "Nov.\u00a07,\u00a02023", "Q3\u00a02023", "FY2024/25", "the ’90s", "UTC+05:30",
		"09:00–17:30", "1952–1954", "14:02 BST", "1er janvier 2020", "12 de marzo de 2019",
	}},
	{"numbers", []string{
		"$1.2bn", "(€1.1bn,", "£950m)", "12.5%", "1,234,567.89", "1.234.567,89\u00a0€", "1\u00a0234\u00a0567,89\u00a0€",
		"CHF\u00a01'250.–", "₹2,50,000", "¥10,000", "−3.5\u00a0°C", "½", "10⁶", "1e-9", "≈\u00a04.2\u00a0×\u00a010³",
		"№\u00a05", "#1", "3×", "1030x568", "50–60\u00a0%", "4K", "5G", "+/−0.3", "100%", "12\u202f345", "1\u2009000\u2009000",
	}},
	{"citations", []string{
		"[12]", "[1][2][3]", "[citation needed]", "days.[12][13]", "¹", "²", "³⁾", "†", "‡", "*", "**",
		"(Smith et al., 2019, p.\u00a012;", "ibid.,", "pp.\u00a040–41).", "[Anm.\u00a0d.\u00a0Red.]", "[…]", "(…)",
		"doi:10.5555/jim.12.3.45.", "PMID\u00a01234567.", "^", "a", "b",
	}},
	{"bylines", []string{
		"By", "Leila", "Haddad,", "World", "Desk,", "|", "AUSTIN (KXYZ) —", "BERLIN (dpa/AFP) –", "Von",
		"(Foto: Agentur/Marco Bellini)", "Bild: Bildagentur / nd | Jana Lorenz",
		"Reporting by Jane Doe;", "Editing by John Smith", "Staff Report", "PARIS, Mon. Mar. 14 —",
	}},
	{"quotes", []string{
		"“She", "told", "me,", "‘Don’t", "print", "that,’", "„Er", "sagte:", "‚Noch", "nicht‘“",
		"«Er", "‹Noch", "nicht›»", "«\u00a0Il", "a\u00a0dit\u00a0:", "“\u00a0pas", "encore\u00a0”\u00a0»",
		"„jeszcze", "«nie»”", "«Это", "„не", "совсем“»", "»ikke", "‘endnu’«", "彼は「『まだだ』と言った」", "《海港日报》",
		"\"Straight", "'quotes'\"", "“", "”",
	}},
	{"latin-diacritics", []string{
		"Zażółć", "gęślą", "jaźń", "Příliš", "žluťoučký", "kůň", "Nguyễn", "Thị", "Hồ\u00a0Chí\u00a0Minh",
		"İstanbul’da", "ılık", "ışık", "Științe", "Þórður", "Ærøskøbing", "col·lecció", "ĳsselmeer",
		"STRAẞE", "Łódź", "Šibenik–Knin", "œuvre", "Œdipe", "ﬁnancial", "re\u0301e\u0301lection",
	}},
	{"cyrillic-greek", []string{
		"Санкт-Петербург", "из-за", "по-прежнему", "Новосибирск", "«Аэрофлот»", "электроэнергетика",
		"научно-исследовательский", "Київ", "Београд", "Ελλάδα", "Αθήνα", "ΑΘΗΝΑ", "Θεσσαλονίκη",
		"συμφώνησαν·", "«Ναι»,", "είπε;", "электроэне\u0301ргетика",
	}},
	{"rtl", []string{
		"مرحبا", "بالعالم", "الأمم", "المتحدة", "(UN)", "١٢٣", "شلום", "שלום", "עולם", "\"ההסכם\"",
		"ב-14.3.2024", "می\u200cخواهم", "\u200fRLM\u200f", "עברית:", "قالت", "12٪",
	}},
	{"indic-thai", []string{
		"नमस्ते", "दुनिया", "भारत", "सरकार", "₹2,50,000", "है।", "दिल्ली", "ภาษาไทย", "สวัสดีชาวโลก",
		"กรุงเทพมหานคร", "๒๕๖๗", "(กรุงเทพฯ)",
	}},
	{"cjk-korean", []string{
		"東京の夜行列車", "「ＷＥＢ", "ＮＥＷＳ", "ＤＡＩＬＹ」によると、", "２２時００分に出発する。",
		"中华人民共和国国务院今天发布了新规定（第１２号）。", "대한민국", "서울특별시는", "12일", "발표했다.",
		"iPhone\u00a015の価格は¥124,800、", "GDP成長率は2.1%。",
	}},
	{"emoji", []string{
		"🙂", "😂", "👍🏽", "🙏", "👨\u200d👩\u200d👧", "❤️", "1️⃣", "🇫🇷", "🇩🇪🇦🇹", "🚲", "☕", "★★★★☆",
		"✔", "→", "⇒", "🫠", "(4/5)", "#️⃣",
	}},
	{"invisible", []string{
		"Ver\u00adschlüs\u00adse\u00adlung", "Daten\u00adschutz\u00adgrund\u00adver\u00adord\u00adnung",
		"inter\u00adnational\u00adisation", "Nr.\u00a05", "S.\u00a012", "10\u00a0km", "«\u202fnon\u202f»",
		"https://example.org/\u200bvery/\u200blong/\u200bpath", "Wort\u2060verbinder", "\u200eLTR\u200e",
		"Zero\u200dWidth\u200cJoiners", "\ufeffBOM", "ein\u2003Geviert", "Haar\u200astrich", "1\u20071234",
		"soft\u00ad", "\u00adhyphen",
	}},
	{"long-dashed", []string{
		"Fault-Ride-Through-Fähigkeit", "All-in-One-PCs", "24-Stunden-Video-Projekt",
		"what-really-happens-to-your-body-when-you-skip-breakfast-for-a-week",
		"Harbour-Times-Logo-2.-transparent-1024x576-1-320x180.png", "7d2f0b64-3c9e-4a18-b5d7-e21a90c4f836",
		"#FridaysForFuture", "@cityhall_press", "state-of-the-art", "word—word", "well‐known", "non‑breaking",
		"x-www-form-urlencoded-compatible", "hochwasser-pegel-rhein-1.5127730", "mother-in-law-approved",
		"Sozialversicherungs-Fachangestellten-Ausbildungs-Verordnung",
	}},
	{"abbreviations", []string{
		"U.S.", "E.U.", "Prof.", "Dr.-Ing.", "St.\u00a0Gallen", "u.\u00a0a.", "i.\u00a0d.\u00a0R.", "etc.;",
		"a.m.", "p.m.", "vs.", "(sic),", "e.g.,", "i.e.,", "No.\u00a05", "&", "?!", "…and", "then...", "(!).",
		"’til", "“yes”\u00a0—\u00a0“no”", "§\u00a012", "Abs.\u00a03",
	}},
}

// Links are the URLs runs link to: all valid http, https or mailto URLs, of
// the same shapes.
var Links = []string{
	"https://example.org/timetable?route=ferry&day=mon#t21",
	"https://en.wikipedia.org/wiki/Mercury_(planet)",
	"https://datatracker.ietf.org/doc/html/draft-dejong-remotestorage-04",
	"http://[2001:db8::7]:8080/",
	"https://example.edu/~jdoe/papers/2019+draft,final;v=3.pdf",
	"https://login.example.de/auth?1=1&response_type=code&scope=user&client_id=73_9xk2hq0wpm4c8s0gkw8o4skc0o8wg4s0cs",
	"https://de.wikipedia.org/wiki/Stra%C3%9Fenbahn_M%C3%BCnchen",
	"mailto:press@example.org?subject=Hello%20there&cc=desk@example.org",
	"https://user:p%40ss@archive.example.net:2121/notes.txt",
	"http://localhost:7500/",
}

// Langs are the languages an article may declare: none, those with
// hyphenation patterns, and those without.
var Langs = []string{
	"", "en", "en-GB", "de", "de-CH", "fr", "es", "it", "pt-BR", "nl", "ru", "el", "vi",
	"ja", "zh-Hans", "ko", "ar", "he", "hi", "th", "uk", "pl", "tr", "en-US",
}

// Rights are rights lines, an article's own or none.
var Rights = []string{
	"",
	"© Intersection - for republishing rights, please contact the editorial team at",
	"© 100% Diario | 2022 | Todos los derechos reservados.",
	"Copyright 2023 Example Broadcasting Inc. All rights reserved. This material may not be published, broadcast, rewritten, or redistributed.",
	"(c) nachrichten-agentur, na:231107-99-847261/3",
	"© 2024 港湾新聞 無断転載を禁じます",
	"© حقوق النشر محفوظة 2024",
}

// listStarts are the numbers an ordered list may start from.
var listStarts = []int{1, 0, 1, 3, 9, 10, 99, 1987, -1, 100000, 2024, 1}

// choice maps a byte to a pool: prose is chosen more often than any other
// shape, as in real text.
func choice(b byte) int {
	n := len(Pools)
	k := int(b) % (n + 6)
	if k >= n {
		return k % 3 // a prose pool
	}
	return k
}

// Controls are the bytes that change how the text goes on instead of
// choosing a token (in body text only; titles and the like take tokens).
const (
	ctlPlain       = 0xF0 + iota // the next tokens in a new plain run
	ctlItalic                    // … italic
	ctlBold                      // … bold
	ctlBoldItalic                // … bold italic
	ctlLink                      // … linked (the next byte chooses the link)
	ctlNoBreak                   // the next separator is a no-break space
	ctlTab                       // … a tab
	ctlZeroWidth                 // … a zero-width space
	ctlJoin                      // … nothing: the next token continues the word
	ctlDouble                    // … two spaces
	ctlNarrow                    // … a narrow no-break space
	ctlIdeographic               // … an ideographic space
	ctlSoftHyphen                // … a soft hyphen: the next token continues the word
	ctlSpacedDash                // … " — "
	ctlEnd                       // the block ends here
	ctlPoolRun                   // the next byte chooses a pool; the block's next tokens come from it
)

// reader hands out the fuzzer's bytes; past their end, it reports done.
type reader struct {
	data []byte
	at   int
}

func (r *reader) done() bool { return r.at >= len(r.data) }

func (r *reader) next() byte {
	if r.done() {
		return 0
	}
	b := r.data[r.at]
	r.at++
	return b
}

// Limits keep an article to a few pages at most scales, so that the fuzzer
// runs many of them.
const (
	maxBlocks     = 40
	maxBlockWords = 64
)

// Article builds an article from data: a header (which title-block fields it
// has, its language, its rights line), a title, then blocks of every kind
// until data runs out. Every byte sequence gives a valid article.
//
// Header: byte 0 flags (standfirst, byline, date, URL, rights), byte 1 the
// language, then the title's tokens. A block starts with a byte choosing its
// kind (paragraph, heading, quote, bulleted or numbered list) and a byte
// giving its length in tokens; a token is two bytes (the pool, then the
// token) unless the first is a control byte (see the ctl constants).
func Article(data []byte) *article.Article {
	r := &reader{data: data}
	flags := r.next()
	a := &article.Article{Lang: Langs[int(r.next())%len(Langs)]}
	a.Title = plainText(r, 6)
	if flags&1 != 0 {
		a.Standfirst = plainText(r, 24)
	}
	if flags&2 != 0 {
		a.Byline = "By " + plainText(r, 4)
	}
	if flags&4 != 0 {
		a.Date = plainText(r, 3)
	}
	if flags&8 != 0 {
		a.URL = Links[int(r.next())%len(Links)]
		if strings.HasPrefix(a.URL, "mailto:") {
			a.URL = ""
		}
	}
	if flags&16 != 0 {
		a.Rights = Rights[int(r.next())%len(Rights)]
	}
	for len(a.Body) < maxBlocks && !r.done() {
		kind := r.next()
		switch kind % 8 {
		case 4:
			a.Body = append(a.Body, article.Block{Kind: article.Heading, Runs: runs(r, 12)})
		case 5:
			a.Body = append(a.Body, article.Block{Kind: article.Quote, Runs: runs(r, maxBlockWords)})
		case 6, 7:
			ordered := kind%8 == 7
			start := listStarts[int(kind/8)%len(listStarts)]
			items := 1 + int(r.next())%4
			for i := 0; i < items && len(a.Body) < maxBlocks; i++ {
				b := article.Block{Kind: article.ListItem, Runs: runs(r, 32), Ordered: ordered}
				if ordered {
					b.Number = start + i
				}
				a.Body = append(a.Body, b)
			}
		default:
			a.Body = append(a.Body, article.Block{Kind: article.Paragraph, Runs: runs(r, maxBlockWords)})
		}
	}
	return a
}

// token reads a token: a pool byte and a token byte.
func token(r *reader, pool byte) string {
	p := Pools[choice(pool)]
	return p.Tokens[int(r.next())%len(p.Tokens)]
}

// plainText reads up to max tokens as one line of plain text (a title-block
// field), never empty.
func plainText(r *reader, max int) string {
	n := 1 + int(r.next())%max
	var words []string
	for range n {
		if r.done() {
			break
		}
		words = append(words, token(r, r.next()))
	}
	s := strings.TrimSpace(strings.Join(words, " "))
	if !hasText(s) {
		return "Untitled"
	}
	return s
}

// runs reads up to max tokens (and any controls) of a block, never empty.
func runs(r *reader, max int) []article.Run {
	n := 1 + int(r.next())%max
	var out []article.Run
	cur := article.Run{}
	sep := ""
	pool := -1 // a run of tokens from one pool, or -1
	flush := func() {
		if cur.Text != "" {
			out = append(out, cur)
		}
	}
	for range n {
		if r.done() {
			break
		}
		b := r.next()
		switch b {
		case ctlPlain, ctlItalic, ctlBold, ctlBoldItalic, ctlLink:
			flush()
			cur = article.Run{Style: article.Style(b - ctlPlain)}
			if b == ctlLink {
				cur = article.Run{Link: Links[int(r.next())%len(Links)]}
			}
			continue
		case ctlNoBreak:
			sep = "\u00a0"
			continue
		case ctlTab:
			sep = "\t"
			continue
		case ctlZeroWidth:
			sep = "\u200b"
			continue
		case ctlJoin:
			sep = "\x00" // marks "no separator" until the next token
			continue
		case ctlDouble:
			sep = "  "
			continue
		case ctlNarrow:
			sep = "\u202f"
			continue
		case ctlIdeographic:
			sep = "\u3000"
			continue
		case ctlSoftHyphen:
			sep = "\u00ad"
			continue
		case ctlSpacedDash:
			sep = " — "
			continue
		case ctlEnd:
			if len(out) > 0 || hasText(cur.Text) {
				flush()
				return out
			}
			continue
		case ctlPoolRun:
			pool = int(r.next())
			continue
		}
		var tok string
		if pool >= 0 {
			tok = Pools[choice(byte(pool))].Tokens[int(b)%len(Pools[choice(byte(pool))].Tokens)]
		} else {
			tok = token(r, b)
		}
		switch {
		case len(out) == 0 && cur.Text == "":
			// The block's first token needs no separator.
		case sep == "\x00":
		case sep == "":
			cur.Text += " "
		default:
			cur.Text += sep
		}
		cur.Text += tok
		sep = ""
	}
	flush()
	if !hasText(article.Block{Runs: out}.Text()) {
		return []article.Run{{Text: "Text."}}
	}
	return out
}

// hasText reports whether s has something besides white space: an article
// field or block of white space alone is invalid.
func hasText(s string) bool {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '\u200b' || r == '\u3000' || r == '\u202f' || r == '\u00a0' {
			return ' '
		}
		return r
	}, s)) != ""
}

// JSON writes a as an article in the service's JSON format (without its
// free-text date, which that format gives as "published"), so that an input
// the fuzzer found can be rendered with `pdfexport render`.
func JSON(a *article.Article) []byte {
	type jsonRun struct {
		Text   string `json:"text"`
		Italic bool   `json:"italic,omitempty"`
		Bold   bool   `json:"bold,omitempty"`
		Link   string `json:"link,omitempty"`
	}
	type jsonItem struct {
		Runs []jsonRun `json:"runs"`
	}
	type jsonBlock struct {
		Type    string     `json:"type"`
		Runs    []jsonRun  `json:"runs,omitempty"`
		Ordered bool       `json:"ordered,omitempty"`
		Start   *int       `json:"start,omitempty"`
		Items   []jsonItem `json:"items,omitempty"`
	}
	runsOf := func(b article.Block) []jsonRun {
		var out []jsonRun
		for _, r := range b.Runs {
			out = append(out, jsonRun{Text: r.Text, Italic: r.Style&article.Italic != 0, Bold: r.Style&article.Bold != 0, Link: r.Link})
		}
		return out
	}
	var body []jsonBlock
	for i, b := range a.Body {
		switch b.Kind {
		case article.ListItem:
			// An item continues the list before it when it is of the same
			// kind and, numbered, takes the next number.
			if i > 0 {
				prev := a.Body[i-1]
				if prev.Kind == article.ListItem && prev.Ordered == b.Ordered && (!b.Ordered || b.Number == prev.Number+1) {
					last := &body[len(body)-1]
					last.Items = append(last.Items, jsonItem{runsOf(b)})
					continue
				}
			}
			l := jsonBlock{Type: "list", Ordered: b.Ordered, Items: []jsonItem{{runsOf(b)}}}
			if b.Ordered {
				l.Start = &b.Number
			}
			body = append(body, l)
		default:
			body = append(body, jsonBlock{Type: [...]string{"paragraph", "heading", "quote"}[b.Kind], Runs: runsOf(b)})
		}
	}
	out, err := json.Marshal(struct {
		Title      string      `json:"title"`
		Standfirst string      `json:"standfirst,omitempty"`
		Byline     string      `json:"byline,omitempty"`
		URL        string      `json:"url,omitempty"`
		Lang       string      `json:"lang,omitempty"`
		Rights     string      `json:"rights,omitempty"`
		Body       []jsonBlock `json:"body"`
	}{a.Title, a.Standfirst, a.Byline, a.URL, a.Lang, a.Rights, body})
	if err != nil {
		return []byte(err.Error())
	}
	return out
}

// Seeds are programs for Article: one per pool, with every field of the
// title block, every kind of block and every control, each drawing its
// tokens from that pool; then one mixing all the pools.
func Seeds() [][]byte {
	var out [][]byte
	for i := range Pools {
		out = append(out, seed(func(k int) int { return i }))
	}
	return append(out, seed(func(k int) int { return k % len(Pools) }))
}

// seed writes a program whose k-th token comes from pool pool(k).
func seed(pool func(k int) int) []byte {
	k := 0
	var p []byte
	tokens := func(n int) {
		p = append(p, byte(n-1))
		for range n {
			p = append(p, byte(pool(k)), byte(k*7))
			k++
		}
	}
	p = append(p, 0x1F, byte(pool(0)+1)) // every field; a language
	tokens(4)                            // title
	tokens(12)                           // standfirst
	tokens(2)                            // byline
	tokens(2)                            // date
	p = append(p, 2, 1)                  // URL, rights
	p = append(p, 0)                     // a paragraph
	tokens(40)
	p = append(p, 4) // a heading
	tokens(5)
	p = append(p, 0)
	tokens(30)
	p = append(p, 5) // a quote
	tokens(20)
	p = append(p, 6, 2) // a bulleted list of three items
	tokens(6)
	tokens(9)
	tokens(3)
	p = append(p, 7+8*7, 1) // a numbered list from 1987, two items
	tokens(8)
	tokens(8)
	// A paragraph with every control between tokens.
	ctls := []byte{ctlItalic, ctlNoBreak, ctlBold, ctlTab, ctlBoldItalic, ctlZeroWidth, ctlPlain, ctlJoin,
		ctlDouble, ctlNarrow, ctlIdeographic, ctlSoftHyphen, ctlSpacedDash}
	p = append(p, 0, 40) // room for all of them and the end
	for _, c := range ctls {
		p = append(p, c, byte(pool(k)), byte(k*7))
		k++
	}
	p = append(p, ctlLink, 3, byte(pool(k)), 5, ctlPlain, ctlPoolRun, byte(pool(k)), 1, 2, 3, ctlEnd)
	p = append(p, 0) // a last paragraph
	tokens(20)
	return p
}
