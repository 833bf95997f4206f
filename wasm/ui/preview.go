//go:build js && wasm

package ui

import (
	"fmt"
	"strings"

	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/dnis"
)

// listedProblems is how many problems (and notes) are listed one by one;
// the rest are counted. Ten thousand rows of errors help nobody, and would
// take the page's main thread for seconds.
const listedProblems = 100

// problemsID is the id of the one summary of the preview's problems, which
// the input they came from names in aria-describedby.
const problemsID = "preview-problems"

// previewView shows exactly what a batch will change before anything is sent.
type previewView struct {
	root    elem
	summary elem
	alert   elem
	list    elem
	apply   *dom.HTMLButtonElement
	discard *dom.HTMLButtonElement
	id      string // the plan drawn: apply starts this one, or nothing
}

func newPreviewView(u *UI) *previewView {
	p := &previewView{}
	p.summary = el("p", attrs{"class", "summary", "data-testid", "preview-summary", "aria-live", "polite"})
	// One alert for the whole problem list: a screen reader hears that
	// something is wrong once, not once per rejected line.
	p.alert = el("p", attrs{"class", "problems-alert", "role", "alert", "id", problemsID, "data-testid", "preview-problems", "hidden", ""})
	p.list = el("div", attrs{"class", "preview-list", "tabindex", "0", "role", "region", "aria-label", "Changes in the preview"})
	var applyW, discardW elem
	p.apply, applyW = sparkButton("apply", "Apply", "primary")
	p.discard, discardW = sparkButton("preview-discard", "Discard", "secondary")
	// Apply names the plan this view drew; if the app holds another by
	// then (new input, discard), nothing starts.
	// A big batch, or one that leaves an IVR with no numbers, is asked
	// about first, with its counts; yes applies the plan shown at the click.
	u.on(p.apply, "click", func(dom.Event) {
		id := p.id
		if pv := u.c.View().Preview; pv != nil && pv.ID == id {
			if q := app.ApplyQuestion(pv); q != "" {
				u.confirm.askOver(p.list, "Start this batch?", q, "Start the batch", "Go back", func() { u.c.Apply(id) })
				return
			}
		}
		u.c.Apply(id)
	})
	u.on(p.discard, "click", func(dom.Event) { u.c.DiscardPreview() })
	p.root = el("div", attrs{"class", "preview", "hidden", ""},
		el("h2", nil, "Preview"), p.summary, p.alert, p.list,
		el("div", attrs{"class", "row"}, applyW, discardW))
	return p
}

func (p *previewView) render(v app.View) {
	pv := v.IVRPreview()
	setBool(p.root, "hidden", pv == nil)
	running := v.Batch != nil && !v.Batch.Finished()
	p.apply.SetDisabled(!pv.CanApply() || running || v.ReadOnly || !v.MayEdit(app.KindIVRNumbers))
	// The list was hidden by a yes to start it (confirm.askOver); it is
	// shown again for the next plan, or this one if it stayed.
	defer setBool(p.list, "hidden", false)
	if pv == nil {
		if p.id != "" {
			// Gone, not just hidden: no stale row may still read as the plan.
			p.id = ""
			clear(p.list)
			p.summary.SetTextContent("")
			setBool(p.alert, "hidden", true)
		}
		return
	}
	if pv.ID == p.id {
		return
	}
	p.id = pv.ID
	verb := "Apply"
	if pv.Purpose == "undo" {
		verb = "Apply undo"
	}
	p.apply.SetTextContent(fmt.Sprintf("%s (%s)", verb, app.Count(pv.Jobs, "update", "updates")))
	p.summary.SetTextContent(previewSummary(pv))
	if n := len(pv.Problems); n > 0 {
		p.alert.SetTextContent(fmt.Sprintf("Nothing can be sent until %s fixed. Nothing has been changed.",
			app.Count(n, "problem is", "problems are")))
	}
	setBool(p.alert, "hidden", len(pv.Problems) == 0)
	nodes := previewLines(
		linesOf(pv.Problems, func(p dnis.Problem) previewLine { return previewLine{line: p.Line, msg: p.Message} }),
		linesOf(pv.Notes, func(n dnis.Note) previewLine { return previewLine{line: n.Line, msg: n.Message} }),
		len(pv.Rows) > 0)
	for _, r := range pv.Rows {
		nodes = append(nodes, previewRow(r.IVRID, r.Name, r.Before, r.After))
	}
	replace(p.list, nodes)
	val(p.list).Set("scrollTop", 0)
}

// previewSummary is preview-summary's one line: counts of changes, notes
// and problems.
func previewSummary(pv *app.Preview) string {
	var parts []string
	if n := len(pv.Problems); n > 0 {
		parts = append(parts, app.Count(n, "problem", "problems"))
	}
	switch {
	case len(pv.Rows) > 0 && len(pv.Problems) > 0:
		parts = append(parts, app.Count(len(pv.Rows), "IVR would change", "IVRs would change")+" once fixed")
	case len(pv.Rows) > 0:
		parts = append(parts, app.Count(len(pv.Rows), "IVR changes", "IVRs change")+" in "+app.Count(pv.Jobs, "update", "updates"))
	case len(pv.Problems) == 0:
		parts = append(parts, "Nothing to change")
	}
	if n := len(pv.Notes); n > 0 {
		parts = append(parts, app.Count(n, "note", "notes"))
	}
	return strings.Join(parts, " · ") + "."
}

func lineWords(line int, msg string) string {
	if line > 0 {
		return fmt.Sprintf("Line %d: %s", line, msg)
	}
	return msg
}

// previewRow shows one IVR's numbers as one list: kept numbers plain, added
// ones marked, removed ones struck; so the one added number stands out and
// numbers that stay do not look removed.
func previewRow(id, name string, before, after []string) elem {
	nums := diffChips(before, after)
	counts := fmt.Sprintf("%s → %s", app.Count(len(before), "number", "numbers"), app.Count(len(after), "number", "numbers"))
	row := el("div", attrs{"data-testid", "preview-row", "data-ivr-id", id, "data-id", id, "class", "change"},
		el("div", attrs{"class", "head"}, el("span", attrs{"class", "name"}, name),
			el("span", attrs{"class", "small muted counts"}, counts)),
		el("div", attrs{"class", "diff"}, nums))
	if len(after) == 0 {
		appendAll(row, el("div", attrs{"class", "warn", "data-testid", "preview-warning"},
			icon("fa/triangle-exclamation-regular"),
			"This IVR will be left with no numbers: calls to it stop routing."))
	}
	return row
}
