package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/gcpace/gcpace/wasm/kv"

	"github.com/gcpace/gcpace/wasm/say"
)

// Flow signs the person in by sending the browser to Genesys's login and
// reading the answer when it comes back to the page.
//
// Everything it keeps lives in Store, which in the browser is sessionStorage
// (the token must never be written anywhere else): the pending sign-ins,
// each under its own random state, and the session. A Flow holds no other
// state, so a page reload in the middle of sign-in loses nothing.
type Flow struct {
	Settings Settings
	Store    kv.Store
	// Rand is the source of states and PKCE verifiers; nil means
	// crypto/rand.
	Rand io.Reader
}

// stateTTL is how long a sign-in may take. An answer to an older one is
// refused: its state may have leaked (a history entry, a shared screenshot).
const stateTTL = 10 * time.Minute

const statePrefix = keyPrefix + "state."

// pending is the Store's record of a sign-in that was started and not yet
// answered.
type pending struct {
	Grant    string    `json:"grant"`
	Issued   time.Time `json:"issued"`
	Redirect string    `json:"redirectUri"`
	// Query is the page's own query when sign-in started (gcHostOrigin and
	// the rest): the redirect URI has none, so it comes back from here.
	Query    string `json:"query"`
	Verifier string `json:"verifier,omitempty"`
}

// Begin starts sign-in from page and returns where to send the browser.
func (f *Flow) Begin(page *url.URL, now time.Time) (string, error) {
	if page == nil {
		return "", errors.New("auth: Begin: no page URL")
	}
	if f.Settings.ClientID == "" {
		return "", errors.New("auth: Begin: no clientId")
	}
	f.sweep(now)

	state, err := f.random(32)
	if err != nil {
		return "", err
	}
	p := pending{
		Grant:    f.grant(),
		Issued:   now,
		Redirect: redirectURI(page),
		Query:    withoutOAuth(page.Query()).Encode(),
	}
	q := url.Values{
		"client_id":    {f.Settings.ClientID},
		"redirect_uri": {p.Redirect},
		"state":        {state},
	}
	if p.Grant == GrantPKCE {
		// 48 random bytes make a 64-character verifier, inside RFC 7636's
		// 43 to 128.
		if p.Verifier, err = f.random(48); err != nil {
			return "", err
		}
		q.Set("response_type", "code")
		q.Set("code_challenge", challenge(p.Verifier))
		q.Set("code_challenge_method", "S256")
	} else {
		q.Set("response_type", "token")
	}

	b, err := json.Marshal(p)
	if err != nil {
		return "", fmt.Errorf("auth: Begin: %w", err)
	}
	if err := f.Store.Set(statePrefix+state, string(b)); err != nil {
		return "", say.Wrap(fmt.Errorf("auth: the browser would not keep the sign-in state for this tab, so sign-in cannot start: %w", err),
			"The browser would not keep the sign-in state for this tab, so sign-in cannot start: its storage for this page may be full, or turned off in its settings.")
	}
	return strings.TrimRight(f.Settings.LoginBase, "/") + "/oauth/authorize?" + q.Encode(), nil
}

func (f *Flow) grant() string {
	if strings.EqualFold(f.Settings.Grant, GrantPKCE) {
		return GrantPKCE
	}
	return GrantImplicit
}

// random returns n random bytes as unpadded base64url.
func (f *Flow) random(n int) (string, error) {
	r := f.Rand
	if r == nil {
		r = rand.Reader
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", say.Wrap(fmt.Errorf("auth: no randomness for the sign-in state: %w", err),
			"The browser gave no randomness for the sign-in state, so sign-in cannot start.")
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// challenge is RFC 7636's S256 code challenge of a verifier.
func challenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// redirectURI is the page without query or fragment: the address registered
// with the OAuth client, which must match exactly.
func redirectURI(page *url.URL) string {
	u := *page
	u.RawQuery, u.ForceQuery = "", false
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

// oauthParams are the names an OAuth answer may put in a URL.
var oauthParams = []string{
	"access_token", "token_type", "expires_in", "scope", "state",
	"code", "error", "error_description", "error_uri", "session_state", "iss",
}

func hasOAuth(q url.Values) bool {
	for _, k := range oauthParams {
		if _, ok := q[k]; ok {
			return true
		}
	}
	return false
}

func withoutOAuth(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = v
	}
	for _, k := range oauthParams {
		delete(out, k)
	}
	return out
}

// take reads and removes the pending sign-in of state: a state is good for
// one answer only.
func (f *Flow) take(state string) (pending, bool) {
	if !validState(state) {
		return pending{}, false
	}
	key := statePrefix + state
	raw, ok := f.Store.Get(key)
	if !ok {
		return pending{}, false
	}
	f.Store.Remove(key)
	var p pending
	if json.Unmarshal([]byte(raw), &p) != nil {
		return pending{}, false
	}
	return p, true
}

// validState accepts only what random could have made, so a crafted state
// never becomes an odd Store key.
func validState(s string) bool {
	if len(s) < 16 || len(s) > 128 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// sweep removes pending sign-ins that can no longer be answered.
func (f *Flow) sweep(now time.Time) {
	for _, k := range f.Store.Keys(statePrefix) {
		raw, _ := f.Store.Get(k)
		var p pending
		if json.Unmarshal([]byte(raw), &p) != nil || expired(p, now) {
			f.Store.Remove(k)
		}
	}
}

// expired also refuses a state issued "in the future": the clock moved
// back, and its age is unknown.
func expired(p pending, now time.Time) bool {
	age := now.Sub(p.Issued)
	return age > stateTTL || age < -time.Minute
}
