//go:build js && wasm

package ui

import (
	"slices"
	"testing"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/dnis"
)

// The IVR list applies listview to the DOM: these check the applying (rows,
// ticks, highlight, the words), not the decisions, which listview's own
// tests cover natively.

func newTestList(t *testing.T, n int) (*ivrView, func(sel string) []elem) {
	t.Helper()
	u := &UI{}
	t.Cleanup(u.Close)
	v := newIVRView(u)
	all := mount(t, v.root)
	ivrs := make([]dnis.IVR, n)
	for i := range ivrs {
		ivrs[i] = dnis.IVR{ID: string(rune('a'+i)) + "-id", Name: "Line " + string(rune('A'+i)), DNIS: []string{"+1317555010" + string(rune('0'+i))}}
	}
	v.render(app.View{Phase: app.PhaseReady, IVRs: ivrs, IVRsRev: 1}, true)
	return v, all
}

func TestIVRListTicksAndHighlights(t *testing.T) {
	v, all := newTestList(t, 6)
	rows := all(`[data-testid="ivr-row"]`)
	if len(rows) != 6 {
		t.Fatalf("%d rows, want 6", len(rows))
	}
	if got := rows[2].GetAttribute("data-ivr-name"); got != "Line C" {
		t.Errorf("row 3 is named %q", got)
	}
	if got := all(`[data-testid="ivr-row"] [data-testid="ivr-dnis"]`)[1].TextContent(); got != "+13175550101" {
		t.Errorf("ivr-dnis text %q", got)
	}
	// A click on the name (its label) ticks the box and highlights the row.
	val(all(`[data-testid="ivr-row"] label`)[1]).Call("click")
	// A shift-click on a box ticks the range from the last click.
	shift := jsDoc.Get("defaultView").Get("MouseEvent").New("click", map[string]any{"bubbles": true, "shiftKey": true})
	val(all(`[data-testid="ivr-select"]`)[4]).Call("dispatchEvent", shift)
	want := []string{"b-id", "c-id", "d-id", "e-id"}
	if got := v.Selected(); !slices.Equal(got, want) {
		t.Errorf("selected %v, want %v", got, want)
	}
	for i, r := range all(`[data-testid="ivr-row"]`) {
		on := i >= 1 && i <= 4
		box := val(all(`[data-testid="ivr-select"]`)[i])
		if box.Get("checked").Bool() != on || val(r).Get("classList").Call("contains", "selected").Bool() != on {
			t.Errorf("row %d: checked %v, highlighted %v, want %v", i, box.Get("checked").Bool(),
				val(r).Get("classList").Call("contains", "selected").Bool(), on)
		}
	}
	if got := v.count.TextContent(); got != "6 IVRs · 4 selected" {
		t.Errorf("count %q", got)
	}
	// The filter narrows the rows; the ticks stay and are counted.
	v.filter.SetValue("line f")
	val(v.filter).Call("dispatchEvent", jsDoc.Get("defaultView").Get("Event").New("input", map[string]any{"bubbles": true}))
	if n := len(all(`[data-testid="ivr-row"]`)); n != 1 {
		t.Errorf("%d rows for “line f”, want 1", n)
	}
	if got := v.count.TextContent(); got != "1 of 6 IVRs match · 4 selected (4 hidden by the filter)" {
		t.Errorf("count %q", got)
	}
	if got := v.selAll.TextContent(); got != "Select all 1 matching" {
		t.Errorf("select-filtered says %q", got)
	}
}

// A new org list (a batch's end) keeps the rows that show the same thing:
// the same elements, ticks and all; only a changed IVR's row is made anew,
// in its place.
func TestIVRListKeepsUnchangedRows(t *testing.T) {
	v, all := newTestList(t, 4)
	before := all(`[data-testid="ivr-row"]`)
	val(all(`[data-testid="ivr-row"] label`)[0]).Call("click")
	ivrs := make([]dnis.IVR, 4)
	for i := range ivrs {
		ivrs[i] = dnis.IVR{ID: string(rune('a'+i)) + "-id", Name: "Line " + string(rune('A'+i)), DNIS: []string{"+1317555010" + string(rune('0'+i))}}
	}
	ivrs[2].DNIS = append(ivrs[2].DNIS, "+13175550199")
	v.render(app.View{Phase: app.PhaseReady, IVRs: ivrs, IVRsRev: 2}, true)
	after := all(`[data-testid="ivr-row"]`)
	if len(after) != 4 {
		t.Fatalf("%d rows, want 4", len(after))
	}
	for i := range after {
		same := val(after[i]).Equal(val(before[i]))
		if same != (i != 2) {
			t.Errorf("row %d kept: %v, want %v", i, same, i != 2)
		}
	}
	if got := all(`[data-testid="ivr-dnis"]`)[2].TextContent(); got != "+13175550102,+13175550199" {
		t.Errorf("changed row shows %q", got)
	}
	if !val(all(`[data-testid="ivr-select"]`)[0]).Get("checked").Bool() || !slices.Equal(v.Selected(), []string{"a-id"}) {
		t.Errorf("the tick of row 1 was lost: selected %v", v.Selected())
	}
}
