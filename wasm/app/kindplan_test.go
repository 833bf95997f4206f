package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// refIDs is a group list's schedule ids.
func refIDs(refs []sim.Ref) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.ID
	}
	return out
}

// groupLists is every group's three lists in the simulator, by group id.
func groupLists(s *sim.Server) map[string][3][]string {
	out := map[string][3][]string{}
	for _, g := range s.ScheduleGroups() {
		out[g.ID] = [3][]string{refIDs(g.OpenSchedules), refIDs(g.ClosedSchedules), refIDs(g.HolidaySchedules)}
	}
	return out
}

// TestScheduleGroupsThroughTheEngine: a schedule-groups plan put in the
// page's plan slot applies through the same Apply, engine, journal and
// history as an IVR plan: Christmas lands on the holiday list of 120
// groups and nothing else changes; undo from the history restores every
// group.
func TestScheduleGroupsThroughTheEngine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 41}, "implicit")
		tb := signIn(t, b)
		start := groupLists(b.sim)
		listed, schedules, err := tb.app.listGroups(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		groups := groupsFrom(listed)
		if len(groups) < 120 {
			t.Fatalf("the simulator lists %d groups, want at least 120", len(groups))
		}
		var ids []string
		for _, g := range groups[:120] {
			ids = append(ids, g.ID)
		}
		var xmas string
		for _, s := range schedules {
			if s.Name == sim.ScheduleChristmas2026 {
				xmas = s.ID
			}
		}
		p := schedgroups.PlanSelection(groups, schedgroups.SchedulesFromGenesys(schedules), ids, schedgroups.Holiday, sim.ScheduleChristmas2026, schedgroups.Add)
		planID := tb.app.setKindPlan(tb.app.groupsPlan(batch.Apply, p, listed))
		pv := tb.app.View().Preview
		if pv == nil || pv.ID != planID || pv.Kind != schedgroups.Name || pv.Purpose != batch.Apply || pv.Jobs != 120 || !pv.CanApply() {
			t.Fatalf("preview = %+v", pv)
		}
		if gp := tb.app.View().GroupPreview(); gp == nil || gp.ID != planID || len(gp.Rows) != 120 {
			t.Errorf("the groups preview = %+v, want 120 rows under %s", gp, planID)
		}
		if q := ApplyQuestion(pv); !strings.Contains(q, "120 updates to 120 schedule groups") {
			t.Errorf("apply question %q", q)
		}
		tb.app.Apply(planID)
		v := tb.waitFor("groups batch done", 30*time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.Finished() })
		if v.Batch.Kind != schedgroups.Name || v.Batch.State != pacer.BatchDone || v.Batch.Done != 120 || v.Batch.Failed != 0 {
			t.Fatalf("batch: kind %q, %s, %d done, %d failed", v.Batch.Kind, v.Batch.State, v.Batch.Done, v.Batch.Failed)
		}
		if j := v.Batch.Jobs[0]; j.Key != ids[0] || j.Label == "" || !strings.Contains(j.Summary, "Holiday list: add "+xmas) {
			t.Errorf("job row %+v", j)
		}
		after := groupLists(b.sim)
		for id, was := range start {
			got := after[id]
			want := was
			if slices.Contains(ids, id) {
				want[2] = append(slices.Clone(was[2]), xmas)
			}
			if !slices.Equal(got[0], want[0]) || !slices.Equal(got[1], want[1]) || !slices.Equal(got[2], want[2]) {
				t.Errorf("group %s holds %v, want %v", id, got, want)
			}
		}
		h := tb.waitFor("in the history", time.Minute, func(v View) bool { return v.History != nil && len(v.History.Entries) == 1 }).History
		if e := h.Entries[0]; e.Kind != schedgroups.Name || e.Purpose != batch.Apply || e.Done != 120 {
			t.Errorf("history entry %+v", e)
		}
		if rec, err := tb.app.eng.Load(); err != nil || rec.Kind != schedgroups.Name || len(rec.Before) != 120 {
			t.Errorf("journal: %v, %v", rec, err)
		}

		tb.app.HistoryExport(v.Batch.ID)
		rows, err := csv.NewReader(bytes.NewReader(onlyDownload(t, tb, "gcpace-results-"))).ReadAll()
		if err != nil || len(rows) != 121 || rows[1][0] != ids[0] || rows[1][1] != "holiday" || rows[1][2] != xmas ||
			rows[1][3] != "add" || rows[1][4] != "done" {
			t.Errorf("results export: %d rows, first %q (%v)", len(rows), rows[min(1, len(rows)-1)], err)
		}

		tb.app.HistoryUndo(v.Batch.ID)
		pv = tb.waitFor("undo preview", time.Minute, func(v View) bool { return v.Preview != nil && v.Preview.Purpose == batch.Undo }).Preview
		if pv.Kind != schedgroups.Name || pv.Jobs != 120 || !pv.CanApply() {
			t.Fatalf("undo preview %+v", pv)
		}
		tb.app.Apply(pv.ID)
		v = tb.waitFor("undo done", 30*time.Minute, func(v View) bool {
			return v.Batch != nil && v.Batch.Purpose == batch.Undo && v.Batch.Finished()
		})
		if v.Batch.Done != 120 {
			t.Fatalf("undo: %s", batchLine(v.Batch))
		}
		after = groupLists(b.sim)
		for id, was := range start {
			got := after[id]
			if !slices.Equal(got[0], was[0]) || !slices.Equal(got[1], was[1]) || !slices.Equal(got[2], was[2]) {
				t.Errorf("after undo group %s holds %v, want %v", id, got, was)
			}
		}
		tb.kill()
	})
}
