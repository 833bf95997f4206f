//go:build js && wasm

package app

import "time"

// pageYield returns the hook that lets a long parse hand the page's one
// thread back: every Go goroutine in the browser runs on it, so without a
// pause no event, timer or paint (the pacer's included) runs until the
// parse ends. A sleep parks every goroutine, and the Go runtime returns to
// the event loop until its timer fires. The pause comes only after 20 ms of
// work, so a small file pays nothing and a big one about one clamped timer
// (4 ms) in five.
func pageYield() func() {
	last := time.Now()
	return func() {
		if time.Since(last) < 20*time.Millisecond {
			return
		}
		time.Sleep(time.Millisecond)
		last = time.Now()
	}
}
