package app

import (
	"context"

	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
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
		tb.app.Apply()
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
		if rec, err := tb.app.journal().Load(); err != nil || rec.State != "cancelled" {
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
		tb.app.Apply()
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

// hang never answers requests whose path ends in suffix, until their
// context ends; everything else goes to the simulator.
type hang struct {
	sim    *sim.Server
	suffix string
}

func (h hang) Do(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, h.suffix) {
		<-r.Context().Done()
		return nil, r.Context().Err()
	}
	return h.sim.Transport().RoundTrip(r)
}

// startAlone starts an app on its own deps (no harness tab) with doer.
func startAlone(t *testing.T, doer hang, session *kv.Map, page string, cfg []byte) (*App, *[]string) {
	var mu sync.Mutex
	var replaced []string
	a := New(Deps{
		Session: session, Local: &kv.Map{}, HTTP: doer,
		Page:       func() *url.URL { u, _ := url.Parse(page); return u },
		ReplaceURL: func(s string) { mu.Lock(); replaced = append(replaced, s); mu.Unlock() },
		Navigate:   func(string) {},
	})
	t.Cleanup(a.Close)
	go a.Start(cfg, nil)
	return a, &replaced
}

func waitView(t *testing.T, a *App, what string, limit time.Duration, cond func(View) bool) View {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		synctest.Wait()
		if v := a.View(); cond(v) {
			return v
		}
		if time.Now().After(deadline) {
			v := a.View()
			t.Fatalf("waiting for %s: phase %s, notice %q", what, v.Phase, v.Notice)
		}
		time.Sleep(time.Second)
	}
}

const simConfig = `{"clientId":"gcpace-local","grant":"pkce","apiBase":"http://127.0.0.1:8081","loginBase":"http://127.0.0.1:8081"}`

// A token exchange that never answers ends in words within its deadline,
// and the code leaves the address bar.
func TestHungTokenExchange(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := sim.New(sim.Options{Seed: 1})
		session := &kv.Map{}
		// Start sign-in on one page load to get a state of this tab.
		first, _ := startAlone(t, hang{s, "/nothing"}, session, pageURL, []byte(simConfig))
		waitView(t, first, "signed out", time.Minute, func(v View) bool { return v.Phase == PhaseSignedOut })
		to, err := first.flow.Begin(mustParse(t, pageURL), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		state := mustParse(t, to).Query().Get("state")
		first.Close()

		a, replaced := startAlone(t, hang{s, "/oauth/token"}, session, pageURL+"?code=abc&state="+state, []byte(simConfig))
		start := time.Now()
		v := waitView(t, a, "sign-in given up", 2*time.Minute, func(v View) bool { return v.Phase == PhaseSignedOut })
		if took := time.Since(start); took > exchangeTimeout+time.Second {
			t.Errorf("gave up after %v, want %v", took, exchangeTimeout)
		}
		if !strings.Contains(v.Notice, "did not answer within 20 seconds") {
			t.Errorf("notice = %q", v.Notice)
		}
		if len(*replaced) == 0 || strings.Contains((*replaced)[0], "code=") {
			t.Errorf("address bar: %v", *replaced)
		}
	})
}

// signedInSession stores a valid token of the simulator as this tab's
// session, as a finished sign-in would.
func signedInSession(s *sim.Server) *kv.Map {
	m := &kv.Map{}
	exp := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	_ = m.Set("gcpace.auth.session", `{"token":"`+s.IssueToken()+`","expires":"`+exp+`","apiBase":"http://127.0.0.1:8081"}`)
	return m
}

// users/me or the IVR list never answering ends in words, not on
// "Starting" or "Loading" for good.
func TestHungPageRequests(t *testing.T) {
	tests := []struct {
		name, suffix string
		phase        Phase
		notice       string
	}{
		{"users/me", "/users/me", PhaseSignedOut, "did not answer within 60 seconds"},
		{"IVR list", "/architect/ivrs", PhaseReady, "no answer within 20 seconds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := sim.New(sim.Options{Seed: 1})
				a, _ := startAlone(t, hang{s, tt.suffix}, signedInSession(s), pageURL, []byte(simConfig))
				v := waitView(t, a, "an answer in words", 10*time.Minute, func(v View) bool { return v.Phase == tt.phase && v.Notice != "" })
				if !strings.Contains(v.Notice, tt.notice) {
					t.Errorf("notice = %q, want it to contain %q", v.Notice, tt.notice)
				}
			})
		})
	}
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// config.json that never arrives is reported within its deadline.
func TestLoadConfigDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var asked string
		hung := doerFunc(func(r *http.Request) (*http.Response, error) {
			asked = r.URL.String()
			<-r.Context().Done()
			return nil, r.Context().Err()
		})
		start := time.Now()
		_, err := LoadConfig(context.Background(), hung, mustParse(t, "https://host.example/gcpace/index.html?gcHostOrigin=x#frag"))
		if err == nil || !strings.Contains(err.Error(), "config.json did not arrive within 20 seconds") {
			t.Errorf("err = %v", err)
		}
		if took := time.Since(start); took != configTimeout {
			t.Errorf("gave up after %v, want %v", took, configTimeout)
		}
		if asked != "https://host.example/gcpace/config.json" {
			t.Errorf("fetched %s", asked)
		}
		ok := doerFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Status: "200 OK", Body: io.NopCloser(strings.NewReader(`{"clientId":"a"}`))}, nil
		})
		if b, err := LoadConfig(context.Background(), ok, mustParse(t, "https://host.example/")); err != nil || string(b) != `{"clientId":"a"}` {
			t.Errorf("LoadConfig = %q, %v", b, err)
		}
	})
}

// The client-app bridge is built only after the region resolved, and only
// from parameters naming a known region.
func TestEmbeddedAfterRegionCheck(t *testing.T) {
	tests := []struct {
		name, query string
		cfg         string
		called      bool
		want        string // gcHostOrigin handed over; "" for none
	}{
		{"known region", "?gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.ie&gcTargetEnv=prod-euw1", `{"clientId":"a"}`, true, "https://apps.mypurecloud.ie"},
		{"not embedded", "", `{"clientId":"a"}`, true, ""},
		{"unknown origin with both bases set", "?gcHostOrigin=https%3A%2F%2Fevil.example", simConfig, true, ""},
		{"unknown target env", "?gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.ie&gcTargetEnv=nowhere", simConfig, true, ""},
		{"region error", "?gcHostOrigin=https%3A%2F%2Fevil.example", `{"clientId":"a"}`, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var got []url.Values
				var mu sync.Mutex
				a := New(Deps{
					Session: &kv.Map{}, Local: &kv.Map{}, HTTP: hang{sim.New(sim.Options{}), "/nothing"},
					Page:       func() *url.URL { return mustParse(t, pageURL+tt.query) },
					ReplaceURL: func(string) {},
					Navigate:   func(string) {},
					Embedded:   func(q url.Values) { mu.Lock(); got = append(got, q); mu.Unlock() },
				})
				defer a.Close()
				go a.Start([]byte(tt.cfg), nil)
				waitView(t, a, "started", time.Minute, func(v View) bool { return v.Phase == PhaseSignedOut || v.Phase == PhaseFatal })
				mu.Lock()
				defer mu.Unlock()
				if !tt.called {
					if len(got) != 0 {
						t.Errorf("Embedded called with %v despite the region error", got)
					}
					return
				}
				if len(got) != 1 {
					t.Fatalf("Embedded called %d times", len(got))
				}
				if g := got[0].Get("gcHostOrigin"); g != tt.want {
					t.Errorf("Embedded got gcHostOrigin %q, want %q", g, tt.want)
				}
			})
		})
	}
}

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Signing out mid-batch pauses it; nothing leaves for the login by itself
// afterwards, even when the batch is resumed.
func TestSignOutMidBatchStaysSignedOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 7}, "pkce")
		tb := signIn(t, b)
		freeNumbersPlan(t, tb, 30)
		tb.app.Apply()
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
