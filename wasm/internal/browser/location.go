//go:build js && wasm

package browser

import (
	"net/url"
	"syscall/js"
)

// PageURL is the address bar as it is now, fragment included.
func PageURL() *url.URL {
	u, err := url.Parse(js.Global().Get("location").Get("href").String())
	if err != nil {
		return &url.URL{}
	}
	return u
}

// ReplaceURL rewrites the address bar without a reload or a history entry;
// used to drop OAuth answers (tokens, codes) from the URL once read.
func ReplaceURL(u string) {
	js.Global().Get("history").Call("replaceState", js.Null(), "", u)
}

// Navigate leaves the page for u (the login redirect).
func Navigate(u string) {
	js.Global().Get("location").Call("assign", u)
}
