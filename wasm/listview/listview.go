// Package listview decides what a filtered, paged, selectable list shows:
// which rows, which of them are ticked, and the words around them. It holds
// no DOM, so it is tested natively; package ui only applies a View to the page.
package listview

import (
	"strconv"
	"strings"
)

// Item is one row of the list: an id, the name a person reads, and the
// numbers the filter also matches.
type Item struct {
	ID      string
	Name    string
	Numbers []string
}

// Noun names the rows in the words the list shows ("IVR", "IVRs").
type Noun struct{ One, Many string }

// List is the state of one list: its items, the filter, the page and the
// selection. The zero value is not usable: make one with New. A List is not
// safe for concurrent use; ui drives it from one goroutine at a time.
type List struct {
	noun     Noun
	pageSize int
	items    []Item
	query    string
	shown    []int // indexes into items that pass the filter, in list order
	page     int
	selected map[string]bool
	// anchor is the id of the row clicked last: a shift-click ticks or
	// unticks every row between it and the row clicked, as in a mail client.
	anchor string
}

// New returns an empty list that shows pageSize rows at a time.
func New(noun Noun, pageSize int) *List {
	return &List{noun: noun, pageSize: max(pageSize, 1), selected: map[string]bool{}}
}

// SetItems replaces the items (a reload after a batch, say). The filter
// stays, and so does the selection of ids that are still there: a person
// who ticked rows before a reload still means them.
func (l *List) SetItems(items []Item) {
	l.items = items
	present := make(map[string]bool, len(items))
	for _, it := range items {
		present[it.ID] = true
	}
	for id := range l.selected {
		if !present[id] {
			delete(l.selected, id)
		}
	}
	if !present[l.anchor] {
		l.anchor = ""
	}
	l.refilter()
}

// SetFilter shows only the items whose name contains q (any case), whose id
// is q, or one of whose numbers contains q's digits (three or more, as
// fewer would match nearly every number). A new filter starts at page one.
func (l *List) SetFilter(q string) {
	l.query = q
	l.page = 0
	l.refilter()
}

func (l *List) refilter() {
	q := strings.ToLower(strings.TrimSpace(l.query))
	digits := onlyDigits(q)
	l.shown = l.shown[:0]
	for i, it := range l.items {
		if q == "" || strings.Contains(strings.ToLower(it.Name), q) || strings.ToLower(it.ID) == q ||
			(digits != "" && anyContains(it.Numbers, digits)) {
			l.shown = append(l.shown, i)
		}
	}
	l.page = max(0, min(l.page, l.pages()-1))
}

func (l *List) pages() int { return (len(l.shown) + l.pageSize - 1) / l.pageSize }

// SetPage moves to page p (0-based), kept within the pages there are.
func (l *List) SetPage(p int) { l.page = max(0, min(p, l.pages()-1)) }

// Next and Prev move one page.
func (l *List) Next() { l.SetPage(l.page + 1) }
func (l *List) Prev() { l.SetPage(l.page - 1) }

// Click records that the box of id was set to on. With shift, every row
// shown between the last row clicked and this one is set the same way.
func (l *List) Click(id string, on, shift bool) {
	from, to := l.indexShown(l.anchor), l.indexShown(id)
	if shift && from >= 0 && to >= 0 {
		for _, i := range l.shown[min(from, to) : max(from, to)+1] {
			l.set(l.items[i].ID, on)
		}
	} else {
		l.set(id, on)
	}
	l.anchor = id
}

// Toggle flips the box of id, as clicking its name does.
func (l *List) Toggle(id string, shift bool) { l.Click(id, !l.selected[id], shift) }

func (l *List) set(id string, on bool) {
	if on {
		l.selected[id] = true
	} else {
		delete(l.selected, id)
	}
}

func (l *List) indexShown(id string) int {
	if id == "" {
		return -1
	}
	for n, i := range l.shown {
		if l.items[i].ID == id {
			return n
		}
	}
	return -1
}

// SelectPage ticks every row of the page in view.
func (l *List) SelectPage() {
	for _, i := range l.pageIndexes() {
		l.selected[l.items[i].ID] = true
	}
}

// SelectMatching ticks every row the filter lets through, on every page.
func (l *List) SelectMatching() {
	for _, i := range l.shown {
		l.selected[l.items[i].ID] = true
	}
}

// Clear unticks everything, shown or not.
func (l *List) Clear() {
	l.selected = map[string]bool{}
	l.anchor = ""
}

// IsSelected reports whether id is ticked.
func (l *List) IsSelected(id string) bool { return l.selected[id] }

// Selected returns the ticked ids in list order, the filter notwithstanding:
// a row ticked and then filtered out is still part of the change.
func (l *List) Selected() []string {
	var ids []string
	for _, it := range l.items {
		if l.selected[it.ID] {
			ids = append(ids, it.ID)
		}
	}
	return ids
}

func (l *List) pageIndexes() []int {
	start := min(l.page*l.pageSize, len(l.shown))
	return l.shown[start:min(start+l.pageSize, len(l.shown))]
}

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() < 3 {
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

// count writes n with its noun: "1 IVR", "1,204 IVRs".
func (l *List) count(n int) string {
	if n == 1 {
		return "1 " + l.noun.One
	}
	return group(n) + " " + l.noun.Many
}

// group writes n with thousands separators, as a person reads a count.
func group(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + group(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
