package sim

import (
	"net/http"
	"net/url"
	"testing"
)

func TestOrgMe(t *testing.T) {
	c := newClient(t, Options{Seed: 3})
	var o struct{ ID, Name string }
	r := c.get("/api/v2/organizations/me")
	r.json(t, &o)
	if r.status != 200 || o.Name != orgName || o.ID == "" {
		t.Errorf("organizations/me: %d %s", r.status, r.body)
	}
	c.tok = ""
	if r := c.get("/api/v2/organizations/me"); r.status != 401 {
		t.Errorf("without a token: %d", r.status)
	}
	if e := c.s.Log(); e[0].Host != "api.sim.test" {
		t.Errorf("log host = %q", e[0].Host)
	}
}

// Faults.LoginError sends every sign-in back to the page with that OAuth
// error, in the fragment for the implicit grant and the query for a code.
func TestLoginError(t *testing.T) {
	s := New(Options{Faults: Faults{LoginError: "access_denied"}})
	for _, rt := range []string{"token", "code"} {
		resp, err := login(s).Get(authorizeURL("client_id", "gcpace-local", "redirect_uri", page, "response_type", rt,
			"state", "s1", "code_challenge", challenge("v"), "code_challenge_method", "S256"))
		if err != nil {
			t.Fatal(err)
		}
		loc, _ := url.Parse(resp.Header.Get("Location"))
		ans := loc.Query()
		if rt == "token" {
			ans, _ = url.ParseQuery(loc.Fragment)
		}
		if resp.StatusCode != http.StatusFound || ans.Get("error") != "access_denied" || ans.Get("state") != "s1" ||
			ans.Has("access_token") || ans.Has("code") {
			t.Errorf("%s: %d %s", rt, resp.StatusCode, loc)
		}
	}
}
