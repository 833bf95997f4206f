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
// task's clock is read at most once a millisecond.
func pageYield() func() {
	began := time.Now()
	var looked time.Time
	return func() {
		// Asking boot.js for the task's clock is a call through
		// syscall/js (a few µs); Go's own clock is a plain import call.
		now := time.Now()
		if now.Sub(looked) < time.Millisecond {
			return
		}
		looked = now
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
