//go:build js && wasm

package ui

import (
	"fmt"
	"strings"

	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/listview"
)

// pageSize bounds the rows in the DOM: an org of 10 000 IVRs stays responsive
// because only one page is ever rendered; the filter brings any IVR into view.
const pageSize = 50

// ivrView is the IVR list. What it shows (rows, ticks, counts, pager) is
// decided by a listview.List; this only copies that into elements and turns
// clicks into calls on the list.
type ivrView struct {
	root     elem
	loading  elem
	bar      elem
	filter   *dom.HTMLInputElement
	count    elem
	empty    elem
	body     elem
	pager    elem
	prev     *dom.HTMLButtonElement
	next     *dom.HTMLButtonElement
	pageText elem
	selPage  *dom.HTMLButtonElement
	selPageW elem // its Spark wrapper, hidden when one page holds every row
	selAll   *dom.HTMLButtonElement
	selNone  *dom.HTMLButtonElement

	list *listview.List
	rev  int
	// rows are the rows on the page, by id, so that a tick updates them
	// in place: re-creating them would drop the focus of a keyboard user.
	rows map[string]ivrRow
	// order is the ids of rows, top to bottom, as they are in the DOM.
	order []string
}

type ivrRow struct {
	tr    elem
	check *dom.HTMLInputElement
	key   string // what the row shows (rowKey): unchanged, the row is kept
}

// rowKey is everything a row shows apart from its tick.
func rowKey(r listview.Row) string {
	return r.ID + "\x00" + r.Name + "\x00" + strings.Join(r.Numbers, ",")
}

func newIVRView(u *UI) *ivrView {
	v := &ivrView{list: listview.New(listview.Noun{One: "IVR", Many: "IVRs"}, pageSize), rev: -1}
	v.bar = el("div", attrs{"class", "bar-fill"})
	v.loading = el("div", attrs{"class", "loading", "role", "status", "aria-live", "polite"})
	v.filter = input(attrs{"type", "search", "data-testid", "ivr-filter", "placeholder", "Filter by name or number",
		"autocomplete", "off"})
	v.count = el("p", attrs{"class", "muted small count", "data-testid", "selection-count", "aria-live", "polite"})
	v.empty = el("p", attrs{"class", "muted empty", "hidden", ""})
	var selAll, selNone, prev, next elem
	v.selPage, v.selPageW = sparkButton("select-page", "Select this page", "secondary")
	v.selAll, selAll = sparkButton("select-filtered", "Select all", "secondary")
	v.selNone, selNone = sparkButton("select-none", "Clear selection", "ghost")
	v.body = el("tbody", nil)
	v.prev, prev = sparkButton("ivr-prev", "Previous", "secondary", "aria-label", "Previous page of IVRs")
	v.next, next = sparkButton("ivr-next", "Next", "secondary", "aria-label", "Next page of IVRs")
	v.pageText = el("span", attrs{"class", "muted"})
	v.pager = el("div", attrs{"class", "pager"}, prev, v.pageText, next)
	// Fixed column widths: filtering must not make the columns jump.
	table := el("table", attrs{"class", "grid ivr-table"},
		el("colgroup", nil, el("col", attrs{"class", "col-name"}), el("col", attrs{"class", "col-numbers"})),
		el("thead", nil, el("tr", nil,
			el("th", attrs{"scope", "col"}, "IVR"),
			el("th", attrs{"scope", "col"}, "Numbers"))),
		v.body)
	v.root = el("div", attrs{"class", "ivr-list"},
		el("div", attrs{"class", "list-head"},
			el("h2", attrs{"id", "ivrs-h"}, "IVRs"),
			v.loading,
			el("div", attrs{"class", "filter"}, sparkSearch(v.filter, "Filter IVRs by name or number")),
			el("div", attrs{"class", "toolbar"}, v.selPageW, selAll, selNone),
			v.count),
		el("div", attrs{"class", "table-scroll"}, table, v.empty),
		v.pager)

	redraw := func(f func()) func(dom.Event) { return func(dom.Event) { f(); v.draw() } }
	u.on(v.filter, "input", redraw(func() { v.list.SetFilter(v.filter.Value()) }))
	u.on(v.prev, "click", redraw(v.list.Prev))
	u.on(v.next, "click", redraw(v.list.Next))
	u.on(v.selPage, "click", func(dom.Event) { v.list.SelectPage(); v.sync() })
	u.on(v.selAll, "click", func(dom.Event) { v.list.SelectMatching(); v.sync() })
	u.on(v.selNone, "click", func(dom.Event) { v.list.Clear(); v.sync() })
	// A shift-click on a name would also select the text between it and
	// the last click: keep the text, not the range, from moving.
	u.on(v.body, "mousedown", func(e dom.Event) {
		if e.Underlying().Get("shiftKey").Bool() {
			e.PreventDefault()
		}
	})
	// One listener for every checkbox: rows come and go with paging. A
	// click on a name reaches the box through its <label>, modifiers and
	// all, so this sees every tick once, with its shift key.
	u.on(v.body, "click", func(e dom.Event) {
		t := e.Underlying().Get("target")
		if t.Get("type").String() != "checkbox" {
			return
		}
		v.list.Click(t.Call("getAttribute", "data-ivr-id").String(), t.Get("checked").Bool(),
			e.Underlying().Get("shiftKey").Bool())
		v.sync()
	})
	return v
}

// Selected returns the ids of the selected IVRs in list order.
func (v *ivrView) Selected() []string { return v.list.Selected() }

func (v *ivrView) render(s app.View, signedIn bool) {
	setBool(v.root, "hidden", !signedIn)
	if s.Phase == app.PhaseLoading {
		text := "Loading IVRs…"
		if s.Total > 0 {
			text = fmt.Sprintf("Loading IVRs: %d of %d", s.Loaded, s.Total)
			v.bar.Style().SetProperty("width", fmt.Sprintf("%d%%", s.Loaded*100/s.Total), "")
		}
		replace(v.loading, text, el("div", attrs{"class", "bar"}, v.bar))
		setBool(v.loading, "hidden", false)
	} else {
		setBool(v.loading, "hidden", true)
	}
	if s.IVRsRev == v.rev {
		return
	}
	v.rev = s.IVRsRev
	items := make([]listview.Item, len(s.IVRs))
	for i, r := range s.IVRs {
		items[i] = listview.Item{ID: r.ID, Name: r.Name, Numbers: r.DNIS}
	}
	v.list.SetItems(items)
	v.draw()
}

// draw shows the page of rows (new filter, page or items). Rows that show
// the same IVR the same way are kept: each holds a Spark checkbox, and
// making fifty of them again whenever the org's list changes (a batch's
// end) took the page's thread for longer than a frame. When the same
// rows stay in the same order, only the changed ones are swapped in place.
func (v *ivrView) draw() {
	lv := v.list.View()
	old, oldOrder := v.rows, v.order
	rows := make([]node, 0, len(lv.Rows))
	v.rows = make(map[string]ivrRow, len(lv.Rows))
	v.order = make([]string, 0, len(lv.Rows))
	inPlace := len(oldOrder) == len(lv.Rows)
	for i, r := range lv.Rows {
		inPlace = inPlace && oldOrder[i] == r.ID
		key := rowKey(r)
		row, ok := old[r.ID]
		if !ok || row.key != key {
			fresh := v.row(r)
			fresh.key = key
			if ok && inPlace {
				val(v.body).Call("replaceChild", val(fresh.tr), val(row.tr))
			}
			row = fresh
		}
		v.rows[r.ID] = row
		v.order = append(v.order, r.ID)
		rows = append(rows, row.tr)
	}
	if !inPlace {
		replace(v.body, rows)
	}
	v.empty.SetTextContent(lv.Empty)
	setBool(v.empty, "hidden", lv.Empty == "")
	v.pageText.SetTextContent(lv.PageText)
	v.prev.SetDisabled(!lv.PrevOK)
	v.next.SetDisabled(!lv.NextOK)
	setBool(v.pager, "hidden", !lv.Paged)
	v.apply(lv)
}

// sync shows a change of selection on the rows already there.
func (v *ivrView) sync() { v.apply(v.list.View()) }

func (v *ivrView) apply(lv listview.View) {
	for _, r := range lv.Rows {
		if row, ok := v.rows[r.ID]; ok {
			row.check.SetChecked(r.Selected)
			setClass(row.tr, "selected", r.Selected)
		}
	}
	v.count.SetTextContent(lv.Summary)
	v.selPage.SetTextContent(lv.SelectPage)
	v.selPage.SetDisabled(!lv.SelectPageOK)
	setBool(v.selPageW, "hidden", !lv.Paged)
	v.selAll.SetTextContent(lv.SelectMatching)
	v.selAll.SetDisabled(!lv.SelectMatchingOK)
	v.selNone.SetDisabled(!lv.ClearOK)
}

func (v *ivrView) row(r listview.Row) ivrRow {
	check := input(attrs{"type", "checkbox", "data-testid", "ivr-select", "data-ivr-id", r.ID})
	// The id is there on demand (hover, or a screen reader's description),
	// not as a line under every name.
	name := el("span", attrs{"class", "name", "title", "Id " + r.ID}, r.Name)
	tr := el("tr", attrs{"data-testid", "ivr-row", "data-ivr-id", r.ID, "data-ivr-name", r.Name},
		el("td", attrs{"class", "name-cell"}, sparkCheckbox(check, "ivr-select-"+r.ID, name)),
		el("td", attrs{"data-testid", "ivr-dnis", "class", "numbers"}, numberList(r.Numbers)))
	return ivrRow{tr: tr, check: check}
}

// numberList renders numbers so that the cell's text is exactly the
// comma-separated E.164 list (the contract) while CSS spaces them out.
func numberList(nums []string) []node {
	out := make([]node, 0, 2*len(nums))
	for i, n := range nums {
		if i > 0 {
			out = append(out, el("span", attrs{"class", "sep"}, ","))
		}
		out = append(out, el("span", attrs{"class", "num"}, n))
	}
	return out
}
