package pacer_test

import (
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// TestBelievedLimitFindsShortHiddenLimit: headers hidden, 6 s windows, the
// documented 100 per window believed, the server enforcing 25, as in the
// Christmas test. Whatever the phase of the server's windows, three windows
// after the first 429 the believed limit is the real one (within 10 %), and
// it stays there: Retry-After's whole seconds once hid part of each window's
// sends from the count, and the limit stayed at 70, 49 or 34 for most of a
// batch, with the page's rate line and ETA to match.
func TestBelievedLimitFindsShortHiddenLimit(t *testing.T) {
	const w, real = 6 * time.Second, 25
	for off := time.Duration(0); off < w; off += 300 * time.Millisecond {
		synctest.Test(t, func(t *testing.T) {
			const n = 300
			srv := &fixedWindows{origin: time.Now().Add(-off), w: w, limit: real, admitted: map[int64]int{}}
			f := newFake(40 * time.Millisecond)
			var mu sync.Mutex
			var first time.Time // the first 429
			firstAt := func() time.Time { mu.Lock(); defer mu.Unlock(); return first }
			f.onWrite = func(string, int) (genesys.Meta, error) {
				m, err := srv.take(time.Now())
				mu.Lock()
				if err != nil && first.IsZero() {
					first = time.Now()
				}
				mu.Unlock()
				return m, err
			}
			q := pacer.New(f, seeded(pacer.Options{Window: w}))
			for i := range n {
				q.Add(pacer.Job{ID: fmt.Sprint(i), Key: fmt.Sprint("ivr-", i)})
			}
			done := start(q)
			for firstAt().IsZero() {
				time.Sleep(10 * time.Millisecond)
			}
			time.Sleep(3 * w)
			var limits []int
			for range 6 {
				limits = append(limits, q.Snapshot().Limit)
				time.Sleep(w)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			bad := false
			for _, l := range limits {
				bad = bad || l < real*9/10 || l > real*11/10
			}
			last := srv.index(time.Now())
			full := 0
			for k := srv.index(first) + 2; k < last; k++ {
				if srv.admitted[k] == real {
					full++
				}
			}
			if bad || full < int(last-srv.index(first))-3 {
				t.Errorf("windows %v into the server's: believed limit %v from three windows after the first 429, want %d ± 10 %%; admitted per window %v, %d refused",
					off, limits, real, srv.admitted, srv.refused)
			}
		})
	}
}

// TestSimShortWindowHidden is the Christmas test's org in virtual time, the
// page's own job code against the simulator: 120 jobs, 6 s windows, 25 PUTs
// a window enforced where 100 are documented, 20–60 ms latency. The batch
// ends believing the real limit.
func TestSimShortWindowHidden(t *testing.T) {
	sc := scenario{
		name: "short-window", jobs: 120, limit: 25,
		opts: sim.Options{Seed: 25, Window: 6 * time.Second, Enforced: sim.Limits{IVRPut: 25, ClientUser: 300, User: 3000},
			Faults: sim.Faults{Latency: 20 * time.Millisecond, LatencyMax: 60 * time.Millisecond}},
		pacer: pacer.Options{Window: 6 * time.Second},
	}
	m := sc.run(t)
	t.Logf("%s: %s; believed %d per window; per window %v", sc.name, m, m.snap.Limit, m.snap.Sends429)
	if m.done != sc.jobs || m.snap.Limit < 23 || m.snap.Limit > 27 || m.put429 > 4 {
		t.Errorf("done %d of %d, %d 429s, believed limit %d; want all done, at most 4 429s, 25 ± 10 %%", m.done, sc.jobs, m.put429, m.snap.Limit)
	}
}
