package app

import (
	"fmt"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/kinds/ivrnumbers"
	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
)

// GroupsView is the schedule groups kind as the page shows it.
type GroupsView struct {
	Rev           int  // changes whenever Groups or Schedules do
	Loading       bool // the lists are being read
	Loaded, Total int  // groups read so far, of how many
	Err           string
	Groups        []GroupRow       // by name
	Schedules     []ScheduleChoice // the schedules a group may refer to, by name
	Busy          bool             // a CSV is being read or planned
}

// GroupRow is one schedule group in the list, its schedules by name.
type GroupRow struct {
	ID, Name string
	Lists    schedgroups.Lists
}

// ScheduleChoice is one schedule that may be put on a list. Label tells
// apart schedules that share a name (by their start).
type ScheduleChoice struct {
	ID, Name, Label string
}

// GroupPreview is a planned schedule groups batch waiting for apply: the
// plan slot's preview (View.Preview) when it holds schedule groups.
type GroupPreview struct {
	ID       string // new for every plan; ApplyGroups(ID) starts this one or nothing
	Kind     string // "apply" or "undo"
	Rows     []schedgroups.PreviewRow
	Problems []schedgroups.Problem
	Notes    []schedgroups.Note
	Jobs     int
}

// groupDetail is what a schedule groups plan puts in Preview.Detail: the
// planner's own rows, problems and notes (warnings included).
type groupDetail struct {
	Rows     []schedgroups.PreviewRow
	Problems []schedgroups.Problem
	Notes    []schedgroups.Note
}

// IVRPreview is the preview on screen when it is an IVR numbers plan, else nil.
func (v View) IVRPreview() *Preview {
	if v.Preview == nil || v.Preview.Kind != ivrnumbers.Name {
		return nil
	}
	return v.Preview
}

// GroupPreview is the preview on screen when it is a schedule groups plan,
// else nil. There is one plan slot for every kind, so the page can never
// show one kind's plan while apply would start another's.
func (v View) GroupPreview() *GroupPreview {
	pv := v.Preview
	if pv == nil || pv.Kind != schedgroups.Name {
		return nil
	}
	d, _ := pv.Detail.(*groupDetail)
	if d == nil {
		d = &groupDetail{}
	}
	return &GroupPreview{ID: pv.ID, Kind: string(pv.Purpose), Rows: d.Rows, Problems: d.Problems, Notes: d.Notes, Jobs: pv.Jobs}
}

// CanApply reports whether apply may start this preview.
func (p *GroupPreview) CanApply() bool { return p != nil && len(p.Problems) == 0 && p.Jobs > 0 }

// groupState is the schedule groups the page read and the plan on screen.
// Guarded by App.mu.
type groupState struct {
	loading, loaded bool
	groups          []schedgroups.Group
	schedules       []schedgroups.Schedule
	listed          []genesys.ScheduleGroup // as read, for the before-states a batch records
	gen             int                     // the CSV load in progress: a newer one makes older ones stale
}

// loadGroups lists the schedule groups and the schedules, once. It runs
// when the kind is first shown, never before the IVR list is needed.
func (a *App) loadGroups() {
	a.mu.Lock()
	if a.grp.loading || a.grp.loaded {
		a.mu.Unlock()
		return
	}
	a.grp.loading = true
	a.mu.Unlock()
	a.update(func(v *View) { v.Groups.Loading, v.Groups.Err = true, "" })

	groups, err := a.client.AllScheduleGroups(a.ctx, func(loaded, total int) {
		a.update(func(v *View) { v.Groups.Loaded, v.Groups.Total = loaded, total })
	})
	var schedules []genesys.Schedule
	if err == nil && a.View().MayEdit(KindScheduleGroups) {
		// Only someone who may change groups needs every schedule (to
		// choose one); a viewer sees the names the groups carry.
		schedules, err = a.client.AllSchedules(a.ctx)
	}
	a.mu.Lock()
	a.grp.loading = false
	if err == nil {
		a.grp.loaded = true
		a.grp.groups, a.grp.schedules = groupsFrom(groups), schedgroups.SchedulesFromGenesys(schedules)
		a.grp.listed = groups
	}
	a.mu.Unlock()
	if err != nil {
		a.update(func(v *View) {
			v.Groups.Loading = false
			v.Groups.Err = "The schedule groups could not be loaded: " + words(err) + " Reload the page to try again."
		})
		return
	}
	a.update(func(v *View) {
		v.Groups.Loading = false
		v.Groups.Groups, v.Groups.Schedules = groupRows(groups, schedules), scheduleChoices(schedules)
		v.Groups.Loaded, v.Groups.Total = len(v.Groups.Groups), len(v.Groups.Groups)
		v.Groups.Rev++
	})
}

// groupsFrom is the planner's view of the listed groups, deleted ones left out.
func groupsFrom(gs []genesys.ScheduleGroup) []schedgroups.Group {
	out := make([]schedgroups.Group, 0, len(gs))
	for _, g := range gs {
		if g.State != "deleted" {
			out = append(out, schedgroups.FromGenesys(g))
		}
	}
	return out
}

// groupRows are the list's rows, sorted by name, with each schedule named
// as the schedule list says (else as the group's reference does).
func groupRows(gs []genesys.ScheduleGroup, ss []genesys.Schedule) []GroupRow {
	names := make(map[string]string, len(ss))
	for _, s := range ss {
		names[s.ID] = s.Name
	}
	named := func(refs []genesys.Ref) []string {
		out := make([]string, len(refs))
		for i, r := range refs {
			out[i] = r.Name
			if n, ok := names[r.ID]; ok {
				out[i] = n
			}
			if out[i] == "" {
				out[i] = r.ID
			}
		}
		return out
	}
	rows := make([]GroupRow, 0, len(gs))
	for _, g := range gs {
		if g.State == "deleted" {
			continue
		}
		rows = append(rows, GroupRow{ID: g.ID, Name: g.Name, Lists: schedgroups.Lists{
			Open: named(g.OpenSchedules), Closed: named(g.ClosedSchedules), Holiday: named(g.HolidaySchedules)}})
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Name != rows[j].Name {
			return rows[i].Name < rows[j].Name
		}
		return rows[i].ID < rows[j].ID
	})
	return rows
}

// scheduleChoices are the schedules a person may pick, by name; deleted
// ones are left out (a group cannot refer to them), and a name that
// several share is told apart by its start.
func scheduleChoices(ss []genesys.Schedule) []ScheduleChoice {
	seen := map[string]int{}
	for _, s := range ss {
		seen[s.Name]++
	}
	var out []ScheduleChoice
	for _, s := range ss {
		if s.State == "deleted" {
			continue
		}
		label := s.Name
		if seen[s.Name] > 1 {
			label = fmt.Sprintf("%s (from %s)", s.Name, strings.SplitN(s.Start, "T", 2)[0])
		}
		out = append(out, ScheduleChoice{ID: s.ID, Name: s.Name, Label: label})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}

// groupSeen takes a copy of a group the batch read or wrote
// (schedgroups.Work's Seen): the list and the next plan show its lists as
// they are now. A group never listed is left out, as the list is the org.
func (a *App) groupSeen(g genesys.ScheduleGroup) {
	a.mu.Lock()
	known := make([]genesys.Schedule, len(a.grp.schedules))
	for i, s := range a.grp.schedules {
		known[i] = genesys.Schedule{ID: s.ID, Name: s.Name}
	}
	found := false
	for i := range a.grp.groups {
		if a.grp.groups[i].ID == g.ID {
			a.grp.groups[i], found = schedgroups.FromGenesys(g), true
		}
	}
	if found {
		listed := make([]genesys.ScheduleGroup, len(a.grp.listed))
		copy(listed, a.grp.listed) // a plan on screen may hold the old slice
		for i := range listed {
			if listed[i].ID == g.ID {
				listed[i] = g
			}
		}
		a.grp.listed = listed
	}
	a.mu.Unlock()
	row := groupRows([]genesys.ScheduleGroup{g}, known)
	if !found || len(row) == 0 {
		return
	}
	a.update(func(v *View) {
		rows := make([]GroupRow, len(v.Groups.Groups))
		copy(rows, v.Groups.Groups) // the view's slice is shared with the UI: never changed in place
		for i := range rows {
			if rows[i].ID == g.ID {
				rows[i] = row[0]
			}
		}
		v.Groups.Groups = rows
		v.Groups.Rev++
	})
}

// groupData returns what the planner checks against.
func (a *App) groupData() ([]schedgroups.Group, []schedgroups.Schedule) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.grp.groups, a.grp.schedules
}

// PlanGroupSelection previews schedule (an id or an exact name) added to or
// removed from one list of every selected group.
func (a *App) PlanGroupSelection(groupIDs []string, list schedgroups.List, schedule string, act schedgroups.Action) {
	if !a.View().MayEdit(KindScheduleGroups) {
		return
	}
	gs, ss := a.groupData()
	a.setGroupPlan(schedgroups.PlanSelection(gs, ss, groupIDs, list, schedule, act))
}

// PlanGroupCSV previews a pasted group,list,schedule,action CSV, in a
// goroutine that hands the page's thread back as it reads (pageYield).
func (a *App) PlanGroupCSV(text string) {
	if !a.View().MayEdit(KindScheduleGroups) {
		return
	}
	gen := a.startGroupLoad()
	go a.planGroupText(gen, text)
}

// PlanGroupCSVFile previews an uploaded CSV; over the size limit it is
// refused before a byte is read, as for IVRs.
func (a *App) PlanGroupCSVFile(name string, size int64, read func() (string, error)) {
	if !a.View().MayEdit(KindScheduleGroups) {
		return
	}
	gen := a.startGroupLoad()
	if size > schedgroups.MaxCSVBytes {
		a.finishGroupLoad(gen, schedgroups.Plan{Problems: []schedgroups.Problem{{Message: fmt.Sprintf(
			"The file %s is %s; the limit is %d MB. Split it into smaller files.", name, sizeWords(size), schedgroups.MaxCSVBytes>>20)}}}, "")
		return
	}
	go func() {
		text, err := read()
		if err != nil {
			a.finishGroupLoad(gen, schedgroups.Plan{Problems: []schedgroups.Problem{{Message: "The file " + name + " could not be read: " + words(err)}}}, "")
			return
		}
		a.planGroupText(gen, text)
	}()
}

// startGroupLoad drops the preview at once, so apply cannot start what the
// screen showed before this input.
func (a *App) startGroupLoad() int {
	var gen int
	a.update(func(v *View) {
		a.grp.gen++
		gen = a.grp.gen
		a.plan.cur, v.Preview = nil, nil
		v.Groups.Busy = true
	})
	return gen
}

func (a *App) planGroupText(gen int, text string) {
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	var p schedgroups.Plan
	if strings.TrimSpace(text) == "" {
		p.Problems = []schedgroups.Problem{{Message: "The CSV is empty. It needs a header row: " + strings.Join(schedgroups.Columns, ",") + "."}}
	} else {
		gs, ss := a.groupData()
		p = schedgroups.PlanCSV(gs, ss, strings.NewReader(text), pageYield())
	}
	a.finishGroupLoad(gen, p, text)
}

// finishGroupLoad shows the plan made from text (the CSV, for the problems
// export) unless a newer input replaced it while it was read.
func (a *App) finishGroupLoad(gen int, p schedgroups.Plan, text string) {
	a.mu.Lock()
	stale := gen != a.grp.gen
	a.mu.Unlock()
	if stale {
		return // a newer input replaced this one while it was read
	}
	a.wf.mu.Lock()
	a.wf.input = text
	a.wf.mu.Unlock()
	a.setGroupPlan(p)
	a.update(func(v *View) { v.Groups.Busy = false })
}

// setGroupPlan puts p on screen as the preview under a new id, replacing
// whatever was there in one step.
func (a *App) setGroupPlan(p schedgroups.Plan) { a.showGroupPlan(batch.Apply, p) }

// showGroupPlan puts a schedule groups plan in the one plan slot; each
// group's before-state is the copy the plan was made from.
func (a *App) showGroupPlan(purpose batch.Purpose, p schedgroups.Plan) {
	a.mu.Lock()
	listed := a.grp.listed
	a.mu.Unlock()
	a.setKindPlan(a.groupsPlan(purpose, p, listed))
}

// DiscardGroupPreview drops the schedule groups preview without sending anything.
func (a *App) DiscardGroupPreview() { a.DiscardPreview() }

// ApplyGroups starts the schedule groups plan on screen if its id is id,
// through the same plan slot and engine as every kind.
func (a *App) ApplyGroups(id string) { a.Apply(id) }

// scheduleName names a schedule the page listed, "" for one it did not.
func (a *App) scheduleName(id string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, s := range a.grp.schedules {
		if s.ID == id {
			return s.Name
		}
	}
	return ""
}
