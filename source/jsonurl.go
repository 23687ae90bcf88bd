package source

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"pdfexport/article"
)

// JSONURL reads articles from any CMS that answers an article's address
// with the project's JSON article (article.ParseJSON) or an Arc XP ANS
// story: a small adapter on the CMS's side, or a small proxy in front of
// it. The address is a template with {id} where the article's ID goes
// (https://cms.example/api/articles/{id}); the ID is a valid article ID,
// path-escaped, in the address's path or query only, so that no ID can
// name another host. 200 is the article, 404 and 410 are ErrNotFound, 403
// ErrNotPublic; 401 is wrong credentials (ErrUpstream), not an article's
// state. The HTTP rules are the remote ones (remote.go). It has no
// listing: its articles are asked for, and exported, by ID.
type JSONURL struct {
	tmpl string
	r    *remote
}

// NewJSONURL returns the source of the articles at tmpl.
func NewJSONURL(tmpl string, o RemoteOptions) (*JSONURL, error) {
	if strings.Count(tmpl, "{id}") != 1 {
		return nil, fmt.Errorf("the source URL %q must hold {id} once, where the article's ID goes, such as https://cms.example/api/articles/{id}", tmpl)
	}
	const mark = "pdfexport-id-goes-here"
	u, err := ParseSite("the source URL", strings.Replace(tmpl, "{id}", mark, 1))
	if err != nil {
		return nil, err
	}
	if strings.Contains(u.Host, mark) || !strings.Contains(u.Path+u.RawQuery, mark) {
		return nil, fmt.Errorf("the source URL %q must hold {id} in its path or query, not in its host", tmpl)
	}
	site := &url.URL{Scheme: u.Scheme, Host: u.Host}
	return &JSONURL{tmpl: tmpl, r: newRemote(site, o)}, nil
}

// Lookup fetches the article with this ID.
func (j *JSONURL) Lookup(ctx context.Context, id string) (Doc, error) {
	if err := checkID(id); err != nil {
		return Doc{}, err
	}
	u := strings.Replace(j.tmpl, "{id}", url.PathEscape(id), 1)
	v, stale, age, err := j.r.get(ctx, u, "", func(r *response) (decoded, error) {
		switch r.status {
		case http.StatusOK:
		case http.StatusNotFound, http.StatusGone:
			return decoded{}, fmt.Errorf("%w: %s", ErrNotFound, id)
		case http.StatusForbidden:
			return decoded{}, fmt.Errorf("%w: the CMS refuses article %s (403)", ErrNotPublic, id)
		case http.StatusUnauthorized:
			return decoded{}, fmt.Errorf("%w: the CMS wants credentials for article %s (401)", ErrUpstream, id)
		default:
			return decoded{}, fmt.Errorf("%w: the CMS answered %d for article %s", ErrUpstream, r.status, id)
		}
		var a *article.Article
		var err error
		if article.IsANS(r.body) {
			a, err = article.ParseANS(r.body)
		} else {
			a, err = article.ParseJSON(r.body)
		}
		if err != nil {
			return decoded{}, fmt.Errorf("%w: article %s: %w", ErrUpstream, id, err)
		}
		return decoded{value: a, tags: []string{"slug:" + id}}, nil
	})
	if err != nil {
		return Doc{}, err
	}
	return Doc{Article: v.(*article.Article), Stale: stale, Age: age}, nil
}

// Listing is ErrNoListing: the source knows no IDs it is not asked for.
func (j *JSONURL) Listing(context.Context, time.Time, time.Time) ([]Entry, error) {
	return nil, ErrNoListing
}

// Rejected is empty.
func (j *JSONURL) Rejected() []Rejected { return nil }

// Invalidate drops what is cached of the article with this ID.
func (j *JSONURL) Invalidate(id string) { j.r.invalidate("slug:" + id) }
