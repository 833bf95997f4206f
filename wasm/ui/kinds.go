//go:build js && wasm

package ui

import (
	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
)

// kindController is what the kind switch and the schedule groups views ask
// of the app, apart from Controller (see workflowController).
type kindController interface {
	ShowKind(k app.KindID)
	PlanGroupSelection(groupIDs []string, list schedgroups.List, schedule string, act schedgroups.Action)
	PlanGroupCSV(text string)
	PlanGroupCSVFile(name string, size int64, read func() (string, error))
	DiscardGroupPreview()
	ApplyGroups(planID string)
}

func (u *UI) kc() kindController { return u.c.(kindController) }

// kindsView is the switch between kinds of edit: tabs drawn like Spark's
// gux-tabs, one per kind the person may view, and the words saying what a
// view-only person lacks.
type kindsView struct {
	root   elem
	bar    elem
	tabs   map[app.KindID]*dom.HTMLButtonElement
	access elem
	shown  app.KindID // the kind whose views are in the page
	offers []app.KindOffer
}

var kindOrder = []struct {
	kind   app.KindID
	testid string
	label  string
}{
	{app.KindIVRNumbers, "kind-ivr-numbers", "IVR numbers"},
	{app.KindScheduleGroups, "kind-schedule-groups", "Schedule groups"},
}

func newKindsView(u *UI) *kindsView {
	k := &kindsView{tabs: map[app.KindID]*dom.HTMLButtonElement{}, shown: app.KindIVRNumbers}
	k.bar = el("div", attrs{"class", "kind-tabs", "role", "tablist", "aria-label", "Kind of bulk edit"})
	for _, ko := range kindOrder {
		b := &dom.HTMLButtonElement{BasicHTMLElement: el("button", attrs{"type", "button", "role", "tab",
			"data-testid", ko.testid, "id", "tab-" + string(ko.kind), "aria-selected", "false", "tabindex", "-1", "hidden", ""}, ko.label)}
		kind := ko.kind
		u.on(b, "click", func(dom.Event) { u.kc().ShowKind(kind) })
		k.tabs[kind] = b
		appendAll(k.bar, b)
	}
	// Arrow keys move between the tabs, as a tablist's do.
	u.on(k.bar, "keydown", func(e dom.Event) {
		key := e.Underlying().Get("key").String()
		step := map[string]int{"ArrowRight": 1, "ArrowLeft": -1}[key]
		if step == 0 || len(k.offers) < 2 {
			return
		}
		e.PreventDefault()
		i := 0
		for j, o := range k.offers {
			if o.Kind == k.shown {
				i = j
			}
		}
		next := k.offers[(i+step+len(k.offers))%len(k.offers)].Kind
		u.kc().ShowKind(next)
		k.tabs[next].Focus()
	})
	k.access = el("p", attrs{"class", "kind-access", "data-testid", "kind-access", "hidden", ""})
	k.root = el("div", attrs{"class", "kinds", "hidden", ""}, k.bar, k.access)
	return k
}

// render shows the tabs the person may use and puts the chosen kind's
// views in the page: the other kind's list, input and preview leave the
// document, so each testid names the visible kind's element only.
func (k *kindsView) render(u *UI, v app.View, signedIn bool) {
	k.offers = v.Kinds
	setBool(k.root, "hidden", !signedIn || len(v.Kinds) == 0)
	for kind, b := range k.tabs {
		o := v.Offer(kind)
		setBool(b, "hidden", o.Access == app.Hidden)
		on := kind == v.Kind
		setAttr(b, "aria-selected", map[bool]string{true: "true", false: "false"}[on])
		setAttr(b, "tabindex", map[bool]string{true: "0", false: "-1"}[on])
		label := o.Label
		if o.Access == app.ReadOnly {
			label += " (view only)"
		}
		if label != "" && b.TextContent() != label {
			b.SetTextContent(label)
		}
	}
	// A view-only person can type nothing that could become a change.
	ivrOK := v.MayEdit(app.KindIVRNumbers)
	setBool(u.edit.numbers, "disabled", !ivrOK)
	setBool(u.edit.csv, "disabled", !ivrOK)
	why := v.Offer(v.Kind).Why
	if k.access.TextContent() != why {
		k.access.SetTextContent(why)
	}
	setBool(k.access, "hidden", why == "")
	want := v.Kind
	if want == "" {
		want = app.KindIVRNumbers
	}
	if want != k.shown {
		k.shown = want
		u.showKind(want)
	}
}

// showKind swaps the list and work panels' contents for kind's views; the
// batch, resume and history views belong to every kind and stay.
func (u *UI) showKind(kind app.KindID) {
	if kind == app.KindScheduleGroups {
		replace(u.listPanel, u.groups.root)
		setAttr(u.listPanel, "aria-labelledby", "groups-h")
		replace(u.workPanel, u.groups.edit, u.groups.preview.root, u.choices.root, u.resume.root, u.batch.root, u.history.root)
		return
	}
	replace(u.listPanel, u.ivrs.root)
	setAttr(u.listPanel, "aria-labelledby", "ivrs-h")
	replace(u.workPanel, u.edit.root, u.preview.root, u.choices.root, u.resume.root, u.batch.root, u.history.root)
}
