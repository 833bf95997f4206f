package e2e

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
)

// brokenHost serves the built page as a plain static host would, except
// that the file named broken answers 404 (config.json missing, a wasm
// that was never uploaded). It keeps every Referer it was sent.
type brokenHost struct {
	broken   string
	mu       sync.Mutex
	referers []string
}

func (h *brokenHost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	if ref := r.Header.Get("Referer"); ref != "" {
		h.referers = append(h.referers, r.URL.Path+" <- "+ref)
	}
	h.mu.Unlock()
	if strings.TrimPrefix(r.URL.Path, "/") == h.broken {
		http.NotFound(w, r)
		return
	}
	http.FileServer(http.Dir(webDir)).ServeHTTP(w, r)
}

// TestAnswerLeavesAddressBarFirst: the OAuth answer (a PKCE code, an
// implicit token) leaves the address bar even when config.json or the wasm
// never loads, and no request of the page carries it as Referer. Before,
// the Go program was the one to clean the URL: when it did not start, the
// code or token stayed there (and in every Referer of the page's loads).
func TestAnswerLeavesAddressBarFirst(t *testing.T) {
	const secret = "SECRET-ANSWER-0123456789"
	answers := map[string]string{
		"pkce":     "?gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.com&code=" + secret + "&state=abcdefghijklmnopqrstuvwx",
		"implicit": "?gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.com#access_token=" + secret + "&expires_in=3600&token_type=bearer&state=abcdefghijklmnopqrstuvwx",
	}
	for _, broken := range []string{"config.json", "gcpace.wasm"} {
		for grant, answer := range answers {
			t.Run(broken+" missing, "+grant, func(t *testing.T) {
				host := &brokenHost{broken: broken}
				srv := httptest.NewServer(host)
				defer srv.Close()
				ctx := newBrowser(t)
				navigate(t, ctx, srv.URL+"/"+answer)
				// The page gave up, in words: the Go program's notice, or
				// boot.js's message when the wasm is missing.
				waitJS(t, ctx, "the page to say it cannot start",
					`document.querySelector("#boot.bad") || document.querySelector("[data-testid=notice]:not([hidden])")`)
				loc := location(t, ctx)
				if strings.Contains(loc, secret) || strings.Contains(loc, "state=") || strings.Contains(loc, "#") {
					t.Errorf("the address bar still holds the answer: %s", loc)
				}
				if !strings.Contains(loc, "gcHostOrigin=") {
					t.Errorf("the address bar lost Genesys's query: %s", loc)
				}
				host.mu.Lock()
				defer host.mu.Unlock()
				for _, r := range host.referers {
					if strings.Contains(r, secret) || strings.Contains(r, "code=") {
						t.Errorf("a request carried the answer as Referer: %s", r)
					}
				}
			})
		}
	}
}

// TestSignOutAndHeader: the header names the org and its region; sign-out
// drops the token from sessionStorage and shows the signed-out page; the
// implicit grant is warned about in the page, PKCE is not.
func TestSignOutAndHeader(t *testing.T) {
	for _, grant := range []string{"implicit", "pkce"} {
		t.Run(grant, func(t *testing.T) {
			d := startStack(t, sim.Options{Seed: 1, IVRs: 10}, grant)
			ctx := newBrowser(t)
			signIn(t, ctx, d)
			warned := evalJS[bool](t, ctx, `(e => !!e && e.checkVisibility() && /pkce/.test(e.textContent))(document.querySelector("[data-testid=grant-warning]"))`)
			if warned != (grant == "implicit") {
				t.Errorf("grant %s: implicit-grant warning shown = %v", grant, warned)
			}
			waitVisible(t, ctx, testID("org-name"))
			if got := textOf(t, ctx, testID("org-name")); !strings.Contains(got, "gcpace Sample Org") {
				t.Errorf("org-name = %q", got)
			}
			clickTestID(t, ctx, "sign-out")
			waitVisible(t, ctx, testID("sign-in"))
			for k, v := range storage(t, ctx, "session") {
				if strings.Contains(k, "session") || strings.Contains(v, "token") {
					t.Errorf("sessionStorage %s = %q after sign-out", k, v)
				}
			}
			if n := count(t, ctx, testID("user-name")+":not([hidden])"); n != 0 {
				t.Error("user-name still shown after sign-out")
			}
			// A reload stays signed out: the token is gone, not just hidden.
			navigate(t, ctx, location(t, ctx))
			waitVisible(t, ctx, testID("sign-in"))
			if n := count(t, ctx, testID("user-name")+":not([hidden])"); n != 0 {
				t.Error("signed in again after a reload")
			}
		})
	}
}

// TestLoginErrorStopsTheLoop: a batch waits to sign in again and the login
// answers error=access_denied. The page does not go back to the login by
// itself; it stays, says why, and offers sign-in and cancel, and cancel
// ends the batch. Before, every load went straight back to the login.
func TestLoginErrorStopsTheLoop(t *testing.T) {
	d := startStack(t, sim.Options{Seed: 16, Window: 3 * time.Second, Faults: sim.Faults{RevokeAfterPUTs: 4}}, "pkce")
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	planAdds(t, ctx, d, 12)
	clickTestID(t, ctx, "apply")
	waitAttr(t, ctx, testID("batch-status"), "data-state", "waiting-auth")
	// The page waits 1.5 s before it leaves for the login: refuse from now on.
	d.Sim.SetFaults(sim.Faults{LoginError: "access_denied"})
	waitVisible(t, ctx, testID("sign-in"))
	waitVisible(t, ctx, testID("cancel"))
	if msg := textOf(t, ctx, testID("notice")); !strings.Contains(msg, "access_denied") || !strings.Contains(msg, "cancel") {
		t.Errorf("notice = %q", msg)
	}
	authorizes := func() int {
		n := 0
		for _, e := range d.Sim.Log() {
			if e.Route == "GET /oauth/authorize" {
				n++
			}
		}
		return n
	}
	before := authorizes()
	time.Sleep(3 * time.Second) // the old page was back at the login well within this
	if n := authorizes(); n != before {
		t.Errorf("%d more trips to the login after the refusal", n-before)
	}
	if loc := location(t, ctx); strings.Contains(loc, "error=") || strings.Contains(loc, "state=") {
		t.Errorf("address bar keeps the refusal: %s", loc)
	}
	clickTestID(t, ctx, "cancel")
	confirmYes(t, ctx)
	waitAttr(t, ctx, testID("batch-status"), "data-state", "cancelled")
}
