//go:build js && wasm

package app

import (
	"time"

	pagetask "github.com/gcpace/gcpace/wasm/internal/browser"
)

// pageYield returns the hook that lets a long parse (or a big batch's
// start) hand the page's one thread back: every Go goroutine in the browser
// runs on it, so without a pause no event, timer or paint (the pacer's
// included) runs until the work ends. browser.NextTask waits until the
// browser ran a task of its own (a sleep would not: another goroutine's
// work could outlast it in the same task).
//
// The pause comes once the browser task has run Go for 8 ms, whoever's
// work filled it (browser.TaskElapsed): a small file pays nothing, and a
// task stays well under the 50 ms of a long one when a batch's start, its
// first view and the table's first rows all want the thread at once. The
// engine's hook reads the clock every 16th call (batchYield).
func pageYield() func() { return pageYieldEvery(1) }

// batchYield is pageYield for the engine, which pauses once per job:
// reading a clock is a call into JavaScript, so it reads it every 16th.
func batchYield() func() { return pageYieldEvery(16) }

func pageYieldEvery(n int) func() {
	began := time.Now()
	calls := 0
	return func() {
		if calls++; calls%n != 0 {
			return
		}
		if pagetask.TaskElapsed(began) < taskBudget {
			return
		}
		pagetask.NextTask()
		began = time.Now()
	}
}

// taskBudget is how long a browser task may run Go before a pause hands
// the page back.
const taskBudget = 8 * time.Millisecond
