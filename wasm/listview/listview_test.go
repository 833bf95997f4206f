package listview

import (
	"fmt"
	"slices"
	"testing"
)

var ivrs = Noun{"IVR", "IVRs"}

// items makes n items "ivr-00" … with names "Line 0" … and one number each.
func items(n int) []Item {
	out := make([]Item, n)
	for i := range out {
		out[i] = Item{ID: fmt.Sprintf("ivr-%02d", i), Name: fmt.Sprintf("Line %d", i),
			Numbers: []string{fmt.Sprintf("+1317555%04d", i)}}
	}
	return out
}

func ids(rows []Row) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return out
}

func idRange(from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, fmt.Sprintf("ivr-%02d", i))
	}
	return out
}

func TestFilterByNameIDOrDigits(t *testing.T) {
	l := New(ivrs, 50)
	l.SetItems([]Item{
		{ID: "a1", Name: "Sales Main", Numbers: []string{"+13175550100"}},
		{ID: "b2", Name: "Support", Numbers: []string{"+13175550199", "+442071234567"}},
		{ID: "c3", Name: "sales after hours"},
	})
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"", []string{"a1", "b2", "c3"}},
		{"SALES", []string{"a1", "c3"}},
		{"  support ", []string{"b2"}},
		{"b2", []string{"b2"}},             // an id, exactly
		{"b", []string{}},                  // part of an id is no match (no name has a b)
		{"555-01", []string{"a1", "b2"}},   // digits of a number, written any way
		{"+44 20", []string{"b2"}},         // digits of the other number
		{"1", []string{}},                  // one digit: would match nearly everything
		{"(317) 555-0199", []string{"b2"}}, // a written number
	} {
		l.SetFilter(tt.q)
		if got := ids(l.View().Rows); !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
			t.Errorf("filter %q shows %v, want %v", tt.q, got, tt.want)
		}
	}
}

func TestPaging(t *testing.T) {
	l := New(ivrs, 10)
	l.SetItems(items(25))
	v := l.View()
	if !v.Paged || v.PageText != "Page 1 of 3" || v.PrevOK || !v.NextOK || !slices.Equal(ids(v.Rows), idRange(0, 9)) {
		t.Fatalf("first page: %+v", v)
	}
	l.Next()
	l.Next()
	l.Next() // past the end: stays on the last page
	v = l.View()
	if v.PageText != "Page 3 of 3" || !v.PrevOK || v.NextOK || !slices.Equal(ids(v.Rows), idRange(20, 24)) {
		t.Fatalf("last page: %+v", v)
	}
	l.SetFilter("Line 1") // Line 1, Line 10…19: 11 rows, and back to page one
	v = l.View()
	if v.PageText != "Page 1 of 2" || len(v.Rows) != 10 || v.Rows[0].ID != "ivr-01" {
		t.Fatalf("a new filter starts at page one: %+v", v)
	}
	l.SetFilter("Line 7")
	if v = l.View(); v.Paged || v.PrevOK || v.NextOK || v.PageText != "Page 1 of 1" {
		t.Fatalf("one page: %+v", v)
	}
	// Fewer items after a reload: the page follows.
	l.SetFilter("")
	l.SetPage(2)
	l.SetItems(items(12))
	if v = l.View(); v.PageText != "Page 2 of 2" || !slices.Equal(ids(v.Rows), idRange(10, 11)) {
		t.Fatalf("after shrinking: %+v", v)
	}
}

// step is one click or action on a list and the ids ticked after it.
type step struct {
	do   func(l *List)
	want []string
}

func run(t *testing.T, l *List, steps []step) {
	t.Helper()
	for i, s := range steps {
		s.do(l)
		if got := l.Selected(); !slices.Equal(got, s.want) && !(len(got) == 0 && len(s.want) == 0) {
			t.Errorf("step %d: selected %v, want %v", i, got, s.want)
		}
		for _, r := range l.View().Rows {
			if r.Selected != slices.Contains(s.want, r.ID) {
				t.Errorf("step %d: row %s shows selected=%v", i, r.ID, r.Selected)
			}
		}
	}
}

func click(id string, on, shift bool) func(*List) {
	return func(l *List) { l.Click(id, on, shift) }
}

func TestShiftClickSelectsARange(t *testing.T) {
	l := New(ivrs, 50)
	l.SetItems(items(20))
	run(t, l, []step{
		{click("ivr-03", true, false), idRange(3, 3)},
		{click("ivr-07", true, true), idRange(3, 7)},                                             // down
		{click("ivr-01", true, true), idRange(1, 7)},                                             // up from the last click (7)
		{click("ivr-04", false, true), idRange(5, 7)},                                            // untick 1…4 (the anchor was 1)
		{click("ivr-05", false, false), idRange(6, 7)},                                           // a plain click
		{func(l *List) { l.Toggle("ivr-10", false) }, append(idRange(6, 7), "ivr-10")},           // the name toggles
		{func(l *List) { l.Toggle("ivr-12", true) }, append(idRange(6, 7), idRange(10, 12)...)},  // shift on a name
		{func(l *List) { l.Toggle("ivr-12", false) }, append(idRange(6, 7), idRange(10, 11)...)}, // toggles back
		{func(l *List) { l.Clear() }, nil},
		{click("ivr-09", true, true), idRange(9, 9)}, // no anchor after Clear: just the one
	})
}

func TestShiftClickWithinTheFilter(t *testing.T) {
	l := New(ivrs, 50)
	l.SetItems(items(20))
	l.SetFilter("Line 1") // 1, 10…19
	run(t, l, []step{
		{click("ivr-01", true, false), idRange(1, 1)},
		// The range runs over rows shown, not over rows the filter hides (2…9).
		{click("ivr-12", true, true), append(idRange(1, 1), idRange(10, 12)...)},
	})
	l.SetFilter("Line 2")
	// The anchor (ivr-12) is hidden now: a shift-click ticks only its row.
	run(t, l, []step{{click("ivr-02", true, true), append(idRange(1, 2), idRange(10, 12)...)}})
}

func TestSelectPageAndMatching(t *testing.T) {
	l := New(ivrs, 10)
	l.SetItems(items(1234))
	v := l.View()
	if v.Summary != "1,234 IVRs · none selected" || v.SelectPage != "Select this page (10)" ||
		v.SelectMatching != "Select all 1,234 IVRs" || !v.SelectPageOK || !v.SelectMatchingOK || v.ClearOK {
		t.Fatalf("unfiltered: %+v", v)
	}
	l.SetFilter("Line 12") // 12, 120…129, 1200…1233: 1+10+34 = 45
	l.SelectPage()
	v = l.View()
	if got := len(l.Selected()); got != 10 {
		t.Fatalf("select this page ticked %d, want 10", got)
	}
	if v.SelectPageOK || !v.SelectMatchingOK || v.SelectMatching != "Select all 45 matching" ||
		v.Summary != "45 of 1,234 IVRs match · 10 selected" {
		t.Fatalf("after select page: %+v", v)
	}
	l.SelectMatching()
	v = l.View()
	if got := len(l.Selected()); got != 45 || v.SelectMatchingOK || !v.ClearOK {
		t.Fatalf("select all matching ticked %d (want 45): %+v", got, v)
	}
	l.SetFilter("Line 777")
	if v = l.View(); v.Summary != "1 of 1,234 IVRs match · 45 selected (45 hidden by the filter)" {
		t.Errorf("summary %q", v.Summary)
	}
	l.SetFilter("no such line")
	if v = l.View(); v.Empty != "No IVR matches “no such line”." || v.SelectPageOK || v.SelectMatchingOK || len(v.Rows) != 0 {
		t.Errorf("nothing matches: %+v", v)
	}
	l.Clear()
	if v = l.View(); v.ClearOK || len(l.Selected()) != 0 {
		t.Errorf("after clear: %+v", v)
	}
}

func TestWordsAndPlurals(t *testing.T) {
	l := New(ivrs, 50)
	if v := l.View(); v.Empty != "There are no IVRs." || v.Summary != "0 IVRs · none selected" {
		t.Errorf("empty: %+v", v)
	}
	l.SetItems(items(1))
	l.Click("ivr-00", true, false)
	if v := l.View(); v.Summary != "1 IVR · 1 selected" || v.SelectMatching != "Select all 1 IVR" || v.Empty != "" {
		t.Errorf("one: %+v", v)
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 12345: "12,345", 1234567: "1,234,567"} {
		if got := group(n); got != want {
			t.Errorf("group(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestReloadKeepsSelectionOfIDsStillThere(t *testing.T) {
	l := New(ivrs, 50)
	l.SetItems(items(5))
	l.Click("ivr-01", true, false)
	l.Click("ivr-04", true, false)
	l.SetItems(items(3)) // ivr-04 is gone
	if got := l.Selected(); !slices.Equal(got, []string{"ivr-01"}) {
		t.Errorf("after reload: %v", got)
	}
	// The anchor (ivr-04) went with it: a shift-click ticks just its row.
	l.Click("ivr-02", true, true)
	if got := l.Selected(); !slices.Equal(got, idRange(1, 2)) {
		t.Errorf("after shift-click: %v", got)
	}
}
