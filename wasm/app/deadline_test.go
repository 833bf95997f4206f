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
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/kv"
)

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
func startAlone(t *testing.T, doer genesys.Doer, session *kv.Map, page string, cfg []byte) (*App, *[]string) {
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
