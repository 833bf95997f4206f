package sim

import (
	"net/http"
	"slices"
	"testing"
)

func TestScheduleGroupsSeeded(t *testing.T) {
	c := newClient(t, Options{Seed: 3})
	groups := c.s.ScheduleGroups()
	if len(groups) != siteGroups {
		t.Fatalf("%d groups, want %d", len(groups), siteGroups)
	}
	// Every group an IVR refers to is a real group with that name.
	byID := map[string]ScheduleGroup{}
	for _, g := range groups {
		byID[g.ID] = g
	}
	for _, v := range c.s.IVRs() {
		if v.ScheduleGroup != nil {
			if g, ok := byID[v.ScheduleGroup.ID]; !ok || g.Name != v.ScheduleGroup.Name {
				t.Fatalf("IVR %s refers to group %+v, which the org lacks", v.ID, v.ScheduleGroup)
			}
		}
	}
	xmas := scheduleNamed(t, c.s, ScheduleChristmas2026)
	holidays := 0
	for _, g := range groups {
		if len(g.OpenSchedules) == 0 || len(g.ClosedSchedules) == 0 {
			t.Errorf("group %q has no weekly open or closed schedule", g.Name)
		}
		if slices.ContainsFunc(g.HolidaySchedules, func(r Ref) bool { return r.ID == xmas.ID }) {
			t.Errorf("group %q already holds %s: the chore would be a no-op", g.Name, ScheduleChristmas2026)
		}
		holidays += len(g.HolidaySchedules)
	}
	if holidays == 0 {
		t.Error("no group has a holiday schedule")
	}
	// Same seed, same org; the IVRs are what they were before groups existed.
	if again := New(Options{Seed: 3}); !slices.EqualFunc(again.ScheduleGroups(), groups, func(a, b ScheduleGroup) bool { return a.ID == b.ID && a.Version == b.Version }) {
		t.Error("schedule groups differ for the same seed")
	}
}

func scheduleNamed(t *testing.T, s *Server, name string) Schedule {
	t.Helper()
	for _, v := range s.Schedules() {
		if v.Name == name {
			return v
		}
	}
	t.Fatalf("no schedule %q", name)
	return Schedule{}
}

func TestScheduleListings(t *testing.T) {
	c := newClient(t, Options{Seed: 4})
	var p Page[ScheduleGroup]
	r := c.get(groupsPath + "?pageSize=100&pageNumber=2")
	if r.status != http.StatusOK {
		t.Fatalf("list groups: %d %s", r.status, r.body)
	}
	r.json(t, &p)
	if p.Total != siteGroups || len(p.Entities) != siteGroups-100 || p.PageCount != 2 || p.NextURI != "" || p.PreviousURI == "" {
		t.Errorf("page 2: total %d, %d entities, %d pages, next %q, previous %q", p.Total, len(p.Entities), p.PageCount, p.NextURI, p.PreviousURI)
	}
	var named Page[ScheduleGroup]
	c.get(groupsPath+"?name=site%20001").json(t, &named)
	if named.Total != 1 || named.Entities[0].Name != "Site 001 – Indianapolis" {
		t.Errorf("name filter: %+v", named)
	}
	var sp Page[Schedule]
	c.get(schedulesPath+"?pageSize=100").json(t, &sp)
	for _, v := range sp.Entities {
		if v.Name == ScheduleDeleted {
			t.Error("a deleted schedule is listed")
		}
	}
	ambiguous := 0
	for _, v := range sp.Entities {
		if v.Name == ScheduleAmbiguous {
			ambiguous++
		}
	}
	if ambiguous != 2 {
		t.Errorf("%d schedules named %q, want 2", ambiguous, ScheduleAmbiguous)
	}
	xmas := scheduleNamed(t, c.s, ScheduleChristmas2026)
	var got Schedule
	c.get(schedulesPath+"/"+xmas.ID).json(t, &got)
	if got.Start != "2026-12-25T00:00:00.000" || got.Version != xmas.Version {
		t.Errorf("GET schedule: %+v", got)
	}
	if r := c.get(groupsPath + "/nope"); r.status != http.StatusNotFound {
		t.Errorf("unknown group: %d", r.status)
	}
}

func TestPutScheduleGroup(t *testing.T) {
	c := newClient(t, Options{Seed: 5})
	g := c.s.ScheduleGroups()[20]
	xmas := scheduleNamed(t, c.s, ScheduleChristmas2026)
	put := func(g ScheduleGroup) result { return c.do(http.MethodPut, groupsPath+"/"+g.ID, g) }

	want := g
	want.HolidaySchedules = append(slices.Clone(g.HolidaySchedules), Ref{ID: xmas.ID})
	r := put(want)
	if r.status != http.StatusOK {
		t.Fatalf("PUT: %d %s", r.status, r.body)
	}
	var got ScheduleGroup
	r.json(t, &got)
	if got.Version != g.Version+1 || !slices.ContainsFunc(got.HolidaySchedules, func(r Ref) bool { return r.ID == xmas.ID && r.Name == xmas.Name }) {
		t.Errorf("after PUT: version %d, holidays %+v", got.Version, got.HolidaySchedules)
	}

	// The old version again: 409, nothing changes.
	if r := put(want); r.status != http.StatusConflict {
		t.Errorf("stale PUT: %d", r.status)
	}
	stale := New(Options{Seed: 5, VersionConflictAs400: true})
	sc := &client{t: t, s: stale, hc: &http.Client{Transport: stale.Transport()}, tok: stale.IssueToken()}
	old := stale.ScheduleGroups()[20]
	old.Version--
	if r := sc.do(http.MethodPut, groupsPath+"/"+old.ID, old); r.status != http.StatusBadRequest {
		t.Errorf("stale PUT as 400: %d", r.status)
	}

	// Full replace: a list left out is cleared.
	cur, _ := c.s.ScheduleGroup(g.ID)
	cleared := cur
	cleared.ClosedSchedules = nil
	if r := put(cleared); r.status != http.StatusOK {
		t.Fatalf("PUT without closed schedules: %d %s", r.status, r.body)
	}
	if after, _ := c.s.ScheduleGroup(g.ID); len(after.ClosedSchedules) != 0 {
		t.Errorf("closed schedules kept: %+v", after.ClosedSchedules)
	}

	// A schedule that does not exist, or is deleted: 400, nothing changes.
	cur, _ = c.s.ScheduleGroup(g.ID)
	for _, id := range []string{"no-such-schedule", scheduleNamed(t, c.s, ScheduleDeleted).ID} {
		bad := cur
		bad.HolidaySchedules = append(slices.Clone(cur.HolidaySchedules), Ref{ID: id})
		if r := put(bad); r.status != http.StatusBadRequest {
			t.Errorf("schedule %s: %d %s", id, r.status, r.body)
		}
	}
	if after, _ := c.s.ScheduleGroup(g.ID); after.Version != cur.Version {
		t.Errorf("a refused PUT changed the group: version %d → %d", cur.Version, after.Version)
	}
}

func TestScheduleGroupPutHasItsOwnBucket(t *testing.T) {
	c := newClient(t, Options{Seed: 6, Enforced: Limits{ScheduleGroupPut: 1}})
	groups := c.s.ScheduleGroups()
	for i, want := range []int{http.StatusOK, http.StatusTooManyRequests} {
		g := groups[i]
		if r := c.do(http.MethodPut, groupsPath+"/"+g.ID, g); r.status != want {
			t.Fatalf("PUT %d: %d, want %d", i, r.status, want)
		}
	}
	// The IVR bucket is untouched.
	v := c.active(1, nil)[0]
	if r := c.put(v); r.status != http.StatusOK {
		t.Errorf("IVR PUT after the group bucket ran out: %d", r.status)
	}
}
