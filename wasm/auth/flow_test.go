package auth

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/kv"
)

var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

const pageURL = "https://host.example/gcpace/index.html?gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.ie&gcTargetEnv=prod-euw1&gcLangTag=en-us#/list"

// newFlow returns a Flow for region mypurecloud.ie with grant, over a fresh
// in-memory store.
func newFlow(t *testing.T, grant string) (*Flow, *kv.Map) {
	t.Helper()
	cfg := Config{ClientID: "client-1", Grant: grant, Environment: "mypurecloud.com", WindowSeconds: 60}
	q := mustURL(t, pageURL).Query()
	s, err := Resolve(cfg, q)
	if err != nil {
		t.Fatal(err)
	}
	store := &kv.Map{}
	return &Flow{Settings: s, Store: store}, store
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// begin starts sign-in and returns the authorize URL's query.
func begin(t *testing.T, f *Flow, now time.Time) url.Values {
	t.Helper()
	redirect, err := f.Begin(mustURL(t, pageURL), now)
	if err != nil {
		t.Fatal(err)
	}
	u := mustURL(t, redirect)
	if got := u.Scheme + "://" + u.Host + u.Path; got != "https://login.mypurecloud.ie/oauth/authorize" {
		t.Fatalf("authorize at %s", got)
	}
	return u.Query()
}

func TestBeginImplicit(t *testing.T) {
	f, store := newFlow(t, GrantImplicit)
	q := begin(t, f, t0)
	state := q.Get("state")
	want := url.Values{
		"response_type": {"token"},
		"client_id":     {"client-1"},
		"redirect_uri":  {"https://host.example/gcpace/index.html"},
		"state":         {state},
	}
	if !reflect.DeepEqual(q, want) {
		t.Errorf("authorize query = %v\nwant %v", q, want)
	}
	if len(state) != 43 || !validState(state) {
		t.Errorf("state %q", state)
	}
	p := storedPending(t, store, state)
	if p.Grant != GrantImplicit || !p.Issued.Equal(t0) || p.Verifier != "" || p.Redirect != want.Get("redirect_uri") {
		t.Errorf("pending = %+v", p)
	}
	if p.Query != "gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.ie&gcLangTag=en-us&gcTargetEnv=prod-euw1" {
		t.Errorf("pending query = %s", p.Query)
	}

	// A second sign-in gets its own state; both stay answerable.
	q2 := begin(t, f, t0)
	if q2.Get("state") == state || len(store.Keys(statePrefix)) != 2 {
		t.Errorf("second state %q, keys %v", q2.Get("state"), store.Keys(statePrefix))
	}
}

func TestBeginPKCE(t *testing.T) {
	f, store := newFlow(t, GrantPKCE)
	q := begin(t, f, t0)
	state := q.Get("state")
	p := storedPending(t, store, state)
	want := url.Values{
		"response_type":         {"code"},
		"client_id":             {"client-1"},
		"redirect_uri":          {"https://host.example/gcpace/index.html"},
		"state":                 {state},
		"code_challenge":        {challenge(p.Verifier)},
		"code_challenge_method": {"S256"},
	}
	if !reflect.DeepEqual(q, want) {
		t.Errorf("authorize query = %v\nwant %v", q, want)
	}
	if n := len(p.Verifier); n < 43 || n > 128 || !validState(p.Verifier) {
		t.Errorf("verifier %q (%d chars)", p.Verifier, n)
	}
	if strings.Contains(q.Get("code_challenge"), "=") {
		t.Error("challenge is padded")
	}
}

func TestBeginRedirectURIForms(t *testing.T) {
	tests := []struct{ page, want string }{
		{"https://h.example/", "https://h.example/"},
		{"https://h.example/app/?a=1#frag", "https://h.example/app/"},
		{"https://h.example/app?#", "https://h.example/app"},
		{"http://127.0.0.1:8080/?gcHostOrigin=x", "http://127.0.0.1:8080/"},
		{"https://h.example/a%20b/?q", "https://h.example/a%20b/"},
	}
	for _, tt := range tests {
		if got := redirectURI(mustURL(t, tt.page)); got != tt.want {
			t.Errorf("redirectURI(%s) = %s, want %s", tt.page, got, tt.want)
		}
	}
}

// RFC 7636 appendix B.
func TestChallengeRFC7636(t *testing.T) {
	octets := []byte{116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186,
		22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121}
	const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	if got := base64.RawURLEncoding.EncodeToString(octets); got != verifier {
		t.Fatalf("verifier = %s", got)
	}
	if got := challenge(verifier); got != "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" {
		t.Errorf("challenge = %s", got)
	}
	// Through Begin, with those octets as the randomness of the verifier.
	f, store := newFlow(t, GrantPKCE)
	f.Rand = bytes.NewReader(append(bytes.Repeat([]byte{7}, 32), append(octets, make([]byte, 16)...)...))
	q := begin(t, f, t0)
	p := storedPending(t, store, q.Get("state"))
	sum := sha256.Sum256([]byte(p.Verifier))
	if q.Get("code_challenge") != base64.RawURLEncoding.EncodeToString(sum[:]) {
		t.Error("challenge does not match the stored verifier")
	}
}

func TestBeginErrors(t *testing.T) {
	f, _ := newFlow(t, GrantImplicit)
	f.Rand = bytes.NewReader([]byte{1, 2, 3})
	if _, err := f.Begin(mustURL(t, pageURL), t0); err == nil {
		t.Error("short randomness accepted")
	}
	f, _ = newFlow(t, GrantImplicit)
	f.Store = &kv.Map{Limit: 10}
	if _, err := f.Begin(mustURL(t, pageURL), t0); err == nil || !strings.Contains(err.Error(), "sign-in cannot start") {
		t.Errorf("full store: %v", err)
	}
	f, _ = newFlow(t, GrantImplicit)
	f.Settings.ClientID = ""
	if _, err := f.Begin(mustURL(t, pageURL), t0); err == nil {
		t.Error("no client id accepted")
	}
	if _, err := f.Begin(nil, t0); err == nil {
		t.Error("nil page accepted")
	}
}

func TestBeginSweepsOldStates(t *testing.T) {
	f, store := newFlow(t, GrantImplicit)
	old := begin(t, f, t0).Get("state")
	store.Set(statePrefix+"garbage", "{not json")
	fresh := begin(t, f, t0.Add(stateTTL+time.Second)).Get("state")
	if got := store.Keys(statePrefix); !reflect.DeepEqual(got, []string{statePrefix + fresh}) {
		t.Errorf("keys after sweep = %v (old %s)", got, old)
	}
}

func storedPending(t *testing.T, store *kv.Map, state string) pending {
	t.Helper()
	raw, ok := store.Get(statePrefix + state)
	if !ok {
		t.Fatalf("state %q not stored; keys %v", state, store.Keys(""))
	}
	var p pending
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// assertNoSecret fails if any stored key or value holds secret.
func assertNoSecret(t *testing.T, store *kv.Map, secret string) {
	t.Helper()
	keys := store.Keys("")
	sort.Strings(keys)
	for _, k := range keys {
		v, _ := store.Get(k)
		if strings.Contains(k, secret) || strings.Contains(v, secret) {
			t.Errorf("store holds %q under %s", secret, k)
		}
	}
}
