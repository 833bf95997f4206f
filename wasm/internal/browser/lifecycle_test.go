//go:build js && wasm

package browser

import (
	"context"
	"syscall/js"
	"testing"
	"time"
)

// pageTransition fires pagehide or pageshow on window, as the browser does
// around the back-forward cache.
func pageTransition(typ string, persisted bool) {
	opts := js.Global().Get("Object").New()
	opts.Set("persisted", persisted)
	js.Global().Call("dispatchEvent", js.Global().Get("PageTransitionEvent").New(typ, opts))
}

// On pagehide the lock is released and a request still waiting for it is
// abandoned: a frozen page must neither hold it nor be granted it.
func TestRunnerLockLetsGoOnPageHide(t *testing.T) {
	holder := NewRunnerLock("gcpace-test-lock")
	waiter := NewRunnerLock("gcpace-test-lock")
	if _, ok := holder.TryAcquire(); !ok {
		t.Fatal("TryAcquire on a free lock failed")
	}
	if !waiter.Held() {
		t.Error("Held() = false while the lock is held")
	}
	got := make(chan bool, 1)
	go func() {
		_, ok := waiter.Acquire(context.Background())
		got <- ok
	}()
	time.Sleep(50 * time.Millisecond) // the request is queued behind the holder
	pageTransition("pagehide", true)
	select {
	case ok := <-got:
		if ok {
			t.Error("a request waiting at pagehide was granted the lock")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a request waiting at pagehide was not abandoned")
	}
	time.Sleep(50 * time.Millisecond)
	if waiter.Held() {
		t.Error("the lock is still held after pagehide")
	}
	release, ok := waiter.TryAcquire()
	if !ok {
		t.Fatal("the lock is not free after pagehide")
	}
	release()
}

// The channel is closed while the page is hidden (a message would make
// Chromium evict the cached page) and open again after a restore.
func TestChannelClosedWhileHidden(t *testing.T) {
	c := NewChannel("gcpace-test-channel")
	heard := make(chan string, 4)
	c.Listen(func(msg string) { heard <- msg })
	other := js.Global().Get("BroadcastChannel").New("gcpace-test-channel")
	defer other.Call("close")

	pageTransition("pagehide", true)
	other.Call("postMessage", "while hidden")
	select {
	case m := <-heard:
		t.Errorf("heard %q while hidden", m)
	case <-time.After(200 * time.Millisecond):
	}
	pageTransition("pageshow", true)
	other.Call("postMessage", "after restore")
	select {
	case m := <-heard:
		if m != "after restore" {
			t.Errorf("heard %q, want the message sent after the restore", m)
		}
	case <-time.After(5 * time.Second):
		t.Error("nothing heard after the restore")
	}
}
