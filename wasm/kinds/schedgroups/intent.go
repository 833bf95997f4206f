// Package schedgroups is the second kind of bulk edit: adding or removing a
// schedule on the open, closed or holiday list of many Architect schedule
// groups (the holiday chore). It turns a selection or a CSV into per-group
// intents, checks them against the listed groups and schedules, previews
// before → after, applies an intent to a fresh copy of a group and inverts it
// for undo.
//
// It is pure Go: Group and Schedule are the minimal views the planner needs,
// and messages are sentences shown to an admin as they are.
package schedgroups

import "slices"

// List is one of a schedule group's three schedule lists.
type List string

const (
	Open    List = "open"
	Closed  List = "closed"
	Holiday List = "holiday"
)

// Lists are the three lists of one group, as schedule ids in the group's order.
type Lists struct {
	Open, Closed, Holiday []string
}

func (l *Lists) of(which List) *[]string {
	switch which {
	case Open:
		return &l.Open
	case Closed:
		return &l.Closed
	}
	return &l.Holiday
}

// Get returns the schedule ids of one list.
func (l Lists) Get(which List) []string { return *l.of(which) }

func (l Lists) clone() Lists {
	return Lists{slices.Clone(l.Open), slices.Clone(l.Closed), slices.Clone(l.Holiday)}
}

// Entry names one schedule on one list.
type Entry struct {
	List     List
	Schedule string // id
}

// Intent is what one job does to one group: entries to add and to remove. It
// is replayed on the freshest copy of the group, so schedules someone else
// added or removed meanwhile survive, and replaying it after it landed changes
// nothing. Add and Remove are disjoint.
type Intent struct {
	GroupID string
	Add     []Entry
	Remove  []Entry
}

// Apply returns the lists a group holding cur should hold after the intent:
// each list without its removed schedules, then each added one not already
// there, appended. A schedule never appears twice on one list. cur is not
// modified.
func (in Intent) Apply(cur Lists) Lists {
	out := cur.clone()
	for _, e := range in.Remove {
		l := out.of(e.List)
		*l = slices.DeleteFunc(*l, func(id string) bool { return id == e.Schedule })
	}
	for _, e := range in.Add {
		if l := out.of(e.List); !slices.Contains(*l, e.Schedule) {
			*l = append(*l, e.Schedule)
		}
	}
	return out
}

// Satisfied reports whether a group holding cur already has every Add and
// none of Remove: after a reload it tells a job that landed from one that did not.
func (in Intent) Satisfied(cur Lists) bool {
	for _, e := range in.Add {
		if !slices.Contains(cur.Get(e.List), e.Schedule) {
			return false
		}
	}
	for _, e := range in.Remove {
		if slices.Contains(cur.Get(e.List), e.Schedule) {
			return false
		}
	}
	return true
}

// Inverse returns the intent that undoes in on a group that held before when
// in was applied: it removes only what in actually added and puts back only
// what in actually removed; everything else, later edits included, stays.
func (in Intent) Inverse(before Lists) Intent {
	inv := Intent{GroupID: in.GroupID}
	for _, e := range in.Add {
		if !slices.Contains(before.Get(e.List), e.Schedule) {
			inv.Remove = append(inv.Remove, e)
		}
	}
	for _, e := range in.Remove {
		if slices.Contains(before.Get(e.List), e.Schedule) {
			inv.Add = append(inv.Add, e)
		}
	}
	return inv
}

// Empty reports whether the intent changes nothing.
func (in Intent) Empty() bool { return len(in.Add) == 0 && len(in.Remove) == 0 }
