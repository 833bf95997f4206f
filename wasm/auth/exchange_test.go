package auth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/kv"
)

// loginServer serves /oauth/token and records the requests it got.
type loginServer struct {
	*httptest.Server
	status int
	answer string

	mu   sync.Mutex
	got  []*http.Request
	form []url.Values
}

func newLoginServer(t *testing.T, status int, answer string) *loginServer {
	t.Helper()
	ls := &loginServer{status: status, answer: answer}
	ls.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(b))
		ls.mu.Lock()
		ls.got = append(ls.got, r)
		ls.form = append(ls.form, form)
		ls.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(ls.status)
		fmt.Fprint(w, ls.answer)
	}))
	t.Cleanup(ls.Close)
	return ls
}

func pkceFlow(t *testing.T, ls *loginServer) (*Flow, *kv.Map, string, pending) {
	t.Helper()
	f, store := newFlow(t, GrantPKCE)
	f.Settings.LoginBase = ls.URL
	u, err := f.Begin(mustURL(t, pageURL), t0)
	if err != nil {
		t.Fatal(err)
	}
	state := mustURL(t, u).Query().Get("state")
	return f, store, state, storedPending(t, store, state)
}

func TestCompletePKCE(t *testing.T) {
	ls := newLoginServer(t, 200, `{"access_token":"PKCE-TOKEN","expires_in":7200,"token_type":"bearer"}`)
	f, store, state, p := pkceFlow(t, ls)
	now := t0.Add(time.Minute)
	res, err := f.Complete(context.Background(), mustURL(t, returnBase+"?code=CODE-1&state="+state), now, ls.Client())
	if err != nil {
		t.Fatal(err)
	}
	want := Session{Token: "PKCE-TOKEN", Expires: now.Add(2 * time.Hour), APIBase: "https://api.mypurecloud.ie"}
	if res.Session == nil || *res.Session != want || res.Refused != "" {
		t.Fatalf("result = %+v", res)
	}
	if res.CleanURL != cleanWant || !reflect.DeepEqual(res.PageQuery, pageQueryWant) {
		t.Errorf("CleanURL %s, PageQuery %v", res.CleanURL, res.PageQuery)
	}
	if s, ok := f.Current(now); !ok || s != want {
		t.Errorf("Current = %v, %v", s, ok)
	}
	if len(store.Keys(statePrefix)) != 0 {
		t.Error("state kept")
	}

	if len(ls.got) != 1 {
		t.Fatalf("%d token requests", len(ls.got))
	}
	r := ls.got[0]
	if r.Method != "POST" || r.URL.Path != "/oauth/token" || r.URL.RawQuery != "" {
		t.Errorf("request %s %s?%s", r.Method, r.URL.Path, r.URL.RawQuery)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		t.Errorf("Content-Type %q", ct)
	}
	if r.Header.Get("Authorization") != "" {
		t.Error("Authorization sent to the token endpoint")
	}
	wantForm := url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {"CODE-1"},
		"redirect_uri":  {"https://host.example/gcpace/index.html"},
		"client_id":     {"client-1"},
		"code_verifier": {p.Verifier},
	}
	if !reflect.DeepEqual(ls.form[0], wantForm) {
		t.Errorf("form = %v\nwant %v", ls.form[0], wantForm)
	}
}

func TestCompletePKCEFailures(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		answer  string
		refused string
		errPart string
	}{
		{"OAuth error", 400, `{"error":"invalid_grant","error_description":"authorization code expired"}`, "Genesys Cloud refused the sign-in code: authorization code expired (invalid_grant). Sign in again.", ""},
		{"Genesys description field", 400, `{"error":"invalid_client","description":"client not found"}`, "client not found (invalid_client)", ""},
		{"server error page", 502, `<html>bad gateway</html>`, "", "HTTP 502 Bad Gateway"},
		{"200 without JSON", 200, `<html>`, "", "not the JSON expected"},
		{"200 without token", 200, `{"token_type":"bearer"}`, refusedNoToken, ""},
		{"not a bearer token", 200, `{"access_token":"X","token_type":"mac"}`, refusedWrongKind, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls := newLoginServer(t, tt.status, tt.answer)
			f, store, state, _ := pkceFlow(t, ls)
			res, err := f.Complete(context.Background(), mustURL(t, returnBase+"?code=C&state="+state), t0, ls.Client())
			if tt.errPart != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errPart) {
					t.Errorf("err = %v, want %q", err, tt.errPart)
				}
			} else if err != nil {
				t.Errorf("err = %v", err)
			}
			if !strings.Contains(res.Refused, tt.refused) || (tt.refused == "") != (res.Refused == "") {
				t.Errorf("Refused = %q, want %q", res.Refused, tt.refused)
			}
			if res.Session != nil || res.CleanURL != cleanWant {
				t.Errorf("result = %+v", res)
			}
			if _, ok := store.Get(sessionKey); ok {
				t.Error("session stored")
			}
		})
	}
}

type failingDoer struct{}

func (failingDoer) Do(*http.Request) (*http.Response, error) { return nil, errors.New("offline") }

func TestCompletePKCENetworkError(t *testing.T) {
	ls := newLoginServer(t, 200, `{}`)
	f, _, state, _ := pkceFlow(t, ls)
	res, err := f.Complete(context.Background(), mustURL(t, returnBase+"?code=SECRET-CODE&state="+state), t0, failingDoer{})
	if err == nil || res.CleanURL != cleanWant || res.Session != nil {
		t.Fatalf("Complete = %+v, %v", res, err)
	}
	if strings.Contains(err.Error(), "SECRET-CODE") {
		t.Errorf("code in error: %v", err)
	}
}
