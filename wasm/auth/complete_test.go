package auth

import (
	"context"
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/kv"
)

const (
	returnBase = "https://host.example/gcpace/index.html"
	cleanWant  = returnBase + "?gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.ie&gcLangTag=en-us&gcTargetEnv=prod-euw1"
)

var pageQueryWant = url.Values{
	"gcHostOrigin": {"https://apps.mypurecloud.ie"},
	"gcLangTag":    {"en-us"},
	"gcTargetEnv":  {"prod-euw1"},
}

// complete runs Complete on the URL the login sent the browser back to.
func complete(t *testing.T, f *Flow, back string, now time.Time) Result {
	t.Helper()
	res, err := f.Complete(context.Background(), mustURL(t, back), now, nil)
	if err != nil {
		t.Fatalf("Complete(%s): %v", back, err)
	}
	if strings.Contains(res.CleanURL, "access_token") || strings.Contains(res.CleanURL, "code=") || strings.Contains(res.CleanURL, "state=") {
		t.Errorf("CleanURL keeps the answer: %s", res.CleanURL)
	}
	return res
}

func TestCompleteImplicit(t *testing.T) {
	f, store := newFlow(t, GrantImplicit)
	state := begin(t, f, t0).Get("state")
	now := t0.Add(time.Minute)
	res := complete(t, f, returnBase+"#access_token=TOKEN-1&expires_in=3600&token_type=bearer&state="+state, now)

	if res.Refused != "" || res.Session == nil {
		t.Fatalf("result = %+v", res)
	}
	want := Session{Token: "TOKEN-1", Expires: now.Add(time.Hour), APIBase: "https://api.mypurecloud.ie"}
	if *res.Session != want {
		t.Errorf("session = %v, want %v", *res.Session, want)
	}
	if res.CleanURL != cleanWant {
		t.Errorf("CleanURL = %s\nwant       %s", res.CleanURL, cleanWant)
	}
	if !reflect.DeepEqual(res.PageQuery, pageQueryWant) {
		t.Errorf("PageQuery = %v", res.PageQuery)
	}
	if len(store.Keys(statePrefix)) != 0 {
		t.Errorf("state kept after use: %v", store.Keys(""))
	}

	// Current, with its 30 s slack before expiry.
	steps := []struct {
		at   time.Time
		want bool
	}{
		{now, true},
		{now.Add(time.Hour - 31*time.Second), true},
		{now.Add(time.Hour - 30*time.Second), false},
	}
	for i, st := range steps {
		s, ok := f.Current(st.at)
		if ok != st.want || (ok && s != want) {
			t.Errorf("step %d: Current(%v) = %v, %v; want %v", i, st.at, s, ok, st.want)
		}
	}
	if _, ok := store.Get(sessionKey); ok {
		t.Error("expired session kept in the store")
	}
}

func TestCompleteRefusals(t *testing.T) {
	type setup func(t *testing.T, f *Flow) string // returns the URL coming back
	issued := func(t *testing.T, f *Flow) string { return begin(t, f, t0).Get("state") }
	tests := []struct {
		name        string
		grant       string
		back        setup
		at          time.Time
		refused     string // a part of Refused
		notRefused  string // must not appear in Refused
		clean       string
		restoredQry bool
	}{
		{
			name:  "unknown state",
			grant: GrantImplicit,
			back: func(t *testing.T, f *Flow) string {
				issued(t, f)
				return returnBase + "#access_token=FORGED&expires_in=3600&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
			},
			refused: refusedNotOurs, clean: returnBase,
		},
		{
			name:  "no state",
			grant: GrantImplicit,
			back: func(t *testing.T, f *Flow) string {
				issued(t, f)
				return returnBase + "#access_token=FORGED&expires_in=3600"
			},
			refused: refusedNotOurs, clean: returnBase,
		},
		{
			name:  "odd state",
			grant: GrantImplicit,
			back: func(t *testing.T, f *Flow) string {
				issued(t, f)
				return returnBase + "#access_token=FORGED&state=..%2F..%2Fsession"
			},
			refused: refusedNotOurs, clean: returnBase,
		},
		{
			name:  "reused state",
			grant: GrantImplicit,
			back: func(t *testing.T, f *Flow) string {
				s := issued(t, f)
				complete(t, f, returnBase+"#access_token=FIRST&expires_in=3600&state="+s, t0)
				f.Clear()
				return returnBase + "#access_token=FORGED&expires_in=3600&state=" + s
			},
			refused: refusedNotOurs, clean: returnBase,
		},
		{
			name:  "expired state",
			grant: GrantImplicit,
			back: func(t *testing.T, f *Flow) string {
				return returnBase + "#access_token=FORGED&expires_in=3600&state=" + issued(t, f)
			},
			at:      t0.Add(stateTTL + time.Second),
			refused: refusedTooLate, clean: cleanWant, restoredQry: true,
		},
		{
			name:  "error with our state",
			grant: GrantImplicit,
			back: func(t *testing.T, f *Flow) string {
				return returnBase + "#error=access_denied&error_description=The+user+said+no%0A&state=" + issued(t, f)
			},
			refused: "Genesys Cloud did not sign you in: The user said no (access_denied). Sign in again.", clean: cleanWant, restoredQry: true,
		},
		{
			name:  "error without description",
			grant: GrantImplicit,
			back: func(t *testing.T, f *Flow) string {
				return returnBase + "#error=invalid_client&state=" + issued(t, f)
			},
			refused: "this page's OAuth client is not known to Genesys Cloud (invalid_client)", clean: cleanWant, restoredQry: true,
		},
		{
			name:  "error with a state not ours: its words are not shown",
			grant: GrantImplicit,
			back: func(t *testing.T, f *Flow) string {
				issued(t, f)
				return returnBase + "#error=access_denied&error_description=Call+555-0100+now&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
			},
			refused: refusedNotOurs, notRefused: "555", clean: returnBase,
		},
		{
			name:  "PKCE error in the query",
			grant: GrantPKCE,
			back: func(t *testing.T, f *Flow) string {
				return returnBase + "?error=access_denied&state=" + issued(t, f)
			},
			refused: "access was denied (access_denied)", clean: cleanWant, restoredQry: true,
		},
		{
			name:  "token in the fragment for a PKCE sign-in",
			grant: GrantPKCE,
			back: func(t *testing.T, f *Flow) string {
				return returnBase + "#access_token=FORGED&expires_in=3600&state=" + issued(t, f)
			},
			refused: refusedWrongKind, clean: cleanWant, restoredQry: true,
		},
		{
			name:  "code in the query for an implicit sign-in",
			grant: GrantImplicit,
			back: func(t *testing.T, f *Flow) string {
				return returnBase + "?code=FORGED&state=" + issued(t, f)
			},
			refused: refusedWrongKind, clean: cleanWant, restoredQry: true,
		},
		{
			name:  "token in the query for an implicit sign-in",
			grant: GrantImplicit,
			back: func(t *testing.T, f *Flow) string {
				return returnBase + "?access_token=FORGED&state=" + issued(t, f)
			},
			refused: refusedWrongKind, clean: cleanWant, restoredQry: true,
		},
		{
			name:  "no token",
			grant: GrantImplicit,
			back: func(t *testing.T, f *Flow) string {
				return returnBase + "#expires_in=3600&state=" + issued(t, f)
			},
			refused: refusedNoToken, clean: cleanWant, restoredQry: true,
		},
		{
			name:  "PKCE without a code",
			grant: GrantPKCE,
			back: func(t *testing.T, f *Flow) string {
				return returnBase + "?state=" + issued(t, f)
			},
			refused: refusedNoToken, clean: cleanWant, restoredQry: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, store := newFlow(t, tt.grant)
			back := tt.back(t, f)
			at := tt.at
			if at.IsZero() {
				at = t0.Add(time.Minute)
			}
			res := complete(t, f, back, at)
			if !strings.Contains(res.Refused, tt.refused) {
				t.Errorf("Refused = %q, want it to contain %q", res.Refused, tt.refused)
			}
			if tt.notRefused != "" && strings.Contains(res.Refused, tt.notRefused) {
				t.Errorf("Refused = %q shows %q", res.Refused, tt.notRefused)
			}
			if res.Session != nil {
				t.Errorf("session from a refused answer: %v", res.Session)
			}
			if res.CleanURL != tt.clean {
				t.Errorf("CleanURL = %s\nwant       %s", res.CleanURL, tt.clean)
			}
			if tt.restoredQry != (res.PageQuery != nil) || (tt.restoredQry && !reflect.DeepEqual(res.PageQuery, pageQueryWant)) {
				t.Errorf("PageQuery = %v", res.PageQuery)
			}
			if _, ok := f.Current(at); ok {
				t.Error("a refused answer left a session")
			}
			assertNoSecret(t, store, "FORGED")
		})
	}
}

func TestCompleteNothingToDo(t *testing.T) {
	f, store := newFlow(t, GrantImplicit)
	begin(t, f, t0)
	for _, back := range []string{
		returnBase,
		pageURL, // the app's own fragment and query
		returnBase + "?gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.ie#/preview?x=1",
	} {
		res, err := f.Complete(context.Background(), mustURL(t, back), t0, nil)
		if err != nil || !reflect.DeepEqual(res, Result{}) {
			t.Errorf("Complete(%s) = %+v, %v; want nothing", back, res, err)
		}
	}
	if len(store.Keys(statePrefix)) != 1 {
		t.Error("a URL without an answer used up the state")
	}
	if res, err := f.Complete(context.Background(), nil, t0, nil); err != nil || !reflect.DeepEqual(res, Result{}) {
		t.Errorf("nil page: %+v, %v", res, err)
	}
}

func TestCompleteLifetime(t *testing.T) {
	tests := []struct {
		expiresIn string
		want      time.Duration
	}{
		{"&expires_in=86399", 86399 * time.Second},
		{"&expires_in=600.0", 600 * time.Second},
		{"", minLifetime},
		{"&expires_in=soon", minLifetime},
		{"&expires_in=-5", minLifetime},
		{"&expires_in=999999999", maxLifetime},
	}
	for _, tt := range tests {
		f, _ := newFlow(t, GrantImplicit)
		state := begin(t, f, t0).Get("state")
		res := complete(t, f, returnBase+"#access_token=T"+tt.expiresIn+"&state="+state, t0)
		if res.Session == nil || res.Session.Expires != t0.Add(tt.want) {
			t.Errorf("expires_in %q: session %v, want expiry after %v", tt.expiresIn, res.Session, tt.want)
		}
	}
}

func TestCompleteFullStore(t *testing.T) {
	f, _ := newFlow(t, GrantImplicit)
	state := begin(t, f, t0).Get("state")
	store := f.Store.(*kv.Map)
	store.Limit = 300 // room for the state record, not for a session besides it
	res, err := f.Complete(context.Background(), mustURL(t, returnBase+"#access_token="+strings.Repeat("T", 400)+"&expires_in=60&state="+state), t0, nil)
	if !errors.Is(err, kv.ErrQuota) || res.Session != nil || res.CleanURL != cleanWant {
		t.Errorf("Complete = %+v, %v", res, err)
	}
	if strings.Contains(err.Error(), "TTTT") {
		t.Error("token in error")
	}
}
