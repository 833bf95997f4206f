//go:build js && wasm

package ui

import (
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/internal/browser"
)

// Controller is what the page asks of the app. Every method returns at once;
// work that waits (fetches, the queue) runs in the app's own goroutines,
// because a DOM event callback that blocks deadlocks a Go wasm program.
type Controller interface {
	View() app.View
	SignIn()
	SignOut()
	PlanSelection(ivrIDs []string, numbers string, a dnis.Action)
	PlanCSV(text string)
	DiscardPreview()
	SelectionChanged(selected int)
	Apply(planID string)
	Pause()
	Resume()
	RetryNow()
	Cancel()
	Undo()
	ExportResults()
}

// UI owns the page's DOM below #app.
type UI struct {
	c     Controller
	root  elem
	funcs []js.Func
	dirty chan struct{}

	header  *headerView
	notice  elem
	said    string // the notice shown, so a live region is only rewritten (and re-announced) when it changes
	saidBad bool
	ivrs    *ivrView
	edit    *editView
	preview *previewView
	batch   *batchView
	resume  *resumeView

	choices *choicesView // apply valid rows only, problems export, re-run (workflows.go)
	history *historyView
	confirm *confirmView // the modal question (confirm.go)
	main    elem

	kinds     *kindsView  // the kind switch (kinds.go)
	groups    *groupsView // the schedule groups kind (groups.go)
	listPanel elem        // holds the shown kind's list
	workPanel elem        // holds the shown kind's input and preview, then the batch
}

// New builds the page inside root and returns it; call Run to keep it current.
func New(c Controller, root elem) *UI {
	u := &UI{c: c, root: root, dirty: make(chan struct{}, 1)}
	u.header = newHeaderView(u)
	u.confirm = newConfirmView(u)
	u.notice = el("p", attrs{"class", "notice", "role", "status", "aria-live", "polite", "data-testid", "notice", "hidden", ""})
	u.ivrs = newIVRView(u)
	u.edit = newEditView(u)
	u.preview = newPreviewView(u)
	u.batch = newBatchView(u)
	u.resume = newResumeView(u)
	u.choices = newChoicesView(u)
	u.history = newHistoryView(u)
	u.kinds = newKindsView(u)
	u.groups = newGroupsView(u)
	u.listPanel = el("section", attrs{"class", "panel ivrs", "aria-labelledby", "ivrs-h"}, u.ivrs.root)
	u.workPanel = el("section", attrs{"class", "panel work"},
		u.edit.root, u.preview.root, u.choices.root, u.resume.root, u.batch.root, u.history.root)
	main := el("main", attrs{"class", "layout"}, u.kinds.root, u.listPanel, u.workPanel)
	u.main = main
	replace(root, u.header.root, u.notice, u.header.intro, main, u.confirm.root)
	// Selection lives in the list; the app hears of it so that a message
	// about the selection goes once its cause does. These run after the
	// list's own listeners, which record the selection.
	selected := func(dom.Event) { c.SelectionChanged(len(u.ivrs.Selected())) }
	u.on(u.ivrs.body, "change", selected)
	u.on(u.ivrs.selAll, "click", selected)
	return u
}

// Changed asks for a render; safe from any goroutine, coalesces bursts.
func (u *UI) Changed() {
	select {
	case u.dirty <- struct{}{}:
	default:
	}
}

// later asks for a render once the page had its thread back (input,
// paint, the pacer's fetches): browser.NextTask waits for the browser's
// next task. A sleep did not promise that: other goroutines' work that
// outlasted it kept every slice of a 5 000-row table in one task (issue 14).
func (u *UI) later() {
	go func() {
		browser.NextTask()
		u.Changed()
	}()
}

// renderLate is how long the browser task may have run Go before a render
// waits for the next task: about half of the pause budget (app's
// taskBudget), so that with the render's own slice (rowSlice) the task
// stays short.
const renderLate = 4 * time.Millisecond

// Run renders on every change and rewrites the countdowns and the ETA at
// the moment each shown value must change (on the second boundary of the
// time left), until stop is closed. A free 1 s ticker runs on a phase of its
// own, so a rounded-up value could stay up to two seconds. Run is the only
// goroutine that touches the DOM after New, apart from event callbacks,
// which only read inputs and call the controller.
func (u *UI) Run(stop <-chan struct{}) {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	schedule := func() {
		now := time.Now()
		next := u.batch.refresh(now)
		if next.IsZero() {
			timer.Stop()
			return
		}
		timer.Reset(next.Sub(now))
	}
	u.render()
	schedule()
	for {
		select {
		case <-stop:
			return
		case <-u.dirty:
			if browser.TaskElapsed(time.Now()) >= renderLate {
				// The task that changed the state has run long already
				// (an answer's bookkeeping, a big batch's first slice,
				// code run for the first time): the render gets a task
				// of its own rather than making that one long (issue 14).
				browser.NextTask()
				select {
				case <-u.dirty: // folded into this render
				default:
				}
			}
			u.render()
			schedule()
			if u.batch.pending() {
				u.later()
			}
		case <-timer.C:
			schedule()
		}
	}
}

func (u *UI) render() {
	v := u.c.View()
	u.header.render(v)
	// Signed out, the intro says what the tool is; the work area's empty
	// panels would only be boxes (a batch still shown keeps them).
	setBool(u.main, "hidden", v.Phase == app.PhaseSignedOut && v.Batch == nil)
	u.renderNotice(v.Notice, v.NoticeBad)
	signedIn := v.Phase == app.PhaseLoading || v.Phase == app.PhaseReady
	u.kinds.render(u, v, signedIn)
	u.groups.render(v, signedIn)
	u.ivrs.render(v, signedIn)
	u.edit.render(v, signedIn)
	u.preview.render(v)
	u.resume.render(v)
	u.batch.render(v, time.Now())
	u.choices.render(v)
	u.history.render(v)
	// Tests and the benchmark wait for this: the page is signed in and usable.
	if v.Phase == app.PhaseReady {
		// Set once: an attribute of the root set again on every render
		// is a style invalidation of the root each time (issue 14).
		if root := jsDoc.Get("documentElement"); root.Call("getAttribute", "data-ready").Type() != js.TypeString {
			root.Call("setAttribute", "data-ready", "1")
		}
	}
}

// on adds a listener that never blocks and is released on Close.
func (u *UI) on(e node, typ string, f func(dom.Event)) {
	t := &dom.BasicNode{Value: val(e)}
	u.funcs = append(u.funcs, t.AddEventListener(typ, false, f))
}

// Close releases every listener.
func (u *UI) Close() {
	for _, f := range u.funcs {
		f.Release()
	}
	u.funcs = nil
}

func (u *UI) renderNotice(text string, bad bool) {
	if text == u.said && bad == u.saidBad {
		return
	}
	u.said, u.saidBad = text, bad
	glyph := "fa/circle-info-regular"
	if bad {
		glyph = "fa/triangle-exclamation-regular"
	}
	replace(u.notice, icon(glyph), text)
	setBool(u.notice, "hidden", text == "")
	setClass(u.notice, "bad", bad)
}
