//go:build js && wasm

package ui

import (
	"slices"
	"strings"

	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/internal/browser"
	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
	"github.com/gcpace/gcpace/wasm/listview"
)

// groupPageSize bounds the group rows in the DOM. A site per group makes a
// few hundred at most; beyond that the list pages like the IVRs'.
const groupPageSize = 200

// groupsView is the schedule groups kind: its list (left panel), the change
// form and CSV (right panel) and its preview. Its elements are in the page
// only while the kind is shown (kinds.go), and reuse the IVR kind's testids
// for the same jobs (csv-input, op-add, preview-row, apply, …).
type groupsView struct {
	*listChrome // the list; its root goes in the list panel
	edit        elem
	preview     *groupPreviewView

	which    elem // a <select>: reached through its JS value (see val)
	schedule elem
	add      *dom.HTMLButtonElement
	remove   *dom.HTMLButtonElement
	csv      *dom.HTMLTextAreaElement
	file     *dom.HTMLInputElement
	fileName elem
	load     *dom.HTMLButtonElement
	source   node // the input the last preview was made from

	rev      int
	choices  []app.ScheduleChoice
	byID     map[string]app.GroupRow
	editable bool
}

// selectValue and setSelectValue read and set a <select>'s value.
func selectValue(e elem) string       { return val(e).Get("value").String() }
func setSelectValue(e elem, v string) { val(e).Set("value", v) }

func newGroupsView(u *UI) *groupsView {
	g := &groupsView{rev: -1}
	g.listChrome = newListChrome(u, listSpec{
		noun:     listview.Noun{One: "schedule group", Many: "schedule groups"},
		pageSize: groupPageSize,
		title:    "Schedule groups", titleID: "groups-h",
		class:    "ivr-list group-list", // "ivr-list": the IVR list's place in the layout (app.css)
		table:    "grid ivr-table group-table",
		columns:  [2]string{"Schedule group", "Schedules"},
		filter:   "Filter by name",
		filterAs: "Filter schedule groups by name",
		ids: listIDs{filter: "group-filter", count: "group-selection-count",
			selectAll: "group-select-filtered", selectNone: "group-select-none", prev: "group-prev", next: "group-next"},
		idAttr: "data-id",
		row:    func(r listview.Row) sp { return groupRow(g.byID[r.ID]) },
		key:    func(r listview.Row) string { return groupKey(g.byID[r.ID]) },
	})

	g.which = el("select", attrs{"id", "group-list", "data-testid", "group-list-choice", "class", "input"})
	for _, l := range []struct{ v, label string }{{"holiday", "Holiday"}, {"closed", "Closed"}, {"open", "Open"}} {
		appendAll(g.which, el("option", attrs{"value", l.v}, l.label))
	}
	g.schedule = el("select", attrs{"id", "group-schedule", "data-testid", "group-schedule", "class", "input",
		"aria-describedby", "group-schedule-hint"})
	var addW, removeW, loadW elem
	g.add, addW = sparkButton("op-add", "Add to selected groups", "primary")
	g.remove, removeW = sparkButton("op-remove", "Remove from selected groups", "secondary")
	g.csv = textarea(attrs{"data-testid", "csv-input", "id", "group-csv", "rows", "5", "class", "input mono",
		"placeholder", "group,list,schedule,action\nSite 001 – Indianapolis,holiday,Christmas Day 2026,add"})
	g.file = input(attrs{"type", "file", "data-testid", "csv-file", "accept", ".csv,text/csv",
		"aria-label", "Upload a CSV file of schedule group changes (at most 2 MB)"})
	g.fileName = el("span", attrs{"class", "muted", "data-testid", "csv-file-name", "aria-live", "polite"})
	g.load, loadW = sparkButton("csv-load", "Preview CSV", "secondary")
	g.edit = el("div", attrs{"class", "edit"},
		el("h2", nil, "Change schedule lists"),
		el("div", attrs{"class", "field"},
			el("div", attrs{"class", "field-pair"},
				el("div", attrs{"class", "field"}, el("label", attrs{"for", "group-list"}, "List"), g.which),
				el("div", attrs{"class", "field grow"}, el("label", attrs{"for", "group-schedule"}, "Schedule"), g.schedule)),
			el("p", attrs{"class", "muted small hint", "id", "group-schedule-hint"},
				"Deleted schedules are not offered: a group cannot refer to them."),
			el("div", attrs{"class", "row"}, addW, removeW)),
		el("div", attrs{"class", "field"},
			el("label", attrs{"for", "group-csv"}, "Or a CSV with the columns group, list (open, closed or holiday), schedule, action (add or remove)"),
			g.csv,
			el("div", attrs{"class", "row"}, loadW, g.file, g.fileName)))
	g.preview = newGroupPreviewView(u)

	plan := func(a schedgroups.Action) func(dom.Event) {
		return func(dom.Event) {
			g.source = g.schedule
			u.kc().PlanGroupSelection(g.lv.Selected(), schedgroups.List(selectValue(g.which)), selectValue(g.schedule), a)
		}
	}
	u.on(g.add, "click", plan(schedgroups.Add))
	u.on(g.remove, "click", plan(schedgroups.Remove))
	u.on(g.load, "click", func(dom.Event) { g.source = g.csv; u.kc().PlanGroupCSV(g.csv.Value()) })
	u.on(g.file, "change", func(dom.Event) {
		files := g.file.Files()
		if len(files) == 0 {
			return
		}
		g.source = g.file
		f := browser.FileOf(files[0].Value)
		g.file.SetValue("")
		g.fileName.SetTextContent(f.Name())
		u.kc().PlanGroupCSVFile(f.Name(), f.Size(), f.Text)
	})
	return g
}

func (g *groupsView) render(v app.View, signedIn bool) {
	s := v.Groups
	setBool(g.root, "hidden", !signedIn)
	g.showLoading(s.Loading, s.Loaded, s.Total, s.Err)
	running := v.Batch != nil && !v.Batch.Finished()
	g.editable = v.MayEdit(app.KindScheduleGroups) && v.Phase == app.PhaseReady && !v.ReadOnly
	busy := !g.editable || running || s.Loading || s.Err != ""
	for _, b := range []*dom.HTMLButtonElement{g.add, g.remove} {
		setBool(b, "disabled", busy)
	}
	setBool(g.which, "disabled", !g.editable)
	setBool(g.schedule, "disabled", !g.editable)
	setBool(g.csv, "disabled", !g.editable)
	setBool(g.load, "disabled", busy || s.Busy)
	setBool(g.file, "disabled", busy || s.Busy)
	pv := v.GroupPreview()
	bad := pv != nil && len(pv.Problems) > 0
	// The schedule box keeps its hint as description: the selection's
	// problems are all about what is chosen, and the alert says them.
	for _, in := range []node{g.csv, g.file} {
		markInvalid(in, bad && in == g.source)
	}
	g.preview.render(v, running)
	if s.Rev == g.rev {
		return
	}
	g.rev = s.Rev
	if g.byID == nil || !slices.Equal(s.Schedules, g.choices) {
		g.fillSchedules(s.Schedules)
	}
	if g.patchLists(s.Groups) {
		// A running batch tells the list every group it reads or writes:
		// two new revisions per job. Rebuilding 150 rows of Spark checkboxes
		// each time kept the page's one thread so busy that the batch sent
		// a PUT every two seconds; only the changed lists are redrawn.
		return
	}
	items := make([]listview.Item, len(s.Groups))
	g.byID = make(map[string]app.GroupRow, len(s.Groups))
	for i, r := range s.Groups {
		items[i] = listview.Item{ID: r.ID, Name: r.Name}
		g.byID[r.ID] = r
	}
	g.lv.SetItems(items)
	g.draw()
}

// patchLists redraws, in place, the schedule lists of the rows whose lists
// changed, when rows is the same groups with the same names as drawn (the
// filter, selection and paging stay as they are); it reports whether it
// could.
func (g *groupsView) patchLists(rows []app.GroupRow) bool {
	if g.byID == nil || len(rows) != len(g.byID) {
		return false
	}
	for _, r := range rows {
		if old, ok := g.byID[r.ID]; !ok || old.Name != r.Name {
			return false
		}
	}
	for _, r := range rows {
		old := g.byID[r.ID]
		g.byID[r.ID] = r
		if sameLists(old.Lists, r.Lists) {
			continue
		}
		g.patch(r.ID, groupKey(r), scheduleLists(r.Lists))
	}
	return true
}

func sameLists(a, b schedgroups.Lists) bool {
	return slices.Equal(a.Open, b.Open) && slices.Equal(a.Closed, b.Closed) && slices.Equal(a.Holiday, b.Holiday)
}

// fillSchedules offers the schedules by name, keeping the one chosen.
func (g *groupsView) fillSchedules(cs []app.ScheduleChoice) {
	chosen := selectValue(g.schedule)
	opts := []node{el("option", attrs{"value", ""}, "Choose a schedule…")}
	for _, c := range cs {
		opts = append(opts, el("option", attrs{"value", c.ID}, c.Label))
	}
	replace(g.schedule, opts)
	setSelectValue(g.schedule, chosen)
	g.choices = cs
}

// groupKey is everything a group's row shows apart from its tick.
func groupKey(r app.GroupRow) string {
	return r.ID + "\x00" + r.Name + "\x00" + strings.Join(r.Lists.Open, "\x01") + "\x00" +
		strings.Join(r.Lists.Closed, "\x01") + "\x00" + strings.Join(r.Lists.Holiday, "\x01")
}

// groupRow describes a schedule group's row (listChrome.makeRows makes it).
func groupRow(r app.GroupRow) sp {
	check := h("input", attrs{"type", "checkbox", "data-testid", "group-select", "data-id", r.ID})
	name := h("span", attrs{"class", "name", "title", "Id " + r.ID}, r.Name)
	lists := h("td", attrs{"class", "schedules"}, scheduleLists(r.Lists))
	return h("tr", attrs{"data-testid", "group-row", "data-id", r.ID, "data-name", r.Name},
		h("td", attrs{"class", "name-cell"}, sparkCheckboxSp(check, "group-select-"+r.ID, name)), lists)
}

// scheduleLists describes a group's three lists, one line each, empty ones as a dash.
func scheduleLists(l schedgroups.Lists) []sp {
	line := func(label string, names []string) sp {
		text := strings.Join(names, ", ")
		if text == "" {
			text = "–"
		}
		return h("div", attrs{"class", "sched-line"}, h("span", attrs{"class", "list-name"}, label+":"), " ", text)
	}
	return []sp{line("Open", l.Open), line("Closed", l.Closed), line("Holiday", l.Holiday)}
}
