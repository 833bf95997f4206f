package app

import (
	"fmt"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/journal"
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
	Preview       *GroupPreview
	Busy          bool // a CSV is being read or planned
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

// GroupPreview is a planned schedule groups batch waiting for apply.
type GroupPreview struct {
	ID       string // new for every plan; ApplyGroups(ID) starts this one or nothing
	Kind     string // journal.KindApply or journal.KindUndo
	Rows     []schedgroups.PreviewRow
	Problems []schedgroups.Problem
	Notes    []schedgroups.Note
	Jobs     int
}

// CanApply reports whether apply may start this preview.
func (p *GroupPreview) CanApply() bool { return p != nil && len(p.Problems) == 0 && p.Jobs > 0 }

// groupState is the schedule groups the page read and the plan on screen.
// Guarded by App.mu.
type groupState struct {
	loading, loaded bool
	groups          []schedgroups.Group
	schedules       []schedgroups.Schedule
	plan            *groupPlan
	gen             int // the CSV load in progress: a newer one makes older ones stale
}

// groupPlan is one schedule groups preview as a value (see plannedBatch).
type groupPlan struct {
	id   string
	kind string
	plan schedgroups.Plan
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
			"The file %s is %s; the limit is %d MB. Split it into smaller files.", name, sizeWords(size), schedgroups.MaxCSVBytes>>20)}}})
		return
	}
	go func() {
		text, err := read()
		if err != nil {
			a.finishGroupLoad(gen, schedgroups.Plan{Problems: []schedgroups.Problem{{Message: "The file " + name + " could not be read: " + words(err)}}})
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
		a.grp.plan, v.Groups.Preview = nil, nil
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
	a.finishGroupLoad(gen, p)
}

func (a *App) finishGroupLoad(gen int, p schedgroups.Plan) {
	a.mu.Lock()
	stale := gen != a.grp.gen
	a.mu.Unlock()
	if stale {
		return // a newer input replaced this one while it was read
	}
	a.setGroupPlan(p)
	a.update(func(v *View) { v.Groups.Busy = false })
}

// setGroupPlan puts p on screen as the schedule groups preview under a new
// id, replacing whatever was there in one step.
func (a *App) setGroupPlan(p schedgroups.Plan) {
	a.showGroupPlan(&groupPlan{kind: journal.KindApply, plan: p})
}

func (a *App) showGroupPlan(gp *groupPlan) {
	gp.id = newPlanID()
	p := gp.plan
	a.update(func(v *View) {
		a.grp.plan = gp
		v.Groups.Preview = &GroupPreview{ID: gp.id, Kind: gp.kind, Rows: p.Preview, Problems: p.Problems, Notes: p.Notes, Jobs: len(p.Jobs)}
		v.Notice = ""
	})
}

// DiscardGroupPreview drops the schedule groups preview without sending anything.
func (a *App) DiscardGroupPreview() {
	a.update(func(v *View) { a.grp.plan, v.Groups.Preview = nil, nil })
}

// ApplyGroups starts the schedule groups plan on screen if its id is id.
func (a *App) ApplyGroups(id string) {
	if !a.View().MayEdit(KindScheduleGroups) {
		return
	}
	var gp *groupPlan
	a.update(func(v *View) {
		cur := a.grp.plan
		if cur == nil || cur.id != id || !cur.plan.Ready() || v.ReadOnly {
			return
		}
		gp = cur
	})
	if gp != nil {
		a.applyGroups(gp)
	}
}

// applyGroups is the one seam to the batch engine: it must take the plan
// off the screen (a.grp.plan, v.Groups.Preview) and run gp.plan.Jobs through
// the pacer with schedgroups.Work{Client: a.jobs, Seen: a.groupSeen} and
// schedgroups.Resource as its bucket, journalling each group's lists as
// listed (a.grp.groups) as the before-state, as Apply does for IVRs; undo
// comes back as a.showGroupPlan(&groupPlan{kind: journal.KindUndo, plan:
// schedgroups.PlanUndo(...)}). This build has no engine for schedule
// groups, so it says so and sends nothing; the preview stays on screen.
func (a *App) applyGroups(gp *groupPlan) {
	a.notice("Applying schedule group changes is not available in this version of gcpace: nothing was sent.", true)
}
