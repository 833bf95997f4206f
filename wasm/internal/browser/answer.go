//go:build js && wasm

package browser

import (
	"net/url"
	"sync"
	"syscall/js"
)

// answerKey is where boot.js puts the address the login sent the browser
// back to (fragment or ?code=&state=) before anything else on the page
// loads; it cleans the address bar at the same moment. Keep the name in
// step with web/boot.js.
const answerKey = "gcpace.boot.answer"

// AddressBar is the page's address as the app sees it. The first Page
// after load is the address that carried the OAuth answer, which boot.js
// already took out of the real address bar; after that, the real one.
type AddressBar struct {
	mu     sync.Mutex
	answer *url.URL
}

// NewAddressBar takes the OAuth answer boot.js kept, removing it from
// sessionStorage: it is good for one reading only.
func NewAddressBar() *AddressBar {
	b := &AddressBar{}
	store := js.Global().Get("sessionStorage")
	v := store.Call("getItem", answerKey)
	if v.Type() != js.TypeString {
		return b
	}
	store.Call("removeItem", answerKey)
	if u, err := url.Parse(v.String()); err == nil && sameDocument(u, PageURL()) {
		b.answer = u
	}
	return b
}

// sameDocument guards against an answer saved by another page of the
// origin: only one for this very path counts.
func sameDocument(a, b *url.URL) bool {
	return a.Scheme == b.Scheme && a.Host == b.Host && a.Path == b.Path
}

// Page returns the address with the OAuth answer once, then the address bar.
func (b *AddressBar) Page() *url.URL {
	b.mu.Lock()
	defer b.mu.Unlock()
	if u := b.answer; u != nil {
		b.answer = nil
		c := *u
		return &c
	}
	return PageURL()
}

// Replace rewrites the address bar (see ReplaceURL) and forgets the answer.
func (b *AddressBar) Replace(u string) {
	b.mu.Lock()
	b.answer = nil
	b.mu.Unlock()
	ReplaceURL(u)
}
