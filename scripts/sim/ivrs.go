package sim

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

const ivrsPath = "/api/v2/architect/ivrs"

// IVRPage is one page of GET /api/v2/architect/ivrs.
type IVRPage struct {
	Entities    []IVR  `json:"entities"`
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

// byName returns the IVRs the listing shows (deleted ones are left out, as
// the real API does by default), ascending by name without regard to case,
// then by id. It is cached until an IVR changes.
func (g *org) byName() []*IVR {
	if g.sorted != nil {
		return g.sorted
	}
	g.sorted = make([]*IVR, 0, len(g.ivrs))
	for _, id := range g.order {
		if v := g.ivrs[id]; v.State != StateDeleted {
			g.sorted = append(g.sorted, v)
		}
	}
	slices.SortFunc(g.sorted, func(a, b *IVR) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
	})
	return g.sorted
}

func badValue(c *call, field, value, allowed string) reply {
	return apiError(http.StatusBadRequest, CodeBadRequest,
		"Value ["+value+"] is not valid for field type ["+field+"]. Allowable values are: "+allowed).
		withParams("Value [{value}] is not valid for field type [{field}]. Allowable values are: {allowed}",
			map[string]string{"value": value, "field": field, "allowed": allowed}).reply(c)
}

// intParam reads a positive integer query parameter no larger than most.
func intParam(q url.Values, name string, def, most int) (int, bool) {
	v := q.Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 1 && n <= most
}

// listIVRs is GET /api/v2/architect/ivrs: name (case-insensitive substring,
// a leading or trailing * allowed), dnis (substring of any number) and scheduleGroup (id)
// filters, sortBy=name, sortOrder ASC or DESC, pages of up to 100.
func (s *Server) listIVRs(c *call) reply {
	q := c.r.URL.Query()
	size, ok := intParam(q, "pageSize", 25, 100)
	if !ok {
		return badValue(c, "pageSize", q.Get("pageSize"), "1-100")
	}
	number, ok := intParam(q, "pageNumber", 1, 1<<30)
	if !ok {
		return badValue(c, "pageNumber", q.Get("pageNumber"), "1 and above")
	}
	if sb := q.Get("sortBy"); sb != "" && sb != "name" {
		return badValue(c, "sortBy", sb, "name")
	}
	desc := false
	switch so := strings.ToUpper(q.Get("sortOrder")); so {
	case "", "ASC":
	case "DESC":
		desc = true
	default:
		return badValue(c, "sortOrder", q.Get("sortOrder"), "ASC, DESC")
	}
	name := strings.ToLower(strings.Trim(q.Get("name"), "*"))
	dnis := strings.Trim(q.Get("dnis"), "*")
	group := q.Get("scheduleGroup")

	var hits []*IVR
	for _, v := range s.org.byName() {
		if (name == "" || strings.Contains(strings.ToLower(v.Name), name)) &&
			(dnis == "" || slices.ContainsFunc(v.DNIS, func(n string) bool { return strings.Contains(n, dnis) })) &&
			(group == "" || (v.ScheduleGroup != nil && v.ScheduleGroup.ID == group)) {
			hits = append(hits, v)
		}
	}
	if desc {
		hits = slices.Clone(hits)
		slices.Reverse(hits)
	}
	p := IVRPage{Entities: []IVR{}, PageSize: size, PageNumber: number, Total: len(hits), PageCount: (len(hits) + size - 1) / size}
	for _, v := range hits[min((number-1)*size, len(hits)):min(number*size, len(hits))] {
		p.Entities = append(p.Entities, v.clone())
	}
	uri := func(n int) string {
		u := url.Values{}
		for _, k := range []string{"name", "dnis", "scheduleGroup", "sortBy", "sortOrder"} {
			if v := q.Get(k); v != "" {
				u.Set(k, v)
			}
		}
		uri := ivrsPath + "?pageSize=" + strconv.Itoa(size) + "&pageNumber=" + strconv.Itoa(n)
		if len(u) > 0 {
			uri += "&" + u.Encode()
		}
		return uri
	}
	p.SelfURI, p.FirstURI, p.LastURI = uri(number), uri(1), uri(max(p.PageCount, 1))
	if number < p.PageCount {
		p.NextURI = uri(number + 1)
	}
	if number > 1 {
		p.PreviousURI = uri(min(number-1, max(p.PageCount, 1)))
	}
	return jsonReply(http.StatusOK, p)
}

func notFound(c *call, id string) reply {
	return apiError(http.StatusNotFound, CodeNotFound, "Unable to find an IVR with id "+id).
		withParams("Unable to find an IVR with id {id}", map[string]string{"id": id}).reply(c)
}

// getIVR is GET /api/v2/architect/ivrs/{ivrId}; a deleted IVR answers with state "deleted".
func (s *Server) getIVR(c *call) reply {
	id := c.params["ivrId"]
	v, ok := s.org.ivrs[id]
	if !ok {
		return notFound(c, id)
	}
	s.flt.read(id)
	return jsonReply(http.StatusOK, v.clone())
}
