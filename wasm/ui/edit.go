//go:build js && wasm

package ui

import (
	"syscall/js"

	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/dnis"
)

// editView takes the change: numbers for the selection, or a CSV.
type editView struct {
	root    elem
	numbers *dom.HTMLTextAreaElement
	add     *dom.HTMLButtonElement
	remove  *dom.HTMLButtonElement
	csv     *dom.HTMLTextAreaElement
	file    *dom.HTMLInputElement
	load    *dom.HTMLButtonElement
}

func newEditView(u *UI) *editView {
	e := &editView{}
	e.numbers = textarea(attrs{"data-testid", "numbers-input", "id", "numbers", "rows", "3", "class", "input",
		"placeholder", "+13175550100, +1 (317) 555-0101"})
	e.add = button("op-add", "Add to selected IVRs", "class", "btn primary")
	e.remove = button("op-remove", "Remove from selected IVRs")
	e.csv = textarea(attrs{"data-testid", "csv-input", "id", "csv", "rows", "5", "class", "input mono",
		"placeholder", "ivr,action,number\nSales Main Line,add,+13175550100"})
	e.file = input(attrs{"type", "file", "data-testid", "csv-file", "accept", ".csv,text/csv",
		"aria-label", "Upload a CSV file"})
	e.load = button("csv-load", "Preview CSV")
	e.root = el("div", attrs{"class", "edit"},
		el("h2", nil, "Change numbers"),
		el("div", attrs{"class", "field"},
			el("label", attrs{"for", "numbers"}, "Numbers for the selected IVRs"),
			e.numbers,
			el("div", attrs{"class", "row"}, e.add, e.remove)),
		el("div", attrs{"class", "field"},
			el("label", attrs{"for", "csv"}, "Or a CSV with the columns ivr, action, number"),
			e.csv,
			el("div", attrs{"class", "row"}, e.load, e.file)))

	plan := func(a dnis.Action) {
		u.c.PlanSelection(u.ivrs.Selected(), e.numbers.Value(), a)
	}
	u.on(e.add, "click", func(dom.Event) { plan(dnis.Add) })
	u.on(e.remove, "click", func(dom.Event) { plan(dnis.Remove) })
	u.on(e.load, "click", func(dom.Event) { u.c.PlanCSV(e.csv.Value()) })
	u.on(e.file, "change", func(dom.Event) {
		files := e.file.Files()
		if len(files) == 0 {
			return
		}
		// File.text() is a promise: read it in a goroutine, never in the callback.
		f := files[0].Value
		go func() {
			text, err := await(f.Call("text"))
			if err != nil {
				u.c.PlanCSV("")
				return
			}
			e.csv.SetValue(text.String())
			u.c.PlanCSV(text.String())
		}()
	})
	return e
}

func (e *editView) render(v app.View, signedIn bool) {
	setBool(e.root, "hidden", !signedIn)
	busy := v.ReadOnly || (v.Batch != nil && !v.Batch.Finished()) || v.Phase != app.PhaseReady
	for _, b := range []*dom.HTMLButtonElement{e.add, e.remove, e.load} {
		b.SetDisabled(busy)
	}
}

// await blocks the calling goroutine (never a callback) until p settles.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	var ok, fail js.Func
	ok = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ok.Release()
		fail.Release()
		ch <- result{v: args[0]}
		return nil
	})
	fail = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ok.Release()
		fail.Release()
		ch <- result{err: js.Error{Value: args[0]}}
		return nil
	})
	p.Call("then", ok, fail)
	r := <-ch
	return r.v, r.err
}
