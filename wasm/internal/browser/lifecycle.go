//go:build js && wasm

package browser

import "syscall/js"

// OnPageHide calls f on pagehide: the page is being unloaded, or frozen in
// the back-forward cache, from which it may come back (OnRestored). f runs
// in the browser's event callback: it must not block.
func OnPageHide(f func()) {
	// Never released: it lives as long as the page.
	js.Global().Call("addEventListener", "pagehide", js.FuncOf(func(js.Value, []js.Value) any {
		f()
		return nil
	}))
}

// OnRestored calls f when the page comes back from the back-forward cache
// (pageshow with persisted): frozen as it was, timers and goroutines
// resume, while the other tabs went on without it. f must not block.
func OnRestored(f func()) {
	js.Global().Call("addEventListener", "pageshow", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if args[0].Get("persisted").Truthy() {
			f()
		}
		return nil
	}))
}
