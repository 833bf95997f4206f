package sim

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func TestPutReplacesAndVersions(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newClient(t, Options{Seed: 5})
		v := c.active(1, func(v IVR) bool { return v.ScheduleGroup != nil && len(v.DNIS) > 0 })[0]
		time.Sleep(90 * time.Second)
		free := c.s.FreeNumbers(2)
		v.DNIS = append(v.DNIS, free...)
		v.Description = "edited"
		r := c.put(v)
		if r.status != http.StatusOK {
			t.Fatalf("PUT: %d %s", r.status, r.body)
		}
		var got IVR
		r.json(t, &got)
		stored, _ := c.s.IVR(v.ID)
		if got.Version != v.Version+1 || stored.Version != v.Version+1 {
			t.Errorf("version %d (stored %d), want %d", got.Version, stored.Version, v.Version+1)
		}
		if !slices.Equal(stored.DNIS, v.DNIS) || stored.Description != "edited" {
			t.Errorf("stored %v %q", stored.DNIS, stored.Description)
		}
		if got.DateModified != isoTime(time.Now()) || got.ModifiedBy != c.s.User().ID || got.ModifiedByApp != "gcpace-local" {
			t.Errorf("dateModified %q modifiedBy %q modifiedByApp %q", got.DateModified, got.ModifiedBy, got.ModifiedByApp)
		}
		if got.DateCreated != v.DateCreated || got.CreatedBy != v.CreatedBy || got.State != StateActive {
			t.Errorf("read-only fields changed: %+v", got)
		}
		// The numbers are now held: another IVR cannot take them; freed ones can.
		if slices.Contains(c.s.FreeNumbers(5000), free[0]) {
			t.Errorf("%s still free after PUT", free[0])
		}
	})
}

func TestPutVersionConflict(t *testing.T) {
	for _, as400 := range []bool{false, true} {
		c := newClient(t, Options{Seed: 5, VersionConflictAs400: as400})
		v := c.active(1, nil)[0]
		if r := c.put(v); r.status != 200 {
			t.Fatalf("first PUT: %d %s", r.status, r.body)
		}
		for _, version := range []int{v.Version, v.Version + 5, 0} {
			stale := v
			stale.Version = version
			r := c.put(stale)
			e := r.errorBody(t)
			wantStatus, wantCode := 409, CodeConflict
			if as400 {
				wantStatus, wantCode = 400, CodeBadRequest
			}
			if r.status != wantStatus || e.Status != wantStatus || e.Code != wantCode ||
				!strings.Contains(e.Message, "does not match the current version") {
				t.Errorf("as400=%v version %d: %d %s", as400, version, r.status, r.body)
			}
		}
		// Without a version at all.
		r := c.do(http.MethodPut, ivrsPath+"/"+v.ID, `{"name":"x"}`)
		if r.status != 409 && r.status != 400 {
			t.Errorf("no version: %d", r.status)
		}
		if got, _ := c.s.IVR(v.ID); got.Version != v.Version+1 {
			t.Errorf("conflicting PUTs changed the version to %d", got.Version)
		}
	}
}

func TestPutNumberChecks(t *testing.T) {
	c := newClient(t, Options{Seed: 6})
	two := c.active(2, withNumbers)
	a, b := two[0], two[1]
	free := c.s.FreeNumbers(1)[0]
	user := c.s.User()
	tests := []struct {
		name      string
		dnis      []string
		errorCode string
		mentions  string
	}{
		{"held by another IVR", append(slices.Clone(a.DNIS), b.DNIS[0]), "dnis.in.use", b.Name},
		{"held by the user", []string{user.Number}, "dnis.in.use", user.Name},
		{"in no pool", []string{c.s.UnpooledNumber()}, "dnis.not.in.pool", c.s.UnpooledNumber()},
		{"twice in the body", []string{free, free}, "dnis.duplicate", free},
		{"not E.164", []string{"317-555-0100"}, "dnis.invalid", "317-555-0100"},
	}
	for _, tt := range tests {
		v := a
		v.DNIS = tt.dnis
		r := c.put(v)
		e := r.errorBody(t)
		if r.status != 400 || e.Code != CodeBadRequest || len(e.Details) != 1 || e.Details[0].ErrorCode != tt.errorCode ||
			!strings.Contains(e.Message, tt.mentions) || e.MessageWithParams == "" || e.ContextID == "" {
			t.Errorf("%s: %d %s", tt.name, r.status, r.body)
		}
	}
	if got, _ := c.s.IVR(a.ID); got.Version != a.Version || !slices.Equal(got.DNIS, a.DNIS) {
		t.Errorf("refused PUTs changed IVR: %+v", got)
	}
	// Keeping its own numbers is no conflict; moving one (remove, then add) works.
	moved := b.DNIS[0]
	b.DNIS = b.DNIS[1:]
	if r := c.put(b); r.status != 200 {
		t.Fatalf("remove: %d %s", r.status, r.body)
	}
	a.DNIS = append(a.DNIS, moved)
	if r := c.put(a); r.status != 200 {
		t.Fatalf("add moved number: %d %s", r.status, r.body)
	}
}

func TestPutClearsWhatItOmits(t *testing.T) {
	c := newClient(t, Options{Seed: 7})
	v := c.active(1, func(v IVR) bool { return v.ScheduleGroup != nil && v.HolidayHoursFlow != nil && v.Description != "" })[0]
	body := map[string]any{"name": v.Name, "version": v.Version, "dnis": v.DNIS}
	if r := c.do(http.MethodPut, ivrsPath+"/"+v.ID, body); r.status != 200 {
		t.Fatalf("PUT: %d %s", r.status, r.body)
	}
	got, _ := c.s.IVR(v.ID)
	if got.OpenHoursFlow != nil || got.ClosedHoursFlow != nil || got.HolidayHoursFlow != nil || got.ScheduleGroup != nil || got.Description != "" {
		t.Errorf("omitted fields survived: %+v", got)
	}
	if got.Division == nil || got.Division.Name != "Home" {
		t.Errorf("division %v, want Home", got.Division)
	}
	// dnis left out clears the numbers, and they become free.
	body = map[string]any{"name": v.Name, "version": got.Version}
	if r := c.do(http.MethodPut, ivrsPath+"/"+v.ID, body); r.status != 200 {
		t.Fatalf("PUT: %d %s", r.status, r.body)
	}
	if got, _ := c.s.IVR(v.ID); got.DNIS != nil {
		t.Errorf("dnis %v survived", got.DNIS)
	}
	if r := c.get(ivrsPath + "/" + v.ID); strings.Contains(string(r.body), `"dnis"`) {
		t.Errorf("an IVR without numbers should omit dnis: %s", r.body)
	}
}

func TestPutValidation(t *testing.T) {
	c := newClient(t, Options{Seed: 8})
	v := c.active(1, func(v IVR) bool { return v.ScheduleGroup != nil })[0]
	var deleted IVR
	for _, d := range c.s.IVRs() {
		if d.State == StateDeleted {
			deleted = d
		}
	}
	noFlows := v
	noFlows.OpenHoursFlow = nil
	unnamed := v
	unnamed.Name = "  "
	badFlow := v
	badFlow.ClosedHoursFlow = &Ref{ID: "no-such-flow"}
	tests := []struct {
		name   string
		id     string
		body   any
		status int
		field  string
	}{
		{"schedule group without open flow", v.ID, noFlows, 400, "scheduleGroup"},
		{"blank name", v.ID, unnamed, 400, "name"},
		{"unknown flow", v.ID, badFlow, 400, "closedHoursFlow"},
		{"malformed JSON", v.ID, `{"name":`, 400, ""},
		{"deleted IVR", deleted.ID, deleted, 400, "state"},
		{"unknown IVR", "nope", v, 404, ""},
		{"not JSON", v.ID, v, 415, ""},
	}
	for _, tt := range tests {
		var hdr []string
		if tt.status == 415 {
			hdr = []string{"Content-Type: text/plain"}
		}
		r := c.do(http.MethodPut, ivrsPath+"/"+tt.id, tt.body, hdr...)
		e := r.errorBody(t)
		if r.status != tt.status || e.Status != tt.status || (tt.field != "" && (len(e.Details) == 0 || e.Details[0].FieldName != tt.field)) {
			t.Errorf("%s: %d %s", tt.name, r.status, r.body)
		}
	}
	if got, _ := c.s.IVR(v.ID); got.Version != v.Version {
		t.Errorf("refused PUTs changed the version")
	}
}
