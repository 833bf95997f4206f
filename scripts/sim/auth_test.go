package sim

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

const page = "http://127.0.0.1:8080/"

// login is a browser that does not follow redirects.
func login(s *Server) *http.Client {
	return &http.Client{Transport: s.Transport(), CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

func authorizeURL(params ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		q.Set(params[i], params[i+1])
	}
	return "http://login.sim.test/oauth/authorize?" + q.Encode()
}

func challenge(verifier string) string {
	h := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

func TestImplicitGrant(t *testing.T) {
	c := newClient(t, Options{TokenLifetime: 2 * time.Hour})
	c.tok = ""
	resp, err := login(c.s).Get(authorizeURL("client_id", "gcpace-local", "redirect_uri", page, "response_type", "token", "state", "s1"))
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := url.Parse(resp.Header.Get("Location"))
	frag, _ := url.ParseQuery(loc.Fragment)
	if resp.StatusCode != http.StatusFound || loc.Scheme+"://"+loc.Host+loc.Path != page || loc.RawQuery != "" {
		t.Fatalf("redirect %d %s", resp.StatusCode, loc)
	}
	if frag.Get("state") != "s1" || frag.Get("token_type") != "bearer" || frag.Get("expires_in") != "7200" || frag.Get("access_token") == "" {
		t.Fatalf("fragment %v", frag)
	}
	c.tok = frag.Get("access_token")
	var me User
	c.get("/api/v2/users/me").json(t, &me)
	if me.Name != "Alex Admin" || me.ID != c.s.User().ID {
		t.Errorf("users/me: %+v", me)
	}
	if r := c.get("/api/v2/tokens/me"); r.status != 200 || !strings.Contains(string(r.body), `"gcpace-local"`) {
		t.Errorf("tokens/me: %d %s", r.status, r.body)
	}
	for _, e := range c.s.Log() {
		if strings.Contains(e.Path+e.Query, c.tok) {
			t.Errorf("the log holds the token: %+v", e)
		}
	}
}

func TestAuthorizeErrors(t *testing.T) {
	s := New(Options{RedirectURIs: []string{page}})
	tests := []struct {
		name     string
		url      string
		status   int
		errParam string // error= in the redirect; "" for an HTML page
	}{
		{"unknown client", authorizeURL("client_id", "who", "redirect_uri", page, "response_type", "token"), 400, ""},
		{"unregistered redirect", authorizeURL("client_id", "gcpace-local", "redirect_uri", "http://evil.test/", "response_type", "token"), 400, ""},
		{"bad response_type", authorizeURL("client_id", "gcpace-local", "redirect_uri", page, "response_type", "id_token"), 302, "unsupported_response_type"},
		{"code without PKCE", authorizeURL("client_id", "gcpace-local", "redirect_uri", page, "response_type", "code"), 302, "invalid_request"},
		{"PKCE plain", authorizeURL("client_id", "gcpace-local", "redirect_uri", page, "response_type", "code", "code_challenge", "x", "code_challenge_method", "plain"), 302, "invalid_request"},
	}
	for _, tt := range tests {
		resp, err := login(s).Get(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d", tt.name, resp.StatusCode)
		}
		if tt.errParam == "" {
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("%s: content type %q", tt.name, ct)
			}
			continue
		}
		loc, _ := url.Parse(resp.Header.Get("Location"))
		if loc.Query().Get("error") != tt.errParam {
			t.Errorf("%s: redirect %s", tt.name, loc)
		}
	}
}

func TestPKCE(t *testing.T) {
	s := New(Options{})
	verifier := "a-verifier-of-at-least-43-characters-0123456789abc"
	authorize := func() string {
		t.Helper()
		resp, err := login(s).Get(authorizeURL("client_id", "gcpace-local", "redirect_uri", page, "response_type", "code",
			"code_challenge", challenge(verifier), "code_challenge_method", "S256", "state", "xyz"))
		if err != nil {
			t.Fatal(err)
		}
		loc, _ := url.Parse(resp.Header.Get("Location"))
		if resp.StatusCode != 302 || loc.Query().Get("state") != "xyz" || loc.Query().Get("code") == "" || loc.Fragment != "" {
			t.Fatalf("authorize: %d %s", resp.StatusCode, loc)
		}
		return loc.Query().Get("code")
	}
	exchange := func(form url.Values) (int, map[string]any, http.Header) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, "http://login.sim.test/oauth/token", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "http://127.0.0.1:8080")
		resp, err := login(s).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out := map[string]any{}
		result{body: mustRead(t, resp)}.json(t, &out)
		return resp.StatusCode, out, resp.Header
	}
	form := func(code string, kv ...string) url.Values {
		f := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {page},
			"client_id": {"gcpace-local"}, "code_verifier": {verifier}}
		for i := 0; i+1 < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}

	code := authorize()
	status, body, h := exchange(form(code))
	if status != 200 || body["token_type"] != "bearer" || body["expires_in"] != float64(3600) || body["access_token"] == "" {
		t.Fatalf("exchange: %d %v", status, body)
	}
	if h.Get("Access-Control-Allow-Origin") != "http://127.0.0.1:8080" {
		t.Errorf("token answer is not readable from the page: %v", h)
	}
	c := &client{t: t, s: s, hc: &http.Client{Transport: s.Transport()}, tok: body["access_token"].(string)}
	if r := c.get("/api/v2/users/me"); r.status != 200 {
		t.Errorf("token from PKCE: %d", r.status)
	}

	tests := []struct {
		name   string
		form   url.Values
		status int
		err    string
	}{
		{"code reused", form(code), 400, "invalid_grant"},
		{"wrong verifier", form(authorize(), "code_verifier", "another-verifier-of-at-least-43-characters-0123"), 400, "invalid_grant"},
		{"redirect mismatch", form(authorize(), "redirect_uri", "http://127.0.0.1:8080/other"), 400, "invalid_grant"},
		{"unknown code", form("nope"), 400, "invalid_grant"},
		{"wrong grant", form(authorize(), "grant_type", "password"), 400, "unsupported_grant_type"},
		{"unknown client", form(authorize(), "client_id", "who"), 401, "invalid_client"},
		{"no verifier", form(authorize(), "code_verifier", ""), 400, "invalid_request"},
	}
	for _, tt := range tests {
		status, body, _ := exchange(tt.form)
		if status != tt.status || body["error"] != tt.err || body["description"] == "" || body["description"] == nil {
			t.Errorf("%s: %d %v", tt.name, status, body)
		}
	}
	// A failed verification burns the code: the right verifier cannot use it afterwards.
	k := authorize()
	exchange(form(k, "code_verifier", "wrong-wrong-wrong-wrong-wrong-wrong-wrong-wrong"))
	if status, _, _ := exchange(form(k)); status != 400 {
		t.Errorf("code usable after a failed verification: %d", status)
	}
}

func mustRead(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestUnauthorized(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newClient(t, Options{TokenLifetime: time.Hour})
		good := c.tok
		tests := []struct {
			name, header, code string
		}{
			{"no token", "Authorization: ", CodeAuthRequired},
			{"unknown token", "Authorization: Bearer forged-token", CodeBadCredentials},
			{"basic auth", "Authorization: Basic Zm9vOmJhcg==", CodeAuthRequired},
		}
		for _, tt := range tests {
			r := c.do(http.MethodGet, "/api/v2/users/me", nil, tt.header)
			e := r.errorBody(t)
			if r.status != 401 || e.Code != tt.code || e.Status != 401 || e.ContextID == "" || r.header.Get("inin-ratelimit-count") != "" {
				t.Errorf("%s: %d %s %v", tt.name, r.status, r.body, r.header)
			}
		}
		if !c.s.SawToken("forged-token") || c.s.SawToken("never-sent") {
			t.Error("SawToken does not tell what reached the API")
		}
		// A token in a query string reached the API too, and the log does not keep it.
		c.do(http.MethodGet, "/api/v2/users/me?access_token=leaked-in-query", nil, "Authorization: ")
		if !c.s.SawToken("leaked-in-query") {
			t.Error("SawToken misses a token sent in the query")
		}
		for _, e := range c.s.Log() {
			if strings.Contains(e.Query, "leaked") || strings.Contains(e.Path, "leaked") {
				t.Errorf("the log keeps a token: %+v", e)
			}
		}
		time.Sleep(time.Hour - time.Second)
		if r := c.get("/api/v2/users/me"); r.status != 200 {
			t.Errorf("token before expiry: %d", r.status)
		}
		time.Sleep(time.Second)
		if r := c.get("/api/v2/users/me"); r.status != 401 || r.errorBody(t).Code != CodeBadCredentials {
			t.Errorf("expired token: %d %s", r.status, r.body)
		}
		c.tok = c.s.IssueToken()
		c.s.RevokeTokens()
		if r := c.get("/api/v2/users/me"); r.status != 401 {
			t.Errorf("revoked token: %d", r.status)
		}
		c.tok = c.s.IssueToken()
		if r := c.get("/api/v2/users/me"); r.status != 200 {
			t.Errorf("token issued after a revocation: %d", r.status)
		}
		if !c.s.SawToken(good) {
			t.Error("SawToken misses a token that was used")
		}
	})
}
