package sim

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Page is one page of a Genesys listing (IVRs, schedules, schedule groups):
// the same envelope for every entity type.
type Page[T any] struct {
	Entities    []T    `json:"entities"`
	PageSize    int    `json:"pageSize"`
	PageNumber  int    `json:"pageNumber"`
	Total       int    `json:"total"`
	FirstURI    string `json:"firstUri,omitempty"`
	SelfURI     string `json:"selfUri,omitempty"`
	NextURI     string `json:"nextUri,omitempty"`
	PreviousURI string `json:"previousUri,omitempty"`
	LastURI     string `json:"lastUri,omitempty"`
	PageCount   int    `json:"pageCount"`
}

// listing is what one GET of a collection asked for: paging, order and the
// name filter every collection has.
type listing struct {
	q          url.Values
	size, page int
	desc       bool
	name       string // lower case, without the * wildcards
}

// readListing checks the paging and sorting parameters as Genesys does; a bad
// one is answered with the API's 400 in rep.
func readListing(c *call) (l listing, rep reply, ok bool) {
	q := c.r.URL.Query()
	l.q = q
	if l.size, ok = intParam(q, "pageSize", 25, 100); !ok {
		return l, badValue(c, "pageSize", q.Get("pageSize"), "1-100"), false
	}
	if l.page, ok = intParam(q, "pageNumber", 1, 1<<30); !ok {
		return l, badValue(c, "pageNumber", q.Get("pageNumber"), "1 and above"), false
	}
	if sb := q.Get("sortBy"); sb != "" && sb != "name" {
		return l, badValue(c, "sortBy", sb, "name"), false
	}
	switch so := strings.ToUpper(q.Get("sortOrder")); so {
	case "", "ASC":
	case "DESC":
		l.desc = true
	default:
		return l, badValue(c, "sortOrder", q.Get("sortOrder"), "ASC, DESC"), false
	}
	l.name = strings.ToLower(strings.Trim(q.Get("name"), "*"))
	return l, reply{}, true
}

// nameMatches is the name filter: a case-insensitive substring.
func (l listing) nameMatches(name string) bool {
	return l.name == "" || strings.Contains(strings.ToLower(name), l.name)
}

// pageOf cuts hits (ascending by name) into the page l asked for, each entity
// of it copied out by entity, with the envelope's URIs carrying the filters
// named in keep.
func pageOf[H, T any](l listing, path string, hits []H, keep []string, entity func(H) T) reply {
	if l.desc {
		hits = slices.Clone(hits)
		slices.Reverse(hits)
	}
	p := Page[T]{Entities: []T{}, PageSize: l.size, PageNumber: l.page, Total: len(hits), PageCount: (len(hits) + l.size - 1) / l.size}
	for _, h := range hits[min((l.page-1)*l.size, len(hits)):min(l.page*l.size, len(hits))] {
		p.Entities = append(p.Entities, entity(h))
	}
	uri := func(n int) string {
		u := url.Values{}
		for _, k := range append(slices.Clone(keep), "sortBy", "sortOrder") {
			if v := l.q.Get(k); v != "" {
				u.Set(k, v)
			}
		}
		uri := path + "?pageSize=" + strconv.Itoa(l.size) + "&pageNumber=" + strconv.Itoa(n)
		if len(u) > 0 {
			uri += "&" + u.Encode()
		}
		return uri
	}
	p.SelfURI, p.FirstURI, p.LastURI = uri(l.page), uri(1), uri(max(p.PageCount, 1))
	if l.page < p.PageCount {
		p.NextURI = uri(l.page + 1)
	}
	if l.page > 1 {
		p.PreviousURI = uri(min(l.page-1, max(p.PageCount, 1)))
	}
	return jsonReply(http.StatusOK, p)
}
