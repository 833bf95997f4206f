//go:build js && wasm

package ui

import (
	"fmt"
	"strings"

	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/dnis"
)

// pageSize bounds the rows in the DOM: an org of 10 000 IVRs stays responsive
// because only one page is ever rendered; the filter brings any IVR into view.
const pageSize = 50

// ivrView is the IVR list: filter, selection, one page of rows.
type ivrView struct {
	root     elem
	loading  elem
	bar      elem
	filter   *dom.HTMLInputElement
	count    elem
	body     elem
	pager    elem
	prev     *dom.HTMLButtonElement
	next     *dom.HTMLButtonElement
	pageText elem
	selAll   *dom.HTMLButtonElement
	selNone  *dom.HTMLButtonElement

	all      []dnis.IVR
	rev      int
	shown    []dnis.IVR // after the filter
	page     int
	selected map[string]bool
	u        *UI
}

func newIVRView(u *UI) *ivrView {
	v := &ivrView{u: u, selected: map[string]bool{}, rev: -1}
	v.bar = el("div", attrs{"class", "bar-fill"})
	v.loading = el("div", attrs{"class", "loading", "role", "status", "aria-live", "polite"})
	v.filter = input(attrs{"type", "search", "data-testid", "ivr-filter", "placeholder", "Filter by name or number",
		"aria-label", "Filter IVRs by name or number", "class", "input"})
	v.count = el("span", attrs{"class", "muted", "data-testid", "selection-count", "aria-live", "polite"})
	v.selAll = button("select-filtered", "Select all shown")
	v.selNone = button("select-none", "Clear selection")
	v.body = el("tbody", nil)
	v.prev = button("ivr-prev", "Previous")
	v.next = button("ivr-next", "Next")
	v.pageText = el("span", attrs{"class", "muted"})
	v.pager = el("div", attrs{"class", "pager"}, v.prev, v.pageText, v.next)
	table := el("table", attrs{"class", "grid"},
		el("thead", nil, el("tr", nil,
			el("th", attrs{"scope", "col", "class", "check"}, el("span", attrs{"class", "sr-only"}, "Selected")),
			el("th", attrs{"scope", "col"}, "IVR"),
			el("th", attrs{"scope", "col"}, "Numbers"))),
		v.body)
	v.root = el("div", nil,
		el("h2", attrs{"id", "ivrs-h"}, "IVRs"),
		v.loading,
		el("div", attrs{"class", "toolbar"}, v.filter, v.selAll, v.selNone),
		v.count, table, v.pager)

	u.on(v.filter, "input", func(dom.Event) { v.page = 0; v.applyFilter(); v.draw() })
	u.on(v.prev, "click", func(dom.Event) { v.page--; v.draw() })
	u.on(v.next, "click", func(dom.Event) { v.page++; v.draw() })
	u.on(v.selAll, "click", func(dom.Event) {
		for _, r := range v.shown {
			v.selected[r.ID] = true
		}
		v.draw()
	})
	u.on(v.selNone, "click", func(dom.Event) { v.selected = map[string]bool{}; v.draw() })
	// One listener for every checkbox: rows come and go with paging.
	u.on(v.body, "change", func(e dom.Event) {
		in, ok := e.Target().(*dom.HTMLInputElement)
		if !ok {
			return
		}
		id := in.GetAttribute("data-ivr-id")
		if in.Checked() {
			v.selected[id] = true
		} else {
			delete(v.selected, id)
		}
		v.drawCount()
	})
	return v
}

// Selected returns the ids of the selected IVRs in list order.
func (v *ivrView) Selected() []string {
	var ids []string
	for _, r := range v.all {
		if v.selected[r.ID] {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

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
	v.all = s.IVRs
	v.applyFilter()
	v.draw()
}

func (v *ivrView) applyFilter() {
	q := strings.ToLower(strings.TrimSpace(v.filter.Value()))
	digits := onlyDigits(q)
	v.shown = v.shown[:0]
	for _, r := range v.all {
		if q == "" || strings.Contains(strings.ToLower(r.Name), q) || r.ID == q || (digits != "" && anyContains(r.DNIS, digits)) {
			v.shown = append(v.shown, r)
		}
	}
}

func (v *ivrView) draw() {
	pages := (len(v.shown) + pageSize - 1) / pageSize
	v.page = max(0, min(v.page, pages-1))
	start := v.page * pageSize
	end := min(start+pageSize, len(v.shown))
	rows := make([]node, 0, end-start)
	for _, r := range v.shown[start:end] {
		rows = append(rows, v.row(r))
	}
	replace(v.body, rows)
	v.pageText.SetTextContent(fmt.Sprintf("Page %d of %d", v.page+1, max(pages, 1)))
	v.prev.SetDisabled(v.page == 0)
	v.next.SetDisabled(v.page >= pages-1)
	setBool(v.pager, "hidden", pages <= 1)
	v.drawCount()
}

func (v *ivrView) row(r dnis.IVR) node {
	check := input(attrs{"type", "checkbox", "data-testid", "ivr-select", "data-ivr-id", r.ID,
		"aria-label", "Select " + r.Name})
	check.SetChecked(v.selected[r.ID])
	return el("tr", attrs{"data-testid", "ivr-row", "data-ivr-id", r.ID, "data-ivr-name", r.Name},
		el("td", attrs{"class", "check"}, check),
		el("td", nil, el("div", attrs{"class", "name"}, r.Name), el("div", attrs{"class", "muted small"}, r.ID)),
		el("td", attrs{"data-testid", "ivr-dnis", "class", "numbers"}, numberList(r.DNIS)))
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

func (v *ivrView) drawCount() {
	n := len(v.selected)
	v.count.SetTextContent(fmt.Sprintf("%d of %d IVRs shown · %d selected", len(v.shown), len(v.all), n))
}

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() < 3 { // "1" would match nearly every number
		return ""
	}
	return b.String()
}

func anyContains(nums []string, digits string) bool {
	for _, n := range nums {
		if strings.Contains(n, digits) {
			return true
		}
	}
	return false
}
