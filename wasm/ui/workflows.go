//go:build js && wasm

package ui

import (
	"fmt"

	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
)

// workflowController is what the admin workflows ask of the app, apart from
// Controller so that views of other kinds need not carry them.
type workflowController interface {
	PlanCSVText(text string)
	PlanCSVFile(name string, size int64, read func() (string, error))
	PlanMove(ivrIDs []string, numbers string)
	PlanReplace(ivrIDs []string, numbers string)
	ExportMapping(ivrIDs []string)
	ApplyValid(planID string)
	ExportProblems()
	RerunUnfinished()
	HistoryUndo(batchID string)
	HistoryExport(batchID string)
}

func (u *UI) wf() workflowController { return u.c.(workflowController) }

// choicesView holds what the person may do with a preview that has problems
// (apply the rest, download the problems) and with a finished batch whose
// updates did not all land (run those again).
type choicesView struct {
	root     elem
	valid    *dom.HTMLButtonElement
	problems *dom.HTMLButtonElement
	rerun    *dom.HTMLButtonElement
	planID   string // the preview on screen: apply-valid starts that plan or nothing
}

func newChoicesView(u *UI) *choicesView {
	c := &choicesView{}
	var validW, problemsW, rerunW elem
	c.valid, validW = sparkButton("apply-valid", "Apply the valid rows only", "secondary")
	c.problems, problemsW = sparkButton("problems-export", "Download the problems (CSV)", "secondary")
	c.rerun, rerunW = sparkButton("rerun-failed", "Run the failed and cancelled updates again", "secondary")
	wf := u.wf()
	// Like apply: a big batch is asked about first, with its counts and
	// the rows it leaves out; yes starts the plan shown at the click.
	u.on(c.valid, "click", func(dom.Event) {
		id := c.planID
		if pv := u.c.View().Preview; pv != nil && pv.ID == id {
			if q := app.ApplyQuestion(pv); q != "" {
				q += " " + app.Count(pv.LeftOut(), "row with a problem is", "rows with problems are") + " left out."
				u.confirm.ask("Start this batch without the rows that have problems?", q, "Start the batch", "Go back", func() { wf.ApplyValid(id) })
				return
			}
		}
		wf.ApplyValid(id)
	})
	u.on(c.problems, "click", func(dom.Event) { wf.ExportProblems() })
	u.on(c.rerun, "click", func(dom.Event) { wf.RerunUnfinished() })
	c.root = el("div", attrs{"class", "row choices"}, validW, problemsW, rerunW)
	return c
}

func (c *choicesView) render(v app.View) {
	// Apply-valid and the problems export serve every kind, beside the
	// kind's own preview.
	pv := v.Preview
	if pv != nil && pv.Kind != string(shownKind(v)) {
		pv = nil
	}
	running := v.Batch != nil && !v.Batch.Finished()
	partial := pv != nil && len(pv.Problems) > 0 && pv.Jobs > 0
	c.planID = ""
	if pv != nil {
		c.planID = pv.ID
	}
	setBool(c.valid, "hidden", !partial)
	if partial {
		n := pv.LeftOut()
		c.valid.SetTextContent(fmt.Sprintf("Apply the valid rows only (%s, leaving out %s with problems)",
			plural(pv.Jobs, "update", "updates"), plural(n, "row", "rows")))
	}
	setBool(c.valid, "disabled", !partial || running || v.ReadOnly || !v.MayEdit(shownKind(v)))
	problems := pv != nil && len(pv.Problems) > 0
	setBool(c.problems, "hidden", !problems)
	// Re-run is offered beside the kind the batch edited, to a person who
	// may edit that kind: its preview shows there.
	b := v.Batch
	rerun := b.Finished() && b.Failed+b.Cancelled > 0 && !v.ReadOnly && shownKindRan(v)
	setBool(c.rerun, "hidden", !rerun)
	setBool(c.root, "hidden", !partial && !problems && !rerun)
}

// shownKind is the kind whose views are in the page. A KindID is its
// kind's name, as batches and previews carry it.
func shownKind(v app.View) app.KindID {
	if v.Kind == "" {
		return app.KindIVRNumbers
	}
	return v.Kind
}

// shownKindRan reports whether the latest batch is of the kind shown, and
// the person may edit that kind.
func shownKindRan(v app.View) bool {
	return v.Batch != nil && v.Batch.Kind == string(shownKind(v)) && v.MayEdit(shownKind(v))
}

// plural is "1 row", "3 rows".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
