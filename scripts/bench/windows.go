package main

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
)

// windowStat is what the server saw of a client's IVR PUTs in one of its
// fixed windows: those it acted on, and those it refused (429).
type windowStat struct{ Puts, Limited int }

// perWindow counts the client's IVR PUTs per window of the simulator, by
// when the server acted on them, windows counted from simStart (the
// simulator's origin, to within the moment it took to start).
func perWindow(log []sim.Entry, simStart time.Time, window time.Duration) []windowStat {
	var out []windowStat
	for _, e := range log {
		if e.External || e.Route != sim.BucketIVRPut || e.Time.Before(simStart) {
			continue
		}
		k := int(e.Time.Sub(simStart) / window)
		for len(out) <= k {
			out = append(out, windowStat{})
		}
		out[k].Puts++
		if e.Status == http.StatusTooManyRequests {
			out[k].Limited++
		}
	}
	// Windows before the run's first PUT (signing in) say nothing.
	for len(out) > 0 && out[0].Puts == 0 {
		out = out[1:]
	}
	return out
}

// windowsLine is "PUTs/429s" per window, from the run's first.
func windowsLine(ws []windowStat) string {
	var b strings.Builder
	for i, w := range ws {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%d/%d", w.Puts, w.Limited)
	}
	return b.String()
}
