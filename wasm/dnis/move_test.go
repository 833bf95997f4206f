package dnis

import "testing"

func TestPlanMove(t *testing.T) {
	org := testOrg()
	p := PlanMove(org, []string{"c"}, n(3)+", "+n(1)+", "+n(20))
	checkProblems(t, p.Problems, nil)
	checkJobs(t, p.Jobs, []string{"j1 b -" + n(3), "j2 a -" + n(1), "j3 c +" + n(3) + " +" + n(1) + " +" + n(20) + " after j1,j2"})

	p = PlanMove(org, []string{"a"}, n(1))
	checkJobs(t, p.Jobs, nil)
	checkNotes(t, p.Notes, []wantNote{{0, "is already on “Alpha”"}})

	p = PlanMove(org, []string{"a", "b"}, n(10))
	checkProblems(t, p.Problems, []wantProblem{{0, "select exactly one IVR to move the numbers to (2 IVRs are selected)"}})
}

func TestPlanReplace(t *testing.T) {
	org := testOrg()
	p := PlanReplace(org, []string{"a"}, n(2)+"\n"+n(10))
	checkProblems(t, p.Problems, nil)
	checkJobs(t, p.Jobs, []string{"j1 a -" + n(1) + " +" + n(10)})

	p = PlanReplace(org, []string{"b", "c"}, n(10)+", "+n(11))
	checkProblems(t, p.Problems, nil)
	checkJobs(t, p.Jobs, []string{"j1 b -" + n(3) + " +" + n(10), "j2 c +" + n(11)})
	if len(p.Preview) != 2 || p.Preview[0].After[0] != n(10) || p.Preview[1].After[0] != n(11) {
		t.Errorf("preview does not show the pairing: %+v", p.Preview)
	}

	p = PlanReplace(org, []string{"b", "c"}, n(10))
	checkProblems(t, p.Problems, []wantProblem{{0, "1 number for 2 selected IVRs"}})
	checkJobs(t, p.Jobs, nil)

	p = PlanReplace(org, []string{"c"}, n(3))
	checkProblems(t, p.Problems, []wantProblem{{0, "is on the IVR “Bravo”"}})
}
