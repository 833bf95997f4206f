//go:build js && wasm

package browser

import (
	"sync"
	"syscall/js"
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
}

// NewChannel opens the named channel (nil when the browser has none).
func NewChannel(name string) *Channel {
	if js.Global().Get("BroadcastChannel").IsUndefined() {
		return nil
	}
	c := &Channel{name: name}
	c.open()
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
	for _, fn := range c.listens {
		c.bc.Call("addEventListener", "message", fn)
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
func (c *Channel) Post(msg string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.bc.IsUndefined() {
		c.bc.Call("postMessage", msg)
	}
}

// Listen calls f with each message from other tabs. f runs in the browser's
// callback: it must not block.
func (c *Channel) Listen(f func(msg string)) {
	if c == nil {
		return
	}
	fn := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if d := args[0].Get("data"); d.Type() == js.TypeString {
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
