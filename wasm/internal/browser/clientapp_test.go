//go:build js && wasm

package browser

import (
	"net/url"
	"strings"
	"syscall/js"
	"testing"
)

// fakeSDK stands in for purecloud-client-app-sdk and records every call;
// window.parent is replaced so the page looks framed by Genesys Cloud.
const fakeSDK = `
window.__sdkCalls = [];
window.purecloud = {apps: {ClientApp: function (opts) {
  __sdkCalls.push("new " + JSON.stringify(opts));
  this.lifecycle = {bootstrapped: () => __sdkCalls.push("bootstrapped")};
  this.alerting = {showToastPopup: (title, msg, o) => __sdkCalls.push("toast " + title + "|" + msg + "|" + JSON.stringify(o))};
}}};
window.parent = {};
`

func sdkCalls() string {
	return js.Global().Get("JSON").Call("stringify", js.Global().Get("__sdkCalls")).String()
}

// The bridge is built only by Connect, with parameters the app verified,
// and its toasts are plain text (markdownMessage false).
func TestClientAppConnectsOnlyWhenAsked(t *testing.T) {
	js.Global().Call("eval", fakeSDK)
	defer js.Global().Call("eval", "delete window.purecloud; window.parent = window;")

	c := &ClientApp{}
	c.Toast("early", "not connected yet")
	c.Connect(nil) // the region did not check out
	if got := sdkCalls(); got != "[]" {
		t.Fatalf("SDK used before a verified Connect: %s", got)
	}
	c.Connect(url.Values{"gcHostOrigin": {"https://apps.mypurecloud.ie"}, "gcTargetEnv": {"prod-euw1"}})
	c.Connect(url.Values{"gcHostOrigin": {"https://apps.mypurecloud.ie"}}) // once only
	c.Toast("gcpace batch finished", "[click](https://evil.example) **done**")
	got := sdkCalls()
	if n := strings.Count(got, "new "); n != 1 {
		t.Errorf("SDK built %d times: %s", n, got)
	}
	if !strings.Contains(got, `gcHostOriginQueryParam`) || !strings.Contains(got, "bootstrapped") {
		t.Errorf("calls: %s", got)
	}
	if !strings.Contains(got, `\"markdownMessage\":false`) {
		t.Errorf("toast without markdownMessage false: %s", got)
	}
}
