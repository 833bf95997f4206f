package schedgroups

import (
	"fmt"
	"slices"
)

// Done is a job of a finished batch that landed: its intent and the group's
// lists right before it was applied.
type Done struct {
	Intent Intent
	Before Lists
}

// PlanUndo plans the batch that restores what done changed, against the
// groups as they are now. Only what the batch itself changed is reverted: a
// schedule someone removed again since, or put back since, is a note, and
// every later edit of another schedule is kept.
func PlanUndo(groups []Group, schedules []Schedule, done []Done) Plan {
	idx := newIndex(groups, schedules)
	var p Plan
	for _, d := range done {
		g, ok := idx.groupByID[d.Intent.GroupID]
		if !ok {
			p.Notes = append(p.Notes, Note{GroupID: d.Intent.GroupID, Message: fmt.Sprintf(
				"schedule group %s no longer exists: nothing to undo there", d.Intent.GroupID)})
			continue
		}
		grp := groups[g]
		inv := d.Intent.Inverse(d.Before)
		var keep Intent
		keep.GroupID = inv.GroupID
		for _, e := range inv.Remove {
			if slices.Contains(grp.Get(e.List), e.Schedule) {
				keep.Remove = append(keep.Remove, e)
			} else {
				p.Notes = append(p.Notes, Note{GroupID: grp.ID, Message: fmt.Sprintf(
					"%s is no longer on the %s list of %s: someone removed it since", quote(idx.scheduleName(e.Schedule)), e.List, quote(grp.Name))})
			}
		}
		for _, e := range inv.Add {
			if !slices.Contains(grp.Get(e.List), e.Schedule) {
				keep.Add = append(keep.Add, e)
			} else {
				p.Notes = append(p.Notes, Note{GroupID: grp.ID, Message: fmt.Sprintf(
					"%s is back on the %s list of %s already: someone put it back since", quote(idx.scheduleName(e.Schedule)), e.List, quote(grp.Name))})
			}
		}
		if keep.Empty() {
			continue
		}
		p.Jobs = append(p.Jobs, keep)
		p.Preview = append(p.Preview, PreviewRow{GroupID: grp.ID, Name: grp.Name, Before: idx.names(grp.Lists), After: idx.names(keep.Apply(grp.Lists))})
	}
	return p
}
