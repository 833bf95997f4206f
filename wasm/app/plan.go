package app

import (
	"strings"

	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/journal"
)

// PlanSelection previews numbers added to or removed from the selected IVRs.
func (a *App) PlanSelection(ivrIDs []string, numbers string, act dnis.Action) {
	v := a.View()
	var p dnis.Plan
	switch {
	case len(ivrIDs) == 0:
		p.Problems = []dnis.Problem{{Message: "Select at least one IVR in the list first."}}
	case strings.TrimSpace(numbers) == "":
		p.Problems = []dnis.Problem{{Message: "Type at least one phone number, e.g. +13175550100."}}
	default:
		p = dnis.PlanSelection(v.IVRs, ivrIDs, numbers, act)
	}
	a.setPlan(p, journal.KindApply)
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
	a.setPlan(p, journal.KindApply)
}

// DiscardPreview drops the preview without sending anything.
func (a *App) DiscardPreview() {
	a.mu.Lock()
	a.plan = nil
	a.mu.Unlock()
	a.update(func(v *View) { v.Preview = nil })
}

func (a *App) setPlan(p dnis.Plan, kind string) {
	a.mu.Lock()
	a.plan, a.planKind = &p, kind
	a.mu.Unlock()
	// Never reused, even after a discard: the page redraws a preview only
	// when its revision changes.
	rev := int(a.wf.previewRev.Add(1))
	a.update(func(v *View) {
		v.Preview = &Preview{Rev: rev, Kind: kind, Rows: p.Preview, Problems: p.Problems, Notes: p.Notes, Jobs: len(p.Jobs)}
		v.Notice = ""
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
	a.setPlan(p, journal.KindUndo)
}
