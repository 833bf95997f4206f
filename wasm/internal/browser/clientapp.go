//go:build js && wasm

package browser

import (
	"net/url"
	"syscall/js"
)

// ClientApp is the bridge to the Genesys Cloud window that embeds the page
// (purecloud-client-app-sdk, loaded by index.html). Outside Genesys Cloud,
// or when the SDK did not load, its methods do nothing: the page works alone.
type ClientApp struct {
	v js.Value
}

// NewClientApp connects when the page was opened by Genesys Cloud (the
// client-app URL template fills gcHostOrigin and gcTargetEnv).
func NewClientApp(page *url.URL) *ClientApp {
	q := page.Query()
	if q.Get("gcHostOrigin") == "" && q.Get("pcEnvironment") == "" {
		return &ClientApp{}
	}
	// Opened on its own (not framed by Genesys Cloud), the SDK only logs
	// "not running within an iframe": there is no host to talk to.
	if w := js.Global(); w.Get("parent").Equal(w.Get("window")) {
		return &ClientApp{}
	}
	ctor := js.Global().Get("purecloud")
	if ctor.IsUndefined() || ctor.Get("apps").IsUndefined() || ctor.Get("apps").Get("ClientApp").IsUndefined() {
		return &ClientApp{}
	}
	c := &ClientApp{}
	func() {
		defer func() { _ = recover() }() // an odd host must not stop the page
		opts := js.Global().Get("Object").New()
		if q.Get("gcHostOrigin") != "" {
			opts.Set("gcHostOriginQueryParam", "gcHostOrigin")
			opts.Set("gcTargetEnvQueryParam", "gcTargetEnv")
		} else {
			opts.Set("pcEnvironmentQueryParam", "pcEnvironment")
		}
		c.v = ctor.Get("apps").Get("ClientApp").New(opts)
	}()
	return c
}

// Bootstrapped tells the host the app finished starting.
func (c *ClientApp) Bootstrapped() {
	c.call(func() { c.v.Get("lifecycle").Call("bootstrapped") })
}

// Toast shows a notification in Genesys Cloud (when a batch ends).
func (c *ClientApp) Toast(title, message string) {
	c.call(func() {
		opts := js.Global().Get("Object").New()
		opts.Set("type", "info")
		opts.Set("timeout", 8)
		c.v.Get("alerting").Call("showToastPopup", title, message, opts)
	})
}

func (c *ClientApp) call(f func()) {
	if c == nil || c.v.IsUndefined() || c.v.IsNull() || c.v.Type() == js.TypeUndefined {
		return
	}
	defer func() { _ = recover() }()
	f()
}
