//go:build js && wasm

package ui

import (
	"testing"
)

// mount puts root in the page for the test and returns a query of the
// elements below it that match a CSS selector.
func mount(t *testing.T, root elem) func(sel string) []elem {
	t.Helper()
	host := el("div", nil, root)
	jsDoc.Get("body").Call("append", val(host))
	t.Cleanup(func() { val(host).Call("remove") })
	return func(sel string) []elem {
		list := val(host).Call("querySelectorAll", sel)
		out := make([]elem, list.Length())
		for i := range out {
			out[i] = wrap(list.Index(i))
		}
		return out
	}
}
