package sim

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Architect schedules and schedule groups: the holiday chore. Before a public
// holiday an admin adds one schedule to the holiday list of many groups; there
// is no bulk endpoint, so every group is a GET and a full-replace PUT.

const (
	schedulesPath = "/api/v2/architect/schedules"
	groupsPath    = "/api/v2/architect/schedulegroups"
)

// Entity is the part every Architect object shares, in the SDK's field order.
// Embedded first, it keeps that order in the JSON of the types that embed it.
type Entity struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Division      *Ref   `json:"division,omitempty"`
	Description   string `json:"description,omitempty"`
	Version       int    `json:"version"`
	DateCreated   string `json:"dateCreated,omitempty"`
	DateModified  string `json:"dateModified,omitempty"`
	ModifiedBy    string `json:"modifiedBy,omitempty"`
	CreatedBy     string `json:"createdBy,omitempty"`
	State         string `json:"state,omitempty"`
	ModifiedByApp string `json:"modifiedByApp,omitempty"`
	CreatedByApp  string `json:"createdByApp,omitempty"`
}

// Schedule mirrors Genesys's Schedule JSON, in the SDK's field order. Start
// and End are local date-times without a zone; RRule is empty for a one-off.
type Schedule struct {
	Entity
	Start   string `json:"start"`
	End     string `json:"end"`
	RRule   string `json:"rrule,omitempty"`
	SelfURI string `json:"selfUri"`
}

// ScheduleGroup mirrors Genesys's ScheduleGroup JSON, in the SDK's field
// order. An empty list is sent as [] once set; a group never given one leaves
// it out.
type ScheduleGroup struct {
	Entity
	TimeZone         string `json:"timeZone,omitempty"`
	OpenSchedules    []Ref  `json:"openSchedules,omitzero"`
	ClosedSchedules  []Ref  `json:"closedSchedules,omitzero"`
	HolidaySchedules []Ref  `json:"holidaySchedules,omitzero"`
	SelfURI          string `json:"selfUri"`
}

func (s *Schedule) clone() Schedule {
	c := *s
	c.Division = s.Division.clone()
	return c
}

func (g *ScheduleGroup) clone() ScheduleGroup {
	c := *g
	c.Division = g.Division.clone()
	c.OpenSchedules = slices.Clone(g.OpenSchedules)
	c.ClosedSchedules = slices.Clone(g.ClosedSchedules)
	c.HolidaySchedules = slices.Clone(g.HolidaySchedules)
	return c
}

// schedules is the org's schedules and schedule groups. The Server's mutex guards it.
type schedules struct {
	byID       map[string]*Schedule
	order      []string // schedule ids in creation order
	groups     map[string]*ScheduleGroup
	groupOrder []string
}

// Names of seeded schedules a test may look for.
const (
	// ScheduleChristmas2026 is on no group's list: the holiday chore adds it.
	ScheduleChristmas2026 = "Christmas Day 2026"
	// ScheduleDeleted is a deleted schedule: no group may refer to it.
	ScheduleDeleted = "Company Offsite 2019"
	// ScheduleAmbiguous names two schedules.
	ScheduleAmbiguous = "Inventory Day"
)

type seedSchedule struct{ name, start, end, rrule string }

var (
	weeklyOpen = []seedSchedule{
		{"Weekdays 8am-6pm", "2024-01-01T08:00:00.000", "2024-01-01T18:00:00.000", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
		{"Weekdays 9am-5pm", "2024-01-01T09:00:00.000", "2024-01-01T17:00:00.000", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
		{"Weekdays 7am-7pm", "2024-01-01T07:00:00.000", "2024-01-01T19:00:00.000", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
		{"Saturday 9am-1pm", "2024-01-06T09:00:00.000", "2024-01-06T13:00:00.000", "FREQ=WEEKLY;BYDAY=SA"},
		{"All day, every day", "2024-01-01T00:00:00.000", "2024-01-02T00:00:00.000", "FREQ=DAILY"},
	}
	weeklyClosed = []seedSchedule{
		{"Weeknights", "2024-01-01T18:00:00.000", "2024-01-02T08:00:00.000", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
		{"Weekends", "2024-01-06T00:00:00.000", "2024-01-08T00:00:00.000", "FREQ=WEEKLY;BYDAY=SA"},
		{"Sundays", "2024-01-07T00:00:00.000", "2024-01-08T00:00:00.000", "FREQ=WEEKLY;BYDAY=SU"},
	}
	holidays = []seedSchedule{
		{"New Year's Day 2026", "2026-01-01T00:00:00.000", "2026-01-02T00:00:00.000", ""},
		{"Memorial Day 2026", "2026-05-25T00:00:00.000", "2026-05-26T00:00:00.000", ""},
		{"Independence Day 2026", "2026-07-03T00:00:00.000", "2026-07-04T00:00:00.000", ""},
		{"Labor Day 2026", "2026-09-07T00:00:00.000", "2026-09-08T00:00:00.000", ""},
		{"Thanksgiving Day 2026", "2026-11-26T00:00:00.000", "2026-11-27T00:00:00.000", ""},
		{"Christmas Eve 2026", "2026-12-24T12:00:00.000", "2026-12-25T00:00:00.000", ""},
		{ScheduleChristmas2026, "2026-12-25T00:00:00.000", "2026-12-26T00:00:00.000", ""},
		{"Boxing Day 2026", "2026-12-26T00:00:00.000", "2026-12-27T00:00:00.000", ""},
		{"New Year's Day 2027", "2027-01-01T00:00:00.000", "2027-01-02T00:00:00.000", ""},
		{"Christmas Day (every year)", "2024-12-25T00:00:00.000", "2024-12-26T00:00:00.000", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"},
		{ScheduleAmbiguous, "2026-03-31T00:00:00.000", "2026-04-01T00:00:00.000", ""},
		{ScheduleAmbiguous, "2026-09-30T00:00:00.000", "2026-10-01T00:00:00.000", ""},
	}
	siteCities = []string{
		"Indianapolis", "Chicago", "Denver", "Austin", "Atlanta", "Seattle", "Boston", "Phoenix",
		"Dublin", "London", "Paris", "Berlin", "Madrid", "Sydney", "Tokyo", "Toronto",
		"Mexico City", "Sao Paulo", "Singapore", "Mumbai",
	}
	timeZones = []string{
		"America/Indianapolis", "America/Chicago", "America/Denver", "America/Chicago", "America/New_York",
		"America/Los_Angeles", "America/New_York", "America/Phoenix", "Europe/Dublin", "Europe/London",
		"Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Australia/Sydney", "Asia/Tokyo", "America/Toronto",
		"America/Mexico_City", "America/Sao_Paulo", "Asia/Singapore", "Asia/Kolkata",
	}
)

// siteGroups is how many schedule groups the sample org has in all: the
// groups IVRs refer to, then one per site.
const siteGroups = 150

// seedSchedules builds g's schedules and schedule groups from their own
// generator, so the IVRs of a seed stay what they were before groups existed.
// The groups IVRs refer to (g.groups) keep their ids and names.
func seedSchedules(seed int64, g *org) *schedules {
	r := rand.New(rand.NewPCG(uint64(seed), 0x7363686564)) // "sched"
	sc := &schedules{byID: map[string]*Schedule{}, groups: map[string]*ScheduleGroup{}}
	div := g.division
	stamp := func() (created, modified string) {
		c := seedEpoch.Add(time.Duration(r.IntN(700*24)) * time.Hour)
		return isoTime(c), isoTime(c.Add(time.Duration(r.IntN(100*24*60)) * time.Minute))
	}
	add := func(ss seedSchedule, state string) Ref {
		v := &Schedule{Entity: Entity{ID: newUUID(r), Name: ss.name, Version: 1 + r.IntN(4), State: state,
			CreatedBy: g.editor.ID, ModifiedBy: g.editor.ID, CreatedByApp: "architect", ModifiedByApp: "architect"},
			Start: ss.start, End: ss.end, RRule: ss.rrule}
		d := div
		v.Division = &d
		v.DateCreated, v.DateModified = stamp()
		v.SelfURI = schedulesPath + "/" + v.ID
		sc.byID[v.ID], sc.order = v, append(sc.order, v.ID)
		return Ref{ID: v.ID, Name: v.Name, SelfURI: v.SelfURI}
	}
	var open, closed, hol []Ref
	for _, ss := range weeklyOpen {
		open = append(open, add(ss, StateActive))
	}
	for _, ss := range weeklyClosed {
		closed = append(closed, add(ss, StateActive))
	}
	for _, ss := range holidays {
		ref := add(ss, StateActive)
		if ss.name != ScheduleChristmas2026 && ss.name != ScheduleAmbiguous {
			hol = append(hol, ref) // seeded groups may hold these
		}
	}
	add(seedSchedule{ScheduleDeleted, "2019-06-14T00:00:00.000", "2019-06-15T00:00:00.000", ""}, StateDeleted)

	newGroup := func(id, name string, i int) {
		grp := &ScheduleGroup{Entity: Entity{ID: id, Name: name, Version: 1 + r.IntN(12), State: StateActive,
			CreatedBy: g.editor.ID, ModifiedBy: g.user.ID, CreatedByApp: "architect", ModifiedByApp: "architect"},
			TimeZone: timeZones[i%len(timeZones)]}
		d := div
		grp.Division = &d
		grp.DateCreated, grp.DateModified = stamp()
		grp.SelfURI = groupsPath + "/" + id
		grp.OpenSchedules = []Ref{open[r.IntN(3)]}
		if r.IntN(3) == 0 {
			grp.OpenSchedules = append(grp.OpenSchedules, open[3]) // Saturday mornings too
		}
		grp.ClosedSchedules = []Ref{closed[r.IntN(len(closed))]}
		grp.HolidaySchedules = []Ref{}
		for _, h := range hol {
			if r.IntN(3) == 0 {
				grp.HolidaySchedules = append(grp.HolidaySchedules, h)
			}
		}
		sc.groups[id], sc.groupOrder = grp, append(sc.groupOrder, id)
	}
	i := 0
	for _, n := range groupNames {
		for _, ref := range g.groups {
			if ref.Name == n {
				newGroup(ref.ID, ref.Name, i)
				i++
			}
		}
	}
	for k := 1; i < siteGroups; k++ {
		city := siteCities[(k-1)%len(siteCities)]
		newGroup(newUUID(r), fmt.Sprintf("Site %03d – %s", k, city), (k-1)%len(siteCities))
		i++
	}
	return sc
}

// ScheduleGroups returns copies of every schedule group, in creation order.
func (s *Server) ScheduleGroups() []ScheduleGroup {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ScheduleGroup, 0, len(s.org.sched.groupOrder))
	for _, id := range s.org.sched.groupOrder {
		out = append(out, s.org.sched.groups[id].clone())
	}
	return out
}

// ScheduleGroup returns a copy of the group with that id.
func (s *Server) ScheduleGroup(id string) (ScheduleGroup, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.org.sched.groups[id]
	if !ok {
		return ScheduleGroup{}, false
	}
	return g.clone(), true
}

// Schedules returns copies of every schedule, deleted ones included, in creation order.
func (s *Server) Schedules() []Schedule {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Schedule, 0, len(s.org.sched.order))
	for _, id := range s.org.sched.order {
		out = append(out, s.org.sched.byID[id].clone())
	}
	return out
}

func byNameThenID[T any](name, id func(T) string) func(a, b T) int {
	return func(a, b T) int {
		return cmp.Or(cmp.Compare(strings.ToLower(name(a)), strings.ToLower(name(b))), cmp.Compare(id(a), id(b)))
	}
}

// listSchedules is GET /api/v2/architect/schedules: active schedules by name.
func (s *Server) listSchedules(c *call) reply {
	l, rep, ok := readListing(c)
	if !ok {
		return rep
	}
	var hits []*Schedule
	for _, id := range s.org.sched.order {
		if v := s.org.sched.byID[id]; v.State != StateDeleted && l.nameMatches(v.Name) {
			hits = append(hits, v)
		}
	}
	slices.SortFunc(hits, byNameThenID(func(v *Schedule) string { return v.Name }, func(v *Schedule) string { return v.ID }))
	return pageOf(l, schedulesPath, hits, []string{"name"}, (*Schedule).clone)
}

// listScheduleGroups is GET /api/v2/architect/schedulegroups: active groups
// by name; scheduleIds (comma-separated) keeps the groups that refer to any.
func (s *Server) listScheduleGroups(c *call) reply {
	l, rep, ok := readListing(c)
	if !ok {
		return rep
	}
	var want []string
	if ids := l.q.Get("scheduleIds"); ids != "" {
		want = strings.Split(ids, ",")
	}
	var hits []*ScheduleGroup
	for _, id := range s.org.sched.groupOrder {
		g := s.org.sched.groups[id]
		if g.State != StateDeleted && l.nameMatches(g.Name) && (want == nil || g.refersToAny(want)) {
			hits = append(hits, g)
		}
	}
	slices.SortFunc(hits, byNameThenID(func(g *ScheduleGroup) string { return g.Name }, func(g *ScheduleGroup) string { return g.ID }))
	return pageOf(l, groupsPath, hits, []string{"name", "scheduleIds"}, (*ScheduleGroup).clone)
}

func (g *ScheduleGroup) refersToAny(ids []string) bool {
	for _, list := range [][]Ref{g.OpenSchedules, g.ClosedSchedules, g.HolidaySchedules} {
		for _, r := range list {
			if slices.Contains(ids, r.ID) {
				return true
			}
		}
	}
	return false
}

func (s *Server) getSchedule(c *call) reply {
	id := c.params["scheduleId"]
	v, ok := s.org.sched.byID[id]
	if !ok {
		return entityNotFound(c, "schedule", id)
	}
	return jsonReply(http.StatusOK, v.clone())
}

func (s *Server) getScheduleGroup(c *call) reply {
	id := c.params["scheduleGroupId"]
	g, ok := s.org.sched.groups[id]
	if !ok {
		return entityNotFound(c, "schedule group", id)
	}
	return jsonReply(http.StatusOK, g.clone())
}

func entityNotFound(c *call, what, id string) reply {
	return apiError(http.StatusNotFound, CodeNotFound, "Unable to find a "+what+" with id "+id).
		withParams("Unable to find a "+what+" with id {id}", map[string]string{"id": id}).reply(c)
}

// groupPutBody is what PUT /api/v2/architect/schedulegroups/{id} reads;
// read-only fields are ignored as the real API does.
type groupPutBody struct {
	Name             *string `json:"name"`
	Description      string  `json:"description"`
	Version          *int    `json:"version"`
	TimeZone         string  `json:"timeZone"`
	OpenSchedules    []Ref   `json:"openSchedules"`
	ClosedSchedules  []Ref   `json:"closedSchedules"`
	HolidaySchedules []Ref   `json:"holidaySchedules"`
}

const groupVersionMismatch = "The version supplied does not match the current version of the schedule group. Get the schedule group again and retry with its current version."

// putScheduleGroup replaces the whole group: a list left out is cleared, every
// schedule referred to must exist and not be deleted, the version goes up by one.
func (s *Server) putScheduleGroup(c *call) reply {
	if mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type")); mt != "application/json" {
		return apiError(http.StatusUnsupportedMediaType, CodeMediaType,
			"Content-Type "+strconv.Quote(c.r.Header.Get("Content-Type"))+" is not supported; send application/json.").reply(c)
	}
	id := c.params["scheduleGroupId"]
	cur, ok := s.org.sched.groups[id]
	if !ok {
		return entityNotFound(c, "schedule group", id)
	}
	if cur.State == StateDeleted {
		return badRequest("state", "schedulegroup.deleted", "Schedule group "+id+" is deleted and cannot be updated.").reply(c)
	}
	var b groupPutBody
	if err := json.Unmarshal(c.body, &b); err != nil {
		return apiError(http.StatusBadRequest, CodeBadRequest,
			"The request could not be understood by the server due to malformed syntax.").reply(c)
	}
	if b.Version == nil || *b.Version != cur.Version {
		if s.opts.VersionConflictAs400 {
			return badRequest("version", "version.mismatch", groupVersionMismatch).reply(c)
		}
		return apiError(http.StatusConflict, CodeConflict, groupVersionMismatch).reply(c)
	}
	if b.Name == nil || strings.TrimSpace(*b.Name) == "" {
		return badRequest("name", "name.required", "Field 'name' is required and cannot be empty.").reply(c)
	}
	next := &ScheduleGroup{Entity: Entity{
		ID: cur.ID, Name: *b.Name, Division: cur.Division.clone(), Description: b.Description, Version: cur.Version + 1,
		DateCreated: cur.DateCreated, DateModified: isoTime(c.now), CreatedBy: cur.CreatedBy, ModifiedBy: s.org.user.ID,
		State: cur.State, CreatedByApp: cur.CreatedByApp, ModifiedByApp: c.token.client,
	}, TimeZone: b.TimeZone, SelfURI: cur.SelfURI}
	var e *ErrorBody
	resolve := func(field string, refs []Ref) []Ref {
		if refs == nil || e != nil {
			return nil
		}
		out := make([]Ref, 0, len(refs))
		for _, r := range refs {
			v, ok := s.org.sched.byID[r.ID]
			switch {
			case !ok:
				e = badRequest(field, "entity.not.found", "Field '"+field+"' refers to schedule "+strconv.Quote(r.ID)+", which does not exist.")
				return nil
			case v.State == StateDeleted:
				e = badRequest(field, "schedule.deleted", "Field '"+field+"' refers to schedule "+strconv.Quote(r.ID)+", which is deleted.")
				return nil
			}
			out = append(out, Ref{ID: v.ID, Name: v.Name, SelfURI: v.SelfURI})
		}
		return out
	}
	next.OpenSchedules = resolve("openSchedules", b.OpenSchedules)
	next.ClosedSchedules = resolve("closedSchedules", b.ClosedSchedules)
	next.HolidaySchedules = resolve("holidaySchedules", b.HolidaySchedules)
	if e != nil {
		return e.reply(c)
	}
	s.org.sched.groups[id] = next
	return jsonReply(http.StatusOK, next.clone())
}
