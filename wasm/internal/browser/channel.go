//go:build js && wasm

package browser

import "syscall/js"

// Channel is a BroadcastChannel between the tabs of the app: the runner tab
// posts snapshots, the others render them read-only.
type Channel struct {
	bc js.Value
	fn js.Func
}

// NewChannel opens the named channel (nil when the browser has none).
func NewChannel(name string) *Channel {
	ctor := js.Global().Get("BroadcastChannel")
	if ctor.IsUndefined() {
		return nil
	}
	return &Channel{bc: ctor.New(name)}
}

// Post sends msg to every other tab; a tab never receives its own messages.
func (c *Channel) Post(msg string) {
	if c == nil {
		return
	}
	c.bc.Call("postMessage", msg)
}

// Listen calls f with each message from other tabs. f runs in the browser's
// callback: it must not block.
func (c *Channel) Listen(f func(msg string)) {
	if c == nil {
		return
	}
	c.fn = js.FuncOf(func(_ js.Value, args []js.Value) any {
		if d := args[0].Get("data"); d.Type() == js.TypeString {
			f(d.String())
		}
		return nil
	})
	c.bc.Call("addEventListener", "message", c.fn)
}
