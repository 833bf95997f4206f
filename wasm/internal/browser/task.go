//go:build js && wasm

package browser

import (
	"syscall/js"
	"time"
)

// taskMs is boot.js's clock of the browser task now running (see there);
// undefined where the page was not started by boot.js (wasmtest, Node).
var taskMs = js.Global().Get("__gcpaceTaskMs")

// TaskElapsed is how long the browser task now running has been running
// Go code: every goroutine's work since the event, answer or timer that
// entered Go. Where that is unknown (no boot.js), it is the time since
// since, the caller's own start.
func TaskElapsed(since time.Time) time.Duration {
	if taskMs.Type() == js.TypeFunction {
		if ms := taskMs.Invoke().Float(); ms >= 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	return time.Since(since)
}
