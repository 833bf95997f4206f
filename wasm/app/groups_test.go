package app

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
)

// signInAs is signIn for one of the simulator's sample people, picked at
// its login with login_hint as its chooser would.
func signInAs(t *testing.T, b *browser, person string) *tab {
	t.Helper()
	tb := b.open(pageURL+"?gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.com&gcTargetEnv=prod", nil)
	tb.waitFor("signed out", time.Minute, func(v View) bool { return v.Phase == PhaseSignedOut })
	tb.app.SignIn()
	var to string
	select {
	case to = <-tb.navTo:
	case <-time.After(time.Minute):
		t.Fatal("the page did not go to sign in")
	}
	tb.kill()
	hc := &http.Client{Transport: b.sim.Transport(), CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	resp, err := hc.Get(to + "&login_hint=" + person)
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	resp.Body.Close()
	back := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || back == "" {
		t.Fatalf("authorize answered %d, Location %q", resp.StatusCode, back)
	}
	tb = b.open(back, tb.session)
	tb.waitFor("ready", time.Minute, func(v View) bool { return v.Phase == PhaseReady })
	return tb
}

func requests(s *sim.Server, route string) int {
	n := 0
	for _, e := range s.Log() {
		if e.Route == route {
			n++
		}
	}
	return n
}

// The admin switches to schedule groups: they are listed then (not at
// sign-in, where one users/me told the page what the person may do), a
// selection plans before → after for exactly the ticked groups, a CSV
// naming an unknown schedule is a problem, and apply through the stub
// sends nothing.
func TestScheduleGroupsPlanning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 3}, "implicit")
		tb := signInAs(t, b, sim.UserAdmin)
		v := tb.app.View()
		if !v.MayEdit(KindIVRNumbers) || !v.MayEdit(KindScheduleGroups) || v.Kind != KindIVRNumbers {
			t.Fatalf("admin: kinds %+v, shown %q", v.Kinds, v.Kind)
		}
		if n := requests(b.sim, "GET /api/v2/users/me"); n != 1 {
			t.Errorf("users/me asked %d times at sign-in, want once", n)
		}
		if n := requests(b.sim, "GET /api/v2/architect/schedulegroups"); n != 0 {
			t.Errorf("schedule groups listed %d times before the kind was shown", n)
		}

		tb.app.ShowKind(KindScheduleGroups)
		v = tb.waitFor("the groups", time.Minute, func(v View) bool { return len(v.Groups.Groups) > 0 })
		if v.Kind != KindScheduleGroups || len(v.Groups.Groups) != len(b.sim.ScheduleGroups()) || v.Groups.Err != "" {
			t.Fatalf("kind %q, %d groups of %d, err %q", v.Kind, len(v.Groups.Groups), len(b.sim.ScheduleGroups()), v.Groups.Err)
		}
		if saved, _ := tb.session.Get(kindKey); saved != string(KindScheduleGroups) {
			t.Errorf("the kind shown is not kept for a reload: %q", saved)
		}
		var christmas string
		for _, s := range v.Groups.Schedules {
			if s.Name == sim.ScheduleChristmas2026 {
				christmas = s.ID
			}
			if s.Name == sim.ScheduleDeleted {
				t.Errorf("the deleted schedule %q is offered", s.Name)
			}
		}
		if christmas == "" {
			t.Fatalf("%q is not among the schedules offered", sim.ScheduleChristmas2026)
		}

		ids := []string{v.Groups.Groups[0].ID, v.Groups.Groups[5].ID, v.Groups.Groups[9].ID}
		tb.app.PlanGroupSelection(ids, schedgroups.Holiday, christmas, schedgroups.Add)
		pv := tb.waitFor("the preview", time.Minute, func(v View) bool { return v.GroupPreview() != nil }).GroupPreview()
		if !pv.CanApply() || pv.Jobs != 3 || len(pv.Rows) != 3 {
			t.Fatalf("preview: %d jobs, %d rows, problems %+v", pv.Jobs, len(pv.Rows), pv.Problems)
		}
		for i, r := range pv.Rows {
			if r.GroupID != ids[i] {
				t.Errorf("row %d is group %s, want %s", i, r.GroupID, ids[i])
			}
			if slices.Contains(r.Before.Holiday, sim.ScheduleChristmas2026) || !slices.Contains(r.After.Holiday, sim.ScheduleChristmas2026) ||
				len(r.After.Holiday) != len(r.Before.Holiday)+1 || !slices.Equal(r.Before.Open, r.After.Open) {
				t.Errorf("row %d: %+v → %+v", i, r.Before, r.After)
			}
		}

		tb.app.PlanGroupCSV("group,list,schedule,action\n" + v.Groups.Groups[0].Name + ",holiday,Christmas Day 2062,add\n")
		pv = tb.waitFor("the CSV preview", time.Minute, func(v View) bool {
			return v.GroupPreview() != nil && !v.Groups.Busy && v.GroupPreview().ID != pv.ID
		}).GroupPreview()
		if pv.CanApply() || len(pv.Problems) != 1 || pv.Problems[0].Line != 2 || !strings.Contains(pv.Problems[0].Message, "Christmas Day 2062") {
			t.Errorf("CSV with an unknown schedule: problems %+v", pv.Problems)
		}

		tb.app.PlanGroupSelection(ids, schedgroups.Holiday, christmas, schedgroups.Add)
		pv = tb.waitFor("the preview", time.Minute, func(v View) bool { return v.GroupPreview().CanApply() }).GroupPreview()
		tb.app.ApplyGroups(pv.ID)
		v = tb.waitFor("the batch to end", time.Minute, func(v View) bool { return v.Batch.Finished() })
		if v.Batch.Done != 3 || n(b.sim, "PUT") != 3 || v.Batch.Kind != schedgroups.Name {
			t.Errorf("apply: %d done, %d PUTs, kind %q", v.Batch.Done, n(b.sim, "PUT"), v.Batch.Kind)
		}
		// The batch's own reads and writes keep the list current.
		for _, row := range tb.app.View().Groups.Groups {
			if slices.Contains(ids, row.ID) && !slices.Contains(row.Lists.Holiday, sim.ScheduleChristmas2026) {
				t.Errorf("group %s after the batch lists %v", row.Name, row.Lists.Holiday)
			}
		}

		// A copy the batch read is what the list and the next plan see.
		tb.app.groupSeen(genesys.ScheduleGroup{ID: ids[0], Name: v.Groups.Groups[0].Name, Version: 9,
			HolidaySchedules: []genesys.Ref{{ID: christmas}}})
		v = tb.app.View()
		if got := v.Groups.Groups[0].Lists; !slices.Equal(got.Holiday, []string{sim.ScheduleChristmas2026}) || len(got.Open) != 0 {
			t.Errorf("the list after a copy was seen: %+v", got)
		}
		tb.app.PlanGroupSelection(ids[:1], schedgroups.Holiday, christmas, schedgroups.Add)
		pv = tb.waitFor("the preview", time.Minute, func(v View) bool { return v.GroupPreview().ID != pv.ID }).GroupPreview()
		if pv.Jobs != 0 || len(pv.Notes) != 1 || !strings.Contains(pv.Notes[0].Message, "already on the holiday list") {
			t.Errorf("planning against the seen copy: %d jobs, notes %+v", pv.Jobs, pv.Notes)
		}
		tb.kill()
	})
}

func n(s *sim.Server, method string) int {
	c := 0
	for _, e := range s.Log() {
		if e.Method == method {
			c++
		}
	}
	return c
}

// A viewer sees both kinds read-only with the missing permission named,
// the groups listed, and no plan can be made for either.
func TestScheduleGroupsViewOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 4}, "implicit")
		tb := signInAs(t, b, sim.UserViewer)
		v := tb.app.View()
		for _, k := range []KindID{KindIVRNumbers, KindScheduleGroups} {
			if o := v.Offer(k); o.Access != ReadOnly || !strings.Contains(o.Why, "lack the permission") {
				t.Errorf("%s: %+v", k, o)
			}
		}
		if len(v.IVRs) == 0 {
			t.Error("a viewer may list the IVRs, but none are listed")
		}
		tb.app.ShowKind(KindScheduleGroups)
		v = tb.waitFor("the groups", time.Minute, func(v View) bool { return len(v.Groups.Groups) > 0 })
		tb.app.PlanGroupSelection([]string{v.Groups.Groups[0].ID}, schedgroups.Holiday, sim.ScheduleChristmas2026, schedgroups.Add)
		tb.app.PlanGroupCSV("group,list,schedule,action\n" + v.Groups.Groups[0].Name + ",holiday,Christmas Day 2026,add\n")
		synctest.Wait()
		if v := tb.app.View(); v.GroupPreview() != nil {
			t.Errorf("a viewer got a preview: %+v", v.GroupPreview())
		}
		tb.kill()
	})
}
