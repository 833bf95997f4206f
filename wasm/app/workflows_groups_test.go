package app

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
)

// Schedule groups get the IVRs' workflows that make sense for them: the
// problems of a CSV download with each line as typed, and a cancelled
// batch's unfinished updates run again, planned against the groups as
// they are now, through the same RerunUnfinished and ExportProblems.
func TestScheduleGroupsWorkflows(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 27}, "implicit")
		tb := signInAs(t, b, sim.UserAdmin)
		tb.app.ShowKind(KindScheduleGroups)
		v := tb.waitFor("the groups", time.Minute, func(v View) bool { return len(v.Groups.Groups) > 0 })
		var christmas string
		for _, s := range v.Groups.Schedules {
			if s.Name == sim.ScheduleChristmas2026 {
				christmas = s.ID
			}
		}

		// The problems export: line, the row as typed, the reason.
		bad := v.Groups.Groups[1].Name + ",holiday,Christmas Day 2062,add"
		tb.app.PlanGroupCSV("group,list,schedule,action\n" + v.Groups.Groups[0].Name + ",holiday," + sim.ScheduleChristmas2026 + ",add\n" + bad + "\n")
		tb.waitFor("the CSV preview", time.Minute, func(v View) bool { return v.GroupPreview() != nil && !v.Groups.Busy })
		tb.app.ExportProblems()
		rows, err := csv.NewReader(bytes.NewReader(onlyDownload(t, tb, "gcpace-problems-"))).ReadAll()
		if err != nil || len(rows) != 2 || rows[1][0] != "3" || rows[1][1] != bad || !strings.Contains(rows[1][2], "Christmas Day 2062") {
			t.Errorf("problems export = %q (%v)", rows, err)
		}

		// A batch over every group, cancelled after a few landed.
		ids := make([]string, len(v.Groups.Groups))
		for i, g := range v.Groups.Groups {
			ids[i] = g.ID
		}
		tb.app.PlanGroupSelection(ids, schedgroups.Holiday, christmas, schedgroups.Add)
		pv := tb.waitFor("the preview", time.Minute, func(v View) bool { return v.GroupPreview().CanApply() }).GroupPreview()
		tb.app.ApplyGroups(pv.ID)
		tb.waitFor("some done", 10*time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.Done >= 3 })
		tb.app.Cancel()
		v = tb.waitFor("cancelled", time.Minute, func(v View) bool { return v.Batch.Finished() })
		if v.Batch.Cancelled == 0 {
			t.Fatalf("batch %s: nothing cancelled", batchLine(v.Batch))
		}
		var without []string
		for _, g := range b.sim.ScheduleGroups() {
			if !slices.ContainsFunc(g.HolidaySchedules, func(r sim.Ref) bool { return r.ID == christmas }) {
				without = append(without, g.ID)
			}
		}

		tb.app.RerunUnfinished()
		pv = tb.waitFor("the rerun preview", time.Minute, func(v View) bool { return v.GroupPreview() != nil && v.GroupPreview().ID != pv.ID }).GroupPreview()
		if !pv.CanApply() || pv.Jobs != len(without) || len(pv.Rows) != len(without) {
			t.Fatalf("rerun preview: %d jobs, %d rows, problems %+v; %d groups lack the schedule", pv.Jobs, len(pv.Rows), pv.Problems, len(without))
		}
		for _, r := range pv.Rows {
			if !slices.Contains(without, r.GroupID) {
				t.Errorf("the rerun changes %s, which already holds the schedule", r.GroupID)
			}
		}
		tb.app.ApplyGroups(pv.ID)
		tb.waitFor("the rerun ran", time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.PlanID == pv.ID })
		v = tb.waitFor("the rerun done", 30*time.Minute, func(v View) bool { return v.Batch.Finished() })
		if v.Batch.Done != len(without) {
			t.Errorf("rerun batch %s, want %d done", batchLine(v.Batch), len(without))
		}
		for _, g := range b.sim.ScheduleGroups() {
			if !slices.ContainsFunc(g.HolidaySchedules, func(r sim.Ref) bool { return r.ID == christmas }) {
				t.Errorf("group %s still lacks the schedule", g.Name)
			}
		}
		tb.kill()
	})
}
