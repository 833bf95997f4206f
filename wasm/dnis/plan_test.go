package dnis

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// n is a test number: n(1) = "+13175550001".
func n(k int) string { return fmt.Sprintf("+1317555%04d", k) }

func testOrg() []IVR {
	return []IVR{
		{ID: "a", Name: "Alpha", DNIS: []string{n(1), n(2)}},
		{ID: "b", Name: "Bravo", DNIS: []string{n(3)}},
		{ID: "c", Name: "Charlie"},
		{ID: "d1", Name: "Dup"},
		{ID: "d2", Name: "Dup"},
		{ID: "x", Name: "a"}, // named like Alpha's id: the id wins
	}
}

// add and rm build CSV-like changes on a line.
func add(line int, ivr string, number string) Change {
	return Change{Line: line, IVR: ivr, Action: Add, Number: number}
}
func rm(line int, ivr string, number string) Change {
	return Change{Line: line, IVR: ivr, Action: Remove, Number: number}
}

// jobLines renders jobs compactly: "j1 a +n -n after j0".
func jobLines(jobs []PlannedJob) []string {
	var out []string
	for _, j := range jobs {
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s", j.ID, j.Intent.IVRID)
		for _, x := range j.Intent.Remove {
			b.WriteString(" -" + x)
		}
		for _, x := range j.Intent.Add {
			b.WriteString(" +" + x)
		}
		if len(j.After) > 0 {
			b.WriteString(" after " + strings.Join(j.After, ","))
		}
		out = append(out, b.String())
	}
	return out
}

func checkJobs(t *testing.T, got []PlannedJob, want []string) {
	t.Helper()
	g := jobLines(got)
	if !slices.Equal(g, want) {
		t.Errorf("jobs =\n  %s\nwant\n  %s", strings.Join(g, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestPlanChanges(t *testing.T) {
	tests := []struct {
		name     string
		changes  []Change
		jobs     []string
		preview  []string // "id: before -> after"
		problems []wantProblem
		notes    []wantNote
	}{
		{
			name:    "add by name and by id, one job per IVR",
			changes: []Change{add(2, "Alpha", n(10)), add(3, "c", n(11)), add(4, "a", "+1 (317) 555-0012")},
			jobs:    []string{"j1 a +" + n(10) + " +" + n(12), "j2 c +" + n(11)},
			preview: []string{
				"a: " + n(1) + "," + n(2) + " -> " + n(1) + "," + n(2) + "," + n(10) + "," + n(12),
				"c:  -> " + n(11),
			},
		},
		{
			name:    "add and remove on one IVR make one job",
			changes: []Change{rm(2, "a", n(1)), add(3, "a", n(10))},
			jobs:    []string{"j1 a -" + n(1) + " +" + n(10)},
			preview: []string{"a: " + n(1) + "," + n(2) + " -> " + n(2) + "," + n(10)},
		},
		{
			name:    "number already on this IVR is a note, no job",
			changes: []Change{add(2, "Alpha", n(1))},
			notes:   []wantNote{{2, "“" + n(1) + "” is already on “Alpha”: nothing to add"}},
		},
		{
			name:    "removing a number the IVR does not hold is a note",
			changes: []Change{rm(2, "Alpha", n(3)), rm(3, "c", n(99))},
			notes:   []wantNote{{2, "is not on “Alpha”: nothing to remove"}, {3, "is not on “Charlie”"}},
		},
		{
			name:    "removing twice is a note",
			changes: []Change{rm(2, "a", n(1)), rm(3, "Alpha", "+1 317 555 0001")},
			jobs:    []string{"j1 a -" + n(1)},
			preview: []string{"a: " + n(1) + "," + n(2) + " -> " + n(2)},
			notes:   []wantNote{{3, "already removed from “Alpha” (first on line 2)"}},
		},
		{
			name:     "unknown IVR",
			changes:  []Change{add(2, "Nope", n(10))},
			problems: []wantProblem{{2, "no IVR has the id or name “Nope”"}},
		},
		{
			name:     "unknown IVR differing only in case",
			changes:  []Change{add(2, "alpha", n(10))},
			problems: []wantProblem{{2, "names are case-sensitive: did you mean “Alpha”?"}},
		},
		{
			name:     "a name several IVRs share names their ids",
			changes:  []Change{add(2, "Dup", n(10))},
			problems: []wantProblem{{2, "2 IVRs are named “Dup” (ids d1, d2): use the id instead"}},
		},
		{
			name:    "shared name resolved by id",
			changes: []Change{add(2, "d2", n(10))},
			jobs:    []string{"j1 d2 +" + n(10)},
			preview: []string{"d2:  -> " + n(10)},
		},
		{
			name:     "malformed number, bad action and unknown IVR in one problem",
			changes:  []Change{{Line: 7, IVR: "Nope", Action: "swap", Number: "12"}},
			problems: []wantProblem{{7, "no IVR has the id or name “Nope”; “swap” is not an action: use add, remove or set; “12” is not a full phone number"}},
		},
		{
			name:     "same number added twice to one IVR",
			changes:  []Change{add(2, "c", n(10)), add(3, "Charlie", "tel:+13175550010")},
			jobs:     []string{"j1 c +" + n(10)},
			preview:  []string{"c:  -> " + n(10)},
			problems: []wantProblem{{3, "“" + n(10) + "” is added to “Charlie” twice (first on line 2)"}},
		},
		{
			name:     "same number added to two IVRs",
			changes:  []Change{add(2, "c", n(10)), add(3, "a", n(10))},
			jobs:     []string{"j1 c +" + n(10)},
			preview:  []string{"c:  -> " + n(10)},
			problems: []wantProblem{{3, "is added to both “Charlie” (line 2) and “Alpha”: a number can be on only one IVR"}},
		},
		{
			name:     "added then removed on one IVR",
			changes:  []Change{add(2, "c", n(10)), rm(3, "c", n(10))},
			jobs:     []string{"j1 c +" + n(10)},
			preview:  []string{"c:  -> " + n(10)},
			problems: []wantProblem{{3, "is both added to and removed from “Charlie” (first on line 2)"}},
		},
		{
			name:     "removed then added on one IVR",
			changes:  []Change{rm(2, "a", n(1)), add(3, "a", n(1))},
			jobs:     []string{"j1 a -" + n(1)},
			preview:  []string{"a: " + n(1) + "," + n(2) + " -> " + n(2)},
			problems: []wantProblem{{3, "is both removed from and added to “Alpha” (first on line 2)"}},
		},
		{
			name:     "number on another IVR is a conflict",
			changes:  []Change{add(2, "c", n(3))},
			problems: []wantProblem{{2, "“" + n(3) + "” is on the IVR “Bravo” (id b): a number can be on only one IVR; to move it, remove it there in the same batch"}},
		},
		{
			name:     "a remove that does nothing does not make a move",
			changes:  []Change{rm(2, "a", n(3)), add(3, "c", n(3))},
			notes:    []wantNote{{2, "is not on “Alpha”"}},
			problems: []wantProblem{{3, "is on the IVR “Bravo”"}},
		},
		{
			name:    "move: the add waits for the remove",
			changes: []Change{rm(2, "b", n(3)), add(3, "c", n(3))},
			jobs:    []string{"j1 b -" + n(3), "j2 c +" + n(3) + " after j1"},
			preview: []string{"b: " + n(3) + " -> ", "c:  -> " + n(3)},
		},
		{
			name:    "move written add first: the remove still lands first",
			changes: []Change{add(2, "c", n(3)), add(3, "c", n(20)), rm(4, "b", n(3))},
			jobs:    []string{"j1 b -" + n(3), "j2 c +" + n(3) + " +" + n(20) + " after j1"},
			preview: []string{"c:  -> " + n(3) + "," + n(20), "b: " + n(3) + " -> "},
		},
		{
			name: "swap between two IVRs splits one into a remove and an add",
			changes: []Change{
				rm(2, "a", n(1)), add(3, "a", n(3)),
				rm(4, "b", n(3)), add(5, "b", n(1)),
			},
			jobs: []string{
				"j1 a -" + n(1),
				"j2 b -" + n(3) + " +" + n(1) + " after j1",
				"j3 a +" + n(3) + " after j1,j2",
			},
			preview: []string{
				"a: " + n(1) + "," + n(2) + " -> " + n(2) + "," + n(3),
				"b: " + n(3) + " -> " + n(1),
			},
		},
		{
			name: "rotation through three IVRs needs one split",
			changes: []Change{
				rm(2, "a", n(1)), add(3, "a", n(3)),
				rm(4, "b", n(3)), add(5, "b", n(30)),
				rm(6, "x", n(30)), add(7, "x", n(1)),
			},
			jobs: []string{
				"j1 a -" + n(1),
				"j2 x -" + n(30) + " +" + n(1) + " after j1",
				"j3 b -" + n(3) + " +" + n(30) + " after j2",
				"j4 a +" + n(3) + " after j1,j3",
			},
			preview: []string{
				"a: " + n(1) + "," + n(2) + " -> " + n(2) + "," + n(3),
				"b: " + n(3) + " -> " + n(30),
				"x: " + n(30) + " -> " + n(1),
			},
		},
		{
			name:     "problems come sorted by line; the good rows are still planned",
			changes:  []Change{add(5, "Nope", n(10)), add(2, "c", n(11)), add(3, "c", "5550100")},
			jobs:     []string{"j1 c +" + n(11)},
			preview:  []string{"c:  -> " + n(11)},
			problems: []wantProblem{{3, "not a full phone number"}, {5, "no IVR has"}},
		},
	}
	org := testOrg()
	// The rotation case needs x to hold n(30).
	org[5].DNIS = []string{n(30)}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := fmt.Sprint(org)
			p := PlanChanges(org, tt.changes)
			checkJobs(t, p.Jobs, tt.jobs)
			checkPreview(t, p.Preview, tt.preview)
			checkProblems(t, p.Problems, tt.problems)
			checkNotes(t, p.Notes, tt.notes)
			if want := len(tt.problems) == 0 && len(tt.jobs) > 0; p.Ready() != want {
				t.Errorf("Ready() = %v, want %v", p.Ready(), want)
			}
			if fmt.Sprint(org) != before {
				t.Errorf("PlanChanges modified the IVRs it was given")
			}
			checkJobsReachPreview(t, org, p)
		})
	}
}

func checkPreview(t *testing.T, got []PreviewRow, want []string) {
	t.Helper()
	var g []string
	for _, r := range got {
		g = append(g, fmt.Sprintf("%s: %s -> %s", r.IVRID, strings.Join(r.Before, ","), strings.Join(r.After, ",")))
	}
	if !slices.Equal(g, want) {
		t.Errorf("preview =\n  %s\nwant\n  %s", strings.Join(g, "\n  "), strings.Join(want, "\n  "))
	}
}

// checkJobsReachPreview runs the jobs in order as the pacer would — each
// only after its After jobs, on the current numbers — and checks that every
// PUT holds each number once, no number is ever on two IVRs, and the end
// state is the preview's.
func checkJobsReachPreview(t *testing.T, org []IVR, p Plan) {
	t.Helper()
	state := map[string][]string{}
	owner := map[string]string{}
	for _, v := range org {
		state[v.ID] = slices.Clone(v.DNIS)
		for _, x := range v.DNIS {
			owner[x] = v.ID
		}
	}
	landed := map[string]bool{}
	for _, j := range p.Jobs {
		for _, a := range j.After {
			if !landed[a] {
				t.Errorf("job %s runs before %s, which it must come after", j.ID, a)
			}
		}
		if len(j.Intent.Add) > MaxAddsPerJob {
			t.Errorf("job %s adds %d numbers, more than %d", j.ID, len(j.Intent.Add), MaxAddsPerJob)
		}
		next := j.Intent.Apply(state[j.Intent.IVRID])
		for _, x := range j.Intent.Remove {
			if owner[x] == j.Intent.IVRID {
				delete(owner, x)
			}
		}
		for _, x := range j.Intent.Add {
			if id, ok := owner[x]; ok && id != j.Intent.IVRID {
				t.Errorf("job %s adds %s to %s while %s still holds it", j.ID, x, j.Intent.IVRID, id)
			}
			owner[x] = j.Intent.IVRID
		}
		sorted := slices.Clone(next)
		slices.Sort(sorted)
		if len(slices.Compact(sorted)) != len(next) {
			t.Errorf("job %s would PUT a number twice: %q", j.ID, next)
		}
		state[j.Intent.IVRID] = next
		landed[j.ID] = true
	}
	for _, r := range p.Preview {
		if !reflect.DeepEqual(state[r.IVRID], r.After) && !(len(state[r.IVRID]) == 0 && len(r.After) == 0) {
			t.Errorf("after the jobs %s holds %q, preview says %q", r.IVRID, state[r.IVRID], r.After)
		}
	}
}
