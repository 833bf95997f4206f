package sim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// org is the sample org's data. The Server's mutex guards it.
type org struct {
	id                    string
	user                  User
	editor                User // "someone else", who makes external edits
	division              Ref
	flows                 map[string]Ref // by id
	groups                map[string]Ref // schedule groups by id
	ivrs                  map[string]*IVR
	order                 []string // IVR ids in creation order
	numbers               *numbers
	sorted                []*IVR // active IVRs by name; nil when stale
	sched                 *schedules
	ivrEditorID, viewerID string // sample users other than the admin (people)
}

var departments = []string{
	"Sales", "Support", "Billing", "Claims", "Customer Care", "Technical Support",
	"Returns", "Collections", "Member Services", "Appointments", "Pharmacy",
	"Reservations", "Onboarding", "Partner Desk", "HR Helpline", "IT Service Desk",
	"Retention", "Renewals", "Shipping", "Warranty", "Front Desk", "Dispatch",
	"Payroll", "Benefits",
}

var variants = []string{
	"Main Line", "After Hours", "Overflow", "– EMEA", "– APAC", "– NA East",
	"– NA West", "(Spanish)", "(French)", "VIP", "Escalations", "Callback",
	"Toll-Free", "Direct", "Queue",
}

var flowNames = []string{
	"Main Menu", "Sales Menu", "Support Menu", "Billing Menu", "Claims Intake",
	"Language Selection", "VIP Routing", "Callback Offer", "After Hours Message",
	"Closed Message", "Voicemail Drop", "Emergency Closure", "Holiday Closure",
	"Holiday Greeting", "Survey Transfer", "Dispatch Menu",
}

var groupNames = []string{
	"US Business Hours", "EMEA Business Hours", "APAC Business Hours", "24x7",
	"Weekend Support", "Retail Hours", "Pharmacy Hours", "Extended Hours",
}

// Names that test the page's escaping and its handling of shared names.
const (
	htmlName1 = `Promo Line <img src=x onerror=alert(1)>`
	htmlName2 = `Partners & "Resellers" <b>Desk</b>`
)

// seedEpoch anchors seeded dates, so they do not depend on the clock.
var seedEpoch = time.Date(2023, 1, 2, 9, 0, 0, 0, time.UTC)

// seedOrg builds the org of o.Seed. Same options, same org.
func seedOrg(o Options) *org {
	r := rand.New(rand.NewPCG(uint64(o.Seed), 0x6f7267)) // "org"
	id := func() string { return newUUID(r) }
	g := &org{flows: map[string]Ref{}, groups: map[string]Ref{}, ivrs: make(map[string]*IVR, o.IVRs)}
	g.user = User{ID: id(), Name: "Alex Admin", Email: "alex.admin@example.com"}
	g.editor = User{ID: id(), Name: "Jordan Lee", Email: "jordan.lee@example.com"}
	g.division = Ref{ID: id(), Name: "Home"}
	g.division.SelfURI = "/api/v2/authorization/divisions/" + g.division.ID
	var flows, groups []Ref
	for _, n := range flowNames {
		f := Ref{ID: id(), Name: n}
		f.SelfURI = "/api/v2/flows/" + f.ID
		g.flows[f.ID], flows = f, append(flows, f)
	}
	for _, n := range groupNames {
		sg := Ref{ID: id(), Name: n}
		sg.SelfURI = "/api/v2/architect/schedulegroups/" + sg.ID
		g.groups[sg.ID], groups = sg, append(groups, sg)
	}

	// How many numbers each IVR holds decides how many pools the org needs.
	counts, deleted, used := make([]int, o.IVRs), make([]bool, o.IVRs), 1
	for i := range counts {
		deleted[i] = i > 12 && r.IntN(25) == 0
		if !deleted[i] {
			counts[i] = pick(r, []int{10, 35, 25, 15, 10, 5}) // 0…5 numbers
			used += counts[i]
		}
	}
	g.numbers = newNumbers((used+2000+poolSize-1)/poolSize+1, id)
	perm := r.Perm(g.numbers.capacity())
	next := func() string { n := g.numbers.nth(perm[0]); perm = perm[1:]; return n }
	g.user.Number = next()
	g.user = withUser(g.user, o.User)
	g.numbers.take(userHolder, nil, []string{g.user.Number})

	names := newNamer(r)
	for i := range o.IVRs {
		v := &IVR{ID: id(), Version: 1 + r.IntN(12), State: StateActive}
		v.Name, v.Description = names.next(i)
		switch {
		case i == 3:
			v.Name = htmlName1
		case i == 7:
			v.Name = htmlName2
		case i == 11:
			v.Name = g.ivrs[g.order[5]].Name // two IVRs share a name
		}
		v.SelfURI = "/api/v2/architect/ivrs/" + v.ID
		div := g.division
		v.Division = &div
		created := seedEpoch.Add(time.Duration(r.IntN(700*24)) * time.Hour)
		v.DateCreated = isoTime(created)
		v.DateModified = isoTime(created.Add(time.Duration(r.IntN(100*24*60)) * time.Minute))
		v.CreatedBy, v.ModifiedBy = g.editor.ID, g.user.ID
		v.CreatedByApp, v.ModifiedByApp = "architect", "architect"
		switch k := r.IntN(100); {
		case k < 80:
			sg := groups[r.IntN(len(groups))]
			v.ScheduleGroup = &sg
			v.OpenHoursFlow, v.ClosedHoursFlow = refTo(r, flows[:8]), refTo(r, flows[8:12])
			if r.IntN(2) == 0 {
				v.HolidayHoursFlow = refTo(r, flows[12:])
			}
		case k < 92:
			v.OpenHoursFlow = refTo(r, flows)
		}
		if deleted[i] {
			v.State = StateDeleted
		}
		for range counts[i] {
			v.DNIS = append(v.DNIS, next())
		}
		slices.Sort(v.DNIS)
		g.numbers.take(v.ID, nil, v.DNIS)
		g.ivrs[v.ID] = v
		g.order = append(g.order, v.ID)
	}
	g.id = id()
	g.sched = seedSchedules(o.Seed, g)
	pr := rand.New(rand.NewPCG(uint64(o.Seed), 0x706f706c65)) // "people": apart, so IVRs stay as seeded before
	g.ivrEditorID, g.viewerID = newUUID(pr), newUUID(pr)
	return g
}

// withUser lays the fields of o that are set over u.
func withUser(u, o User) User {
	if o.ID != "" {
		u.ID = o.ID
	}
	if o.Name != "" {
		u.Name = o.Name
	}
	if o.Email != "" {
		u.Email = o.Email
	}
	if o.Number != "" {
		u.Number = o.Number
	}
	return u
}

// pick draws an index with the given weights.
func pick(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	k := r.IntN(total)
	for i, w := range weights {
		if k < w {
			return i
		}
		k -= w
	}
	return len(weights) - 1
}

func refTo(r *rand.Rand, refs []Ref) *Ref {
	c := refs[r.IntN(len(refs))]
	return &c
}

// namer hands out unique, realistic IVR names: "Support – EMEA 3".
type namer struct {
	r    *rand.Rand
	seen map[string]int
}

func newNamer(r *rand.Rand) *namer { return &namer{r: r, seen: map[string]int{}} }

func (n *namer) next(i int) (name, description string) {
	dept := departments[n.r.IntN(len(departments))]
	base := dept + " " + variants[n.r.IntN(len(variants))]
	n.seen[base]++
	name = base
	if k := n.seen[base]; k > 1 {
		name = fmt.Sprintf("%s %d", base, k)
	}
	if i%3 != 0 {
		description = fmt.Sprintf("Inbound %s calls", strings.ToLower(dept))
	}
	return name, description
}

func newUUID(r *rand.Rand) string {
	a, b := r.Uint64(), r.Uint64()
	a = a&^0xf000 | 0x4000           // version 4
	b = b&^(0xc000<<48) | 0x8000<<48 // variant 10
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, (a>>16)&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}

// isoTime formats t as Genesys does: UTC, milliseconds, Z.
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
