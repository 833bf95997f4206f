package e2e

import (
	"testing"

	"github.com/gcpace/gcpace/scripts/sim"
)

// TestSmokeSignedOut loads the page against the simulator: signed out, it
// offers sign-in, and the batch status says idle. It also proves the stack:
// wasm runs under the dev server's Content-Security-Policy (newBrowser fails a
// test on any violation) and config.json points at the simulator.
func TestSmokeSignedOut(t *testing.T) {
	for _, grant := range []string{"implicit", "pkce"} {
		t.Run(grant, func(t *testing.T) {
			d := startStack(t, sim.Options{Seed: 1, IVRs: 5}, grant)
			ctx := newBrowser(t)

			navigate(t, ctx, d.PageURL)
			waitVisible(t, ctx, testID("sign-in"))
			if got := attr(t, ctx, testID("batch-status"), "data-state"); got != "idle" {
				t.Errorf("batch-status data-state = %q, want idle", got)
			}
			if cfg := evalJS[map[string]any](t, ctx, `fetch("config.json").then(r => r.json())`); cfg["apiBase"] != d.APIURL {
				t.Errorf("config.json apiBase = %v, want %s", cfg["apiBase"], d.APIURL)
			}
			if n := len(d.Sim.Log()); n != 0 {
				t.Logf("the signed-out page made %d API calls", n)
			}
		})
	}
}
