//go:build js && wasm

package ui

import (
	"fmt"
	"strings"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/internal/browser"
)

// previewFrame is what every kind's preview shows its plan in: the heading,
// one summary line, one alert for all the problems, the list (problems,
// notes, the legend, then the kind's rows) and apply and discard. The kind
// says what its plan is (previewPlan) and what apply and discard do; the
// frame draws each plan once, so a render that brings the same plan again
// costs nothing however many rows it has.
type previewFrame struct {
	root    elem
	summary elem
	alert   elem
	list    elem
	apply   *dom.HTMLButtonElement
	discard *dom.HTMLButtonElement
	id      string // the plan drawn: apply starts this one, or nothing
	// held says a yes to start the plan hid the list and has not acted
	// yet (confirmView.pending); set by wire.
	held func() bool
	// drops counts the lists given to dropRows; a list drawn since stops
	// the drop before it.
	drops int
}

// previewPlan is one kind's plan as the frame shows it.
type previewPlan struct {
	undo bool // an undo batch: apply says so
	jobs int  // the updates apply sends
	// changed is how many things change, each shown by row(i) as one
	// preview-row; one and many name them ("IVR", "IVRs") in the summary.
	changed   int
	row       func(i int) sp
	one, many string
	problems  []previewLine
	notes     []previewLine
}

func newPreviewFrame() *previewFrame {
	f := &previewFrame{held: func() bool { return false }}
	f.summary = el("p", attrs{"class", "summary", "data-testid", "preview-summary", "aria-live", "polite"})
	// One alert for the whole problem list: a screen reader hears that
	// something is wrong once, not once per rejected line.
	f.alert = el("p", attrs{"class", "problems-alert", "role", "alert", "id", problemsID, "data-testid", "preview-problems", "hidden", ""})
	f.list = el("div", attrs{"class", "preview-list", "tabindex", "0", "role", "region", "aria-label", "Changes in the preview"})
	var applyW, discardW elem
	f.apply, applyW = sparkButton("apply", "Apply", "primary")
	f.discard, discardW = sparkButton("preview-discard", "Discard", "secondary")
	f.root = el("div", attrs{"class", "preview", "hidden", ""},
		el("h2", nil, "Preview"), f.summary, f.alert, f.list,
		el("div", attrs{"class", "row"}, applyW, discardW))
	return f
}

// wire makes apply start the plan this frame drew (start(id)): if the app
// holds another by then (new input, discard), nothing starts. A big batch,
// or one that leaves an object empty, is asked about first, with its counts
// (app.ApplyQuestion); yes starts the plan shown at the click, and hides the
// list before the dialog closes (confirm.askOver).
func (f *previewFrame) wire(u *UI, start func(id string), discard func()) {
	f.held = func() bool { return u.confirm != nil && u.confirm.pending }
	u.on(f.apply, "click", func(dom.Event) {
		id := f.id
		if pv := u.c.View().Preview; pv != nil && pv.ID == id {
			if q := app.ApplyQuestion(pv); q != "" {
				u.confirm.askOver(f.list, "Start this batch?", q, "Start the batch", "Go back", func() { start(id) })
				return
			}
		}
		start(id)
	})
	u.on(f.discard, "click", func(dom.Event) { discard() })
}

// show shows the plan id ("" for none: the frame is emptied and hidden),
// asking the kind for it (plan) only when it is not the one drawn.
// applyOK says whether apply may start it now.
func (f *previewFrame) show(id string, applyOK bool, plan func() previewPlan) {
	setBool(f.root, "hidden", id == "")
	setBool(f.apply, "disabled", !applyOK)
	// The list was hidden by a yes to start it (confirm.askOver); it is
	// shown again for the next plan, or this one if it stayed, once the
	// yes has acted (a render may come between the two).
	if !f.held() {
		defer setBool(f.list, "hidden", false)
	}
	if id == "" {
		if f.id != "" {
			// Gone, not just hidden: no stale row may still read as the plan.
			f.id = ""
			f.dropRows()
			f.summary.SetTextContent("")
			setBool(f.alert, "hidden", true)
		}
		return
	}
	if id == f.id {
		return
	}
	f.id = id
	f.drops++ // whatever a drop left goes with replace below
	pl := plan()
	verb := "Apply"
	if pl.undo {
		verb = "Apply undo"
	}
	f.apply.SetTextContent(fmt.Sprintf("%s (%s)", verb, app.Count(pl.jobs, "update", "updates")))
	f.summary.SetTextContent(pl.summary())
	if n := len(pl.problems); n > 0 {
		f.alert.SetTextContent(fmt.Sprintf("Nothing can be sent until %s fixed. Nothing has been changed.",
			app.Count(n, "problem is", "problems are")))
	}
	setBool(f.alert, "hidden", len(pl.problems) == 0)
	replace(f.list, previewLines(pl.problems, pl.notes, pl.changed > 0))
	rows := make([]sp, pl.changed)
	for i := range rows {
		rows[i] = pl.row(i)
	}
	build(f.list, false, rows)
	val(f.list).Set("scrollTop", 0)
}

// summary is preview-summary's one line: counts of problems, changes,
// notes and warnings.
func (pl previewPlan) summary() string {
	var parts []string
	if n := len(pl.problems); n > 0 {
		parts = append(parts, app.Count(n, "problem", "problems"))
	}
	switch {
	case pl.changed > 0 && len(pl.problems) > 0:
		parts = append(parts, app.Count(pl.changed, pl.one+" would change", pl.many+" would change")+" once fixed")
	case pl.changed > 0:
		parts = append(parts, app.Count(pl.changed, pl.one+" changes", pl.many+" change")+" in "+app.Count(pl.jobs, "update", "updates"))
	case len(pl.problems) == 0:
		parts = append(parts, "Nothing to change")
	}
	warnings := 0
	for _, n := range pl.notes {
		if n.warn {
			warnings++
		}
	}
	if n := len(pl.notes) - warnings; n > 0 {
		parts = append(parts, app.Count(n, "note", "notes"))
	}
	if warnings > 0 {
		parts = append(parts, app.Count(warnings, "warning", "warnings"))
	}
	return strings.Join(parts, " · ") + "."
}

// dropRows takes the list's rows out of the page a slice at a time, each
// slice in a task of its own, while the frame is hidden. Taken out at once,
// a 5 000-row preview (some 50 000 nodes) was one task of 40-80 ms at a
// batch's start (issue 14).
func (f *previewFrame) dropRows() {
	f.drops++
	gen := f.drops
	list := val(f.list)
	go func() {
		start := time.Now()
		for gen == f.drops {
			n := list.Get("childNodes").Get("length").Int()
			if n == 0 {
				return
			}
			r := jsDoc.Call("createRange")
			r.Call("setStart", list, max(0, n-dropSlice))
			r.Call("setEnd", list, n)
			r.Call("deleteContents")
			if browser.TaskElapsed(start) >= rowSlice {
				browser.NextTask()
				start = time.Now()
			}
		}
	}()
}

// dropSlice is how many rows dropRows takes out in one go.
const dropSlice = 100
