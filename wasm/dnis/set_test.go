package dnis

import (
	"strings"
	"testing"
)

func set_(line int, ivr string, number string) Change {
	return Change{Line: line, IVR: ivr, Action: Set, Number: number}
}

// TestPlanSet: set rows bring each IVR to exactly the numbers they name.
func TestPlanSet(t *testing.T) {
	tests := []struct {
		name     string
		changes  []Change
		jobs     []string
		problems []wantProblem
		notes    []wantNote
	}{
		{
			name:    "add: a set naming what the IVR holds plus one",
			changes: []Change{set_(2, "Alpha", n(1)), set_(3, "Alpha", n(2)), set_(4, "Alpha", n(10))},
			jobs:    []string{"j1 a +" + n(10)},
		},
		{
			name:    "remove: a held number the set does not name",
			changes: []Change{set_(2, "a", n(2))},
			jobs:    []string{"j1 a -" + n(1)},
		},
		{
			name:    "replace: removes and adds in one job",
			changes: []Change{set_(2, "b", n(11)), set_(3, "b", n(12))},
			jobs:    []string{"j1 b -" + n(3) + " +" + n(11) + " +" + n(12)},
		},
		{
			name:    "clear: one set row without a number",
			changes: []Change{set_(2, "Alpha", "")},
			jobs:    []string{"j1 a -" + n(1) + " -" + n(2)},
		},
		{
			name:    "already in place: one note per IVR, not one per row",
			changes: []Change{set_(2, "a", n(2)), set_(3, "a", "+1 (317) 555-0001"), set_(4, "c", "")},
			notes:   []wantNote{{2, "“Alpha” already holds exactly the numbers"}, {4, "“Charlie” already holds exactly"}},
		},
		{
			name:    "a number named twice in one set is a note",
			changes: []Change{set_(2, "b", n(3)), set_(3, "b", n(3))},
			notes:   []wantNote{{2, "“Bravo” already holds exactly"}, {3, "already set on “Bravo” (first on line 2)"}},
		},
		{
			name:     "mixed with add on the same IVR: an error naming both lines, nothing for that IVR",
			changes:  []Change{set_(2, "a", n(1)), add(3, "c", n(10)), add(4, "Alpha", n(11))},
			jobs:     []string{"j1 c +" + n(10)},
			problems: []wantProblem{{4, "“Alpha” is set on line 2, so this row cannot also add a number there"}},
		},
		{
			name:     "mixed with remove, remove first",
			changes:  []Change{rm(2, "a", n(1)), set_(3, "a", n(1))},
			problems: []wantProblem{{2, "“Alpha” is set on line 3, so this row cannot also remove a number there"}},
		},
		{
			name:     "an empty set row beside other set rows",
			changes:  []Change{set_(2, "a", n(1)), set_(3, "a", "")},
			problems: []wantProblem{{3, "must be its only set row (another is on line 2)"}},
		},
		{
			name:    "a move between two sets: the remove lands first",
			changes: []Change{set_(2, "c", n(3)), set_(3, "b", "")},
			jobs:    []string{"j1 b -" + n(3), "j2 c +" + n(3) + " after j1"},
		},
		{
			name:     "a number held by an IVR the batch does not set is a conflict",
			changes:  []Change{set_(2, "c", n(3))},
			problems: []wantProblem{{2, "is on the IVR “Bravo” (id b)"}},
		},
		{
			name:     "two sets claiming one number",
			changes:  []Change{set_(2, "c", n(20)), set_(3, "d1", n(20))},
			jobs:     []string{"j1 c +" + n(20)},
			problems: []wantProblem{{3, "is added to both “Charlie” (line 2) and “Dup”"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := PlanChanges(testOrg(), tt.changes)
			checkJobs(t, p.Jobs, tt.jobs)
			checkProblems(t, p.Problems, tt.problems)
			checkNotes(t, p.Notes, tt.notes)
		})
	}
}

// TestPlanSetIsWholeOrNothing: when one row about an IVR is rejected, none
// of its set applies, or the number that row meant to keep would go.
func TestPlanSetIsWholeOrNothing(t *testing.T) {
	p := PlanCSV(testOrg(), strings.NewReader("ivr,action,number\nAlpha,set,+13175550001\nAlpha,set,+1317555000x\nb,add,+13175550010\n"))
	checkJobs(t, p.Jobs, []string{"j1 b +" + n(10)})
	checkProblems(t, p.Problems, []wantProblem{
		{2, "“Alpha” is not changed: line 3 about it has a problem"},
		{3, "“+1317555000x” has “x”"},
	})
}
