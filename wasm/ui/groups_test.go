//go:build js && wasm

package ui

import (
	"fmt"
	"slices"
	"testing"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
)

// The schedule group list is the same list chrome as the IVRs': a row
// whose lists change while a batch runs is patched in place, and a new list
// of groups keeps every row that shows the same thing.
func TestGroupListKeepsRows(t *testing.T) {
	u := &UI{}
	t.Cleanup(u.Close)
	g := newGroupsView(u)
	all := mount(t, g.root)
	groups := func(n int) []app.GroupRow {
		out := make([]app.GroupRow, n)
		for i := range out {
			out[i] = app.GroupRow{ID: fmt.Sprintf("g%d", i), Name: fmt.Sprintf("Site %03d", i),
				Lists: schedgroups.Lists{Open: []string{"Weekdays"}}}
		}
		return out
	}
	show := func(rev int, rows []app.GroupRow) []elem {
		t.Helper()
		g.render(app.View{Phase: app.PhaseReady, Groups: app.GroupsView{Rev: rev, Groups: rows}}, true)
		return all(`[data-testid="group-row"]`)
	}
	before := show(1, groups(4))
	if len(before) != 4 {
		t.Fatalf("%d rows, want 4", len(before))
	}
	val(all(`[data-testid="group-row"] label`)[0]).Call("click")
	if got := g.Selected(); !slices.Equal(got, []string{"g0"}) {
		t.Fatalf("selected %v after a click on the first name", got)
	}
	if got := all(`[data-testid="group-selection-count"]`)[0].TextContent(); got != "4 schedule groups · 1 selected" {
		t.Errorf("count %q", got)
	}

	// The batch read group 2 and it gained a holiday: that row's lists
	// change, in place, and every row is the same element.
	read := groups(4)
	read[2].Lists.Holiday = []string{"Christmas Day 2026"}
	boxBefore := all(`[data-testid="group-select"]`)[2]
	after := show(2, read)
	for i := range after {
		if !val(after[i]).Equal(val(before[i])) {
			t.Errorf("row %d was made anew for a change of group 2's lists", i)
		}
	}
	if !val(all(`[data-testid="group-select"]`)[2]).Equal(val(boxBefore)) {
		t.Error("group 2's checkbox was made anew")
	}
	if got := all(`td.schedules`)[2].TextContent(); got != "Open: WeekdaysClosed: –Holiday: Christmas Day 2026" {
		t.Errorf("group 2's lists show %q", got)
	}

	// A fifth group (the list read again): the four rows that show the
	// same thing are kept, patched one included, ticks and all.
	more := append(read, groups(5)[4])
	again := show(3, more)
	if len(again) != 5 {
		t.Fatalf("%d rows, want 5", len(again))
	}
	for i := range before {
		if !val(again[i]).Equal(val(before[i])) {
			t.Errorf("row %d was made anew when a group was added", i)
		}
	}
	if !val(all(`[data-testid="group-select"]`)[0]).Get("checked").Bool() || !slices.Equal(g.Selected(), []string{"g0"}) {
		t.Errorf("the tick of row 1 was lost: selected %v", g.Selected())
	}
	// A group whose lists changed while the rows were rebuilt is drawn anew.
	more[1].Lists.Closed = []string{"Nights"}
	more = append(more, groups(6)[5])
	last := show(4, more)
	if val(last[1]).Equal(val(before[1])) || !val(last[0]).Equal(val(before[0])) {
		t.Error("want row 2 (changed) made anew and row 1 kept")
	}
}
