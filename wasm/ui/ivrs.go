//go:build js && wasm

package ui

import (
	"strings"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/listview"
)

// pageSize bounds the rows in the DOM: an org of 10 000 IVRs stays responsive
// because only one page is ever rendered; the filter brings any IVR into view.
const pageSize = 50

// ivrView is the IVR list: a listChrome whose rows are IVRs and their
// numbers.
type ivrView struct {
	*listChrome
	rev int
}

// rowKey is everything an IVR row shows apart from its tick.
func rowKey(r listview.Row) string {
	return r.ID + "\x00" + r.Name + "\x00" + strings.Join(r.Numbers, ",")
}

func newIVRView(u *UI) *ivrView {
	v := &ivrView{rev: -1}
	v.listChrome = newListChrome(u, listSpec{
		noun:     listview.Noun{One: "IVR", Many: "IVRs"},
		pageSize: pageSize,
		title:    "IVRs", titleID: "ivrs-h",
		class:    "ivr-list",
		table:    "grid ivr-table",
		columns:  [2]string{"IVR", "Numbers"},
		filter:   "Filter by name or number",
		filterAs: "Filter IVRs by name or number",
		ids: listIDs{filter: "ivr-filter", count: "selection-count", selectPage: "select-page",
			selectAll: "select-filtered", selectNone: "select-none", prev: "ivr-prev", next: "ivr-next"},
		idAttr: "data-ivr-id",
		row:    ivrRow,
		key:    rowKey,
	})
	return v
}

func (v *ivrView) render(s app.View, signedIn bool) {
	setBool(v.root, "hidden", !signedIn)
	v.showLoading(s.Phase == app.PhaseLoading, s.Loaded, s.Total, "")
	if s.IVRsRev == v.rev {
		return
	}
	v.rev = s.IVRsRev
	items := make([]listview.Item, len(s.IVRs))
	for i, r := range s.IVRs {
		items[i] = listview.Item{ID: r.ID, Name: r.Name, Numbers: r.DNIS}
	}
	v.lv.SetItems(items)
	v.draw()
}

// ivrRow describes an IVR's row (listChrome.makeRows makes it).
func ivrRow(r listview.Row) sp {
	check := h("input", attrs{"type", "checkbox", "data-testid", "ivr-select", "data-ivr-id", r.ID})
	// The id is there on demand (hover, or a screen reader's description),
	// not as a line under every name.
	name := h("span", attrs{"class", "name", "title", "Id " + r.ID}, r.Name)
	numbers := h("td", attrs{"data-testid", "ivr-dnis", "class", "numbers"}, numberList(r.Numbers))
	return h("tr", attrs{"data-testid", "ivr-row", "data-ivr-id", r.ID, "data-ivr-name", r.Name},
		h("td", attrs{"class", "name-cell"}, sparkCheckboxSp(check, "ivr-select-"+r.ID, name)), numbers)
}

// numberList describes numbers so that the cell's text is exactly the
// comma-separated E.164 list (the contract) while CSS spaces them out.
func numberList(nums []string) []sp {
	out := make([]sp, 0, 2*len(nums))
	for i, n := range nums {
		if i > 0 {
			out = append(out, h("span", attrs{"class", "sep"}, ","))
		}
		out = append(out, h("span", attrs{"class", "num"}, n))
	}
	return out
}
