package dnis

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// Plan is a checked batch: the jobs that carry it out, what it will change,
// and what is wrong with the input.
//
// Jobs and Preview cover the changes that passed every check even when
// Problems is not empty, so the person sees the rest of the batch while fixing
// the rejected lines; nothing may be applied until Problems is empty
// (CONTRACT.md §4: "nothing from an invalid file is queued"), which Ready
// reports.
type Plan struct {
	Jobs     []PlannedJob
	Preview  []PreviewRow // one per IVR that changes, in input order
	Problems []Problem    // sorted by line; Line 0 (not from a CSV) first
	Notes    []Note       // rows that change nothing, sorted by line

	yield func() // while planning: see PlanCSVYield
}

// pause calls the yield hook every YieldEvery steps of a loop.
func (p *Plan) pause(step int) {
	if p.yield != nil && step%YieldEvery == YieldEvery-1 {
		p.yield()
	}
}

// Ready reports whether the plan may be applied: nothing is wrong and there
// is something to do.
func (p Plan) Ready() bool { return len(p.Problems) == 0 && len(p.Jobs) > 0 }

// PlannedJob is one PUT's worth of work on one IVR.
type PlannedJob struct {
	ID     string // "j1", "j2", …: stable within the plan, in Jobs order
	Intent Intent
	After  []string // jobs that must land first (a move's remove, the previous chunk)
}

// PreviewRow is one IVR's numbers before and after the whole batch.
type PreviewRow struct {
	IVRID, Name   string
	Before, After []string
}

// PlanCSV parses a CSV and plans it, with the parse problems and the plan's
// problems in one list, so no rejected row can be forgotten.
func PlanCSV(ivrs []IVR, r io.Reader) Plan {
	text, p := readCSV(r)
	if p != nil {
		return Plan{Problems: []Problem{*p}}
	}
	return PlanCSVYield(ivrs, text, nil)
}

// PlanCSVYield is PlanCSV on text in memory, calling yield (when not nil)
// every YieldEvery rows and every 4 KB while it parses and checks them. Go
// in the browser shares the page's one thread with every event and timer:
// yield lets a caller hand that thread back for a moment (a short sleep),
// so a 2 MB file never freezes the page.
func PlanCSVYield(ivrs []IVR, text string, yield func()) Plan {
	changes, problems, rejected := parseCSVText(text, yield)
	return withProblems(planChanges(ivrs, changes, rejected, yield), problems)
}

// PlanSelection plans the numbers box applied to the selected IVRs, with the
// box's problems included.
//
// A number can be on only one IVR, so adding to several IVRs pairs numbers
// and IVRs one to one, in the order given (the list's order): the way an
// admin hands out a block of new numbers. Removing from several IVRs removes
// each number from whichever selected IVR holds it.
func PlanSelection(ivrs []IVR, ivrIDs []string, numbers string, a Action) Plan {
	changes, problems := FromSelection(ivrIDs, numbers, a)
	var notes []Note
	if len(ivrIDs) > 1 {
		switch a {
		case Add:
			changes, problems = pairAdds(ivrIDs, changes, problems)
		case Remove:
			changes, notes = onlyHolders(ivrs, ivrIDs, changes)
		}
	}
	p := withProblems(PlanChanges(ivrs, changes), problems)
	p.Notes = append(notes, p.Notes...)
	return p
}

// pairAdds gives the i-th number to the i-th selected IVR.
func pairAdds(ids []string, changes []Change, problems []Problem) ([]Change, []Problem) {
	var nums []string
	for _, c := range changes {
		if c.IVR == ids[0] {
			nums = append(nums, c.Number)
		}
	}
	if len(nums) == 0 {
		return nil, problems
	}
	if len(nums) != len(ids) {
		return nil, append(problems, Problem{Message: fmt.Sprintf(
			"%d number(s) for %d selected IVRs: a number can be on only one IVR, so give exactly one number per "+
				"selected IVR (the first number goes to the first IVR in the list, and so on), or select one IVR to give it every number",
			len(nums), len(ids))})
	}
	out := make([]Change, len(ids))
	for i, id := range ids {
		out[i] = Change{IVR: id, Action: Add, Number: nums[i]}
	}
	return out, problems
}

// onlyHolders keeps the removals of numbers the IVR holds; a number no
// selected IVR holds is one note, not one per IVR.
func onlyHolders(ivrs []IVR, ids []string, changes []Change) ([]Change, []Note) {
	holds := map[string]map[string]bool{}
	for _, r := range ivrs {
		holds[r.ID] = set(r.DNIS)
	}
	var kept []Change
	found := map[string]bool{}
	var order []string
	for _, c := range changes {
		k := canon(c.Number)
		if _, seen := found[k]; !seen {
			found[k] = false
			order = append(order, c.Number)
		}
		if h, known := holds[c.IVR]; !known || h[k] {
			kept = append(kept, c) // unknown ids go through, to be reported by the planner
			found[k] = found[k] || known
		}
	}
	var notes []Note
	for _, n := range order {
		if !found[canon(n)] {
			notes = append(notes, Note{Message: quote(n) + " is not on any selected IVR: nothing to remove"})
		}
	}
	return kept, notes
}

func withProblems(p Plan, more []Problem) Plan {
	p.Problems = append(more, p.Problems...)
	sort.SliceStable(p.Problems, func(i, j int) bool { return p.Problems[i].Line < p.Problems[j].Line })
	return p
}

// edit is a change that passed the checks of its own row: its IVR is known
// (an index into ivrs) and its number is E.164.
type edit struct {
	Change
	ivr    int
	number string
	from   []int // for an add that moves a number: the IVR(s) it leaves
}

// PlanChanges checks changes against the loaded IVRs and orders the work.
//
// Rows are checked in input order, and when two rows contradict each other
// the first one stands and the later one is the Problem:
//   - the IVR column is matched as an id first, then as an exact,
//     case-sensitive name; a name that several IVRs share, or that none has,
//     is a Problem;
//   - a number that is not E.164 after Normalize is a Problem;
//   - a number added twice in the batch, to one IVR or to two, is a Problem;
//   - a number both added to and removed from one IVR is a Problem;
//   - adding a number the IVR holds, or removing one it does not hold, or
//     removing one twice, is a Note and makes no job;
//   - adding a number that another IVR holds is a Problem unless the batch
//     also removes it from that IVR: then it is a move, and the add's job
//     comes After the remove's job.
//
// Jobs: each IVR's removes and adds go out as one job (one PUT), in input
// order, except that a move's add waits for the job removing the number
// (After). Moves in a cycle (two IVRs swapping numbers) split one IVR of the
// cycle into a remove-only job and a later add job. An IVR gaining more than
// MaxAddsPerJob numbers gets a chain of jobs, each After the one before.
// Job ids are "j1", "j2", … in Jobs order, which already respects After.
//
// Set rows (CONTRACT.md §4) become, per IVR, the removes and adds that bring
// it to exactly the numbers named (see expandSets) before these checks.
func PlanChanges(ivrs []IVR, changes []Change) Plan { return planChanges(ivrs, changes, nil, nil) }

// planChanges is PlanChanges with the rows the parser rejected (an IVR one
// of them names gets no set applied) and a yield hook (see PlanCSVYield).
func planChanges(ivrs []IVR, changes, rejected []Change, yield func()) Plan {
	p := Plan{yield: yield}
	o := indexOrgPausing(ivrs, p.pause)

	var edits []edit
	tainted := map[int]int{} // IVR → line of a rejected row naming it
	for k, c := range rejected {
		p.pause(k)
		if i, err := o.resolve(c.IVR); err == "" {
			if _, seen := tainted[i]; !seen {
				tainted[i] = c.Line
			}
		}
	}
	for k, c := range changes {
		p.pause(k)
		e, reasons := o.check(c)
		if len(reasons) > 0 {
			p.Problems = append(p.Problems, Problem{Line: c.Line, Message: strings.Join(reasons, "; ")})
			if _, seen := tainted[e.ivr]; !seen && e.ivr >= 0 {
				tainted[e.ivr] = c.Line
			}
			continue
		}
		edits = append(edits, e)
	}
	edits = p.expandSets(edits, o, tainted)
	edits = p.dropContradictions(edits, ivrs)
	edits = p.checkState(edits, o, ivrs)

	sort.SliceStable(p.Problems, func(i, j int) bool { return p.Problems[i].Line < p.Problems[j].Line })
	sort.SliceStable(p.Notes, func(i, j int) bool { return p.Notes[i].Line < p.Notes[j].Line })
	p.pause(YieldEvery - 1)
	p.Jobs = orderJobs(ivrs, edits)
	p.pause(YieldEvery - 1)
	p.Preview = preview(ivrs, edits)
	p.yield = nil
	return p
}

// preview shows each IVR that changes, before and after the whole batch, in
// the order the input first touched it.
func preview(ivrs []IVR, edits []edit) []PreviewRow {
	var order []int
	intents := map[int]*Intent{}
	for _, e := range edits {
		in, ok := intents[e.ivr]
		if !ok {
			in = &Intent{IVRID: ivrs[e.ivr].ID}
			intents[e.ivr] = in
			order = append(order, e.ivr)
		}
		if e.Action == Add {
			in.Add = append(in.Add, e.number)
		} else {
			in.Remove = append(in.Remove, e.number)
		}
	}
	var rows []PreviewRow
	for _, i := range order {
		before := slices.Clone(ivrs[i].DNIS)
		after := intents[i].Apply(before)
		if slices.Equal(before, after) {
			continue
		}
		rows = append(rows, PreviewRow{IVRID: ivrs[i].ID, Name: ivrs[i].Name, Before: before, After: after})
	}
	return rows
}
