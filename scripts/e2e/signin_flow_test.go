package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gcpace/gcpace/scripts/devserver"
	"github.com/gcpace/gcpace/scripts/sim"
)

// signIn opens the page, clicks sign-in and waits for the signed-in page
// (data-ready is set once the IVRs are loaded).
func signIn(t *testing.T, ctx context.Context, d *devserver.Dev) {
	t.Helper()
	navigate(t, ctx, d.PageURL+"?gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.com&gcTargetEnv=prod&gcLangTag=en-us")
	clickTestID(t, ctx, "sign-in")
	waitVisible(t, ctx, testID("user-name"))
	waitJS(t, ctx, "the signed-in page", `document.documentElement.dataset.ready === "1"`)
}

// TestSignIn signs in with each grant against the simulator on its own
// origin and checks where the token went, and where it did not.
func TestSignIn(t *testing.T) {
	for _, grant := range []string{"implicit", "pkce"} {
		t.Run(grant, func(t *testing.T) {
			d := startStack(t, sim.Options{Seed: 1, IVRs: 30}, grant)
			ctx := newBrowser(t)
			signIn(t, ctx, d)
			if got := textOf(t, ctx, testID("user-name")); got != d.Sim.User().Name {
				t.Errorf("user-name = %q, want %q", got, d.Sim.User().Name)
			}
			loc := location(t, ctx)
			for _, bad := range []string{"access_token", "code=", "state=", "#"} {
				if strings.Contains(loc, bad) {
					t.Errorf("address bar after sign-in still holds %q: %s", bad, loc)
				}
			}
			if !strings.Contains(loc, "gcHostOrigin=") {
				t.Errorf("address bar lost Genesys's query across the redirect: %s", loc)
			}
			var token string
			for k, v := range storage(t, ctx, "session") {
				if strings.Contains(k, "session") {
					token = v
				}
			}
			if token == "" {
				t.Fatal("no session in sessionStorage")
			}
			for k, v := range storage(t, ctx, "local") {
				if strings.Contains(v, "access_token") || strings.Contains(strings.ToLower(v), "bearer") {
					t.Errorf("localStorage %s holds a token: %s", k, v)
				}
			}
			cookies := evalJS[string](t, ctx, "document.cookie")
			if cookies != "" {
				t.Errorf("cookies set: %q", cookies)
			}
			if n := count(t, ctx, testID("ivr-row")); n == 0 {
				t.Error("no IVR rows after sign-in")
			}
		})
	}
}

// TestForgedFragmentRefused opens the page with a token it never asked for:
// the token never reaches the API, the address bar is cleaned, and the page
// says why.
func TestForgedFragmentRefused(t *testing.T) {
	d := startStack(t, sim.Options{Seed: 1, IVRs: 10}, "implicit")
	forged := d.Sim.IssueToken() // a token the API would even accept
	ctx := newBrowser(t)
	navigate(t, ctx, d.PageURL+"#access_token="+forged+"&expires_in=3600&token_type=bearer&state=not-issued")
	waitVisible(t, ctx, testID("sign-in"))
	waitVisible(t, ctx, testID("notice"))
	if msg := textOf(t, ctx, testID("notice")); !strings.Contains(strings.ToLower(msg), "sign") {
		t.Errorf("notice = %q, want words about the refused sign-in", msg)
	}
	if loc := location(t, ctx); strings.Contains(loc, "access_token") || strings.Contains(loc, "#") {
		t.Errorf("address bar still holds the fragment: %s", loc)
	}
	if d.Sim.SawToken(forged) {
		t.Error("the forged token reached the API")
	}
	for k, v := range storage(t, ctx, "session") {
		if strings.Contains(v, forged) {
			t.Errorf("sessionStorage %s keeps the forged token", k)
		}
	}
	assertNoTokenInConsole(t, ctx, forged)
}

// TestRevokedTokenMidBatch: the API answers 401 in the middle of a batch;
// the page shows waiting-auth, signs in again by itself (no click) and
// finishes, each number applied once.
func TestRevokedTokenMidBatch(t *testing.T) {
	d := startStack(t, sim.Options{Seed: 16, Window: 3 * time.Second, Faults: sim.Faults{RevokeAfterPUTs: 6}}, "pkce")
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	want := planAdds(t, ctx, d, 20)
	clickTestID(t, ctx, "apply")
	waitAttr(t, ctx, testID("batch-status"), "data-state", "waiting-auth")
	waitBatch(t, ctx, "done", time.Minute)
	for id, num := range want {
		r, _ := d.Sim.IVR(id)
		if n := countIn(r.DNIS, num); n != 1 {
			t.Errorf("IVR %s holds %s %d times", id, num, n)
		}
	}
	if c := d.Sim.Counters(); c.Revocations != 1 {
		t.Errorf("revocations = %d, want 1", c.Revocations)
	}
	if n := count(t, ctx, testID("job-row")+`[data-state="done"]`); n != 20 {
		t.Errorf("%d jobs done, want 20", n)
	}
}
