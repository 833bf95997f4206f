package listview

import "fmt"

// Row is one row on the page in view.
type Row struct {
	Item
	Selected bool
}

// View is everything the page shows of a list, decided here so that ui
// only copies it into elements.
type View struct {
	Rows []Row
	// Empty says why no row shows ("" when some do).
	Empty string
	// Summary counts what matches and what is ticked, including ticked
	// rows the filter hides: they are still part of the change.
	Summary string
	// Paged is false when everything fits on one page: no pager then.
	Paged    bool
	PageText string
	PrevOK   bool
	NextOK   bool
	// SelectPage ticks the rows in view; shown only when the list is
	// paged, as otherwise it would do what SelectMatching does.
	SelectPage   string
	SelectPageOK bool
	// SelectMatching ticks every row the filter lets through, on every page.
	SelectMatching   string
	SelectMatchingOK bool
	ClearOK          bool
}

// View returns what to show now.
func (l *List) View() View {
	var v View
	idx := l.pageIndexes()
	v.Rows = make([]Row, len(idx))
	pageAll := len(idx) > 0
	for n, i := range idx {
		it := l.items[i]
		v.Rows[n] = Row{Item: it, Selected: l.selected[it.ID]}
		pageAll = pageAll && v.Rows[n].Selected
	}
	matchAll, hidden := len(l.shown) > 0, 0
	inShown := make(map[string]bool, len(l.selected))
	for _, i := range l.shown {
		id := l.items[i].ID
		if l.selected[id] {
			inShown[id] = true
		} else {
			matchAll = false
		}
	}
	hidden = len(l.selected) - len(inShown)

	filtered := len(l.shown) != len(l.items)
	switch {
	case len(l.items) == 0:
		v.Empty = "There are no " + l.noun.Many + "."
	case len(l.shown) == 0:
		v.Empty = fmt.Sprintf("No %s matches “%s”.", l.noun.One, l.query)
	}
	if filtered {
		v.Summary = fmt.Sprintf("%s of %s match", group(len(l.shown)), l.count(len(l.items)))
	} else {
		v.Summary = l.count(len(l.items))
	}
	switch n := len(l.selected); {
	case n == 0:
		v.Summary += " · none selected"
	case hidden > 0:
		v.Summary += fmt.Sprintf(" · %s selected (%s hidden by the filter)", group(n), group(hidden))
	default:
		v.Summary += fmt.Sprintf(" · %s selected", group(n))
	}

	pages := l.pages()
	v.Paged = pages > 1
	v.PageText = fmt.Sprintf("Page %s of %s", group(l.page+1), group(max(pages, 1)))
	v.PrevOK = l.page > 0
	v.NextOK = l.page < pages-1
	v.SelectPage = fmt.Sprintf("Select this page (%s)", group(len(idx)))
	v.SelectPageOK = len(idx) > 0 && !pageAll
	if filtered {
		v.SelectMatching = fmt.Sprintf("Select all %s matching", group(len(l.shown)))
	} else {
		v.SelectMatching = "Select all " + l.count(len(l.shown))
	}
	v.SelectMatchingOK = len(l.shown) > 0 && !matchAll
	v.ClearOK = len(l.selected) > 0
	return v
}
