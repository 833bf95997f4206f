package schedgroups

import (
	"context"
	"errors"
	"slices"

	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// Resource is a schedule group's path, for pacer.Options.Resource: group
// PUTs consume their own resource bucket, not the IVRs'.
const Resource = "/api/v2/architect/schedulegroups/x"

// FromGenesys is the planner's view of a listed group.
func FromGenesys(g genesys.ScheduleGroup) Group {
	return Group{ID: g.ID, Name: g.Name, Lists: listsOf(g)}
}

// SchedulesFromGenesys is the planner's view of the listed schedules.
func SchedulesFromGenesys(ss []genesys.Schedule) []Schedule {
	out := make([]Schedule, len(ss))
	for i, s := range ss {
		out[i] = Schedule{ID: s.ID, Name: s.Name, Deleted: s.State == "deleted"}
	}
	return out
}

func listsOf(g genesys.ScheduleGroup) Lists {
	ids := func(refs []genesys.Ref) []string {
		out := make([]string, len(refs))
		for i, r := range refs {
			out[i] = r.ID
		}
		return out
	}
	return Lists{Open: ids(g.OpenSchedules), Closed: ids(g.ClosedSchedules), Holiday: ids(g.HolidaySchedules)}
}

// applyTo returns g with in applied to its lists: references it keeps stay
// as read (name and selfUri included), new ones carry their id.
func (in Intent) applyTo(g genesys.ScheduleGroup) genesys.ScheduleGroup {
	after := in.Apply(listsOf(g))
	refs := func(old []genesys.Ref, ids []string) []genesys.Ref {
		out := make([]genesys.Ref, 0, len(ids))
		for _, id := range ids {
			if i := slices.IndexFunc(old, func(r genesys.Ref) bool { return r.ID == id }); i >= 0 {
				out = append(out, old[i])
			} else {
				out = append(out, genesys.Ref{ID: id})
			}
		}
		return out
	}
	g.OpenSchedules = refs(g.OpenSchedules, after.Open)
	g.ClosedSchedules = refs(g.ClosedSchedules, after.Closed)
	g.HolidaySchedules = refs(g.HolidaySchedules, after.Holiday)
	return g
}

// Work does one job's requests for the pacer: GET the group, apply the
// job's Intent (an Intent, carried by the pacer.Job) to that fresh copy, PUT
// it back with the version read. A job's Key is the group id.
type Work struct {
	Client *genesys.Client
	// ClientOf, if set, is asked for the client before every request
	// instead (the page signs in after its kinds are made).
	ClientOf func() *genesys.Client
	// SignedIn, if set, is asked before every request: without a token
	// nothing is sent and the job waits for sign-in.
	SignedIn func() bool
	// Seen, if set, is told every copy of a group read or written, so the
	// page's list and the next plan see today's lists.
	Seen func(genesys.ScheduleGroup)
}

func (w *Work) client() *genesys.Client {
	if w.ClientOf != nil {
		return w.ClientOf()
	}
	return w.Client
}

func (w *Work) signedOut() bool { return w.SignedIn != nil && !w.SignedIn() }

func intentOf(j pacer.Job) Intent {
	in, _ := j.Intent.(Intent)
	return in
}

// Read GETs the group; one that already holds the intent needs no write.
func (w *Work) Read(ctx context.Context, j pacer.Job) (any, genesys.Meta, error) {
	if w.signedOut() {
		return nil, genesys.ErrSignedOut.Meta, genesys.ErrSignedOut
	}
	g, m, err := w.client().GetScheduleGroup(ctx, j.Key)
	if err != nil {
		return nil, m, err
	}
	w.seen(g)
	if g.State == "deleted" {
		return nil, m, pacer.Permanent(errors.New("this schedule group was deleted in Genesys Cloud"))
	}
	if intentOf(j).Satisfied(listsOf(g)) {
		return nil, m, pacer.ErrNothingToDo
	}
	return g, m, nil
}

// Write PUTs what Read returned with the intent applied.
func (w *Work) Write(ctx context.Context, j pacer.Job, read any) (genesys.Meta, error) {
	if w.signedOut() {
		return genesys.ErrSignedOut.Meta, genesys.ErrSignedOut
	}
	g := intentOf(j).applyTo(read.(genesys.ScheduleGroup))
	out, m, err := w.client().PutScheduleGroup(ctx, g)
	if err == nil {
		w.seen(out)
	}
	return m, err
}

func (w *Work) seen(g genesys.ScheduleGroup) {
	if w.Seen != nil {
		w.Seen(g)
	}
}
