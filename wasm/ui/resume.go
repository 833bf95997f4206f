//go:build js && wasm

package ui

import (
	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
)

// asker is the part of the controller that answers the page's question
// about an unfinished batch this tab did not start (View.Ask).
type asker interface {
	ResumeAsked()
	CancelAsked()
}

// resumeView asks whether to run a batch found in the browser's storage
// that this tab did not start; its changes are the batch view's job rows.
type resumeView struct {
	root elem
}

func newResumeView(u *UI) *resumeView {
	r := &resumeView{}
	yes, yesW := sparkButton("resume-asked", "Resume this batch", "primary")
	no, noW := sparkButton("cancel-asked", "Cancel batch", "danger")
	if a, ok := u.c.(asker); ok {
		u.on(yes, "click", func(dom.Event) { a.ResumeAsked() })
		u.on(no, "click", func(dom.Event) { a.CancelAsked() })
	}
	r.root = el("div", attrs{"class", "question", "role", "group", "aria-labelledby", "resume-question-h",
		"data-testid", "resume-question", "hidden", ""},
		el("h2", attrs{"id", "resume-question-h"}, "Resume this batch?"),
		el("p", nil, "This tab did not start this batch: it may come from another copy of gcpace, or from another page of this site. "+
			"Check the changes listed under Batch. Nothing is sent unless you resume it."),
		el("div", attrs{"class", "row"}, yesW, noW))
	return r
}

func (r *resumeView) render(v app.View) { setBool(r.root, "hidden", !v.Ask) }
