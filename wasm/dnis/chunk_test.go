package dnis

import (
	"fmt"
	"strings"
	"testing"
)

func TestPlanChunksAdds(t *testing.T) {
	org := []IVR{
		{ID: "big", Name: "Big", DNIS: []string{n(9000)}},
		{ID: "src", Name: "Source", DNIS: []string{n(8000)}},
	}
	var changes []Change
	changes = append(changes, rm(2, "big", n(9000)))
	for k := range 120 {
		changes = append(changes, add(3+k, "big", n(k)))
	}
	// A move into the last chunk: only that chunk waits for the remove,
	// which goes first since Big as a whole needs it.
	changes = append(changes, rm(200, "src", n(8000)), add(201, "big", n(8000)))
	p := PlanChanges(org, changes)
	if len(p.Problems) > 0 {
		t.Fatalf("problems:\n%s", dumpProblems(p.Problems))
	}
	var got []string
	for _, j := range p.Jobs {
		got = append(got, fmt.Sprintf("%s %s -%d +%d after %s", j.ID, j.Intent.IVRID, len(j.Intent.Remove), len(j.Intent.Add), strings.Join(j.After, ",")))
	}
	want := []string{
		"j1 src -1 +0 after ",
		"j2 big -1 +50 after ",
		"j3 big -0 +50 after j2",
		"j4 big -0 +21 after j1,j3",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("jobs =\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	checkJobsReachPreview(t, org, p)
}

func TestPlanCSVAndSelectionCarryInputProblems(t *testing.T) {
	org := testOrg()
	t.Run("csv", func(t *testing.T) {
		p := PlanCSV(org, strings.NewReader("ivr,action,number\nc,add,+13175550010\nc,move,+13175550011\nNope,add,+13175550012\n"))
		checkJobs(t, p.Jobs, []string{"j1 c +" + n(10)})
		checkProblems(t, p.Problems, []wantProblem{{3, "“move” is not an action"}, {4, "no IVR has"}})
		if p.Ready() {
			t.Error("Ready() = true with problems")
		}
	})
	t.Run("csv header problem", func(t *testing.T) {
		p := PlanCSV(org, strings.NewReader("name,number\nc,+13175550010\n"))
		checkJobs(t, p.Jobs, nil)
		checkProblems(t, p.Problems, []wantProblem{{1, "the header row must name"}})
	})
	t.Run("selection", func(t *testing.T) {
		p := PlanSelection(org, []string{"c", "gone"}, "+13175550010, 555", Add)
		checkProblems(t, p.Problems, []wantProblem{
			{0, "“555” is not a full phone number"},
			{0, "1 number(s) for 2 selected IVRs"},
		})
		p = PlanSelection(org, []string{"c", "gone"}, "+13175550010, +13175550011", Add)
		checkProblems(t, p.Problems, []wantProblem{{0, "no IVR has the id or name “gone”"}})
	})
	t.Run("selection adding one number to two IVRs", func(t *testing.T) {
		p := PlanSelection(org, []string{"c", "d1"}, "+13175550010", Add)
		checkProblems(t, p.Problems, []wantProblem{{0, "1 number(s) for 2 selected IVRs"}})
	})
	t.Run("selection pairs numbers with IVRs one to one", func(t *testing.T) {
		p := PlanSelection(org, []string{"c", "d1"}, "+13175550010, +13175550011", Add)
		checkProblems(t, p.Problems, nil)
		checkJobs(t, p.Jobs, []string{"j1 c +" + n(10), "j2 d1 +" + n(11)})
	})
	t.Run("selection removing from many, held by one", func(t *testing.T) {
		p := PlanSelection(org, []string{"a", "b", "c"}, "+13175550003", Remove)
		checkJobs(t, p.Jobs, []string{"j1 b -" + n(3)})
		checkNotes(t, p.Notes, nil)
	})
	t.Run("selection removing a number no selected IVR holds", func(t *testing.T) {
		p := PlanSelection(org, []string{"a", "c"}, "+13175550003", Remove)
		checkJobs(t, p.Jobs, nil)
		checkNotes(t, p.Notes, []wantNote{{0, "is not on any selected IVR"}})
	})
}

// A full-size batch plans quickly: 10 000 IVRs, each giving its number to
// the next one (one long ring of moves) — the worst case for ordering.
func TestPlanLargeRing(t *testing.T) {
	const size = 10000
	org := make([]IVR, size)
	var changes []Change
	for i := range org {
		org[i] = IVR{ID: fmt.Sprintf("ivr%d", i), Name: fmt.Sprintf("IVR %d", i), DNIS: []string{n(i)}}
		changes = append(changes,
			rm(len(changes)+2, org[i].ID, n(i)),
			add(len(changes)+3, fmt.Sprintf("ivr%d", (i+1)%size), n(i)))
	}
	p := PlanChanges(org, changes)
	if len(p.Problems) > 0 {
		t.Fatalf("problems: %s", dumpProblems(p.Problems[:1]))
	}
	if len(p.Jobs) != size+1 {
		t.Errorf("got %d jobs, want %d (one split breaks the ring)", len(p.Jobs), size+1)
	}
	checkJobsReachPreview(t, org, p)
}

func BenchmarkPlanLargeRing(b *testing.B) {
	const size = 10000
	org := make([]IVR, size)
	var changes []Change
	for i := range org {
		org[i] = IVR{ID: fmt.Sprintf("ivr%d", i), Name: fmt.Sprintf("IVR %d", i), DNIS: []string{n(i)}}
		changes = append(changes,
			rm(len(changes)+2, org[i].ID, n(i)),
			add(len(changes)+3, fmt.Sprintf("ivr%d", (i+1)%size), n(i)))
	}
	for b.Loop() {
		PlanChanges(org, changes)
	}
}

// Genesys keeps a number on one IVR, but the planner must not trust that
// blindly: a number found on two IVRs is removable from either, and moves
// only when the batch removes it from both.
func TestPlanNumberOnTwoIVRs(t *testing.T) {
	org := []IVR{
		{ID: "p", Name: "P", DNIS: []string{n(5)}},
		{ID: "q", Name: "Q", DNIS: []string{n(5)}},
		{ID: "r", Name: "R"},
	}
	t.Run("remove from the second holder", func(t *testing.T) {
		p := PlanChanges(org, []Change{rm(2, "q", n(5))})
		checkJobs(t, p.Jobs, []string{"j1 q -" + n(5)})
	})
	t.Run("add elsewhere while one holder keeps it", func(t *testing.T) {
		p := PlanChanges(org, []Change{rm(2, "p", n(5)), add(3, "r", n(5))})
		checkProblems(t, p.Problems, []wantProblem{{3, "is on the IVR “Q” (id q)"}})
	})
	t.Run("move away from both", func(t *testing.T) {
		p := PlanChanges(org, []Change{rm(2, "p", n(5)), rm(3, "q", n(5)), add(4, "r", n(5))})
		checkJobs(t, p.Jobs, []string{"j1 p -" + n(5), "j2 q -" + n(5), "j3 r +" + n(5) + " after j1,j2"})
	})
}
