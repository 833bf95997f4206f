package sim

import (
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

// TestSamePutLatencies: two servers of one Seed make their nth IVR PUTs wait
// the same, whatever else was sent in between; without the option they do
// not.
func TestSamePutLatencies(t *testing.T) {
	run := func(same bool, getsBetween int) []time.Duration {
		var out []time.Duration
		synctest.Test(t, func(t *testing.T) {
			c := newClient(t, Options{Seed: 9, Faults: Faults{
				Latency: 20 * time.Millisecond, LatencyMax: 60 * time.Millisecond,
				PutLatency: 300 * time.Millisecond, PutLatencyMax: 700 * time.Millisecond, SamePutLatencies: same,
			}})
			v := c.active(1, nil)[0]
			for range 10 {
				var r IVR
				for range getsBetween + 1 {
					c.get(ivrsPath+"/"+v.ID).json(t, &r)
				}
				start := time.Now()
				if res := c.put(r); res.status != 200 {
					t.Fatalf("PUT: %d %s", res.status, res.body)
				}
				out = append(out, time.Since(start))
			}
		})
		return out
	}
	a, b := run(true, 0), run(true, 2)
	if !slices.Equal(a, b) {
		t.Errorf("same seed, same PUT latencies expected:\n%v\n%v", a, b)
	}
	if c := run(false, 0); slices.Equal(a, c) {
		t.Errorf("without the option the draws should differ: %v", c)
	}
}
