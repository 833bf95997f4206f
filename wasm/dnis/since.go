package dnis

import "fmt"

// UndoSince is UndoChanges for a batch that may be older than others run
// since: current is the org as read now. Every number whose place changed
// after the batch — one it added that is no longer on that IVR, one it
// removed that is back or on another IVR now — is a Problem (a conflict)
// and gets no change, so undo never overwrites a later edit; the rest
// undoes as UndoChanges does. Plan the changes with PlanChanges against
// current and add these problems.
func UndoSince(results []Result, before map[string][]string, current []IVR) ([]Change, []Problem) {
	o := indexOrg(current)
	name := func(id string) string {
		if i, ok := o.byID[id]; ok {
			return quote(current[i].Name)
		}
		return "the IVR " + id
	}
	holders := func(number string) string {
		var names []string
		for _, h := range o.holders[canon(number)] {
			names = append(names, quote(current[h].Name))
		}
		return listWords(names)
	}
	var out []Change
	var problems []Problem
	removing := map[onIVR]bool{} // what the undo itself takes off an IVR
	all := UndoChanges(results, before)
	for _, c := range all {
		i, known := o.byID[c.IVR]
		if !known {
			problems = append(problems, Problem{Message: fmt.Sprintf(
				"%s, changed by this batch, is gone from the org: undo leaves %s as it is", name(c.IVR), quote(c.Number))})
			continue
		}
		if c.Action == Remove {
			if !o.holds(i, canon(c.Number)) {
				where := "has been removed from it since"
				if h := holders(c.Number); h != "" {
					where = "is on " + h + " now"
				}
				problems = append(problems, Problem{Message: fmt.Sprintf(
					"%s, which this batch added to %s, %s: undo leaves it as it is", quote(c.Number), name(c.IVR), where)})
				continue
			}
			removing[onIVR{i, canon(c.Number)}] = true
		}
		out = append(out, c)
	}
	kept := out[:0]
	for _, c := range out {
		if c.Action == Add {
			i := o.byID[c.IVR]
			k := canon(c.Number)
			var others []string
			back := false
			for _, h := range o.holders[k] {
				switch {
				case removing[onIVR{h, k}]:
				case h == i:
					back = true
				default:
					others = append(others, quote(current[h].Name))
				}
			}
			if back {
				problems = append(problems, Problem{Message: fmt.Sprintf(
					"%s, which this batch removed from %s, is back on it since: undo leaves it as it is", quote(c.Number), name(c.IVR))})
				continue
			}
			if len(others) > 0 {
				problems = append(problems, Problem{Message: fmt.Sprintf(
					"%s, which this batch removed from %s, is on %s now: undo leaves it there", quote(c.Number), name(c.IVR), listWords(others))})
				continue
			}
		}
		kept = append(kept, c)
	}
	return kept, problems
}
