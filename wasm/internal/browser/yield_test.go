//go:build js && wasm

package browser

import (
	"syscall/js"
	"testing"
	"time"
)

// Idle comes back once the browser is idle, and where there is no
// requestIdleCallback after its max (a timer).
func TestIdle(t *testing.T) {
	done := make(chan struct{})
	go func() { Idle(5 * time.Second); close(done) }()
	select {
	case <-done:
	case <-time.After(6 * time.Second):
		t.Fatal("Idle did not come back within its max")
	}

	ric := js.Global().Get("requestIdleCallback")
	js.Global().Set("requestIdleCallback", js.Undefined())
	defer js.Global().Set("requestIdleCallback", ric)
	done = make(chan struct{})
	go func() { Idle(time.Millisecond); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("without requestIdleCallback, Idle did not come back")
	}
}
