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
// work could outlast it in the same task). The pause comes only after 10 ms
// of work, so a small file pays nothing; a task of the page (other work
// beside this slice included) stays under the 50 ms of a long one.
func pageYield() func() {
	last := time.Now()
	return func() {
		if time.Since(last) < 10*time.Millisecond {
			return
		}
		pagetask.NextTask()
		last = time.Now()
	}
}
