//go:build js && wasm

package browser

import (
	"net/url"
	"sync"
	"syscall/js"
)

// ClientApp is the bridge to the Genesys Cloud window that embeds the page
// (purecloud-client-app-sdk, loaded by index.html). It starts unconnected;
// Connect builds the SDK once the page has checked the region. Outside
// Genesys Cloud, or when the SDK did not load, its methods do nothing: the
// page works alone.
type ClientApp struct {
	mu sync.Mutex
	v  js.Value
}

// Connect builds the SDK's ClientApp from q, the client-app parameters the
// app verified (gcHostOrigin naming a known region); nil or empty q, a page
// not framed, or no SDK leave it unconnected. Only the first call counts.
func (c *ClientApp) Connect(q url.Values) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.v.Truthy() || (q.Get("gcHostOrigin") == "" && q.Get("pcEnvironment") == "") {
		return
	}
	// Opened on its own (not framed by Genesys Cloud), the SDK only logs
	// "not running within an iframe": there is no host to talk to.
	if w := js.Global(); w.Get("parent").Equal(w.Get("window")) {
		return
	}
	ctor := js.Global().Get("purecloud")
	if !ctor.Truthy() || !ctor.Get("apps").Truthy() || !ctor.Get("apps").Get("ClientApp").Truthy() {
		return
	}
	defer func() { _ = recover() }() // an odd host must not stop the page
	opts := js.Global().Get("Object").New()
	if q.Get("gcHostOrigin") != "" {
		opts.Set("gcHostOriginQueryParam", "gcHostOrigin")
		opts.Set("gcTargetEnvQueryParam", "gcTargetEnv")
	} else {
		opts.Set("pcEnvironmentQueryParam", "pcEnvironment")
	}
	c.v = ctor.Get("apps").Get("ClientApp").New(opts)
	c.v.Get("lifecycle").Call("bootstrapped")
}

// Toast shows a notification in Genesys Cloud (when a batch ends). The
// message is plain text: markdown off, so IVR names from the org cannot
// turn into links in the host's window.
func (c *ClientApp) Toast(title, message string) {
	c.call(func() {
		opts := js.Global().Get("Object").New()
		opts.Set("type", "info")
		opts.Set("timeout", 8)
		opts.Set("markdownMessage", false)
		c.v.Get("alerting").Call("showToastPopup", title, message, opts)
	})
}

func (c *ClientApp) call(f func()) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.v.Truthy() {
		return
	}
	defer func() { _ = recover() }()
	f()
}
