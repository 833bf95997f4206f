package main

import (
	"net/http"
	"slices"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
)

// scenario is one simulated org that every strategy meets in turn, each with
// a fresh simulator built from the same options and seed.
type scenario struct {
	Name       string
	Title      string
	Seed       int64
	Enforced   sim.Limits
	Background sim.Background // per window
	Expose     bool           // the browser may read Retry-After and inin-*
	// Limit is the IVR PUTs per window really left to the client: the
	// theoretical minimum makespan is jobs ÷ Limit × window.
	Limit int
	// Hidden marks the scenario of the final line's hidden_* values.
	Hidden bool
	// RealOnly scenarios run in real time only (page and Bottleneck).
	RealOnly bool
	// PutLatency…PutLatencyMax, when set, is how long the server takes
	// for each IVR PUT in the real-time runs: a slow server, where
	// round trips, not the limit, bound the makespan (RTT-bound).
	PutLatency, PutLatencyMax time.Duration
}

// Real-time runs: every API call waits 20–60 ms at the server, the spread a
// person measures against Genesys from a browser; a shrunk window.
const (
	realLatency, realLatencyMax = 20 * time.Millisecond, 60 * time.Millisecond
)

// rttBound reports whether the scenario's makespan is bound by round trips.
func (sc scenario) rttBound() bool { return sc.PutLatency > 0 }

// documentedPUT is the documented IVR PUT limit per minute: what every
// baseline spaces its requests by, and what the pacer starts from.
const documentedPUT = 100

func scenarios() []scenario {
	return []scenario{
		{
			Name: "documented", Title: "documented limits (100 IVR PUTs per window), headers exposed",
			Seed: 1, Enforced: sim.DefaultLimits, Expose: true, Limit: 100,
		},
		{
			Name: "enforced40-hidden", Title: "enforced IVR PUT limit at 40 % of documented (40 per window), headers hidden",
			Seed: 3, Enforced: sim.Limits{IVRPut: 40, ClientUser: 300, User: 3000}, Limit: 40, Hidden: true,
		},
		{
			Name: "background20-hidden", Title: "Genesys UI spends 20 IVR PUTs per window (80 left), headers hidden",
			Seed: 5, Enforced: sim.DefaultLimits, Background: sim.Background{IVRPutPerMinute: 20, UserPerMinute: 600}, Limit: 80,
		},
		{
			Name: "slow-server", Title: "slow server: IVR PUTs take 300–700 ms (documented limits, headers exposed); RTT-bound, real time only",
			Seed: 7, Enforced: sim.DefaultLimits, Expose: true, Limit: 100, RealOnly: true,
			PutLatency: 300 * time.Millisecond, PutLatencyMax: 700 * time.Millisecond,
		},
	}
}

// virtualScenarios are those the Go strategies run in virtual time.
func virtualScenarios() []scenario {
	var out []scenario
	for _, sc := range scenarios() {
		if !sc.RealOnly {
			out = append(out, sc)
		}
	}
	return out
}

// latency is the simulator's answer delay at the default one-minute window;
// shrunk windows shrink it in proportion, so that a round trip takes the same
// share of a PUT's slot (80 ms of 600 ms).
const latency = 80 * time.Millisecond

// simOptions builds the scenario's org with the given window length and room
// for n jobs (the simulator deletes some IVRs; keep a margin).
func (sc scenario) simOptions(window time.Duration, n int) sim.Options {
	return sim.Options{
		Seed:          sc.Seed,
		IVRs:          n + n/5 + 20,
		Window:        window,
		Enforced:      sc.Enforced,
		Background:    sc.Background,
		ExposeHeaders: sc.Expose,
		Faults:        sim.Faults{Latency: latency * window / time.Minute},
	}
}

// realOptions are simOptions for the real-time runs: latency drawn per call
// (see realLatency) and the scenario's slow PUTs, if any.
func (sc scenario) realOptions(window time.Duration, n int) sim.Options {
	o := sc.simOptions(window, n)
	// On a slow server the sum of the PUTs' round trips is the makespan:
	// both clients meet the same ones, or the comparison is a lottery
	// (60 draws of 300–700 ms vary by ±3 % between runs).
	o.Faults = sim.Faults{Latency: realLatency, LatencyMax: realLatencyMax, PutLatency: sc.PutLatency, PutLatencyMax: sc.PutLatencyMax,
		SamePutLatencies: sc.PutLatency > 0}
	return o
}

// minimum is the theoretical minimum makespan for n jobs.
func (sc scenario) minimum(n int, window time.Duration) time.Duration {
	return time.Duration(float64(n) / float64(sc.Limit) * float64(window))
}

// job is one edit: add Number to the IVR.
type job struct{ IVR, Number string }

// pickJobs pairs the first n live IVRs of the org with n free numbers.
func pickJobs(s *sim.Server, n int) []job {
	nums := s.FreeNumbers(n)
	var jobs []job
	for _, v := range s.IVRs() {
		if v.State != sim.StateDeleted && len(jobs) < min(n, len(nums)) {
			jobs = append(jobs, job{IVR: v.ID, Number: nums[len(jobs)]})
		}
	}
	return jobs
}

// result is one strategy's run of one scenario. Everything but the makespan
// is counted by the simulator, so that every strategy, Go or Node, is judged
// the same way.
type result struct {
	Scenario string
	Strategy string
	Clock    string // "virtual" (synctest) or "real" (loopback)
	Window   time.Duration
	Jobs     int
	Finished int // IVRs that hold their number at the end
	Lost     int // jobs whose number never landed
	Makespan time.Duration
	Ratio    float64 // makespan over the theoretical minimum
	Puts     int     // IVR PUTs that reached the simulator
	Put429   int
	Rate429  float64 // Put429 ÷ Puts
	Other429 int     // 429s on other requests (the GETs), for the notes
	// UIRefused is the share of the Genesys UI's own IVR PUTs (the
	// background load) that found the bucket emptied by the strategy; -1
	// without background load.
	UIRefused float64
	// Real-time runs only (see measureLog).
	Ideal      time.Duration // the makespan ratio's denominator
	Turns      int           // PUT-to-PUT turnarounds measured (the next PUT was due)
	Turn50     time.Duration // their median
	Turn95     time.Duration // their 95th percentile
	Overlaps   int           // IVR PUTs that arrived while another was unanswered
	PageTurns  int           // turnarounds inside the page (its fetch calls; page runs only)
	PageTurn50 time.Duration
	PageTurn95 time.Duration
	LongTask   time.Duration // the page's longest main-thread task during the batch
	Windows    []windowStat  // IVR PUTs and 429s per server window (real time; -windows prints them)
	Err        string        `json:",omitempty"`
}

// measure reads the simulator's truth after a run that took makespan, on a
// simulator made at simStart.
func measure(s *sim.Server, sc scenario, jobs []job, makespan, window time.Duration, simStart time.Time) result {
	r := result{Scenario: sc.Name, Window: window, Jobs: len(jobs), Makespan: makespan, UIRefused: -1}
	for _, j := range jobs {
		if v, ok := s.IVR(j.IVR); ok && slices.Contains(v.DNIS, j.Number) {
			r.Finished++
		}
	}
	r.Lost = r.Jobs - r.Finished
	for _, e := range s.Log() {
		switch {
		case e.External:
		case e.Route == sim.BucketIVRPut:
			r.Puts++
			if e.Status == http.StatusTooManyRequests {
				r.Put429++
			}
		case e.Status == http.StatusTooManyRequests:
			r.Other429++
		}
	}
	r.Ratio = float64(makespan) / float64(sc.minimum(len(jobs), window))
	r.Rate429 = float64(r.Put429) / float64(max(r.Puts, 1))
	if n := sc.Background.IVRPutPerMinute; n > 0 {
		// The simulator spreads n background PUTs evenly over each window,
		// the kth at (k+½)·window/n; those due so far, less those that got in.
		elapsed := time.Since(simStart)
		k := int64(elapsed / window)
		into := int64(elapsed) - k*int64(window)
		due := k*int64(n) + min(int64(n), (2*into*int64(n)+int64(window))/(2*int64(window)))
		got := s.Counters().Background[sim.BucketIVRPut]
		r.UIRefused = 1 - float64(got)/float64(max(due, 1))
	}
	return r
}
