package pacer_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
	"github.com/gcpace/gcpace/wasm/pacer/pacertest"
)

// perWin is PUTs/429s per window of the simulator since origin.
func perWin(s *sim.Server, w time.Duration, origin time.Time) string {
	m := map[int][2]int{}
	last := 0
	for _, e := range s.Log() {
		if e.Route != string(genesys.BucketIVRPut) {
			continue
		}
		k := int(e.Time.Sub(origin) / w)
		c := m[k]
		c[0]++
		if e.Status == 429 {
			c[1]++
		}
		m[k] = c
		last = max(last, k)
	}
	out := ""
	for k := 0; k <= last; k++ {
		out += fmt.Sprintf("%d/%d ", m[k][0], m[k][1])
	}
	return out
}

// bottleneck runs the jobs as bench/node/bottleneck.js does, in Go, on a
// fresh simulator of opts, phase into its first window; it returns the
// makespan and the PUTs/429s per server window.
func bottleneck(t *testing.T, opts sim.Options, n int, phase time.Duration) (time.Duration, string) {
	var mk time.Duration
	var wins string
	synctest.Test(t, func(t *testing.T) {
		origin := time.Now()
		opts.IVRs = n + n/10 + 10
		s := sim.New(opts)
		c := &genesys.Client{Base: "https://api.sim.test", HTTP: &http.Client{Transport: pacertest.Browser{RT: s.Transport()}}, Token: func() string { return s.IssueToken() }}
		var ivrs []string
		for _, v := range s.IVRs() {
			if v.State != sim.StateDeleted && len(ivrs) < n {
				ivrs = append(ivrs, v.ID)
			}
		}
		nums := s.FreeNumbers(n)
		time.Sleep(phase)
		start := time.Now()
		ctx := context.Background()
		retry := func(call func() error) {
			for {
				err := call()
				var ge *genesys.Error
				if err == nil || !errors.As(err, &ge) || !ge.RateLimited() {
					return
				}
				time.Sleep(ge.RetryAfter)
			}
		}
		var lastStart time.Time
		for i, id := range ivrs {
			if d := time.Until(lastStart.Add(60 * time.Millisecond)); d > 0 {
				time.Sleep(d)
			}
			lastStart = time.Now()
			var v genesys.IVR
			retry(func() (err error) { v, _, err = c.GetIVR(ctx, id); return })
			in := dnis.Intent{IVRID: id, Add: []string{nums[i]}}
			v.DNIS = in.Apply(v.DNIS)
			retry(func() error { _, _, err := c.PutIVR(ctx, v); return err })
		}
		mk = time.Since(start)
		wins = perWin(s, opts.Window, origin)
	})
	return mk, wins
}

// TestSimHiddenVersusBottleneck: headers hidden, 40 of the documented 100
// PUTs per 6 s window, the real-time bench's latency (20–60 ms, and 100–
// 200 ms a PUT for a slow server or a busy page), the batch starting at
// several points of the server's window. At each, the pacer ends no later
// than SDK + Bottleneck would (one job at a time, GET then PUT, 60 ms
// apart, a 429 retried after Retry-After), modelled here in Go. Virtual
// time: the real-time bench's ratio also carries each run's own phase.
func TestSimHiddenVersusBottleneck(t *testing.T) {
	for _, putLat := range []time.Duration{0, 100 * time.Millisecond} {
		for _, ph := range []time.Duration{0, 2 * time.Second, 4500 * time.Millisecond} {
			opts := sim.Options{Seed: 3, Window: 6 * time.Second, Enforced: sim.Limits{IVRPut: 40, ClientUser: 300, User: 3000},
				Faults: sim.Faults{Latency: 20 * time.Millisecond, LatencyMax: 60 * time.Millisecond, PutLatency: putLat, PutLatencyMax: 2 * putLat}}
			sc := scenario{name: "hidden40", jobs: 250, limit: 40, opts: opts, pacer: pacer.Options{Window: 6 * time.Second}, phase: ph}
			m := sc.run(t)
			bm, bw := bottleneck(t, opts, sc.jobs, ph)
			ratio := float64(m.makespan) / float64(bm)
			t.Logf("PUT +%v, %v into the window: pacer %v, %d 429s (%s); Bottleneck %v (%s): %.3f",
				putLat, ph, m.makespan.Round(time.Millisecond), m.put429, m.windows, bm.Round(time.Millisecond), bw, ratio)
			if m.done != sc.jobs || ratio > 1.01 {
				t.Errorf("PUT +%v, %v into the window: pacer ÷ Bottleneck %.3f (%d of %d done), want ≤ 1.01", putLat, ph, ratio, m.done, sc.jobs)
			}
		}
	}
}
