package app

import (
	"strings"

	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/dnis"
)

// PlanMove previews "move these numbers to the selected IVR": removed from
// the IVRs that hold them (those removals land first), added to it.
func (a *App) PlanMove(ivrIDs []string, numbers string) {
	a.planForm(ivrIDs, numbers, dnis.PlanMove)
}

// PlanReplace previews "replace the selected IVRs' numbers with these";
// with several IVRs each gets one number, and the preview shows which.
func (a *App) PlanReplace(ivrIDs []string, numbers string) {
	a.planForm(ivrIDs, numbers, dnis.PlanReplace)
}

func (a *App) planForm(ivrIDs []string, numbers string, plan func([]dnis.IVR, []string, string) dnis.Plan) {
	var p dnis.Plan
	switch {
	case len(ivrIDs) == 0:
		p.Problems = []dnis.Problem{{Message: "Select at least one IVR in the list first."}}
	case strings.TrimSpace(numbers) == "":
		p.Problems = []dnis.Problem{{Message: "Type at least one phone number, e.g. +13175550100."}}
	default:
		p = plan(a.View().IVRs, ivrIDs, numbers)
	}
	a.setIVRPlan(batch.Apply, p)
}
