package e2e

import (
	"strings"
	"testing"

	"github.com/gcpace/gcpace/scripts/sim"
)

// apiGets counts the simulator's GETs of each path since entry from.
func apiGets(d interface{ Log() []sim.Entry }, from int) map[string]int {
	n := map[string]int{}
	for _, e := range d.Log()[from:] {
		if e.Method == "GET" {
			n[e.Path]++
		}
	}
	return n
}

// TestBootSendsReadsAhead: a reload of a signed-in tab sends the sign-in
// check and the IVR list's pages from boot.js, before the Go program runs,
// and the program takes those answers instead of asking again (each read
// once). The record of what to send holds no token, the answers' holder is
// gone once the page is ready, and a signed-out tab sends nothing ahead.
func TestBootSendsReadsAhead(t *testing.T) {
	d := startStack(t, sim.Options{Seed: 1, IVRs: 250}, "implicit") // three pages of 100
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	if plan := storage(t, ctx, "session")["gcpace.boot.prefetch"]; !strings.Contains(plan, "/api/v2/users/me") || !strings.Contains(plan, "/api/v2/architect/ivrs") {
		t.Fatalf("no plan of the start-up reads after sign-in: %q", plan)
	} else if tok := storage(t, ctx, "session")["gcpace.auth.session"]; tok == "" || strings.Contains(plan, "Bearer") || strings.Contains(plan, "token") {
		t.Errorf("the plan holds a token: %q", plan)
	}

	from := len(d.Sim.Log())
	navigate(t, ctx, location(t, ctx))
	waitJS(t, ctx, "the reloaded page", `document.documentElement.dataset.ready === "1"`)
	gets := apiGets(d.Sim, from)
	if gets["/api/v2/users/me"] != 1 || gets["/api/v2/architect/ivrs"] != 3 {
		t.Errorf("reload read users/me %d times and the IVR pages %d times, want 1 and 3: %v",
			gets["/api/v2/users/me"], gets["/api/v2/architect/ivrs"], gets)
	}
	ahead := evalJS[bool](t, ctx, `(() => {
		const me = performance.getEntriesByType("resource").find(r => r.name.includes("/api/v2/users/me"));
		const main = performance.getEntriesByName("gcpace:main")[0];
		return !!me && !!main && me.startTime < main.startTime;
	})()`)
	if !ahead {
		t.Error("users/me was not sent before the Go program started")
	}
	if left := evalJS[bool](t, ctx, `"__gcpaceEarlyAPI" in window`); left {
		t.Error("the early answers (and the token they were sent with) are still held after ready")
	}
	if n := count(t, ctx, testID("ivr-row")); n == 0 {
		t.Error("no IVR rows after the reload")
	}

	clickTestID(t, ctx, "sign-out")
	waitVisible(t, ctx, testID("sign-in"))
	from = len(d.Sim.Log())
	navigate(t, ctx, location(t, ctx))
	waitVisible(t, ctx, testID("sign-in"))
	if gets := apiGets(d.Sim, from); len(gets) != 0 {
		t.Errorf("a signed-out reload read the API: %v", gets)
	}
}
