//go:build js && wasm

package ui

import (
	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/internal/browser"
)

// editView takes the change: numbers for the selection, or a CSV.
type editView struct {
	root     elem
	numbers  *dom.HTMLTextAreaElement
	add      *dom.HTMLButtonElement
	remove   *dom.HTMLButtonElement
	move     *dom.HTMLButtonElement
	replace  *dom.HTMLButtonElement
	csv      *dom.HTMLTextAreaElement
	file     *dom.HTMLInputElement
	fileName elem
	load     *dom.HTMLButtonElement
	mapping  *dom.HTMLButtonElement
	shown    app.Input
	source   node // the input the last preview was made from: marked invalid when it has problems
}

func newEditView(u *UI) *editView {
	e := &editView{}
	e.numbers = textarea(attrs{"data-testid", "numbers-input", "id", "numbers", "rows", "3", "class", "input",
		"placeholder", "+13175550100, +1 (317) 555-0101"})
	var addW, removeW, moveW, replaceW, loadW, mappingW elem
	e.add, addW = sparkButton("op-add", "Add to selected IVRs", "primary")
	e.remove, removeW = sparkButton("op-remove", "Remove from selected IVRs", "secondary")
	e.move, moveW = sparkButton("op-move", "Move to the selected IVR", "secondary", "title",
		"Removes each number from the IVR that holds it, then adds it to the one selected IVR")
	e.replace, replaceW = sparkButton("op-replace", "Replace the selected IVRs' numbers", "secondary", "title",
		"One IVR selected: it ends with exactly these numbers. Several: one number each, shown in the preview before anything is sent")
	e.csv = textarea(attrs{"data-testid", "csv-input", "id", "csv", "rows", "5", "class", "input mono",
		"placeholder", "ivr,action,number\nSales Main Line,add,+13175550100"})
	e.file = input(attrs{"type", "file", "data-testid", "csv-file", "accept", ".csv,text/csv",
		"aria-label", "Upload a CSV file (at most 2 MB)"})
	e.fileName = el("span", attrs{"class", "muted", "data-testid", "csv-file-name", "aria-live", "polite"})
	e.load, loadW = sparkButton("csv-load", "Preview CSV", "secondary")
	e.mapping, mappingW = sparkButton("export-mapping", "Export numbers (CSV)", "secondary", "title",
		"The selected IVRs' numbers (every IVR's when none is selected) as set rows: edit them and load the file back")
	e.root = el("div", attrs{"class", "edit"},
		el("h2", nil, "Change numbers"),
		el("div", attrs{"class", "field"},
			el("label", attrs{"for", "numbers"}, "Numbers for the selected IVRs"),
			e.numbers,
			el("div", attrs{"class", "row"}, addW, removeW, moveW, replaceW)),
		el("div", attrs{"class", "field"},
			el("label", attrs{"for", "csv"}, "Or a CSV with the columns ivr, action (add, remove or set), number"),
			e.csv,
			el("div", attrs{"class", "row"}, loadW, e.file, e.fileName, mappingW)))

	from := func(n node) func(dom.Event) { return func(dom.Event) { e.source = n } }
	for _, b := range []*dom.HTMLButtonElement{e.add, e.remove, e.move, e.replace} {
		u.on(b, "click", from(e.numbers))
	}
	u.on(e.load, "click", from(e.csv))
	u.on(e.file, "change", from(e.file))
	plan := func(a dnis.Action) {
		u.c.PlanSelection(u.ivrs.Selected(), e.numbers.Value(), a)
	}
	wf := u.wf()
	u.on(e.add, "click", func(dom.Event) { plan(dnis.Add) })
	u.on(e.remove, "click", func(dom.Event) { plan(dnis.Remove) })
	u.on(e.move, "click", func(dom.Event) { wf.PlanMove(u.ivrs.Selected(), e.numbers.Value()) })
	u.on(e.replace, "click", func(dom.Event) { wf.PlanReplace(u.ivrs.Selected(), e.numbers.Value()) })
	u.on(e.mapping, "click", func(dom.Event) { wf.ExportMapping(u.ivrs.Selected()) })
	u.on(e.load, "click", func(dom.Event) { wf.PlanCSVText(e.csv.Value()) })
	u.on(e.file, "change", func(dom.Event) {
		files := e.file.Files()
		if len(files) == 0 {
			return
		}
		f := browser.FileOf(files[0].Value)
		// Cleared so choosing the same file again loads it again; the name
		// is shown beside the input instead. The size is checked before
		// anything is read, and the reading and parsing run in goroutines.
		e.file.SetValue("")
		wf.PlanCSVFile(f.Name(), f.Size(), f.Text)
	})
	return e
}

func (e *editView) render(v app.View, signedIn bool) {
	setBool(e.root, "hidden", !signedIn)
	busy := v.ReadOnly || (v.Batch != nil && !v.Batch.Finished()) || v.Phase != app.PhaseReady || !v.MayEdit(app.KindIVRNumbers)
	for _, b := range []*dom.HTMLButtonElement{e.add, e.remove, e.move, e.replace} {
		setBool(b, "disabled", busy)
	}
	bad := v.IVRPreview() != nil && len(v.IVRPreview().Problems) > 0
	for _, in := range []node{e.numbers, e.csv, e.file} {
		markInvalid(in, bad && in == e.source)
	}
	loading := v.Input.Busy
	setBool(e.load, "disabled", busy || loading)
	setBool(e.file, "disabled", busy || loading)
	setBool(e.mapping, "disabled", v.Phase != app.PhaseReady)
	if v.Input != e.shown {
		e.shown = v.Input
		switch {
		case v.Input.Busy && v.Input.File != "":
			e.fileName.SetTextContent("Reading " + v.Input.File + "…")
		case v.Input.Busy:
			e.fileName.SetTextContent("Reading the CSV…")
		default:
			e.fileName.SetTextContent(v.Input.File)
		}
	}
}

// markInvalid marks an input as holding the problems the preview lists, and
// points it at their one summary (preview.go's alert), or unmarks it.
func markInvalid(in node, on bool) {
	if on {
		setAttr(in, "aria-invalid", "true")
		setAttr(in, "aria-describedby", problemsID)
		return
	}
	val(in).Call("removeAttribute", "aria-invalid")
	val(in).Call("removeAttribute", "aria-describedby")
}
