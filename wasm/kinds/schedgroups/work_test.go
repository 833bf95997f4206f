package schedgroups_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
	"github.com/gcpace/gcpace/wasm/pacer"
	"github.com/gcpace/gcpace/wasm/pacer/pacertest"
)

// run applies plan's jobs through the pacer and returns the done jobs with
// the lists each group had before.
func run(t *testing.T, client *genesys.Client, plan schedgroups.Plan, before map[string]schedgroups.Lists) ([]schedgroups.Done, pacer.Snapshot) {
	t.Helper()
	w := &schedgroups.Work{Client: client}
	q := pacer.New(w, pacer.Options{Resource: schedgroups.Resource, Window: 6 * time.Second})
	for i, in := range plan.Jobs {
		id := "j" + string(rune('a'+i%26)) + in.GroupID
		q.Add(pacer.Job{ID: id, Key: in.GroupID, Intent: in})
	}
	if err := q.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	snap := q.Snapshot()
	var done []schedgroups.Done
	for _, v := range snap.Jobs {
		if v.State == pacer.JobDone {
			done = append(done, schedgroups.Done{Intent: v.Intent.(schedgroups.Intent), Before: before[v.Key]})
		}
	}
	return done, snap
}

// TestHolidayChoreThroughThePacer adds Christmas to the holiday list of 120
// groups against the simulator with a shrunk window and a schedule-group
// limit lower than documented (so 429s come), then undoes it.
func TestHolidayChoreThroughThePacer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := sim.New(sim.Options{Seed: 31, Window: 6 * time.Second, Enforced: sim.Limits{ScheduleGroupPut: 40}})
		tok := s.IssueToken()
		client := &genesys.Client{Base: "https://api.sim.test", HTTP: &http.Client{Transport: pacertest.Browser{RT: s.Transport()}},
			Token: func() string { return tok }}
		ctx := context.Background()
		listed, err := client.AllScheduleGroups(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		gs, err := client.AllSchedules(ctx)
		if err != nil {
			t.Fatal(err)
		}
		groups := make([]schedgroups.Group, len(listed))
		before := map[string]schedgroups.Lists{}
		var ids []string
		for i, g := range listed {
			groups[i] = schedgroups.FromGenesys(g)
			before[g.ID] = groups[i].Lists
			if len(ids) < 120 {
				ids = append(ids, g.ID)
			}
		}
		schedules := schedgroups.SchedulesFromGenesys(gs)
		orig := map[string]sim.ScheduleGroup{}
		for _, g := range s.ScheduleGroups() {
			orig[g.ID] = g
		}

		plan := schedgroups.PlanSelection(groups, schedules, ids, schedgroups.Holiday, sim.ScheduleChristmas2026, schedgroups.Add)
		if !plan.Ready() || len(plan.Jobs) != 120 {
			t.Fatalf("plan: %d jobs, problems %+v", len(plan.Jobs), plan.Problems)
		}
		done, snap := run(t, client, plan, before)
		if len(done) != 120 || snap.Failed != 0 {
			t.Fatalf("%d done, %d failed", len(done), snap.Failed)
		}
		xmas := ""
		for _, v := range gs {
			if v.Name == sim.ScheduleChristmas2026 {
				xmas = v.ID
			}
		}
		limited := 0
		for _, e := range s.Log() {
			if e.Route == sim.BucketScheduleGroupPut && e.Status == http.StatusTooManyRequests {
				limited++
			}
		}
		if limited == 0 {
			t.Error("no 429 met: the limit was not lower than the pacer believed")
		}
		for _, g := range s.ScheduleGroups() {
			o := orig[g.ID]
			want := o.HolidaySchedules
			if slices.Contains(ids, g.ID) {
				want = append(slices.Clone(want), sim.Ref{ID: xmas, Name: sim.ScheduleChristmas2026, SelfURI: "/api/v2/architect/schedules/" + xmas})
			}
			if !slices.Equal(g.HolidaySchedules, want) || !slices.Equal(g.OpenSchedules, o.OpenSchedules) ||
				!slices.Equal(g.ClosedSchedules, o.ClosedSchedules) || g.TimeZone != o.TimeZone || g.Name != o.Name {
				t.Fatalf("group %s: %+v, want holidays %+v and nothing else changed", g.Name, g, want)
			}
		}
		for _, e := range s.Log() {
			if e.Route == sim.BucketIVRPut {
				t.Fatal("an IVR was written")
			}
		}

		// Undo restores every group.
		now := make([]schedgroups.Group, 0, len(listed))
		for _, g := range s.ScheduleGroups() {
			gg, _, _ := client.GetScheduleGroup(ctx, g.ID)
			now = append(now, schedgroups.FromGenesys(gg))
		}
		undo := schedgroups.PlanUndo(now, schedules, done)
		if !undo.Ready() || len(undo.Jobs) != 120 {
			t.Fatalf("undo plan: %d jobs, notes %+v", len(undo.Jobs), undo.Notes)
		}
		if _, snap := run(t, client, undo, nil); snap.Done != 120 {
			t.Fatalf("undo: %d done", snap.Done)
		}
		for _, g := range s.ScheduleGroups() {
			if !slices.Equal(g.HolidaySchedules, orig[g.ID].HolidaySchedules) {
				t.Fatalf("after undo, group %s holds %+v, want %+v", g.Name, g.HolidaySchedules, orig[g.ID].HolidaySchedules)
			}
		}
	})
}
