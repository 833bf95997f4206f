package app

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
	"github.com/gcpace/gcpace/wasm/kv"
)

// The org lives in a region other than config.json's: the page opened with
// that region's gcHostOrigin signs in there, with each grant, and no request
// goes to config.json's region. (Before, the code was exchanged at
// config.json's login and the session refused afterwards: signed out.)
func TestSignInRegionFromState(t *testing.T) {
	for _, grant := range []string{"implicit", "pkce"} {
		t.Run(grant, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				b := newBrowser(t, sim.Options{Seed: 1}, grant)
				b.configJSON = []byte(`{"clientId":"gcpace-local","grant":"` + grant + `","environment":"mypurecloud.com","windowSeconds":6}`)
				tb := b.open(pageURL+"?gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.ie&gcTargetEnv=prod-euw1", nil)
				tb.waitFor("signed out", time.Minute, func(v View) bool { return v.Phase == PhaseSignedOut })
				tb.app.SignIn()
				tb = tb.login()
				v := tb.waitFor("ready", time.Minute, func(v View) bool { return v.Phase == PhaseReady || v.Phase == PhaseSignedOut })
				if v.Phase != PhaseReady || v.User != b.sim.User().Name {
					t.Fatalf("after sign-in: phase %s, user %q, notice %q", v.Phase, v.User, v.Notice)
				}
				hosts := map[string]int{}
				for _, e := range b.sim.Log() {
					hosts[e.Host]++
				}
				for h, n := range hosts {
					if h != "api.mypurecloud.ie" && h != "login.mypurecloud.ie" {
						t.Errorf("%d requests went to %q, want only mypurecloud.ie's hosts", n, h)
					}
				}
				if hosts["login.mypurecloud.ie"] == 0 || hosts["api.mypurecloud.ie"] == 0 {
					t.Errorf("requests by host: %v", hosts)
				}
				if last := tb.replaced[len(tb.replaced)-1]; !strings.Contains(last, "gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.ie") {
					t.Errorf("address bar after sign-in = %q", last)
				}
				tb.kill()
			})
		})
	}
}

// A batch waits to sign in, and the login answers error=access_denied:
// the page does not go back to the login by itself; it stays, says why,
// and offers sign-in and cancelling the batch. Before, it left for the
// login again on every load.
func TestLoginErrorStopsAutoSignIn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 5, Faults: sim.Faults{RevokeAfterPUTs: 4}}, "pkce")
		tb := signIn(t, b)
		freeNumbersPlan(t, tb, 12)
		tb.app.Apply(tb.app.View().Preview.ID)
		tb.waitFor("waiting-auth", 5*time.Minute, func(v View) bool {
			return v.Batch != nil && v.Batch.State == "waiting-auth" || v.Phase == PhaseSigningIn
		})
		b.sim.SetFaults(sim.Faults{LoginError: "access_denied"})
		tb = tb.login()
		v := tb.waitFor("stopped, signed out", time.Minute, func(v View) bool { return v.Phase == PhaseSignedOut && v.Batch != nil })
		if !strings.Contains(v.Notice, "access was denied") && !strings.Contains(v.Notice, "refused") {
			t.Errorf("notice = %q, want the login's refusal in words", v.Notice)
		}
		if !strings.Contains(v.Notice, "cancel") {
			t.Errorf("notice = %q, want it to offer cancelling the batch", v.Notice)
		}
		if v.Batch.State != "waiting-auth" {
			t.Errorf("batch %s, want waiting-auth", batchLine(v.Batch))
		}
		time.Sleep(5 * time.Minute) // virtual: nothing leaves for the login meanwhile
		select {
		case to := <-tb.navTo:
			t.Fatalf("the page went to the login again by itself: %s", to)
		default:
		}
		// Cancel batch: the batch ends cancelled; nothing more is sent.
		puts := b.sim.Counters().Routes["PUT /api/v2/architect/ivrs/{ivrId}"]
		tb.app.Cancel()
		v = tb.waitFor("cancelled", time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.State == "cancelled" })
		if rec, err := tb.app.eng.Load(); err != nil || rec.State != "cancelled" {
			t.Errorf("journal after cancel: %+v, %v", rec, err)
		}
		if n := b.sim.Counters().Routes["PUT /api/v2/architect/ivrs/{ivrId}"]; n != puts {
			t.Errorf("%d PUTs after cancel", n-puts)
		}
		// Sign in (a click) still works.
		b.sim.SetFaults(sim.Faults{})
		tb.app.SignIn()
		tb = tb.login()
		tb.waitFor("ready", time.Minute, func(v View) bool { return v.Phase == PhaseReady })
		tb.kill()
	})
}

// The bound on automatic trips to the login, step by step.
func TestAutoSignInBound(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := &kv.Map{}
	steps := []struct {
		at   time.Duration
		want bool
	}{
		{0, true},
		{10 * time.Second, true},
		{20 * time.Second, false}, // a third trip within 5 minutes: stop
		{4 * time.Minute, false},
		{5*time.Minute + 11*time.Second, true}, // the first two aged out (the refused try is not a trip)
	}
	for i, st := range steps {
		if got := mayAutoSignIn(s, t0.Add(st.at)); got != st.want {
			t.Errorf("step %d (t0+%v): mayAutoSignIn = %v, want %v", i, st.at, got, st.want)
		}
	}
	stopAutoSignIn(s)
	if mayAutoSignIn(s, t0.Add(time.Hour)) {
		t.Error("after stopAutoSignIn: a trip was allowed")
	}
}

// A login that hands out tokens the API refuses at once makes a loop too:
// after two automatic trips the page stops and waits for a click.
func TestAutoSignInLoopBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 5, Faults: sim.Faults{RevokeAfterPUTs: 4}}, "pkce")
		tb := signIn(t, b)
		freeNumbersPlan(t, tb, 12)
		tb.app.Apply(tb.app.View().Preview.ID)
		trips := 0
		for {
			v := tb.waitFor("waiting-auth or stopped", 5*time.Minute, func(v View) bool {
				return v.Phase == PhaseSigningIn || v.Phase == PhaseSignedOut && v.Batch != nil
			})
			if v.Phase == PhaseSignedOut {
				break
			}
			trips++
			if trips > 3 {
				t.Fatal("more than 3 automatic trips to the login")
			}
			b.sim.SetFaults(sim.Faults{RevokeAfterPUTs: 1}) // the next token dies at the first PUT
			tb = tb.login()
		}
		if trips != autoTripsMax {
			t.Errorf("%d automatic trips, want %d", trips, autoTripsMax)
		}
		if v := tb.app.View(); !strings.Contains(v.Notice, "stopped trying") {
			t.Errorf("notice = %q", v.Notice)
		}
		tb.kill()
	})
}

// Sign-out drops the token from sessionStorage and shows the signed-out
// page; the header showed the org's name and region before.
func TestSignOutAndOrgName(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 1}, "pkce")
		tb := signIn(t, b)
		v := tb.waitFor("org name", time.Minute, func(v View) bool { return v.Org != "" })
		if v.Org != "gcpace Sample Org (127.0.0.1:8081)" {
			t.Errorf("org = %q", v.Org)
		}
		if v.Warning != "" {
			t.Errorf("PKCE page warns: %q", v.Warning)
		}
		tb.app.SignOut()
		v = tb.app.View()
		if v.Phase != PhaseSignedOut || v.User != "" || v.Org != "" {
			t.Errorf("after sign-out: phase %s, user %q, org %q", v.Phase, v.User, v.Org)
		}
		for _, k := range tb.session.Keys("") {
			if val, _ := tb.session.Get(k); strings.Contains(val, "token") {
				t.Errorf("sessionStorage %s still holds a token after sign-out", k)
			}
		}
		if tb.app.token() != "" {
			t.Error("the app still has a token after sign-out")
		}
		tb.kill()
	})
}

// The implicit grant is warned about for as long as it is configured.
func TestImplicitWarning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 1}, "implicit")
		tb := b.open(pageURL, nil)
		v := tb.waitFor("signed out", time.Minute, func(v View) bool { return v.Phase == PhaseSignedOut })
		if !strings.Contains(v.Warning, "implicit") || !strings.Contains(v.Warning, "pkce") {
			t.Errorf("warning = %q", v.Warning)
		}
		tb.kill()
	})
}

// Signing out mid-batch pauses it; nothing leaves for the login by itself
// afterwards, even when the batch is resumed.
func TestSignOutMidBatchStaysSignedOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 7}, "pkce")
		tb := signIn(t, b)
		freeNumbersPlan(t, tb, 30)
		tb.app.Apply(tb.app.View().Preview.ID)
		tb.waitFor("some done", 5*time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.Done >= 3 })
		tb.app.SignOut()
		tb.waitFor("paused", time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.State == "paused" })
		tb.app.Resume()
		v := tb.waitFor("stranded", 5*time.Minute, func(v View) bool {
			return v.Phase == PhaseSignedOut && v.Batch != nil && v.Batch.State == "waiting-auth" && strings.Contains(v.Notice, "batch is waiting")
		})
		if !strings.Contains(v.Notice, "signed out") {
			t.Errorf("notice = %q", v.Notice)
		}
		select {
		case to := <-tb.navTo:
			t.Fatalf("went to the login by itself after sign-out: %s", to)
		default:
		}
		tb.kill()
	})
}
