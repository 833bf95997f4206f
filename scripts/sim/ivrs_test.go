package sim

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestListEnvelope(t *testing.T) {
	c := newClient(t, Options{Seed: 1, IVRs: 60})
	listed := 0
	for _, v := range c.s.IVRs() {
		if v.State != StateDeleted {
			listed++
		}
	}
	pages := (listed + 24) / 25
	tests := []struct {
		query                      string
		size, number, entities     int
		next, previous             bool
		selfHas, firstHas, lastHas string
	}{
		{"", 25, 1, 25, true, false, "pageNumber=1", "pageNumber=1", fmt.Sprintf("pageNumber=%d", pages)},
		{"?pageNumber=2", 25, 2, 25, pages > 2, true, "pageNumber=2", "pageNumber=1", ""},
		{fmt.Sprintf("?pageNumber=%d", pages), 25, pages, listed - 25*(pages-1), false, true, "", "", ""},
		{"?pageSize=100", 100, 1, listed, false, false, "pageSize=100", "pageSize=100", "pageNumber=1"},
		{"?pageSize=7&pageNumber=3", 7, 3, 7, true, true, "pageSize=7&pageNumber=3", "", ""},
		{"?pageNumber=99", 25, 99, 0, false, true, "", "", ""},
	}
	for _, tt := range tests {
		r := c.get(ivrsPath + tt.query)
		if r.status != http.StatusOK {
			t.Fatalf("%q: status %d %s", tt.query, r.status, r.body)
		}
		var p IVRPage
		r.json(t, &p)
		if p.PageSize != tt.size || p.PageNumber != tt.number || len(p.Entities) != tt.entities || p.Total != listed {
			t.Errorf("%q: size %d number %d entities %d total %d; want %d %d %d %d",
				tt.query, p.PageSize, p.PageNumber, len(p.Entities), p.Total, tt.size, tt.number, tt.entities, listed)
		}
		if p.PageCount != (listed+tt.size-1)/tt.size {
			t.Errorf("%q: pageCount %d", tt.query, p.PageCount)
		}
		if (p.NextURI != "") != tt.next || (p.PreviousURI != "") != tt.previous {
			t.Errorf("%q: nextUri %q previousUri %q", tt.query, p.NextURI, p.PreviousURI)
		}
		if p.FirstURI == "" || p.LastURI == "" || p.SelfURI == "" {
			t.Errorf("%q: missing uris %+v", tt.query, p)
		}
		for _, c := range []struct{ uri, has string }{{p.SelfURI, tt.selfHas}, {p.FirstURI, tt.firstHas}, {p.LastURI, tt.lastHas}} {
			if !strings.HasPrefix(c.uri, ivrsPath+"?") || !strings.Contains(c.uri, c.has) {
				t.Errorf("%q: uri %q lacks %q", tt.query, c.uri, c.has)
			}
		}
	}
	// The envelope's keys, as Genesys names them.
	raw := map[string]any{}
	c.get(ivrsPath).json(t, &raw)
	for _, k := range []string{"entities", "pageSize", "pageNumber", "total", "pageCount", "firstUri", "selfUri", "nextUri", "lastUri"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("listing lacks %q", k)
		}
	}
}

func TestListWalksEveryActiveIVROnce(t *testing.T) {
	c := newClient(t, Options{Seed: 2, IVRs: 230})
	seen := map[string]bool{}
	for next := ivrsPath + "?pageSize=100"; next != ""; {
		var p IVRPage
		c.get(next).json(t, &p)
		for _, v := range p.Entities {
			if seen[v.ID] || v.State == StateDeleted {
				t.Fatalf("IVR %s listed twice or deleted", v.ID)
			}
			seen[v.ID] = true
		}
		next = p.NextURI
	}
	for _, v := range c.s.IVRs() {
		if seen[v.ID] == (v.State == StateDeleted) {
			t.Errorf("IVR %s (state %s): listed %v", v.ID, v.State, seen[v.ID])
		}
	}
}

func TestListBadParams(t *testing.T) {
	c := newClient(t, Options{Seed: 1, IVRs: 20})
	for _, q := range []string{"pageSize=101", "pageSize=0", "pageSize=x", "pageNumber=0", "sortOrder=UP", "sortBy=version"} {
		r := c.get(ivrsPath + "?" + q)
		e := r.errorBody(t)
		if r.status != 400 || e.Code != CodeBadRequest || e.Status != 400 || !strings.Contains(e.Message, "is not valid") {
			t.Errorf("%s: %d %s", q, r.status, r.body)
		}
	}
}

func TestListFiltersAndSort(t *testing.T) {
	c := newClient(t, Options{Seed: 4, IVRs: 300})
	all := c.s.IVRs()
	names := func(q string) []string {
		var p IVRPage
		c.get(ivrsPath+"?pageSize=100&"+q).json(t, &p)
		var out []string
		for _, v := range p.Entities {
			out = append(out, v.Name)
		}
		return out
	}
	asc := names("sortBy=name&sortOrder=ASC")
	if !slices.IsSortedFunc(asc, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }) {
		t.Errorf("ascending listing is not sorted: %v", asc[:5])
	}
	desc := names("sortOrder=desc&pageNumber=1")
	if strings.ToLower(desc[0]) < strings.ToLower(desc[len(desc)-1]) {
		t.Errorf("descending listing starts %q ends %q", desc[0], desc[len(desc)-1])
	}

	for _, q := range []string{"SUPPORT", "support", "Support*", "sUpPoRt –"} {
		got := names("name=" + url.QueryEscape(q))
		want := strings.ToLower(strings.TrimSuffix(q, "*"))
		if len(got) == 0 {
			t.Errorf("name=%q found nothing", q)
		}
		for _, n := range got {
			if !strings.Contains(strings.ToLower(n), want) {
				t.Errorf("name=%q listed %q", q, n)
			}
		}
	}
	var holder IVR
	for _, v := range all {
		if v.State == StateActive && len(v.DNIS) > 0 && v.ScheduleGroup != nil {
			holder = v
			break
		}
	}
	var p IVRPage
	c.get(ivrsPath+"?dnis="+url.QueryEscape(holder.DNIS[0])).json(t, &p)
	if p.Total != 1 || p.Entities[0].ID != holder.ID {
		t.Errorf("dnis=%s: %d hits", holder.DNIS[0], p.Total)
	}
	c.get(ivrsPath+"?scheduleGroup="+holder.ScheduleGroup.ID+"&pageSize=100").json(t, &p)
	for _, v := range p.Entities {
		if v.ScheduleGroup == nil || v.ScheduleGroup.ID != holder.ScheduleGroup.ID {
			t.Errorf("scheduleGroup filter listed %s", v.ID)
		}
	}
	if p.Total == 0 {
		t.Error("scheduleGroup filter found nothing")
	}
	// Filters survive into the paging links.
	c.get(ivrsPath+"?name=sales&pageSize=2").json(t, &p)
	if !strings.Contains(p.NextURI, "name=sales") {
		t.Errorf("nextUri %q drops the filter", p.NextURI)
	}
}

func TestGetIVR(t *testing.T) {
	c := newClient(t, Options{Seed: 1})
	var del IVR
	for _, v := range c.s.IVRs() {
		if v.State == StateDeleted {
			del = v
		}
	}
	want := c.active(1, withNumbers)[0]
	tests := []struct {
		id     string
		status int
		state  string
	}{
		{want.ID, 200, StateActive},
		{del.ID, 200, StateDeleted},
		{"00000000-0000-4000-8000-000000000000", 404, ""},
	}
	for _, tt := range tests {
		r := c.get(ivrsPath + "/" + tt.id)
		if r.status != tt.status {
			t.Fatalf("%s: status %d", tt.id, r.status)
		}
		if tt.status == 404 {
			if e := r.errorBody(t); e.Code != CodeNotFound || e.ContextID != r.header.Get("ININ-Correlation-Id") || e.ContextID == "" {
				t.Errorf("404 body %s", r.body)
			}
			continue
		}
		var got IVR
		r.json(t, &got)
		if got.State != tt.state || got.ID != tt.id {
			t.Errorf("%s: state %q", tt.id, got.State)
		}
	}
	var got IVR
	c.get(ivrsPath+"/"+want.ID).json(t, &got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("GET differs from IVR(): %+v vs %+v", got, want)
	}
}
