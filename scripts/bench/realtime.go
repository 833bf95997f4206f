package main

import (
	"net/http"
	"slices"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
)

// measureLog is measure for a real-time run, whose makespan comes from the
// simulator's log too, so that the page and Node are timed alike: from the
// arrival of the first request after log entry from to the answer of the
// last IVR PUT. The log stamps a request when the server acts on it, after
// its latency; with latency drawn before the server acts and no time after,
// that is also when its answer leaves.
func measureLog(s *sim.Server, sc scenario, jobs []job, from int, window time.Duration, simStart time.Time, base uiBase) result {
	log := s.Log()
	if from > len(log) {
		from = len(log)
	}
	log = log[from:]
	var first, last time.Time
	for _, e := range log {
		if e.External {
			continue
		}
		if at := e.Time.Add(-e.Latency); first.IsZero() || at.Before(first) {
			first = at
		}
		if e.Route == sim.BucketIVRPut && e.Time.After(last) {
			last = e.Time
		}
	}
	r := measure(s, sc, jobs, last.Sub(first), window, simStart)
	r.Ideal = ideal(sc, log, len(jobs), window)
	r.Ratio = float64(r.Makespan) / float64(max(r.Ideal, 1))
	r.Turns, r.Turn50, r.Turn95, r.Overlaps = turnarounds(log, window/time.Duration(sc.Limit))
	r.Windows = perWindow(log, simStart, window)
	if r.UIRefused >= 0 {
		r.UIRefused = base.refused(s, sc, window, simStart)
	}
	return r
}

// uiBase is the Genesys UI's count when a real-time run began. The
// simulator replays background load only in windows where requests come
// (an idle window costs nothing), so the share refused must be counted from
// the run's start, not from the simulator's: a page signing in first leaves
// idle windows behind it.
type uiBase struct {
	at time.Time
	bg int
}

// alignedBase is where a real-time run's windows began (the client's first
// request, sim.AlignWindows) and the UI's count then.
func alignedBase(s *sim.Server) (time.Time, uiBase) {
	origin, bg := s.WindowOrigin()
	return origin, uiBase{origin, bg}
}

// refused is the share of the UI's PUTs due since the base that found the
// bucket empty.
func (b uiBase) refused(s *sim.Server, sc scenario, window time.Duration, simStart time.Time) float64 {
	n := int64(sc.Background.IVRPutPerMinute)
	// The simulator spreads n background PUTs evenly over each window, the
	// kth at (k+½)·window/n: those due by elapsed.
	due := func(elapsed time.Duration) int64 {
		k := int64(elapsed / window)
		into := int64(elapsed) - k*int64(window)
		return k*n + min(n, (2*into*n+int64(window))/(2*int64(window)))
	}
	want := due(time.Since(simStart)) - due(b.at.Sub(simStart))
	got := s.Counters().Background[sim.BucketIVRPut] - b.bg
	return 1 - float64(got)/float64(max(want, 1))
}

// ideal is the least makespan any client could reach: jobs ÷ limit ×
// window; on a slow server (RTT-bound), at least the sum of the round trips
// of the PUTs that succeeded, sent one after another with no gap (each
// client meets its own latency draws, so this is per run).
func ideal(sc scenario, log []sim.Entry, jobs int, window time.Duration) time.Duration {
	d := sc.minimum(jobs, window)
	if !sc.rttBound() {
		return d
	}
	var sum time.Duration
	for _, e := range log {
		if !e.External && e.Route == sim.BucketIVRPut && e.Status == http.StatusOK {
			sum += e.Latency
		}
	}
	return max(d, sum)
}

// put is one IVR PUT as the simulator saw it.
type put struct {
	left    time.Time // when it left the client: its preflight's arrival, else its own
	arrived time.Time
	answer  time.Time
	ok      bool
}

// turnarounds measures, from the server's side, how long a client takes
// from a PUT's answer to sending the next PUT, when the next one was due:
// the PUT answered at least spacing (the ideal pacing) after it left. The
// next PUT leaves with its preflight when it has one: a browser's PUT with a
// token is preflighted (Access-Control-Max-Age 0), and its preflight is the
// last one on the same path before it (the GET's comes earlier, before the
// GET). Loopback adds both ways' socket time, well under a millisecond.
// Overlaps counts PUTs that arrived before the one before them was answered.
func turnarounds(log []sim.Entry, spacing time.Duration) (n int, p50, p95 time.Duration, overlaps int) {
	lastPreflight := map[string]time.Time{}
	var puts []put
	// The log is in the order the server acted; a PUT acts after its
	// latency, so walk by arrival.
	type ev struct {
		at time.Time
		e  sim.Entry
	}
	var evs []ev
	for _, e := range log {
		if !e.External {
			evs = append(evs, ev{e.Time.Add(-e.Latency), e})
		}
	}
	slices.SortStableFunc(evs, func(a, b ev) int { return a.at.Compare(b.at) })
	for _, v := range evs {
		e := v.e
		switch {
		case e.Method == http.MethodOptions:
			lastPreflight[e.Path] = v.at
		case e.Route == sim.BucketIVRPut:
			p := put{left: v.at, arrived: v.at, answer: e.Time, ok: e.Status == http.StatusOK}
			if t, ok := lastPreflight[e.Path]; ok {
				p.left = t
			}
			puts = append(puts, p)
			fallthrough
		default:
			delete(lastPreflight, e.Path) // a request uses up its preflight
		}
	}
	var ds []time.Duration
	for i := 1; i < len(puts); i++ {
		prev, cur := puts[i-1], puts[i]
		if cur.arrived.Before(prev.answer) {
			overlaps++
			continue
		}
		if prev.ok && prev.answer.Sub(prev.left) >= spacing {
			ds = append(ds, max(cur.left.Sub(prev.answer), 0))
		}
	}
	if len(ds) == 0 {
		return 0, 0, 0, overlaps
	}
	slices.Sort(ds)
	return len(ds), ds[len(ds)/2], ds[min(len(ds)-1, len(ds)*95/100)], overlaps
}
