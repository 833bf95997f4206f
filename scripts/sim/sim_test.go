package sim

import (
	"net/http"
	"sync"
	"testing"
	"time"
)

// fakeClock is a hand-driven clock whose Sleep advances it.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) Sleep(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}

func TestInjectedClock(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	c := newClient(t, Options{Clock: clk, Enforced: Limits{ClientUser: 2}, TokenLifetime: 10 * time.Minute,
		Faults: Faults{Latency: 3 * time.Second}})
	statuses := []int{c.get("/api/v2/users/me").status, c.get("/api/v2/users/me").status, c.get("/api/v2/users/me").status}
	if statuses[2] != http.StatusTooManyRequests {
		t.Errorf("statuses %v", statuses)
	}
	// Latency slept on the clock: three calls, 3 s each.
	if got := clk.Now(); !got.Equal(time.Date(2026, 3, 1, 12, 0, 9, 0, time.UTC)) {
		t.Errorf("clock at %v", got)
	}
	if r := c.get("/api/v2/users/me"); r.header.Get("Retry-After") != "48" {
		t.Errorf("Retry-After %q at 12 s into the window", r.header.Get("Retry-After"))
	}
	clk.Sleep(48 * time.Second)
	if r := c.get("/api/v2/users/me"); r.status != 200 {
		t.Errorf("next window: %d", r.status)
	}
	if e := c.s.Log()[0]; !e.Time.Equal(time.Date(2026, 3, 1, 12, 0, 3, 0, time.UTC)) {
		t.Errorf("log time %v", e.Time)
	}
	clk.Sleep(10 * time.Minute)
	if r := c.get("/api/v2/users/me"); r.status != 401 {
		t.Errorf("token past its lifetime on the injected clock: %d", r.status)
	}
}

func TestConcurrentClients(t *testing.T) {
	c := newClient(t, Options{Seed: 13, Enforced: Limits{IVRPut: 40, ClientUser: 10000, User: 10000}})
	ivrs := c.active(8, nil)
	var wg sync.WaitGroup
	for _, v := range ivrs {
		wg.Go(func() {
			for range 10 {
				cur, _ := c.s.IVR(v.ID)
				c.put(cur)
				c.get(ivrsPath + "?pageSize=10")
			}
		})
	}
	wg.Wait()
	cn := c.s.Counters()
	if cn.Requests != 160 || cn.Statuses[200]+cn.Statuses[409] != 120 || cn.Statuses[429] != 40 || cn.Buckets[BucketIVRPut] != 40 {
		t.Errorf("counters %+v", cn)
	}
}
