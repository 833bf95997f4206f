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

func putsTo(s *sim.Server) map[string]int {
	n := map[string]int{}
	for _, e := range s.Log() {
		if e.Method == "PUT" && !e.External {
			n[e.Path]++
		}
	}
	return n
}

// TestApplyValidOnly: a CSV with a bad row is applied minus that row, as an
// explicit choice; nothing is sent for the bad row.
func TestApplyValidOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 21}, "implicit")
		tb := signIn(t, b)
		ivrs := tb.app.View().IVRs
		free := b.sim.FreeNumbers(2)
		tb.app.PlanCSVText("ivr,action,number\n" + ivrs[0].ID + ",add," + free[0] + "\nNo such IVR,add," + free[1] + "\n")
		pv := tb.waitFor("preview", time.Minute, func(v View) bool { return v.Preview != nil && !v.Input.Busy }).Preview
		if pv.CanApply() || pv.LeftOut() != 1 || pv.Jobs != 1 {
			t.Fatalf("preview: can apply %v, leaves out %d, %d jobs", pv.CanApply(), pv.LeftOut(), pv.Jobs)
		}
		tb.app.ExportProblems()
		rows, err := csv.NewReader(bytes.NewReader(onlyDownload(t, tb, "gcpace-problems-"))).ReadAll()
		if err != nil || len(rows) != 2 || rows[1][0] != "3" || rows[1][1] != "No such IVR,add,"+free[1] || !strings.Contains(rows[1][2], "no IVR has") {
			t.Errorf("problems export = %q (%v)", rows, err)
		}
		tb.app.ApplyValid(tb.app.View().Preview.ID)
		tb.waitFor("batch done", 10*time.Minute, func(v View) bool { return v.Batch.Finished() })
		if got := putsTo(b.sim); len(got) != 1 {
			t.Errorf("PUTs %v, want one, to %s", got, ivrs[0].ID)
		}
		r, _ := b.sim.IVR(ivrs[0].ID)
		if !slices.Contains(r.DNIS, free[0]) {
			t.Errorf("%s holds %v, want %s added", r.ID, r.DNIS, free[0])
		}
		tb.kill()
	})
}

func onlyDownload(t *testing.T, tb *tab, prefix string) []byte {
	t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for name, data := range tb.downloads {
		if strings.HasPrefix(name, prefix) {
			delete(tb.downloads, name)
			return data
		}
	}
	t.Fatalf("no download named %s…", prefix)
	return nil
}

// TestUploadRefusedBySize: a file over 2 MB is refused by its size, with a
// message naming the limit; it is never read.
func TestUploadRefusedBySize(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 22}, "implicit")
		tb := signIn(t, b)
		read := false
		tb.app.PlanCSVFile("big.csv", 50<<20, func() (string, error) { read = true; return "", nil })
		v := tb.waitFor("preview", time.Minute, func(v View) bool { return v.Preview != nil && !v.Input.Busy })
		if read || len(v.Preview.Problems) != 1 || !strings.Contains(v.Preview.Problems[0].Message, "the limit is 2 MB") || v.Input.File != "big.csv" {
			t.Errorf("read %v, preview %+v, input %+v", read, v.Preview, v.Input)
		}
		tb.kill()
	})
}

// TestMappingExportLoadsBackAsNoChange: export-mapping of the whole org,
// loaded back, previews nothing; one edited cell previews exactly that.
func TestMappingExportLoadsBackAsNoChange(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 23}, "implicit")
		tb := signIn(t, b)
		tb.app.ExportMapping(nil)
		data := string(onlyDownload(t, tb, "gcpace-numbers-"))
		tb.app.PlanCSVFile("numbers.csv", int64(len(data)), func() (string, error) { return data, nil })
		pv := tb.waitFor("preview", time.Minute, func(v View) bool { return v.Preview != nil && !v.Input.Busy }).Preview
		if pv.Jobs != 0 || len(pv.Problems) != 0 || len(pv.Notes) != len(tb.app.View().IVRs) {
			t.Fatalf("loaded back: %d jobs, problems %v, %d notes for %d IVRs", pv.Jobs, pv.Problems, len(pv.Notes), len(tb.app.View().IVRs))
		}
		tb.kill()
	})
}

// TestHistoryUndoOfAnOlderBatch: two batches, then undo of the first from
// the history after the second moved one of its numbers: the conflict is
// reported, the rest undone, the second batch's edits kept. The history
// survives a reload.
func TestHistoryUndoOfAnOlderBatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 24}, "implicit")
		tb := signIn(t, b)
		ivrs := tb.app.View().IVRs
		free := b.sim.FreeNumbers(3)
		run := func(csv string) {
			t.Helper()
			tb.app.PlanCSVText(csv)
			tb.waitFor("preview", time.Minute, func(v View) bool { return v.Preview != nil && !v.Input.Busy })
			if pv := tb.app.View().Preview; !pv.CanApply() {
				t.Fatalf("preview of %q: %+v", csv, pv)
			}
			tb.app.Apply(tb.app.View().Preview.ID)
			tb.waitFor("batch ran", time.Minute, func(v View) bool { return v.Batch != nil && !v.Batch.Finished() })
			tb.waitFor("batch done", 10*time.Minute, func(v View) bool { return v.Batch.Finished() })
		}
		a, c, d := ivrs[0], ivrs[1], ivrs[2]
		run("ivr,action,number\n" + a.ID + ",add," + free[0] + "\n" + a.ID + ",add," + free[1] + "\n")
		// The later batch moves free[1] from a to c and adds free[2] to d.
		run("ivr,action,number\n" + a.ID + ",remove," + free[1] + "\n" + c.ID + ",add," + free[1] + "\n" + d.ID + ",add," + free[2] + "\n")

		h := tb.waitFor("history", time.Minute, func(v View) bool { return v.History != nil && len(v.History.Entries) == 2 }).History
		first := h.Entries[1]
		if first.Who.User != b.sim.User().Name || first.Who.UserID == "" || first.Done != 1 {
			t.Errorf("history entry: %+v", first)
		}

		// A reload keeps the history.
		tb.kill()
		tb = b.open(pageURL, tb.session)
		tb.waitFor("history after reload", time.Minute, func(v View) bool { return v.History != nil && len(v.History.Entries) == 2 })

		tb.app.HistoryUndo(first.ID)
		pv := tb.waitFor("undo preview", time.Minute, func(v View) bool { return v.Preview != nil && v.Preview.Purpose == "undo" }).Preview
		if len(pv.Problems) != 1 || !strings.Contains(pv.Problems[0].Message, "which this batch added to") || pv.Jobs != 1 {
			t.Fatalf("undo preview: %d jobs, problems %v", pv.Jobs, pv.Problems)
		}
		tb.app.ApplyValid(tb.app.View().Preview.ID)
		tb.waitFor("undo ran", time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.Purpose == "undo" })
		tb.waitFor("undo done", 10*time.Minute, func(v View) bool { return v.Batch.Finished() })
		ra, _ := b.sim.IVR(a.ID)
		rc, _ := b.sim.IVR(c.ID)
		rd, _ := b.sim.IVR(d.ID)
		if slices.Contains(ra.DNIS, free[0]) || !slices.Contains(rc.DNIS, free[1]) || !slices.Contains(rd.DNIS, free[2]) {
			t.Errorf("after undo: %s %v, %s %v, %s %v", a.ID, ra.DNIS, c.ID, rc.DNIS, d.ID, rd.DNIS)
		}
		if h := tb.waitFor("undo in the history", time.Minute, func(v View) bool { return len(v.History.Entries) == 3 }).History; h.Entries[0].Purpose != "undo" {
			t.Errorf("newest history entry %+v, want the undo", h.Entries[0])
		}
		tb.app.HistoryExport(first.ID)
		rows, _ := csv.NewReader(bytes.NewReader(onlyDownload(t, tb, "gcpace-results-"+first.ID))).ReadAll()
		if len(rows) != 3 || rows[1][10] != b.sim.User().Name {
			t.Errorf("history export: %q", rows)
		}
		tb.kill()
	})
}

// TestRerunUnfinished: a failed row runs again from the finished batch.
func TestRerunUnfinished(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 25}, "implicit")
		tb := signIn(t, b)
		ivrs := tb.app.View().IVRs
		free := b.sim.FreeNumbers(1)
		tb.app.PlanCSV("ivr,action,number\n" + ivrs[0].ID + ",add," + free[0] + "\n" + ivrs[1].ID + ",add," + b.sim.UnpooledNumber() + "\n")
		tb.app.Apply(tb.app.View().Preview.ID)
		v := tb.waitFor("batch done", 10*time.Minute, func(v View) bool { return v.Batch.Finished() && v.Batch.Ended == 2 })
		if v.Batch.Failed != 1 {
			t.Fatalf("batch %s, want one failed", batchLine(v.Batch))
		}
		tb.app.RerunUnfinished()
		pv := tb.app.View().Preview
		if pv == nil || pv.Jobs != 1 || len(pv.Rows) != 1 || pv.Rows[0].IVRID != ivrs[1].ID {
			t.Errorf("rerun preview: %+v", pv)
		}
		tb.kill()
	})
}

// TestPreviewRevisionNeverRepeats: a preview loaded after a discard gets a
// new revision, or the page, which redraws on a new revision only, would
// keep showing the old one.
func TestPreviewRevisionNeverRepeats(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 26}, "implicit")
		tb := signIn(t, b)
		tb.app.PlanCSV("ivr,action,number\nnope,add,+13175550100\n")
		first := tb.app.View().Preview.ID
		tb.app.DiscardPreview()
		tb.app.PlanCSV("ivr,action,number\nnope,add,+13175550101\n")
		if again := tb.app.View().Preview.ID; again == first {
			t.Errorf("the new preview has the old one's id %s", again)
		}
		tb.kill()
	})
}

// Schedule groups get the IVRs' workflows that make sense for them: the
// problems of a CSV download with each line as typed, its valid rows apply
// alone, and a cancelled batch's unfinished updates run again, planned
// against the groups as they are now, through the same ExportProblems,
// ApplyValid and RerunUnfinished.
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

		// Apply-valid: the good row only.
		pv := tb.app.View().GroupPreview()
		if pv.CanApply() || pv.Jobs != 1 || tb.app.View().Preview.LeftOut() != 1 {
			t.Fatalf("CSV preview: can apply %v, %d jobs, leaves out %d", pv.CanApply(), pv.Jobs, tb.app.View().Preview.LeftOut())
		}
		tb.app.ApplyValid(pv.ID)
		v = tb.waitFor("the valid rows done", 10*time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.PlanID == pv.ID && v.Batch.Finished() })
		g0, _ := b.sim.ScheduleGroup(v.Groups.Groups[0].ID)
		g1, _ := b.sim.ScheduleGroup(v.Groups.Groups[1].ID)
		has := func(g sim.ScheduleGroup) bool {
			return slices.ContainsFunc(g.HolidaySchedules, func(r sim.Ref) bool { return r.ID == christmas })
		}
		if v.Batch.Done != 1 || putsTo(b.sim)["/api/v2/architect/schedulegroups/"+g0.ID] != 1 || !has(g0) || has(g1) {
			t.Errorf("apply-valid: %s, PUTs %v", batchLine(v.Batch), putsTo(b.sim))
		}

		// A batch over every group, cancelled after a few landed.
		ids := make([]string, len(v.Groups.Groups))
		for i, g := range v.Groups.Groups {
			ids[i] = g.ID
		}
		tb.app.PlanGroupSelection(ids, schedgroups.Holiday, christmas, schedgroups.Add)
		pv = tb.waitFor("the preview", time.Minute, func(v View) bool { return v.GroupPreview().CanApply() }).GroupPreview()
		tb.app.ApplyGroups(pv.ID)
		tb.waitFor("some done", 10*time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.Done >= 3 })
		tb.app.Cancel()
		v = tb.waitFor("cancelled", time.Minute, func(v View) bool { return v.Batch.Finished() })
		if v.Batch.Cancelled == 0 {
			t.Fatalf("batch %s: nothing cancelled", batchLine(v.Batch))
		}
		var without []string
		for _, g := range b.sim.ScheduleGroups() {
			if !has(g) {
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
			if !has(g) {
				t.Errorf("group %s still lacks the schedule", g.Name)
			}
		}
		tb.kill()
	})
}
