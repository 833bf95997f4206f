package app

import (
	"context"
	"encoding/json"

	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
)

// Plans and undo of the kinds other than IVR numbers, through the same plan
// slot, Apply and engine as IVR plans.

// undoKind prepares, as the preview, the undo of rec, a batch of a kind
// other than IVR numbers; nothing is the note when it changed nothing.
func (a *App) undoKind(rec batch.Record, nothing string) {
	switch rec.Kind {
	case schedgroups.Name:
		go a.undoGroups(rec, nothing)
	default:
		a.notice("This page cannot undo batches of that kind.", true)
	}
}

// undoGroups plans the undo of a schedule-groups batch against the groups
// as they are now: what changed since is a note and is left as it is.
func (a *App) undoGroups(rec batch.Record, nothing string) {
	a.notice("Reading the schedule groups again to check what changed since that batch…", false)
	listed, schedules, err := a.listGroups(a.ctx)
	if err != nil {
		a.notice("The schedule groups could not be read again, so the undo was not prepared: "+words(err), true)
		return
	}
	var done []schedgroups.Done
	for _, j := range batch.Landed(rec) {
		in, err := schedgroups.DecodeIntent(j.Intent)
		b, berr := schedgroups.DecodeBefore(rec.Before[j.Key])
		if err != nil || berr != nil {
			continue
		}
		in.GroupID = j.Key
		done = append(done, schedgroups.Done{Intent: in, Before: b.Lists()})
	}
	p := schedgroups.PlanUndo(groupsFrom(listed), schedgroups.SchedulesFromGenesys(schedules), done)
	if len(p.Jobs) == 0 {
		p.Notes = append(p.Notes, schedgroups.Note{Message: nothing})
	}
	a.setKindPlan(a.groupsPlan(batch.Undo, p, listed))
}

// listGroups reads every schedule group and schedule of the org.
func (a *App) listGroups(ctx context.Context) ([]genesys.ScheduleGroup, []genesys.Schedule, error) {
	listed, err := a.client.AllScheduleGroups(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	schedules, err := a.client.AllSchedules(ctx)
	return listed, schedules, err
}

// groupsPlan is a schedule-groups plan for setKindPlan: its jobs carry
// their intents, and listed (the groups as read for the plan) gives each
// group's before-state and name.
func (a *App) groupsPlan(purpose batch.Purpose, p schedgroups.Plan, listed []genesys.ScheduleGroup) KindPlan {
	byID := make(map[string]genesys.ScheduleGroup, len(listed))
	names := make(map[string]string, len(listed))
	for _, g := range listed {
		byID[g.ID], names[g.ID] = g, g.Name
	}
	kp := KindPlan{Kind: a.groupKind, Purpose: purpose, Jobs: schedgroups.Jobs(p, names),
		Before: map[string]json.RawMessage{}, Detail: &groupDetail{Rows: p.Preview, Problems: p.Problems, Notes: p.Notes}}
	for _, in := range p.Jobs {
		if g, ok := byID[in.GroupID]; ok {
			kp.Before[g.ID] = schedgroups.EncodeBefore(g)
		}
	}
	for _, pr := range p.Problems {
		kp.Problems = append(kp.Problems, dnis.Problem{Line: pr.Line, Message: pr.Message})
	}
	for _, n := range p.Notes {
		kp.Notes = append(kp.Notes, dnis.Note{Line: n.Line, IVRID: n.GroupID, Message: n.Message})
	}
	return kp
}
