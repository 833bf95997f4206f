//go:build js && wasm

package browser

import (
	"strings"
	"sync"
	"syscall/js"
	"time"
)

// Tabs tell each other they are there with messages of their own, which
// Listen never passes on: a tab alone posts nothing. Posting a batch's
// snapshot (ten times a second, the whole batch) cost the only tab of a big
// batch a tenth of its main thread in copies nobody received.
const (
	ctlPrefix = "\x00gcpace-channel:"
	ctlHello  = ctlPrefix + "hello" // a tab opened its channel: who is there?
	ctlHere   = ctlPrefix + "here"  // an answer to hello, and a heartbeat
	// heartbeat is how often a tab says it is there; peerFor how long one
	// heard from counts as there. A hidden tab's timers may run once a
	// minute (Chromium's intensive throttling), so peerFor is longer.
	heartbeat = 20 * time.Second
	peerFor   = 75 * time.Second
)

// Channel is a BroadcastChannel between the tabs of the app: the runner tab
// posts snapshots, the others render them read-only.
//
// It is closed on pagehide and opened again when the page comes back from
// the back-forward cache: Chromium evicts a cached page whose open channel
// receives a message, so a page that kept it open would never be restored,
// only loaded again, while every other tab keeps posting.
type Channel struct {
	name string

	mu      sync.Mutex
	bc      js.Value // undefined while the page is hidden
	listens []js.Func
	ctl     js.Func       // answers the other tabs' control messages
	peerTo  time.Time     // another tab was heard from; it counts until then
	last    string        // the last message posted, or skipped for want of a peer
	lazy    func() string // makes last when it was skipped unmade (PostLazy)
	skipped bool          // last was not sent: a tab that turns up gets it
}

// NewChannel opens the named channel (nil when the browser has none).
func NewChannel(name string) *Channel {
	if js.Global().Get("BroadcastChannel").IsUndefined() {
		return nil
	}
	c := &Channel{name: name}
	c.ctl = js.FuncOf(func(_ js.Value, args []js.Value) any {
		// Compared in JS: a snapshot is not copied into Go for this.
		msg, d := "", args[0].Get("data")
		for _, m := range []string{ctlHello, ctlHere} {
			if d.Equal(js.ValueOf(m)) {
				msg = m
			}
		}
		c.heard(msg)
		return nil
	})
	c.open()
	// Never stopped: a closed channel's heartbeat is dropped by say.
	js.Global().Call("setInterval", js.FuncOf(func(js.Value, []js.Value) any {
		c.say(ctlHere)
		return nil
	}), heartbeat.Milliseconds())
	js.Global().Get("document").Call("addEventListener", "visibilitychange", js.FuncOf(func(js.Value, []js.Value) any {
		c.say(ctlHere)
		return nil
	}))
	// Never released: they live as long as the page.
	js.Global().Call("addEventListener", "pagehide", js.FuncOf(func(js.Value, []js.Value) any {
		c.close()
		return nil
	}))
	js.Global().Call("addEventListener", "pageshow", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if args[0].Get("persisted").Truthy() {
			c.open()
		}
		return nil
	}))
	return c
}

func (c *Channel) open() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.bc.IsUndefined() {
		return
	}
	c.bc = js.Global().Get("BroadcastChannel").New(c.name)
	c.bc.Call("addEventListener", "message", c.ctl)
	for _, fn := range c.listens {
		c.bc.Call("addEventListener", "message", fn)
	}
	c.bc.Call("postMessage", ctlHello)
}

// heard notes a message of another tab (msg: the control message, or ""
// for any other): it is there. A hello is answered,
// and a tab that turns up gets the last message the others did not.
func (c *Channel) heard(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bc.IsUndefined() {
		return
	}
	c.peerTo = time.Now().Add(peerFor)
	if msg == ctlHello {
		c.bc.Call("postMessage", ctlHere)
	}
	if c.skipped && msg != "" {
		c.skipped = false
		if c.lazy != nil {
			c.last, c.lazy = c.lazy(), nil
		}
		c.bc.Call("postMessage", c.last)
	}
}

// say posts a control message while the channel is open.
func (c *Channel) say(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.bc.IsUndefined() {
		c.bc.Call("postMessage", msg)
	}
}

func (c *Channel) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bc.IsUndefined() {
		return
	}
	c.bc.Call("close")
	c.bc = js.Undefined()
}

// Post sends msg to every other tab; a tab never receives its own messages.
// With no other tab heard from lately, it is kept instead, for the first
// tab that turns up.
func (c *Channel) Post(msg string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last, c.lazy = msg, nil
	c.skipped = c.bc.IsUndefined() || time.Now().After(c.peerTo)
	if !c.skipped {
		c.bc.Call("postMessage", msg)
	}
}

// PostLazy is Post for a message that costs something to make (the whole
// batch as JSON): mk is called only when another tab is there to receive
// it, now or when one turns up. mk must return the same text whenever
// it is called.
func (c *Channel) PostLazy(mk func() string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bc.IsUndefined() || time.Now().After(c.peerTo) {
		c.last, c.lazy, c.skipped = "", mk, true
		return
	}
	c.last, c.lazy, c.skipped = mk(), nil, false
	c.bc.Call("postMessage", c.last)
}

// Listen calls f with each message from other tabs. f runs in the browser's
// callback: it must not block.
func (c *Channel) Listen(f func(msg string)) {
	if c == nil {
		return
	}
	fn := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if d := args[0].Get("data"); d.Type() == js.TypeString && !strings.HasPrefix(d.String(), ctlPrefix) {
			f(d.String())
		}
		return nil
	})
	c.mu.Lock()
	defer c.mu.Unlock()
	c.listens = append(c.listens, fn)
	if !c.bc.IsUndefined() {
		c.bc.Call("addEventListener", "message", fn)
	}
}
