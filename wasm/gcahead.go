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
// goal, is near enough to it to collect now: at three quarters, so that a
// burst of allocation between two looks (a batch's start, a page of IVRs)
// seldom reaches the collector's own trigger first.
func collectNow(heap, goal uint64) bool {
	return goal > 0 && heap >= goal/4*3
}

// settledGCPercent is GOGC once the page is ready. Collecting at three
// quarters of the goal, the default's 100 would collect twice as often as
// Go would (each time half the live heap is allocated, not all of it); at
// 200 it collects a little less often than the default (each 1.25 live
// heaps), and the heap peaks at 2.25 times what is live (about 23 MB with
// 10 000 IVRs listed and a 5 000-job batch running: 10 MB live).
const settledGCPercent = 200
