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
type IVRPage = Page[IVR]

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
	l, rep, ok := readListing(c)
	if !ok {
		return rep
	}
	dnis := strings.Trim(l.q.Get("dnis"), "*")
	group := l.q.Get("scheduleGroup")
	var hits []*IVR
	for _, v := range s.org.byName() {
		if l.nameMatches(v.Name) &&
			(dnis == "" || slices.ContainsFunc(v.DNIS, func(n string) bool { return strings.Contains(n, dnis) })) &&
			(group == "" || (v.ScheduleGroup != nil && v.ScheduleGroup.ID == group)) {
			hits = append(hits, v)
		}
	}
	return pageOf(l, ivrsPath, hits, []string{"name", "dnis", "scheduleGroup"}, (*IVR).clone)
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
