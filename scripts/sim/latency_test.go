package sim

import (
	"testing"
	"testing/synctest"
	"time"
)

// TestLatencyRange: with a range, every API call waits a draw inside it, the
// draws differ, and IVR PUTs draw from their own range; the log says what
// each call waited, which is also how long it took.
func TestLatencyRange(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newClient(t, Options{Faults: Faults{
			Latency: 20 * time.Millisecond, LatencyMax: 60 * time.Millisecond,
			PutLatency: 300 * time.Millisecond, PutLatencyMax: 700 * time.Millisecond,
		}})
		v := c.active(1, nil)[0]
		took := map[string][]time.Duration{}
		for range 20 {
			start := time.Now()
			var r IVR
			c.get(ivrsPath+"/"+v.ID).json(t, &r)
			took["GET"] = append(took["GET"], time.Since(start))
			start = time.Now()
			if res := c.put(r); res.status != 200 {
				t.Fatalf("PUT: %d %s", res.status, res.body)
			}
			took["PUT"] = append(took["PUT"], time.Since(start))
		}
		within := map[string][2]time.Duration{
			"GET": {20 * time.Millisecond, 60 * time.Millisecond},
			"PUT": {300 * time.Millisecond, 700 * time.Millisecond},
		}
		for method, ds := range took {
			lo, hi := within[method][0], within[method][1]
			distinct := map[time.Duration]bool{}
			for _, d := range ds {
				if d < lo || d > hi {
					t.Errorf("%s took %v, want within [%v, %v]", method, d, lo, hi)
				}
				distinct[d] = true
			}
			if len(distinct) < 10 {
				t.Errorf("%s: %d distinct latencies in %d calls, want draws", method, len(distinct), len(ds))
			}
		}
		var logged []time.Duration
		for _, e := range c.s.Log() {
			if e.Route == BucketIVRPut {
				logged = append(logged, e.Latency)
			}
		}
		if len(logged) != len(took["PUT"]) {
			t.Fatalf("%d PUTs logged, want %d", len(logged), len(took["PUT"]))
		}
		for i, d := range logged {
			if d != took["PUT"][i] {
				t.Errorf("PUT %d: log says it waited %v, it took %v", i, d, took["PUT"][i])
			}
		}
	})
}
