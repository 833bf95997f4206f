package dnis

import "testing"

// TestUndoSinceAfterLaterEdits: undoing an older batch after later edits
// reports each number that changed since as a conflict, leaves it, and
// undoes the rest.
func TestUndoSinceAfterLaterEdits(t *testing.T) {
	// testOrg: a: 1, 2; b: 3; c: -
	before := map[string][]string{"a": {n(1), n(2)}, "b": {n(3)}, "c": nil}
	first := []JobOutcome{
		{IVRName: "Bravo", Intent: Intent{IVRID: "b", Remove: []string{n(3)}}, Outcome: "done"},
		{IVRName: "Charlie", Intent: Intent{IVRID: "c", Add: []string{n(10), n(11), n(3)}}, Outcome: "done"},
		{IVRName: "Alpha", Intent: Intent{IVRID: "a", Remove: []string{n(2)}}, Outcome: "done"},
	}
	// After the first batch: a: 1; b: -; c: 10, 11, 3. Then a later batch
	// moved 10 from Charlie to Alpha and gave 2 to Dup.
	now := testOrg()
	now[0].DNIS = []string{n(1), n(10)}
	now[1].DNIS = nil
	now[2].DNIS = []string{n(11), n(3)}
	now[3].DNIS = []string{n(2)}

	changes, problems := UndoSince(ExpandResults(first), before, now)
	checkProblems(t, problems, []wantProblem{
		{0, "“+13175550010”, which this batch added to “Charlie”, is on “Alpha” now: undo leaves it as it is"},
		{0, "“+13175550002”, which this batch removed from “Alpha”, is on “Dup” now: undo leaves it there"},
	})
	p := PlanChanges(now, changes)
	checkProblems(t, p.Problems, nil)
	// 3 goes back from Charlie to Bravo; 11 leaves Charlie; Alpha keeps 10
	// and Dup keeps 2.
	checkJobs(t, p.Jobs, []string{"j1 c -" + n(11) + " -" + n(3), "j2 b +" + n(3) + " after j1"})

	// A number re-added since is a conflict too.
	now[1].DNIS = []string{n(3)}
	now[2].DNIS = []string{n(11)}
	_, problems = UndoSince(ExpandResults(first[:1]), before, now)
	checkProblems(t, problems, []wantProblem{{0, "which this batch removed from “Bravo”, is back on it since"}})
}
