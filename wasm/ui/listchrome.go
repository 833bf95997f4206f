//go:build js && wasm

package ui

import (
	"fmt"

	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/listview"
)

// listChrome is one kind's list in the page: its heading, loading line,
// filter, selection buttons and count, a two-column table of checked rows,
// the line shown when no row is, and the pager. What it shows is decided
// by its listview.List; the kind only says how a row looks (listSpec.row)
// and when the items change. Both kinds' lists are one of these, so the
// two behave alike and a fix to one is a fix to both.
type listChrome struct {
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
	selPage  *dom.HTMLButtonElement // nil when the kind has no "select this page"
	selPageW elem                   // its Spark wrapper, hidden when one page holds every row
	selAll   *dom.HTMLButtonElement
	selNone  *dom.HTMLButtonElement

	lv   *listview.List
	spec listSpec
	// rows are the rows on the page, by id, so that a tick updates them
	// in place: re-creating them would drop the focus of a keyboard user.
	rows map[string]listRow
	// order is the ids of rows, top to bottom, as they are in the DOM.
	order []string
	// made is where new rows are made, all in one build, before they move
	// to body: made one by one with el, a page of fifty IVR rows was some
	// two thousand crossings into JavaScript, a fifth of the time from
	// the module's start to a ready page (issue 14).
	made elem
}

// listSpec is what differs between the kinds' lists: words, classes and
// test ids (CONTRACT §5), and how a row is made.
type listSpec struct {
	noun     listview.Noun
	pageSize int
	title    string // the heading; titleID is its id, which the panel is labelled by
	titleID  string
	class    string    // the list's classes
	table    string    // the table's classes
	columns  [2]string // the table's two headings
	filter   string    // the filter's placeholder
	filterAs string    // the filter's label, for screen readers
	ids      listIDs
	// idAttr is the checkbox attribute that holds the row's id.
	idAttr string
	// row describes a row: a tr whose second and last cell is what the row
	// lists, holding one checkbox, the tick. key is everything the row
	// shows apart from its tick (the same key, the row is kept as it is).
	row func(listview.Row) sp
	key func(listview.Row) string
}

// listIDs are the data-testids of a list's controls; selectPage "" leaves
// out "select this page".
type listIDs struct {
	filter, count, selectPage, selectAll, selectNone, prev, next string
}

// listRow is one row's elements.
type listRow struct {
	tr     elem
	check  *dom.HTMLInputElement
	detail elem   // the second cell: what the row lists (numbers, schedules)
	key    string // what the row shows (listSpec.key): unchanged, the row is kept
}

func newListChrome(u *UI, s listSpec) *listChrome {
	c := &listChrome{lv: listview.New(s.noun, s.pageSize), spec: s}
	c.bar = el("div", attrs{"class", "bar-fill"})
	c.loading = el("div", attrs{"class", "loading", "role", "status", "aria-live", "polite"})
	c.filter = input(attrs{"type", "search", "data-testid", s.ids.filter, "placeholder", s.filter, "autocomplete", "off"})
	c.made = el("tbody", nil)
	c.count = el("p", attrs{"class", "muted small count", "data-testid", s.ids.count, "aria-live", "polite"})
	c.empty = el("p", attrs{"class", "muted empty", "hidden", ""})
	var selAll, selNone, prev, next elem
	if s.ids.selectPage != "" {
		c.selPage, c.selPageW = sparkButton(s.ids.selectPage, "Select this page", "secondary")
	}
	c.selAll, selAll = sparkButton(s.ids.selectAll, "Select all", "secondary")
	c.selNone, selNone = sparkButton(s.ids.selectNone, "Clear selection", "ghost")
	c.body = el("tbody", nil)
	c.prev, prev = sparkButton(s.ids.prev, "Previous", "secondary", "aria-label", "Previous page of "+s.noun.Many)
	c.next, next = sparkButton(s.ids.next, "Next", "secondary", "aria-label", "Next page of "+s.noun.Many)
	c.pageText = el("span", attrs{"class", "muted"})
	c.pager = el("div", attrs{"class", "pager"}, prev, c.pageText, next)
	// Fixed column widths: filtering must not make the columns jump.
	table := el("table", attrs{"class", s.table},
		el("colgroup", nil, el("col", attrs{"class", "col-name"}), el("col", attrs{"class", "col-numbers"})),
		el("thead", nil, el("tr", nil,
			el("th", attrs{"scope", "col"}, s.columns[0]),
			el("th", attrs{"scope", "col"}, s.columns[1]))),
		c.body)
	buttons := []node{selAll, selNone}
	if c.selPageW != nil {
		buttons = append([]node{c.selPageW}, buttons...)
	}
	c.root = el("div", attrs{"class", s.class},
		el("div", attrs{"class", "list-head"},
			el("h2", attrs{"id", s.titleID}, s.title),
			c.loading,
			el("div", attrs{"class", "filter"}, sparkSearch(c.filter, s.filterAs)),
			el("div", attrs{"class", "toolbar"}, buttons),
			c.count),
		el("div", attrs{"class", "table-scroll"}, table, c.empty),
		c.pager)

	redraw := func(f func()) func(dom.Event) { return func(dom.Event) { f(); c.draw() } }
	u.on(c.filter, "input", redraw(func() { c.lv.SetFilter(c.filter.Value()) }))
	u.on(c.prev, "click", redraw(c.lv.Prev))
	u.on(c.next, "click", redraw(c.lv.Next))
	if c.selPage != nil {
		u.on(c.selPage, "click", func(dom.Event) { c.lv.SelectPage(); c.sync() })
	}
	u.on(c.selAll, "click", func(dom.Event) { c.lv.SelectMatching(); c.sync() })
	u.on(c.selNone, "click", func(dom.Event) { c.lv.Clear(); c.sync() })
	// A shift-click on a name would also select the text between it and
	// the last click: keep the text, not the range, from moving.
	u.on(c.body, "mousedown", func(e dom.Event) {
		if e.Underlying().Get("shiftKey").Bool() {
			e.PreventDefault()
		}
	})
	// One listener for every checkbox: rows come and go with paging. A
	// click on a name reaches the box through its <label>, modifiers and
	// all, so this sees every tick once, with its shift key.
	u.on(c.body, "click", func(e dom.Event) {
		t := e.Underlying().Get("target")
		if t.Get("type").String() != "checkbox" {
			return
		}
		c.lv.Click(t.Call("getAttribute", s.idAttr).String(), t.Get("checked").Bool(), e.Underlying().Get("shiftKey").Bool())
		c.sync()
	})
	return c
}

// Selected returns the ids of the selected items in list order.
func (c *listChrome) Selected() []string { return c.lv.Selected() }

// showLoading shows how far the list's loading is (loading), or a problem
// that stopped it, or nothing.
func (c *listChrome) showLoading(loading bool, loaded, total int, problem string) {
	setClass(c.loading, "problem", problem != "")
	switch {
	case problem != "":
		replace(c.loading, problem)
	case loading:
		text := "Loading " + c.spec.noun.Many + "…"
		if total > 0 {
			text = fmt.Sprintf("Loading %s: %d of %d", c.spec.noun.Many, loaded, total)
			c.bar.Style().SetProperty("width", fmt.Sprintf("%d%%", loaded*100/total), "")
		}
		replace(c.loading, text, el("div", attrs{"class", "bar"}, c.bar))
	}
	setBool(c.loading, "hidden", problem == "" && !loading)
}

// draw shows the page of rows (new filter, page or items). Rows that show
// the same item the same way are kept: each holds a Spark checkbox, and
// making fifty of them again whenever the org's list changes (a batch's
// end) took the page's thread for longer than a frame. When the same
// rows stay in the same order, only the changed ones are swapped in place.
func (c *listChrome) draw() {
	lv := c.lv.View()
	old, oldOrder := c.rows, c.order
	rows := make([]node, 0, len(lv.Rows))
	c.rows = make(map[string]listRow, len(lv.Rows))
	c.order = make([]string, 0, len(lv.Rows))
	inPlace := len(oldOrder) == len(lv.Rows)
	// First the rows to make, all described and made at once, then the
	// page's rows in order, kept or made.
	keys := make([]string, len(lv.Rows))
	stale := make([]bool, len(lv.Rows))
	var fresh []sp
	for i, r := range lv.Rows {
		inPlace = inPlace && oldOrder[i] == r.ID
		keys[i] = c.spec.key(r)
		if row, ok := old[r.ID]; !ok || row.key != keys[i] {
			stale[i] = true
			fresh = append(fresh, c.spec.row(r))
		}
	}
	made := c.makeRows(fresh)
	for i, r := range lv.Rows {
		row, ok := old[r.ID]
		if stale[i] {
			next := made[0]
			made = made[1:]
			next.key = keys[i]
			if ok && inPlace {
				val(c.body).Call("replaceChild", val(next.tr), val(row.tr))
			}
			row = next
		}
		c.rows[r.ID] = row
		c.order = append(c.order, r.ID)
		rows = append(rows, row.tr)
	}
	if !inPlace {
		replace(c.body, rows)
	}
	c.show(lv)
}

// makeRows makes the described rows, in one build, and finds in each the
// elements a row is updated through.
func (c *listChrome) makeRows(rows []sp) []listRow {
	if len(rows) == 0 {
		return nil
	}
	build(c.made, true, rows)
	kids := val(c.made).Get("children")
	out := make([]listRow, len(rows))
	for i := range rows {
		tr := kids.Index(i)
		out[i] = listRow{tr: wrap(tr),
			check:  &dom.HTMLInputElement{BasicHTMLElement: wrap(tr.Call("querySelector", "input[type=checkbox]"))},
			detail: wrap(tr.Get("lastElementChild"))}
	}
	return out
}

// patch shows new contents in the second cell of the item id's row, when
// it is on the page; key is what the row shows now (listSpec.key). The
// row, its tick and its focus stay.
func (c *listChrome) patch(id, key string, detail []sp) {
	row, ok := c.rows[id]
	if !ok || row.key == key {
		return
	}
	build(row.detail, true, detail)
	row.key = key
	c.rows[id] = row
}

// sync shows a change of selection on the rows already there.
func (c *listChrome) sync() { c.tick(c.lv.View()) }

// show copies everything but the rows themselves from lv: the empty
// line, the pager, the ticks and the selection's words.
func (c *listChrome) show(lv listview.View) {
	c.empty.SetTextContent(lv.Empty)
	setBool(c.empty, "hidden", lv.Empty == "")
	c.pageText.SetTextContent(lv.PageText)
	c.prev.SetDisabled(!lv.PrevOK)
	c.next.SetDisabled(!lv.NextOK)
	setBool(c.pager, "hidden", !lv.Paged)
	c.tick(lv)
}

// tick shows the selection: the rows' ticks and highlight, the count and
// the selection buttons.
func (c *listChrome) tick(lv listview.View) {
	for _, r := range lv.Rows {
		if row, ok := c.rows[r.ID]; ok {
			row.check.SetChecked(r.Selected)
			setClass(row.tr, "selected", r.Selected)
		}
	}
	c.count.SetTextContent(lv.Summary)
	if c.selPage != nil {
		c.selPage.SetTextContent(lv.SelectPage)
		c.selPage.SetDisabled(!lv.SelectPageOK)
		setBool(c.selPageW, "hidden", !lv.Paged)
	}
	c.selAll.SetTextContent(lv.SelectMatching)
	c.selAll.SetDisabled(!lv.SelectMatchingOK)
	c.selNone.SetDisabled(!lv.ClearOK)
}
