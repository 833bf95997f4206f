package app

import (
	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
)

// The admin workflows for schedule groups, through the IVR kind's entry
// points (RerunUnfinished, ExportProblems, ApplyValid) and the one plan slot. The
// mapping export stays the IVRs': the groups' CSV has no "set" action, so
// it could not say what a group should hold.

// rerunGroups prepares, as the preview, the entries of the schedule-groups
// batch rec that did not land, planned against the groups as the page
// knows them now (the batch's own reads included): what is in place since
// becomes a note.
func (a *App) rerunGroups(rec batch.Record) {
	if !a.View().MayEdit(KindScheduleGroups) {
		return
	}
	changes := schedgroups.RerunChanges(schedgroups.RecordResults(rec))
	gs, ss := a.groupData()
	p := schedgroups.PlanChanges(gs, ss, changes)
	if len(changes) == 0 {
		p.Notes = append(p.Notes, schedgroups.Note{Message: "Every update of the last batch landed: nothing to run again."})
	}
	a.wf.mu.Lock()
	a.wf.input = "" // the rows come from the batch, not from a CSV
	a.wf.mu.Unlock()
	a.showGroupPlan(batch.Apply, p)
}
