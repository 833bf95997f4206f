package schedgroups

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// org is a small sample: 120 site groups with weekly lists and a holiday or two.
func org() ([]Group, []Schedule) {
	schedules := []Schedule{
		{ID: "s-week", Name: "Weekdays 8am-6pm"}, {ID: "s-night", Name: "Weeknights"},
		{ID: "s-ny", Name: "New Year's Day 2026"}, {ID: "s-xmas", Name: "Christmas Day 2026"},
		{ID: "s-inv1", Name: "Inventory Day"}, {ID: "s-inv2", Name: "Inventory Day"},
		{ID: "s-old", Name: "Company Offsite 2019", Deleted: true},
	}
	var groups []Group
	for i := range 120 {
		groups = append(groups, Group{ID: fmt.Sprintf("g%03d", i), Name: fmt.Sprintf("Site %03d", i),
			Lists: Lists{Open: []string{"s-week"}, Closed: []string{"s-night"}, Holiday: []string{"s-ny"}}})
	}
	groups = append(groups, Group{ID: "g-dup1", Name: "Twin"}, Group{ID: "g-dup2", Name: "Twin"})
	return groups, schedules
}

func TestHolidayChoreForEveryGroup(t *testing.T) {
	groups, schedules := org()
	ids := make([]string, 120)
	for i := range ids {
		ids[i] = groups[i].ID
	}
	p := PlanSelection(groups, schedules, ids, Holiday, "Christmas Day 2026", Add)
	if !p.Ready() || len(p.Jobs) != 120 || len(p.Preview) != 120 {
		t.Fatalf("plan: ready %v, %d jobs, %d rows, problems %+v", p.Ready(), len(p.Jobs), len(p.Preview), p.Problems)
	}
	row := p.Preview[7]
	if !slices.Equal(row.Before.Holiday, []string{"New Year's Day 2026"}) || !slices.Equal(row.After.Holiday, []string{"New Year's Day 2026", "Christmas Day 2026"}) ||
		!slices.Equal(row.After.Open, row.Before.Open) {
		t.Errorf("preview row: %+v", row)
	}
	// Applied to a fresher copy (someone added a schedule meanwhile), the
	// intent keeps the other edit and adds only its own.
	fresh := Lists{Open: []string{"s-week"}, Closed: []string{"s-night"}, Holiday: []string{"s-ny", "s-inv1"}}
	got := p.Jobs[7].Apply(fresh)
	if !slices.Equal(got.Holiday, []string{"s-ny", "s-inv1", "s-xmas"}) || !p.Jobs[7].Satisfied(got) || p.Jobs[7].Satisfied(fresh) {
		t.Errorf("apply to a fresh copy: %+v", got)
	}
	if again := p.Jobs[7].Apply(got); !slices.Equal(again.Holiday, got.Holiday) {
		t.Errorf("replaying a landed intent changed the group: %+v", again)
	}
}

func TestCSVValidation(t *testing.T) {
	groups, schedules := org()
	groups[3].Holiday = append(groups[3].Holiday, "s-xmas")
	csv := strings.Join([]string{
		"group,list,schedule,action,comment",
		"Site 001,holiday,Christmas Day 2026,add,extra column ignored",
		"Site 003,holiday,Christmas Day 2026,add,", // already there: note
		"Nowhere,holiday,Christmas Day 2026,add,",
		"Site 004,holiday,No Such Day,add,",
		"Site 005,holiday,Inventory Day,add,",
		"Twin,open,s-week,add,",
		"Site 006,holiday,Company Offsite 2019,add,",
		"Site 007,weekend,s-xmas,add,",
		"Site 008,holiday,s-xmas,toggle,",
		"Site 009,closed,New Year's Day 2026,remove,", // not on closed: note
		"g010,holiday,s-xmas,add,",
		"g010,holiday,s-xmas,remove,",
		"Site 011,closed,Weekdays 8am-6pm,add,", // on open and closed: warning
	}, "\n")
	p := PlanCSV(groups, schedules, strings.NewReader(csv), nil)
	want := map[int]string{
		4:  "no schedule group named or with id “Nowhere”",
		5:  "no schedule named or with id “No Such Day”",
		6:  "2 schedules are named “Inventory Day”: use the id of the one you mean (s-inv1, s-inv2)",
		7:  "2 schedule groups are named “Twin”",
		8:  "“Company Offsite 2019” is deleted",
		9:  "\"weekend\" is not a list",
		10: "\"toggle\" is not an action",
		13: "both added to and removed from the holiday list of “Site 010” (first on line 12)",
	}
	if len(p.Problems) != len(want) {
		t.Errorf("%d problems, want %d: %+v", len(p.Problems), len(want), p.Problems)
	}
	for _, pr := range p.Problems {
		if w, ok := want[pr.Line]; !ok || !strings.Contains(pr.Message, w) {
			t.Errorf("line %d: %q, want it to say %q", pr.Line, pr.Message, w)
		}
	}
	if p.Ready() {
		t.Error("a plan with problems is ready")
	}
	var lines []int
	warnings := 0
	for _, n := range p.Notes {
		lines = append(lines, n.Line)
		if n.Warning {
			warnings++
			if n.GroupID != "g011" || !strings.Contains(n.Message, "both the open and the closed list") {
				t.Errorf("warning: %+v", n)
			}
		}
	}
	if !slices.Contains(lines, 3) || !slices.Contains(lines, 11) || warnings != 1 {
		t.Errorf("notes %+v", p.Notes)
	}
	// The valid rows still show, so the person sees the rest while fixing.
	if len(p.Jobs) != 3 || p.Jobs[0].GroupID != "g001" {
		t.Errorf("jobs %+v", p.Jobs)
	}
}

func TestUndoKeepsLaterEdits(t *testing.T) {
	groups, schedules := org()
	before := groups[1].Lists
	in := Intent{GroupID: "g001", Add: []Entry{{Holiday, "s-xmas"}}, Remove: []Entry{{Holiday, "s-ny"}}}
	after := in.Apply(before)
	// Since the batch, someone added Inventory Day and removed Christmas again.
	groups[1].Lists = after
	groups[1].Holiday = []string{"s-inv1"}
	groups[2].Lists = Intent{GroupID: "g002", Add: []Entry{{Holiday, "s-xmas"}}}.Apply(groups[2].Lists)
	p := PlanUndo(groups, schedules, []Done{
		{Intent: in, Before: before},
		{Intent: Intent{GroupID: "g002", Add: []Entry{{Holiday, "s-xmas"}}}, Before: org1Lists()},
	})
	if len(p.Jobs) != 2 {
		t.Fatalf("undo jobs %+v, notes %+v", p.Jobs, p.Notes)
	}
	got := p.Jobs[0].Apply(groups[1].Lists)
	if !slices.Equal(got.Holiday, []string{"s-inv1", "s-ny"}) {
		t.Errorf("undo of g001: %v (Inventory Day kept, New Year back, nothing else)", got.Holiday)
	}
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0].Message, "no longer on the holiday list") {
		t.Errorf("notes %+v", p.Notes)
	}
	if got := p.Jobs[1].Apply(groups[2].Lists); slices.Contains(got.Holiday, "s-xmas") {
		t.Errorf("undo of g002 kept Christmas: %v", got.Holiday)
	}
}

func org1Lists() Lists {
	return Lists{Open: []string{"s-week"}, Closed: []string{"s-night"}, Holiday: []string{"s-ny"}}
}
