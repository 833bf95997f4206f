package app

import (
	"crypto/rand"
	"encoding/hex"
	"strings"

	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/journal"
)

// plannedBatch is one preview as a value. Its id is new for every plan
// (never a counter that restarts), and names it from the screen to the
// journal: Apply(id) starts this plan or nothing, so the page cannot show one
// change while apply sends another.
type plannedBatch struct {
	id   string
	kind string // journal.KindApply or journal.KindUndo
	plan dnis.Plan
	// needsSelection: the plan's only problem is that no IVR was selected;
	// it goes away once some are (SelectionChanged).
	needsSelection bool
}

// planSlot holds the plan on screen. Guarded by App.mu.
type planSlot struct {
	cur      *plannedBatch
	starting bool // Apply took a plan and its batch is not running yet
}

func newPlanID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "plan-" + hex.EncodeToString(b[:])
}

// PlanSelection previews numbers added to or removed from the selected IVRs.
func (a *App) PlanSelection(ivrIDs []string, numbers string, act dnis.Action) {
	v := a.View()
	var p dnis.Plan
	none := len(ivrIDs) == 0
	switch {
	case none:
		p.Problems = []dnis.Problem{{Message: "Select at least one IVR in the list first."}}
	case strings.TrimSpace(numbers) == "":
		p.Problems = []dnis.Problem{{Message: "Type at least one phone number, e.g. +13175550100."}}
	default:
		p = dnis.PlanSelection(v.IVRs, ivrIDs, numbers, act)
	}
	a.setPlan(&plannedBatch{kind: journal.KindApply, plan: p, needsSelection: none})
}

// PlanCSV previews a pasted or uploaded CSV.
func (a *App) PlanCSV(text string) {
	v := a.View()
	var p dnis.Plan
	if strings.TrimSpace(text) == "" {
		p.Problems = []dnis.Problem{{Message: "The CSV is empty. It needs a header row: ivr,action,number."}}
	} else {
		p = dnis.PlanCSV(v.IVRs, strings.NewReader(text))
	}
	a.setPlan(&plannedBatch{kind: journal.KindApply, plan: p})
}

// DiscardPreview drops the preview without sending anything.
func (a *App) DiscardPreview() { a.dropPlan(func(*plannedBatch) bool { return true }) }

// SelectionChanged tells the app how many IVRs are selected now: a preview
// that only said "select at least one IVR" has lost its cause and goes.
func (a *App) SelectionChanged(selected int) {
	if selected == 0 {
		return
	}
	a.dropPlan(func(p *plannedBatch) bool { return p.needsSelection })
}

// dropPlan removes the plan on screen if drop says so, in the same step as
// the view, so that nothing can apply a plan the page no longer shows.
func (a *App) dropPlan(drop func(*plannedBatch) bool) {
	a.update(func(v *View) {
		if a.plan.cur != nil && drop(a.plan.cur) {
			a.plan.cur, v.Preview = nil, nil
		}
	})
}

// setPlan puts pb on screen under a new id, replacing whatever was there in
// one step: from then on only pb's id can start anything.
func (a *App) setPlan(pb *plannedBatch) {
	pb.id = newPlanID()
	p := pb.plan
	a.update(func(v *View) {
		a.plan.cur = pb
		v.Preview = &Preview{ID: pb.id, Kind: pb.kind, Rows: p.Preview, Problems: p.Problems, Notes: p.Notes, Jobs: len(p.Jobs)}
		v.Notice = ""
	})
}

// takePlan hands Apply the plan on screen if its id is id, usable says it
// may start, and nothing else runs or starts; the preview leaves the screen
// as it is taken.
func (a *App) takePlan(id string, usable func(dnis.Plan) bool) (*plannedBatch, bool) {
	var pb *plannedBatch
	a.update(func(v *View) {
		cur := a.plan.cur
		if cur == nil || cur.id != id || !usable(cur.plan) || a.run != nil || a.plan.starting || v.ReadOnly {
			return
		}
		pb, a.plan.cur, a.plan.starting = cur, nil, true
		v.Preview, v.Notice = nil, ""
	})
	return pb, pb != nil
}

// givePlanBack puts a plan whose batch could not start back on screen,
// unless the person made another meanwhile.
func (a *App) givePlanBack(pb *plannedBatch, why string) {
	a.update(func(v *View) {
		a.plan.starting = false
		if a.plan.cur == nil {
			a.plan.cur = pb
			p := pb.plan
			v.Preview = &Preview{ID: pb.id, Kind: pb.kind, Rows: p.Preview, Problems: p.Problems, Notes: p.Notes, Jobs: len(p.Jobs)}
		}
		v.Notice, v.NoticeBad = why, true
	})
}

// Undo previews the batch that restores what the last batch changed.
func (a *App) Undo() {
	last, ok := a.lastBatch()
	if !ok {
		return
	}
	changes := last.UndoChanges()
	v := a.View()
	p := dnis.PlanChanges(v.IVRs, changes)
	if len(changes) == 0 {
		p.Notes = append(p.Notes, dnis.Note{Message: "The last batch changed nothing that could be undone."})
	}
	a.setPlan(&plannedBatch{kind: journal.KindUndo, plan: p})
}
