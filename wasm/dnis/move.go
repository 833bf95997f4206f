package dnis

import "fmt"

// PlanMove plans "move these numbers to the selected IVR": each number is
// removed from every other IVR that holds it and added to the one selected
// IVR. The planner orders each removal before the add that needs it.
func PlanMove(ivrs []IVR, ids []string, numbers string) Plan {
	if len(ids) != 1 {
		return Plan{Problems: []Problem{{Message: fmt.Sprintf(
			"select exactly one IVR to move the numbers to (%s selected)", countWords(len(ids), "IVR is", "IVRs are"))}}}
	}
	adds, problems := FromSelection(ids, numbers, Add)
	o := indexOrg(ivrs)
	var changes []Change
	for _, c := range adds {
		for _, h := range o.holders[canon(c.Number)] {
			if ivrs[h].ID != ids[0] {
				changes = append(changes, Change{IVR: ivrs[h].ID, Action: Remove, Number: c.Number})
			}
		}
	}
	changes = append(changes, adds...)
	return withProblems(PlanChanges(ivrs, changes), problems)
}

// PlanReplace plans "replace the selected IVRs' numbers with these". With
// one IVR selected it ends holding exactly these numbers (set rows). With
// several, a number can be on only one IVR, so each IVR gets exactly one of
// them, paired in the order given; the preview then shows each IVR's
// numbers before and after, so the pairing is seen before anything is sent.
// A number another IVR holds stays a problem: moving it is Move's job.
func PlanReplace(ivrs []IVR, ids []string, numbers string) Plan {
	changes, problems := FromSelection(ids, numbers, Add)
	if len(ids) > 1 {
		var nums []string
		for _, c := range changes {
			if c.IVR == ids[0] {
				nums = append(nums, c.Number)
			}
		}
		if len(nums) > 0 && len(nums) != len(ids) {
			return withProblems(Plan{}, append(problems, Problem{Message: fmt.Sprintf(
				"%s for %d selected IVRs: to replace the numbers of several IVRs, give exactly one number per IVR "+
					"(the preview shows which IVR gets which before anything is sent), or select one IVR to give it every number",
				countWords(len(nums), "number", "numbers"), len(ids))}))
		}
		changes = changes[:0]
		for i, id := range ids {
			if i < len(nums) {
				changes = append(changes, Change{IVR: id, Action: Set, Number: nums[i]})
			}
		}
	}
	for i := range changes {
		changes[i].Action = Set
	}
	return withProblems(PlanChanges(ivrs, changes), problems)
}

// countWords is "1 number", "2 numbers".
func countWords(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
