package auth

import (
	"fmt"
	"strings"
	"testing"
)

func TestSessionNeverShowsItsToken(t *testing.T) {
	s := Session{Token: "SECRET", Expires: t0, APIBase: "https://api.mypurecloud.com"}
	b, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{fmt.Sprint(s), fmt.Sprintf("%+v", s), fmt.Sprintf("%#v", s), fmt.Sprintf("%v", &s), fmt.Sprintf("%+v", Result{Session: &s}), string(b)} {
		if strings.Contains(out, "SECRET") {
			t.Errorf("token shown: %s", out)
		}
	}
}

func TestCurrentAndClear(t *testing.T) {
	f, store := newFlow(t, GrantImplicit)
	if _, ok := f.Current(t0); ok {
		t.Fatal("session before sign-in")
	}
	state := begin(t, f, t0).Get("state")
	complete(t, f, returnBase+"#access_token=T&expires_in=3600&state="+state, t0)

	other := *f
	other.Settings.APIBase = "https://api.mypurecloud.com"
	if _, ok := other.Current(t0); ok {
		t.Error("token offered to another API")
	}
	if _, ok := f.Current(t0); !ok {
		t.Error("session lost by another API's look")
	}

	f.Clear()
	if _, ok := f.Current(t0); ok {
		t.Error("session after Clear")
	}
	store.Set(sessionKey, "{broken")
	if _, ok := f.Current(t0); ok {
		t.Error("broken record accepted")
	}
	if _, ok := store.Get(sessionKey); ok {
		t.Error("broken record kept")
	}
}
