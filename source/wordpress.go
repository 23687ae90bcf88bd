package source

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/net/html"

	"pdfexport/article"
)

// WordPress reads posts from a WordPress site's REST API
// (/wp-json/wp/v2/posts). Each post is translated into the project's JSON
// article and parsed by article.ParseJSON, so a post's body goes through
// the same HTML mapping as any other:
//
//   - ID: the post's slug, or its numeric ID. Listings name a post by its
//     slug when the slug is a valid ID (a slug of non-Latin letters is
//     percent-encoded, and is not), by its number otherwise.
//   - title.rendered (tags dropped, entities decoded), content.rendered
//     (the body), excerpt.rendered (the standfirst, unless it only repeats
//     the body's opening, as WordPress's automatic excerpt does), date_gmt,
//     link, the embedded author's name ("By …"), and the featured image
//     with its caption and alt text (the lead image).
//   - The language: WordPressOptions.Lang when given; otherwise the site's
//     (its feed's <language>, which is the "Site Language" setting) for a
//     post whose text is in that language or cannot be told, and the
//     language detected from the text for a post plainly in another (an
//     Arabic post on an English site).
//
// Posts that are not public are never rendered: a password-protected post
// (content.protected), and, with credentials that let WordPress show them,
// drafts, pending, scheduled and private posts, are ErrNotPublic, which
// names why. Without credentials WordPress hides those: by slug they are
// not found, by number it refuses them (401), which is ErrNotPublic too.
//
// Listing pages through ?per_page=100&page=N, newest first, following
// X-WP-TotalPages, with after and before for a date range. WordPress
// compares those with the post's local date; the query is widened by a
// day on each side and the range applied to date_gmt here, whatever the
// site's time zone. A post published while the pages are read can shift
// them; an ID seen twice is listed once.
type WordPress struct {
	api  *url.URL // …/wp-json/wp/v2/
	site *url.URL
	r    *remote
	lang string // WordPressOptions.Lang
	auth bool

	// noStatus is set once WordPress refuses the status parameter to the
	// credentials (a user who may not edit posts).
	noStatus atomic.Bool

	langMu       sync.Mutex
	siteLang     string
	siteLangNext time.Time // when to read the feed again
}

// WordPressOptions configure a WordPress source.
type WordPressOptions struct {
	RemoteOptions
	// Lang, when set, is the language of every post (a BCP 47 tag).
	Lang string
}

// maxListPages bounds a listing: 100,000 posts. A larger selection is
// exported by date ranges.
const maxListPages = 1000

// NewWordPress returns the source of the WordPress site at site (its home
// address, such as https://news.example or https://example.com/blog).
func NewWordPress(site string, o WordPressOptions) (*WordPress, error) {
	u, err := ParseSite("the WordPress site", site)
	if err != nil {
		return nil, err
	}
	if u.RawQuery != "" {
		return nil, fmt.Errorf("the WordPress site %q has a query; give its home address", site)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.Path = strings.TrimSuffix(u.Path, "/wp-json")
	api := *u
	api.Path += "/wp-json/wp/v2/"
	return &WordPress{
		api: &api, site: u, r: newRemote(u, o.RemoteOptions), lang: o.Lang,
		auth: o.User != "" || o.Password != "",
	}, nil
}

// Site is the site's home address.
func (w *WordPress) Site() *url.URL { return w.site }

// Rejected is empty: a CMS has no files that could not be indexed.
func (w *WordPress) Rejected() []Rejected { return nil }

// Invalidate drops what is cached of the post with this ID or slug, and
// the listings.
func (w *WordPress) Invalidate(id string) {
	w.r.invalidate(postTag(id), "list")
}

func postTag(id string) string {
	if isPostNumber(id) {
		return "post:" + strings.TrimLeft(id, "0")
	}
	return "slug:" + id
}

func isPostNumber(id string) bool {
	if id == "" || len(id) > 19 {
		return false
	}
	for _, c := range id {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// postHead is what a listing and a post both read of a post.
type postHead struct {
	ID      int64  `json:"id"`
	Slug    string `json:"slug"`
	DateGMT string `json:"date_gmt"`
	Link    string `json:"link"`
	Title   struct {
		Rendered string `json:"rendered"`
	} `json:"title"`
}

// wpPost is the part of a post Lookup reads.
type wpPost struct {
	postHead
	Status  string `json:"status"`
	Content struct {
		Rendered  string `json:"rendered"`
		Protected bool   `json:"protected"`
	} `json:"content"`
	Excerpt struct {
		Rendered string `json:"rendered"`
	} `json:"excerpt"`
	Embedded struct {
		Author []struct {
			Name string `json:"name"`
		} `json:"author"`
		Media []struct {
			SourceURL string `json:"source_url"`
			AltText   string `json:"alt_text"`
			Caption   struct {
				Rendered string `json:"rendered"`
			} `json:"caption"`
			Details struct {
				Width  int `json:"width"`
				Height int `json:"height"`
			} `json:"media_details"`
		} `json:"wp:featuredmedia"`
	} `json:"_embedded"`
}

// wpError is the body of a WordPress REST error.
type wpError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Lookup returns the post with this slug or number.
func (w *WordPress) Lookup(ctx context.Context, id string) (Doc, error) {
	if err := checkID(id); err != nil {
		return Doc{}, err
	}
	lang := w.siteLanguage(ctx)
	for {
		q := url.Values{"_embed": {"author,wp:featuredmedia"}}
		var u string
		withStatus := false
		if isPostNumber(id) {
			u = w.endpoint("posts/"+id, q)
		} else {
			q.Set("slug", id)
			if withStatus = w.auth && !w.noStatus.Load(); withStatus {
				// So that a draft is found, and refused for what it is.
				q.Set("status", "publish,future,draft,pending,private")
			}
			u = w.endpoint("posts", q)
		}
		// The article depends on the language too: a post parsed before
		// the site's language was known is not that post with it.
		v, stale, age, err := w.r.get(ctx, u, lang, func(r *response) (decoded, error) { return w.decodePost(r, id, lang) })
		if errors.Is(err, errStatusRefused) && withStatus {
			w.noStatus.Store(true)
			continue
		}
		if err != nil {
			return Doc{}, err
		}
		return Doc{Article: v.(*article.Article), Stale: stale, Age: age}, nil
	}
}

// errStatusRefused is WordPress refusing a slug lookup's status parameter
// to a user who may not see unpublished posts; the lookup is made again
// without it.
var errStatusRefused = fmt.Errorf("%w: WordPress refuses the status parameter to these credentials", ErrUpstream)

func (w *WordPress) endpoint(p string, q url.Values) string {
	u := *w.api
	u.Path += p
	u.RawQuery = q.Encode()
	return u.String()
}

func (w *WordPress) decodePost(r *response, id, lang string) (decoded, error) {
	switch r.status {
	case http.StatusOK:
	case http.StatusNotFound, http.StatusGone:
		return decoded{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusBadRequest:
		var e wpError
		_ = json.Unmarshal(r.body, &e)
		if e.Code == "rest_forbidden_status" || e.Code == "rest_invalid_param" && strings.Contains(string(r.body), `"status"`) {
			return decoded{}, errStatusRefused
		}
		if r.status == http.StatusBadRequest {
			return decoded{}, fmt.Errorf("%w: WordPress answered 400 for post %s (%s: %s)", ErrUpstream, id, e.Code, e.Message)
		}
		if e.Code == "rest_forbidden" || e.Code == "rest_cannot_read" || e.Code == "rest_forbidden_context" {
			return decoded{}, fmt.Errorf("%w: WordPress refuses to show post %s, which is not published", ErrNotPublic, id)
		}
		return decoded{}, fmt.Errorf("%w: WordPress refused the request for post %s (%d %s: %s); check --wordpress-user and the application password", ErrUpstream, id, r.status, e.Code, e.Message)
	default:
		return decoded{}, fmt.Errorf("%w: WordPress answered %d for post %s", ErrUpstream, r.status, id)
	}
	var p wpPost
	if isPostNumber(id) {
		if err := json.Unmarshal(r.body, &p); err != nil {
			return decoded{}, fmt.Errorf("%w: post %s: %v", ErrUpstream, id, err)
		}
	} else {
		var ps []wpPost
		if err := json.Unmarshal(r.body, &ps); err != nil {
			return decoded{}, fmt.Errorf("%w: post %s: %v", ErrUpstream, id, err)
		}
		if len(ps) == 0 {
			return decoded{}, fmt.Errorf("%w: %s", ErrNotFound, id)
		}
		// A draft may share a published post's slug (WordPress makes slugs
		// unique only on publishing): the published one is the article.
		p = ps[0]
		for _, q := range ps {
			if q.Status == "publish" {
				p = q
				break
			}
		}
	}
	switch {
	case p.Status != "" && p.Status != "publish":
		return decoded{}, fmt.Errorf("%w: post %s is %s", ErrNotPublic, id, postStatus(p.Status))
	case p.Content.Protected:
		return decoded{}, fmt.Errorf("%w: post %s is password-protected", ErrNotPublic, id)
	}
	a, err := w.article(&p, lang)
	if err != nil {
		return decoded{}, fmt.Errorf("%w: post %s: %w", ErrUpstream, id, err)
	}
	// Under the post's number and slug, and the ID it was asked for by.
	tags := []string{"post:" + strconv.FormatInt(p.ID, 10), "slug:" + p.Slug, postTag(id)}
	return decoded{value: a, tags: tags}, nil
}

func postStatus(s string) string {
	switch s {
	case "draft", "pending":
		return "a draft (" + s + ")"
	case "future":
		return "scheduled, not yet published (future)"
	case "private":
		return "private"
	}
	return "not published (" + s + ")"
}

// projectArticle is the project's JSON article (article.ParseJSON).
type projectArticle struct {
	Title      string       `json:"title"`
	Standfirst string       `json:"standfirst,omitempty"`
	Byline     string       `json:"byline,omitempty"`
	Published  string       `json:"published,omitempty"`
	URL        string       `json:"url,omitempty"`
	Lang       string       `json:"lang,omitempty"`
	HTML       string       `json:"html"`
	LeadImage  *projectLead `json:"lead_image,omitempty"`
}

type projectLead struct {
	Src     string `json:"src"`
	Alt     string `json:"alt,omitempty"`
	Caption string `json:"caption,omitempty"`
	Width   int    `json:"width,omitempty"`
	Height  int    `json:"height,omitempty"`
}

// article translates a post into an article.
func (w *WordPress) article(p *wpPost, siteLang string) (*article.Article, error) {
	j := projectArticle{
		Title: htmlText(p.Title.Rendered), HTML: p.Content.Rendered, Lang: w.lang,
		URL: p.Link,
	}
	if j.Title == "" {
		j.Title = p.Slug // WordPress allows a post without a title
	}
	if t, err := time.Parse("2006-01-02T15:04:05", p.DateGMT); err == nil {
		j.Published = t.UTC().Format(time.RFC3339)
	}
	if ex := standfirst(p.Excerpt.Rendered); ex != "" && !repeatsOpening(ex, htmlText(p.Content.Rendered)) {
		j.Standfirst = ex
	}
	if len(p.Embedded.Author) > 0 && strings.TrimSpace(p.Embedded.Author[0].Name) != "" {
		j.Byline = "By " + strings.TrimSpace(p.Embedded.Author[0].Name)
	}
	if len(p.Embedded.Media) > 0 && p.Embedded.Media[0].SourceURL != "" {
		m := p.Embedded.Media[0]
		j.LeadImage = &projectLead{Src: m.SourceURL, Alt: strings.TrimSpace(m.AltText), Caption: htmlText(m.Caption.Rendered),
			Width: m.Details.Width, Height: m.Details.Height}
	}
	data, err := json.Marshal(j)
	if err != nil {
		return nil, err
	}
	a, err := article.ParseJSON(data)
	if err != nil {
		return nil, err
	}
	if w.lang == "" && siteLang != "" && (a.Lang == "" || primary(a.Lang) == primary(siteLang)) {
		// The site's language, with its region, unless the text is plainly
		// in another.
		a.Lang = siteLang
		a.Date = article.FormatDate(a.Published, a.Lang)
		if a.Published.IsZero() {
			a.Date = ""
		}
	}
	return a, nil
}

func primary(tag string) string {
	p, _, _ := strings.Cut(strings.ToLower(tag), "-")
	return p
}

// standfirst is an excerpt's text without WordPress's "[…]" and "Continue
// reading" link.
func standfirst(rendered string) string {
	s := htmlText(rendered)
	for _, tail := range []string{"[…]", "[...]", "…", "Continue reading"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, tail))
	}
	return s
}

// repeatsOpening reports whether an excerpt is the body's first words, as
// WordPress makes one when the post has none.
func repeatsOpening(excerpt, body string) bool {
	e, b := strings.Fields(excerpt), strings.Fields(body)
	if len(e) == 0 || len(e) > len(b) {
		return false
	}
	for i := range e {
		if e[i] != b[i] {
			return false
		}
	}
	return true
}

// htmlText is the text of an HTML fragment, entities decoded, tags
// dropped, block ends and line breaks made spaces, runs of white space
// made one space.
func htmlText(s string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	hidden := false // inside a script or style, whose text is no text
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			// Only ASCII white space: a no-break space WordPress put in a
			// title ("Lyon&nbsp;!") stays one.
			return strings.Join(strings.FieldsFunc(b.String(), func(r rune) bool {
				return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f'
			}), " ")
		case html.TextToken:
			if !hidden {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "blockquote", "tr", "td", "th":
				b.WriteByte(' ')
			case "script", "style":
				hidden = tt == html.StartTagToken
			}
		}
	}
}

// listEntry is the part of a post a listing reads.
type listEntry struct {
	postHead
	Content struct {
		Protected bool `json:"protected"`
	} `json:"content"`
}

type listPage struct {
	entries []Entry
	pages   int
}

// Listing returns the site's published posts from from to to (see
// InRange), newest first.
func (w *WordPress) Listing(ctx context.Context, from, to time.Time) ([]Entry, error) {
	q := url.Values{"per_page": {"100"}, "orderby": {"date"}, "order": {"desc"},
		"_fields": {"id,slug,date_gmt,link,title,content.protected"}}
	if !from.IsZero() {
		q.Set("after", from.AddDate(0, 0, -1).Format("2006-01-02T15:04:05"))
	}
	if !to.IsZero() {
		q.Set("before", to.AddDate(0, 0, 2).Format("2006-01-02T15:04:05"))
	}
	var all []Entry
	seen := map[string]bool{}
	for page := 1; ; page++ {
		q.Set("page", strconv.Itoa(page))
		v, stale, _, err := w.r.get(ctx, w.endpoint("posts", q), "", decodeListPage)
		if err != nil {
			return nil, fmt.Errorf("listing the WordPress posts (page %d): %w", page, err)
		}
		if stale {
			// A listing from pages of different ages could miss or repeat
			// posts; it is given whole or not at all.
			return nil, &UnavailableError{RetryAfter: w.r.retryIn(), Err: errors.New("the listing cannot be read")}
		}
		lp := v.(*listPage)
		for _, e := range lp.entries {
			if !seen[e.ID] && InRange(e.Published, from, to) {
				seen[e.ID] = true
				all = append(all, e)
			}
		}
		if page >= lp.pages {
			return all, nil
		}
		if page >= maxListPages {
			return nil, fmt.Errorf("%w: the listing has more than %d pages of 100 posts; select a date range", ErrUpstream, maxListPages)
		}
	}
}

func decodeListPage(r *response) (decoded, error) {
	if r.status == http.StatusBadRequest {
		var e wpError
		if json.Unmarshal(r.body, &e) == nil && e.Code == "rest_post_invalid_page_number" {
			return decoded{value: &listPage{}, tags: []string{"list"}}, nil // no posts at all
		}
	}
	if r.status != http.StatusOK {
		return decoded{}, fmt.Errorf("%w: WordPress answered %d to a listing", ErrUpstream, r.status)
	}
	var raw []listEntry
	if err := json.Unmarshal(r.body, &raw); err != nil {
		return decoded{}, fmt.Errorf("%w: a listing: %v", ErrUpstream, err)
	}
	pages, err := strconv.Atoi(r.header.Get("X-WP-TotalPages"))
	if err != nil && len(raw) > 0 {
		return decoded{}, fmt.Errorf("%w: a listing without X-WP-TotalPages", ErrUpstream)
	}
	lp := &listPage{pages: pages}
	for _, p := range raw {
		e := Entry{ID: p.Slug, Title: htmlText(p.Title.Rendered), URL: p.Link}
		if !ValidID(e.ID) || isPostNumber(e.ID) {
			// A slug of non-Latin letters is percent-encoded; one of digits
			// ("1984") would be read as another post's number.
			e.ID = strconv.FormatInt(p.ID, 10)
		}
		if e.Title == "" {
			e.Title = e.ID
		}
		if p.Content.Protected {
			e.NotPublic = fmt.Sprintf("not public: post %s is password-protected", e.ID)
		}
		if t, err := time.Parse("2006-01-02T15:04:05", p.DateGMT); err == nil {
			e.Published = t.UTC()
			e.Date = e.Published.Format("2006-01-02")
		}
		lp.entries = append(lp.entries, e)
	}
	return decoded{value: lp, tags: []string{"list"}}, nil
}

// siteLanguage is the site's language from its feed, read again every hour
// (a minute after a failure, keeping the last known); "" when unknown or
// when WordPressOptions.Lang is set. The feed is fetched like any answer:
// shared, cached, given stale while the CMS is down.
func (w *WordPress) siteLanguage(ctx context.Context) string {
	if w.lang != "" {
		return ""
	}
	now := w.r.o.Now()
	w.langMu.Lock()
	lang, fresh := w.siteLang, now.Before(w.siteLangNext)
	w.langMu.Unlock()
	if fresh {
		return lang
	}
	u := *w.site
	u.Path += "/"
	u.RawQuery = "feed=rss2"
	v, _, _, err := w.r.get(ctx, u.String(), "", decodeFeedLang)
	w.langMu.Lock()
	defer w.langMu.Unlock()
	switch {
	case err == nil:
		w.siteLang, w.siteLangNext = v.(string), now.Add(time.Hour)
	case ctx.Err() != nil:
		// The caller left; the next one asks again.
	default:
		w.siteLangNext = now.Add(time.Minute)
	}
	return w.siteLang
}

func decodeFeedLang(r *response) (decoded, error) {
	if r.status != http.StatusOK {
		return decoded{}, fmt.Errorf("%w: the feed answered %d", ErrUpstream, r.status)
	}
	d := xml.NewDecoder(bytes.NewReader(r.body))
	d.Strict = false
	for {
		tok, err := d.Token()
		if err != nil {
			return decoded{value: ""}, nil
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "language" {
			var lang string
			if d.DecodeElement(&lang, &se) == nil && article.ValidLang(strings.TrimSpace(lang)) {
				return decoded{value: strings.TrimSpace(lang)}, nil
			}
			return decoded{value: ""}, nil
		}
	}
}

// checkID refuses a malformed ID with ErrBadID, as the archive does.
func checkID(id string) error {
	if ValidID(id) {
		return nil
	}
	shown := id
	if len(shown) > 64 {
		shown = shown[:64] + "…"
	}
	return fmt.Errorf("%w: %q; IDs are 1 to 200 letters, digits, '-' and '_'", ErrBadID, shown)
}
