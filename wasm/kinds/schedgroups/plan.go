package schedgroups

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/gcpace/gcpace/wasm/csvtable"
)

// Group is the view of a schedule group the planner needs.
type Group struct {
	ID, Name string
	Lists
}

// Schedule is the view of a schedule the planner needs.
type Schedule struct {
	ID, Name string
	Deleted  bool
}

// Action is what a change does to a schedule on a list.
type Action string

const (
	Add    Action = "add"
	Remove Action = "remove"
)

// Change is one requested edit as the person gave it.
type Change struct {
	Line     int // 1-based CSV line (header = 1); 0 when not from a CSV
	Group    string
	List     List
	Schedule string
	Action   Action
}

// Problem keeps a batch from being applied: a line that cannot be used or a
// conflict. Message does not repeat the line.
type Problem struct {
	Line    int
	Message string
}

// Note is a row that changes nothing (already on that list, or not on it),
// or a warning about the result (a schedule on both the open and the closed
// list of one group): reported, never an error, never a job.
type Note struct {
	Line    int
	GroupID string
	Message string
	Warning bool
}

// Plan is a checked batch: one job per group that changes, its preview, and
// what is wrong with the input. Jobs and Preview cover the valid rows even
// when Problems is not empty; Ready says whether it may be applied.
type Plan struct {
	Jobs     []Intent     // one per group, in input order
	Preview  []PreviewRow // one per group that changes
	Problems []Problem
	Notes    []Note
}

// Ready reports whether the plan may be applied.
func (p Plan) Ready() bool { return len(p.Problems) == 0 && len(p.Jobs) > 0 }

// PreviewRow is one group's lists before and after the batch, by schedule name.
type PreviewRow struct {
	GroupID, Name string
	Before, After Lists
}

// Columns of the CSV (CONTRACT.md §4, schedule groups).
var Columns = []string{"group", "list", "schedule", "action"}

// MaxCSVBytes and MaxCSVRows bound one file.
const (
	MaxCSVBytes = 2 << 20
	MaxCSVRows  = 10000
)

// ParseCSV reads group,list,schedule,action rows; other columns are ignored.
func ParseCSV(r io.Reader, yield func()) ([]Change, []Problem) {
	rows, bad := csvtable.Read(r, csvtable.Options{Required: Columns, MaxBytes: MaxCSVBytes, MaxRows: MaxCSVRows, Yield: yield})
	var problems []Problem
	for _, b := range bad {
		problems = append(problems, Problem(b))
	}
	var changes []Change
	for _, row := range rows {
		c := Change{Line: row.Line, Group: row.Get("group"), Schedule: row.Get("schedule")}
		var reasons []string
		if c.Group == "" {
			reasons = append(reasons, "the group is empty")
		}
		if c.Schedule == "" {
			reasons = append(reasons, "the schedule is empty")
		}
		var err error
		if c.List, err = parseList(row.Get("list")); err != nil {
			reasons = append(reasons, err.Error())
		}
		if c.Action, err = parseAction(row.Get("action")); err != nil {
			reasons = append(reasons, err.Error())
		}
		if len(reasons) > 0 {
			problems = append(problems, Problem{Line: row.Line, Message: strings.Join(reasons, "; ")})
			continue
		}
		changes = append(changes, c)
	}
	return changes, problems
}

func parseList(s string) (List, error) {
	switch l := List(strings.ToLower(s)); l {
	case Open, Closed, Holiday:
		return l, nil
	case "":
		return "", fmt.Errorf("the list is empty: use open, closed or holiday")
	}
	return "", fmt.Errorf("%q is not a list: use open, closed or holiday", s)
}

func parseAction(s string) (Action, error) {
	switch a := Action(strings.ToLower(s)); a {
	case Add, Remove:
		return a, nil
	case "":
		return "", fmt.Errorf("the action is empty: use add or remove")
	}
	return "", fmt.Errorf("%q is not an action: use add or remove", s)
}

// PlanCSV parses and plans a CSV, parse problems included.
func PlanCSV(groups []Group, schedules []Schedule, r io.Reader, yield func()) Plan {
	changes, problems := ParseCSV(r, yield)
	p := PlanChanges(groups, schedules, changes)
	p.Problems = sortProblems(append(problems, p.Problems...))
	return p
}

// PlanSelection plans one schedule added to or removed from one list of
// every selected group.
func PlanSelection(groups []Group, schedules []Schedule, groupIDs []string, list List, schedule string, a Action) Plan {
	var p Plan
	switch {
	case len(groupIDs) == 0:
		p.Problems = []Problem{{Message: "Select at least one schedule group in the list first."}}
	case strings.TrimSpace(schedule) == "":
		p.Problems = []Problem{{Message: "Choose a schedule, e.g. Christmas Day 2026."}}
	default:
		changes := make([]Change, len(groupIDs))
		for i, id := range groupIDs {
			changes[i] = Change{Group: id, List: list, Schedule: strings.TrimSpace(schedule), Action: a}
		}
		p = PlanChanges(groups, schedules, changes)
	}
	return p
}

// PlanChanges checks changes against the listed groups and schedules and
// builds one intent per group. A group or schedule is matched by id first,
// then by exact name; a name shared by several is an error naming their ids.
func PlanChanges(groups []Group, schedules []Schedule, changes []Change) Plan {
	idx := newIndex(groups, schedules)
	var p Plan
	type key struct {
		group    int
		list     List
		schedule string
	}
	seen := map[key]Change{}
	byGroup := map[int]*Intent{}
	var order []int
	for _, c := range changes {
		g, gerr := idx.group(c.Group)
		s, serr := idx.schedule(c.Schedule)
		if gerr != "" || serr != "" {
			p.Problems = append(p.Problems, Problem{Line: c.Line, Message: strings.Join(nonEmpty(gerr, serr), "; ")})
			continue
		}
		grp, sch := groups[g], schedules[s]
		k := key{g, c.List, sch.ID}
		if prev, ok := seen[k]; ok {
			if prev.Action != c.Action {
				p.Problems = append(p.Problems, Problem{Line: c.Line, Message: fmt.Sprintf(
					"%s is both added to and removed from the %s list of %s%s: keep one of the two rows", quote(sch.Name), c.List, quote(grp.Name), firstOn(prev.Line))})
			} else {
				p.Notes = append(p.Notes, Note{Line: c.Line, GroupID: grp.ID, Message: fmt.Sprintf(
					"%s on the %s list of %s is asked for twice%s: it is changed once", quote(sch.Name), c.List, quote(grp.Name), firstOn(prev.Line))})
			}
			continue
		}
		seen[k] = c
		on := slices.Contains(grp.Get(c.List), sch.ID)
		switch {
		case c.Action == Add && sch.Deleted:
			p.Problems = append(p.Problems, Problem{Line: c.Line, Message: fmt.Sprintf("%s is deleted: a group cannot refer to it", quote(sch.Name))})
			continue
		case c.Action == Add && on:
			p.Notes = append(p.Notes, Note{Line: c.Line, GroupID: grp.ID, Message: fmt.Sprintf("%s is already on the %s list of %s", quote(sch.Name), c.List, quote(grp.Name))})
			continue
		case c.Action == Remove && !on:
			p.Notes = append(p.Notes, Note{Line: c.Line, GroupID: grp.ID, Message: fmt.Sprintf("%s is not on the %s list of %s", quote(sch.Name), c.List, quote(grp.Name))})
			continue
		}
		in := byGroup[g]
		if in == nil {
			in = &Intent{GroupID: grp.ID}
			byGroup[g], order = in, append(order, g)
		}
		e := Entry{List: c.List, Schedule: sch.ID}
		if c.Action == Add {
			in.Add = append(in.Add, e)
		} else {
			in.Remove = append(in.Remove, e)
		}
	}
	for _, g := range order {
		in, grp := *byGroup[g], groups[g]
		after := in.Apply(grp.Lists)
		p.Jobs = append(p.Jobs, in)
		p.Preview = append(p.Preview, PreviewRow{GroupID: grp.ID, Name: grp.Name, Before: idx.names(grp.Lists), After: idx.names(after)})
		for _, id := range after.Open {
			if slices.Contains(after.Closed, id) {
				p.Notes = append(p.Notes, Note{GroupID: grp.ID, Warning: true, Message: fmt.Sprintf(
					"%s will be on both the open and the closed list of %s: Architect then treats those hours as closed", quote(idx.scheduleName(id)), quote(grp.Name))})
			}
		}
	}
	p.Problems = sortProblems(p.Problems)
	sort.SliceStable(p.Notes, func(i, j int) bool { return p.Notes[i].Line < p.Notes[j].Line })
	return p
}

// index finds groups and schedules by id or exact name.
type index struct {
	groups      []Group
	schedules   []Schedule
	groupByID   map[string]int
	groupByName map[string][]int
	schedByID   map[string]int
	schedByName map[string][]int
}

func newIndex(groups []Group, schedules []Schedule) index {
	x := index{groups: groups, schedules: schedules, groupByID: map[string]int{}, groupByName: map[string][]int{},
		schedByID: map[string]int{}, schedByName: map[string][]int{}}
	for i, g := range groups {
		x.groupByID[g.ID] = i
		x.groupByName[g.Name] = append(x.groupByName[g.Name], i)
	}
	for i, s := range schedules {
		x.schedByID[s.ID] = i
		x.schedByName[s.Name] = append(x.schedByName[s.Name], i)
	}
	return x
}

func (x index) group(ref string) (int, string) {
	return find(ref, "schedule group", x.groupByID, x.groupByName, func(i int) string { return x.groups[i].ID })
}

func (x index) schedule(ref string) (int, string) {
	return find(ref, "schedule", x.schedByID, x.schedByName, func(i int) string { return x.schedules[i].ID })
}

// find resolves ref as an id, then as a name; it returns a reason when it cannot.
func find(ref, what string, byID map[string]int, byName map[string][]int, id func(int) string) (int, string) {
	if i, ok := byID[ref]; ok {
		return i, ""
	}
	switch hits := byName[ref]; len(hits) {
	case 0:
		return -1, fmt.Sprintf("there is no %s named or with id %s", what, quote(ref))
	case 1:
		return hits[0], ""
	default:
		ids := make([]string, len(hits))
		for i, h := range hits {
			ids[i] = id(h)
		}
		return -1, fmt.Sprintf("%d %ss are named %s: use the id of the one you mean (%s)", len(hits), what, quote(ref), strings.Join(ids, ", "))
	}
}

func (x index) scheduleName(id string) string {
	if i, ok := x.schedByID[id]; ok {
		return x.schedules[i].Name
	}
	return id
}

// names turns a group's schedule ids into names for the preview.
func (x index) names(l Lists) Lists {
	conv := func(ids []string) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = x.scheduleName(id)
		}
		return out
	}
	return Lists{conv(l.Open), conv(l.Closed), conv(l.Holiday)}
}

func sortProblems(ps []Problem) []Problem {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
	return ps
}

func nonEmpty(xs ...string) []string {
	return slices.DeleteFunc(xs, func(s string) bool { return s == "" })
}

func quote(s string) string { return "“" + s + "”" }

func firstOn(line int) string {
	if line <= 0 {
		return ""
	}
	return fmt.Sprintf(" (first on line %d)", line)
}
