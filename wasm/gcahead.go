//go:build js && wasm

package main

import (
	"runtime"
	"time"
)

// collectAhead runs Go's collector in a browser task of its own, before the
// heap reaches the size at which an allocation would start it.
//
// In wasm the collector cannot be preempted: once a cycle has started, Go
// finishes marking the whole heap, sweeps it and runs the finalizers it
// found before it hands the thread back to the browser. Started by an
// allocation, all of that lands in whatever task allocated (a render, an
// answer, a batch's start), and the two together made most of the page's
// long tasks while a batch ran (issue 14). Started here, from a timer,
// the task holds the collection alone.
func collectAhead() {
	var m runtime.MemStats
	for {
		time.Sleep(aheadEvery)
		runtime.ReadMemStats(&m) // tens of µs: one thread, nothing to stop
		if collectNow(m.HeapAlloc, m.NextGC) {
			runtime.GC()
		}
	}
}

// aheadEvery is how often collectAhead looks at the heap: a batch's page
// allocates a few MB a second, so a look every 100 ms sees the heap well
// before the collector's own trigger (some 5 % below its goal).
const aheadEvery = 100 * time.Millisecond

// collectNow says whether a heap of heap bytes, against the collector's
// goal, is near enough to it to collect now.
func collectNow(heap, goal uint64) bool {
	return goal > 0 && heap >= goal/10*8
}
