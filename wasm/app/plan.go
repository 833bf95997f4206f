package app

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/kinds/ivrnumbers"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// plannedBatch is one preview as a value. Its id is new for every plan
// (never a counter that restarts), and names it from the screen to the
// journal: Apply(id) starts this plan or nothing, so the page cannot show one
// change while apply sends another.
//
// It is kind-neutral: the kind, the purpose, the jobs (each carrying its
// intent) and the before-states are what the engine records and runs; the
// preview is what the page shows of them.
type plannedBatch struct {
	id      string
	kind    batch.Kind
	purpose batch.Purpose
	jobs    []pacer.Job
	// before reads every job key's before-state, in the kind's JSON, when
	// the batch starts (so it is as fresh as the page's copy of the org).
	before  func() map[string]json.RawMessage
	preview Preview // without its ID
	// needsSelection: the plan's only problem is that no IVR was selected;
	// it goes away once some are (SelectionChanged).
	needsSelection bool
}

// ready reports whether the plan may start: no problem, some job.
func (pb *plannedBatch) ready() bool { return len(pb.preview.Problems) == 0 && len(pb.jobs) > 0 }

// ivrPlan is an IVR plan for the slot.
func (a *App) ivrPlan(purpose batch.Purpose, p dnis.Plan) *plannedBatch {
	names := map[string]string{}
	a.mu.Lock()
	for _, j := range p.Jobs {
		names[j.Intent.IVRID] = a.ivrs[j.Intent.IVRID].Name
	}
	a.mu.Unlock()
	return &plannedBatch{kind: a.ivrKind, purpose: purpose, jobs: ivrnumbers.Jobs(p, names),
		before: func() map[string]json.RawMessage {
			// Copied under the lock, encoded outside it with pauses: 5 000
			// JSON encodings held the page for one 40-70 ms task at a big
			// batch's start (issue 14). The page's records are replaced
			// whole, never changed in place, so the copies stay as read.
			a.mu.Lock()
			ivrs := make([]genesys.IVR, 0, len(p.Jobs))
			for _, j := range p.Jobs {
				// An IVR gone from the org has no before-state: the journal
				// then refuses the batch, and nothing is sent.
				if r, ok := a.ivrs[j.Intent.IVRID]; ok {
					ivrs = append(ivrs, genesys.IVR{ID: j.Intent.IVRID, Name: r.Name, Version: r.Version, DNIS: r.DNIS})
				}
			}
			a.mu.Unlock()
			pause := pageYield() // nil outside the browser
			before := make(map[string]json.RawMessage, len(ivrs))
			for _, r := range ivrs {
				before[r.ID] = ivrnumbers.EncodeBefore(r)
				if pause != nil {
					pause()
				}
			}
			return before
		},
		preview: Preview{Kind: ivrnumbers.Name, Purpose: purpose, Rows: p.Preview, Problems: p.Problems, Notes: p.Notes, Jobs: len(p.Jobs)}}
}

// setIVRPlan puts an IVR plan on screen.
func (a *App) setIVRPlan(purpose batch.Purpose, p dnis.Plan) { a.setPlan(a.ivrPlan(purpose, p)) }

// KindPlan is a planned batch of any kind, for setKindPlan.
type KindPlan struct {
	Kind    batch.Kind
	Purpose batch.Purpose
	Jobs    []pacer.Job                // each with its intent, in the kind's type
	Before  map[string]json.RawMessage // every job key's before-state, in the kind's JSON
	// What the preview shows: the kind's rows (Detail), problems (any of
	// them disables apply) and notes.
	Detail   any
	Problems []dnis.Problem
	Notes    []dnis.Note
}

// setKindPlan puts a plan of any kind on screen, under a new id that Apply
// takes, exactly as an IVR plan. It returns that id.
func (a *App) setKindPlan(p KindPlan) string {
	before := p.Before
	pb := &plannedBatch{kind: p.Kind, purpose: p.Purpose, jobs: p.Jobs,
		before:  func() map[string]json.RawMessage { return before },
		preview: Preview{Kind: p.Kind.Name(), Purpose: p.Purpose, Detail: p.Detail, Problems: p.Problems, Notes: p.Notes, Jobs: len(p.Jobs)}}
	a.setPlan(pb)
	return pb.id
}

// planSlot holds the plan on screen. Guarded by App.mu.
type planSlot struct {
	cur *plannedBatch
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
	pb := a.ivrPlan(batch.Apply, p)
	pb.needsSelection = none
	a.setPlan(pb)
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
	a.setIVRPlan(batch.Apply, p)
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
	pb.preview.ID = pb.id
	a.update(func(v *View) {
		a.plan.cur = pb
		pv := pb.preview
		v.Preview = &pv
		v.Notice = ""
	})
}

// takePlan hands Apply the plan on screen if its id is id, usable says it
// may start, and nothing else runs or starts; the preview leaves the screen
// as it is taken.
func (a *App) takePlan(id string, usable func(*plannedBatch) bool) (*plannedBatch, bool) {
	var pb *plannedBatch
	a.update(func(v *View) {
		cur := a.plan.cur
		// Reserve comes last: it holds the engine for this plan alone.
		// A kind the person may only view never starts, whatever the page
		// let them click.
		if cur == nil || cur.id != id || !usable(cur) || v.ReadOnly || !v.MayEdit(KindID(cur.kind.Name())) || !a.eng.Reserve() {
			return
		}
		pb, a.plan.cur = cur, nil
		v.Preview, v.Notice = nil, ""
	})
	return pb, pb != nil
}

// givePlanBack puts a plan whose batch could not start back on screen,
// unless the person made another meanwhile.
func (a *App) givePlanBack(pb *plannedBatch, why string) {
	a.update(func(v *View) {
		if a.plan.cur == nil {
			a.plan.cur = pb
			pv := pb.preview
			v.Preview = &pv
		}
		v.Notice, v.NoticeBad = why, true
	})
}

// Undo previews the batch that restores what the last batch changed.
func (a *App) Undo() {
	last, ok := a.eng.Last()
	if !ok {
		return
	}
	if last.Kind != ivrnumbers.Name {
		a.undoKind(last, "The last batch changed nothing that could be undone.")
		return
	}
	changes := ivrnumbers.UndoChanges(last)
	v := a.View()
	p := dnis.PlanChanges(v.IVRs, changes)
	if len(changes) == 0 {
		p.Notes = append(p.Notes, dnis.Note{Message: "The last batch changed nothing that could be undone."})
	}
	a.setIVRPlan(batch.Undo, p)
}
