package sim

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

var roomy = Limits{IVRPut: 100000, ClientUser: 100000, User: 100000}

func TestServerErrors(t *testing.T) {
	c := newClient(t, Options{Seed: 9, Enforced: roomy, Faults: Faults{Rate5xx: 1}})
	seen := map[int]bool{}
	for range 30 {
		r := c.get(ivrsPath)
		e := r.errorBody(t)
		seen[r.status] = true
		if r.status < 502 || r.status > 504 || e.Status != r.status || e.Code == "" || e.Message == "" ||
			e.ContextID != r.header.Get("ININ-Correlation-Id") || r.header.Get("inin-ratelimit-count") == "" {
			t.Fatalf("5xx answer: %d %s", r.status, r.body)
		}
	}
	if len(seen) != 3 {
		t.Errorf("statuses seen: %v, want 502, 503 and 504", seen)
	}
	if n := c.s.Counters().Faults5xx; n != 30 {
		t.Errorf("Faults5xx = %d", n)
	}

	// At a rate, seeded: the same seed gives the same answers in the same order.
	run := func(seed int64) (string, int) {
		c := newClient(t, Options{Seed: seed, Enforced: roomy, Faults: Faults{Rate5xx: 0.3}})
		var b strings.Builder
		fails := 0
		for range 1000 {
			st := c.get("/api/v2/users/me").status
			if st != 200 {
				fails++
			}
			fmt.Fprint(&b, st, " ")
		}
		return b.String(), fails
	}
	a, fails := run(1)
	if b, _ := run(1); a != b {
		t.Error("same seed, different faults")
	}
	if b, _ := run(2); a == b {
		t.Error("different seeds, same faults")
	}
	if fails < 240 || fails > 360 {
		t.Errorf("%d of 1000 failed at Rate5xx 0.3", fails)
	}
}

func TestDropInProcess(t *testing.T) {
	c := newClient(t, Options{Faults: Faults{DropRate: 1}})
	v := c.active(1, nil)[0]
	req, _ := http.NewRequest(http.MethodPut, "http://sim"+ivrsPath+"/"+v.ID, strings.NewReader(fmt.Sprintf(`{"name":"x","version":%d}`, v.Version)))
	req.Header.Set("Authorization", "Bearer "+c.tok)
	req.Header.Set("Content-Type", "application/json")
	if _, err := c.hc.Do(req); !errors.Is(err, ErrDropped) {
		t.Fatalf("dropped PUT: err %v", err)
	}
	// The answer was lost, not the change: a client must re-read to know.
	if got, _ := c.s.IVR(v.ID); got.Version != v.Version+1 || got.Name != "x" {
		t.Errorf("dropped PUT was not applied: %+v", got)
	}
	if cn := c.s.Counters(); cn.Dropped != 1 || c.s.Log()[0].Fault != "drop" {
		t.Errorf("counters %+v", cn)
	}
	// Login and control are never dropped.
	if _, err := login(c.s).Get(authorizeURL("client_id", "gcpace-local", "redirect_uri", page, "response_type", "token")); err != nil {
		t.Errorf("login dropped: %v", err)
	}
}

func TestDropOnListener(t *testing.T) {
	s := New(Options{Faults: Faults{DropRate: 1}})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v2/users/me", nil)
	req.Header.Set("Authorization", "Bearer "+s.IssueToken())
	resp, err := srv.Client().Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("dropped connection answered %d", resp.StatusCode)
	}
	s.SetFaults(Faults{})
	req, _ = http.NewRequest(http.MethodGet, srv.URL+"/api/v2/users/me", nil)
	req.Header.Set("Authorization", "Bearer "+s.IssueToken())
	if resp, err = srv.Client().Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("after SetFaults: %v", err)
	}
	resp.Body.Close()
}

func TestLatency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newClient(t, Options{Faults: Faults{Latency: 250 * time.Millisecond}})
		start := time.Now()
		if r := c.get("/api/v2/users/me"); r.status != 200 {
			t.Fatalf("status %d", r.status)
		}
		if d := time.Since(start); d != 250*time.Millisecond {
			t.Errorf("took %v", d)
		}
		// A client that gives up first sees its own deadline, and nothing happened.
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://sim/api/v2/users/me", nil)
		req.Header.Set("Authorization", "Bearer "+c.tok)
		if _, err := c.hc.Do(req); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err %v", err)
		}
		if n := c.s.Counters().Requests; n != 1 {
			t.Errorf("%d requests reached the server", n)
		}
	})
}

func TestRevokeAfterPUTs(t *testing.T) {
	c := newClient(t, Options{Faults: Faults{RevokeAfterPUTs: 2}})
	ivrs := c.active(4, nil)
	want := []int{200, 200, 401}
	for i, st := range want {
		if r := c.put(ivrs[i]); r.status != st {
			t.Errorf("PUT %d: %d, want %d", i, r.status, st)
		}
	}
	// Once only: a new token survives more PUTs.
	c.tok = c.s.IssueToken()
	for i := 2; i < 4; i++ {
		if r := c.put(ivrs[i]); r.status != 200 {
			t.Errorf("PUT %d after sign-in: %d", i, r.status)
		}
	}
	if n := c.s.Counters().Revocations; n != 1 {
		t.Errorf("revocations %d", n)
	}
}

func TestExternalEdits(t *testing.T) {
	c := newClient(t, Options{Seed: 11, Faults: Faults{ExternalEditEvery: 2}})
	ivrs := c.active(3, nil)
	a, b, d := ivrs[0], ivrs[1], ivrs[2]
	free := c.s.FreeNumbers(5000)

	// The client prefetches b while it writes a and d: the edit lands on b.
	for _, id := range []string{a.ID, b.ID} {
		c.get(ivrsPath + "/" + id)
	}
	for _, v := range []IVR{a, d} {
		if r := c.put(v); r.status != 200 {
			t.Fatalf("PUT: %d %s", r.status, r.body)
		}
	}
	edited, _ := c.s.IVR(b.ID)
	if edited.Version != b.Version+1 || edited.Description == b.Description || edited.ModifiedBy == c.s.User().ID {
		t.Fatalf("b was not edited by someone else: %+v", edited)
	}
	added := slices.DeleteFunc(slices.Clone(edited.DNIS), func(n string) bool { return slices.Contains(b.DNIS, n) })
	if len(added) != 1 || slices.Contains(free, added[0]) || !c.s.inPoolLocked(added[0]) {
		t.Errorf("external number %v: want one pooled number FreeNumbers never offered", added)
	}
	if r := c.put(b); r.status != http.StatusConflict {
		t.Errorf("stale PUT after the edit: %d", r.status)
	}
	// Re-read, re-apply: works, and keeps the editor's number.
	b2 := edited
	b2.DNIS = append(b2.DNIS, free[0])
	if r := c.put(b2); r.status != 200 {
		t.Fatalf("PUT after re-read: %d %s", r.status, r.body)
	}
	cn := c.s.Counters()
	log := c.s.Log()
	if cn.ExternalEdits != 1 || !slices.ContainsFunc(log, func(e Entry) bool { return e.External && e.Path == b.SelfURI }) {
		t.Errorf("external edits %d; log %v", cn.ExternalEdits, log)
	}

	// Many edits never take a number the client may want.
	c2 := newClient(t, Options{Seed: 12, Enforced: roomy, Faults: Faults{ExternalEditEvery: 1}})
	want := c2.s.FreeNumbers(300)
	v := c2.active(1, nil)[0]
	for range 200 {
		cur, _ := c2.s.IVR(v.ID)
		if r := c2.put(cur); r.status != 200 {
			t.Fatalf("PUT: %d %s", r.status, r.body)
		}
	}
	if got := c2.s.FreeNumbers(300); !slices.Equal(got, want) {
		t.Error("external edits took numbers FreeNumbers had offered")
	}
}
