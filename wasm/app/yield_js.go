//go:build js && wasm

package app

import (
	"sync/atomic"
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
//
// The 10 ms are counted from the later of this hook's last pause and the
// last pause of any hook: every goroutine runs in the same browser task
// until all of them wait, so a hook that just began (a batch's first view)
// must not spend another 10 ms in a task that a batch's start already
// filled; it hands the thread back at once.
func pageYield() func() {
	last := time.Now()
	return func() {
		now := time.Now()
		if shared := time.Unix(0, lastPause.Load()); shared.After(last) {
			last = shared
		}
		if now.Sub(last) < 10*time.Millisecond {
			return
		}
		pagetask.NextTask()
		last = time.Now()
		lastPause.Store(last.UnixNano())
	}
}

// lastPause is when any pageYield hook last came back from a pause: about
// when the browser task now running began.
var lastPause atomic.Int64
