//go:build js && wasm

package browser

import (
	"syscall/js"
	"testing"
	"time"
)

// rawTab is another tab's channel, seen from outside: every message it gets.
func rawTab(t *testing.T, name string) (post func(string), got <-chan string) {
	t.Helper()
	ch := make(chan string, 16)
	bc := js.Global().Get("BroadcastChannel").New(name)
	fn := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- args[0].Get("data").String()
		return nil
	})
	bc.Call("addEventListener", "message", fn)
	t.Cleanup(func() { bc.Call("close"); fn.Release() })
	return func(m string) { bc.Call("postMessage", m) }, ch
}

func next(t *testing.T, got <-chan string) string {
	t.Helper()
	select {
	case m := <-got:
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("no message within 5 s")
		return ""
	}
}

// A tab alone posts nothing; the first tab that says it is there gets the
// last message, and later ones as they are posted.
func TestChannelPostsOnlyToATabThatIsThere(t *testing.T) {
	post, got := rawTab(t, "test-alone")
	c := NewChannel("test-alone")
	t.Cleanup(c.close)
	if m := next(t, got); m != ctlHello {
		t.Fatalf("first message %q, want the hello", m)
	}
	c.Post("snapshot 1")
	c.Post("snapshot 2")
	c.say(ctlHere) // in order after anything Post sent
	if m := next(t, got); m != ctlHere {
		t.Fatalf("a tab nobody answered posted %q", m)
	}
	post(ctlHere)
	if m := next(t, got); m != "snapshot 2" {
		t.Fatalf("the tab that turned up got %q, want the last snapshot", m)
	}
	c.Post("snapshot 3")
	if m := next(t, got); m != "snapshot 3" {
		t.Fatalf("got %q, want snapshot 3", m)
	}
}

// Listen hears the other tabs' messages, never the control ones, and a
// hello is answered.
func TestChannelListenSkipsControlMessages(t *testing.T) {
	post, got := rawTab(t, "test-listen")
	c := NewChannel("test-listen")
	t.Cleanup(c.close)
	heard := make(chan string, 4)
	c.Listen(func(m string) { heard <- m })
	if m := next(t, got); m != ctlHello {
		t.Fatalf("first message %q", m)
	}
	post(ctlHello)
	if m := next(t, got); m != ctlHere {
		t.Fatalf("a hello was answered with %q", m)
	}
	post("snapshot")
	if m := next(t, heard); m != "snapshot" {
		t.Fatalf("Listen heard %q first, want the snapshot", m)
	}
}

// PostLazy makes its message only when a tab is there to get it: a tab
// alone never pays for the snapshot, and one that turns up gets the last.
func TestChannelPostLazyMakesOnlyForATab(t *testing.T) {
	post, got := rawTab(t, "test-lazy")
	c := NewChannel("test-lazy")
	t.Cleanup(c.close)
	if m := next(t, got); m != ctlHello {
		t.Fatalf("first message %q, want the hello", m)
	}
	made := 0
	snap := func(s string) func() string { return func() string { made++; return s } }
	c.PostLazy(snap("snapshot 1"))
	c.PostLazy(snap("snapshot 2"))
	if made != 0 {
		t.Fatalf("a tab alone made %d messages", made)
	}
	post(ctlHere)
	if m := next(t, got); m != "snapshot 2" {
		t.Fatalf("the tab that turned up got %q, want the last snapshot", m)
	}
	c.PostLazy(snap("snapshot 3"))
	if m := next(t, got); m != "snapshot 3" || made != 2 {
		t.Fatalf("got %q after %d made, want snapshot 3 after 2", m, made)
	}
}
