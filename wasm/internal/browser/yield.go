//go:build js && wasm

package browser

import (
	"sync"
	"syscall/js"
	"time"
)

// nextTask is the MessageChannel NextTask waits on, made on first use.
var nextTask struct {
	once    sync.Once
	port    js.Value // posted to; its twin's onmessage wakes the waiters
	mu      sync.Mutex
	waiting []chan struct{}
}

// NextTask blocks the calling goroutine until the browser has ended the
// task it runs in and started another: a long stretch of Go work split by
// NextTask is several short tasks, so clicks, paints and timers run in
// between. time.Sleep does not promise that: every goroutine runs on the
// page's one thread, and the Go runtime hands it back only when none is
// runnable, so a sleep that another goroutine's work outlasts wakes up in
// the same task (issue 14: starting a 5 000-job batch held the page for
// most of a second). A message, unlike a timer, is not slowed down in a
// hidden tab.
func NextTask() {
	nt := &nextTask
	nt.once.Do(func() {
		mc := js.Global().Get("MessageChannel").New()
		nt.port = mc.Get("port2")
		// One waiter per message, each message a task of its own: woken
		// together, a big batch's start and the page's render of its
		// first rows ran their slices in one task again (issue 14).
		mc.Get("port1").Set("onmessage", js.FuncOf(func(js.Value, []js.Value) any {
			nt.mu.Lock()
			c := nt.waiting[0]
			nt.waiting = nt.waiting[1:]
			more := len(nt.waiting) > 0
			nt.mu.Unlock()
			if more {
				nt.port.Call("postMessage", nil)
			}
			close(c)
			return nil
		}))
	})
	c := make(chan struct{})
	nt.mu.Lock()
	first := len(nt.waiting) == 0
	nt.waiting = append(nt.waiting, c)
	nt.mu.Unlock()
	if first {
		nt.port.Call("postMessage", nil)
	}
	<-c
}

// Idle waits until the browser has a moment with nothing to do
// (requestIdleCallback), or max has passed; where there is no such call,
// it waits max. For work nobody waits on that should not delay a paint.
func Idle(max time.Duration) {
	c := make(chan struct{})
	var f js.Func
	f = js.FuncOf(func(js.Value, []js.Value) any {
		f.Release()
		close(c)
		return nil
	})
	if ric := js.Global().Get("requestIdleCallback"); ric.Type() == js.TypeFunction {
		ric.Invoke(f, map[string]any{"timeout": max.Milliseconds()})
	} else {
		js.Global().Call("setTimeout", f, max.Milliseconds())
	}
	<-c
}
