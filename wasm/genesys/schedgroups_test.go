package genesys

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/gcpace/gcpace/scripts/sim"
)

// simClient talks to an in-process simulator as person (sim.UserAdmin…).
func simClient(t *testing.T, s *sim.Server, person string) *Client {
	t.Helper()
	tok := s.IssueTokenFor(person)
	return &Client{Base: "https://api.sim.test", HTTP: &http.Client{Transport: s.Transport()}, Token: func() string { return tok }}
}

func TestScheduleGroupRoundTrip(t *testing.T) {
	s := sim.New(sim.Options{Seed: 11})
	c := simClient(t, s, sim.UserAdmin)
	ctx := context.Background()

	pages := 0
	groups, err := c.AllScheduleGroups(ctx, func(int, int) { pages++ })
	if err != nil || len(groups) != len(s.ScheduleGroups()) || pages != 2 {
		t.Fatalf("AllScheduleGroups: %d groups in %d pages, %v", len(groups), pages, err)
	}
	schedules, err := c.AllSchedules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var xmas Schedule
	for _, v := range schedules {
		if v.Name == sim.ScheduleChristmas2026 {
			xmas = v
		}
	}
	if xmas.ID == "" || xmas.Start == "" {
		t.Fatalf("no %s among %d schedules", sim.ScheduleChristmas2026, len(schedules))
	}

	g, _, err := c.GetScheduleGroup(ctx, groups[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	// Fields gcpace does not model (dates, modifiedBy…) travel in Extra and go back.
	if _, ok := g.Extra["dateCreated"]; !ok {
		t.Errorf("Extra lost unmodelled fields: %v", g.Extra)
	}
	g.HolidaySchedules = append(g.HolidaySchedules, Ref{ID: xmas.ID})
	put, _, err := c.PutScheduleGroup(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := s.ScheduleGroup(g.ID)
	if put.Version != g.Version+1 || stored.TimeZone != g.TimeZone || len(stored.OpenSchedules) != len(g.OpenSchedules) ||
		!slices.ContainsFunc(stored.HolidaySchedules, func(r sim.Ref) bool { return r.ID == xmas.ID }) {
		t.Errorf("after PUT: %+v", stored)
	}
	_, _, err = c.PutScheduleGroup(ctx, g) // the old version again
	var e *Error
	if !errors.As(err, &e) || !e.VersionConflict() {
		t.Errorf("stale PUT: %v", err)
	}
}

func TestScheduleGroupListsAreAlwaysSent(t *testing.T) {
	b, err := json.Marshal(ScheduleGroup{ID: "g", Name: "G", Version: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"openSchedules":[]`, `"closedSchedules":[]`, `"holidaySchedules":[]`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("%s lacks %s", b, k)
		}
	}
}

func TestPermissions(t *testing.T) {
	s := sim.New(sim.Options{Seed: 12})
	for _, tc := range []struct {
		person             string
		ivrEdit, groupEdit bool
		ivrView, groupView bool
	}{
		{sim.UserAdmin, true, true, true, true},
		{sim.UserIVREditor, true, false, true, true},
		{sim.UserViewer, false, false, true, true},
	} {
		u, p, err := simClient(t, s, tc.person).MeWithPermissions(context.Background())
		if err != nil || u.Name == "" {
			t.Fatalf("%s: %v %+v", tc.person, err, u)
		}
		got := [4]bool{p.Has(PermIVREdit), p.Has(PermGroupEdit), p.Has(PermIVRView), p.Has(PermGroupView)}
		if want := [4]bool{tc.ivrEdit, tc.groupEdit, tc.ivrView, tc.groupView}; got != want {
			t.Errorf("%s (%v): edit/edit/view/view %v, want %v", tc.person, p, got, want)
		}
	}
	if (Permissions{"routing:*:view"}).Has(PermIVREdit) || !(Permissions{"*:*:*"}).Has(PermGroupEdit) {
		t.Error("wildcards")
	}
}
