package app

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/gcpace/gcpace/wasm/kv"
)

// Automatic sign-in (a batch that met a 401 goes to the login by itself) is
// bounded: a login that keeps answering without a usable token would
// otherwise send the page back to it on every load, too fast to cancel.
const (
	autoTripsMax    = 2               // automatic trips to the login allowed per autoTripsWindow
	autoTripsWindow = 5 * time.Minute // a token lives at least 5 minutes
)

// autoKey is where this tab remembers its automatic trips: sessionStorage,
// because the loop spans page loads and belongs to one tab.
const autoKey = "gcpace.signin.auto"

// autoRecord is the sessionStorage record of automatic sign-in.
type autoRecord struct {
	Trips []time.Time `json:"trips"`
	// Stopped is set when the person signed out or a sign-in was refused:
	// from then on only a click signs in.
	Stopped bool `json:"stopped,omitempty"`
}

func loadAuto(s kv.Store) autoRecord {
	var r autoRecord
	if raw, ok := s.Get(autoKey); ok {
		_ = json.Unmarshal([]byte(raw), &r) // unreadable: start afresh
	}
	return r
}

func saveAuto(s kv.Store, r autoRecord) {
	b, _ := json.Marshal(r)
	_ = s.Set(autoKey, string(b)) // a full store only loses the bound's memory
}

// mayAutoSignIn reports whether another automatic trip is allowed at now,
// and records it when it is.
func mayAutoSignIn(s kv.Store, now time.Time) bool {
	r := loadAuto(s)
	if r.Stopped {
		return false
	}
	recent := r.Trips[:0]
	for _, t := range r.Trips {
		if age := now.Sub(t); age >= 0 && age < autoTripsWindow {
			recent = append(recent, t)
		}
	}
	if len(recent) >= autoTripsMax {
		r.Trips = recent
		saveAuto(s, r)
		return false
	}
	r.Trips = append(recent, now)
	saveAuto(s, r)
	return true
}

// stopAutoSignIn makes every later sign-in wait for a click.
func stopAutoSignIn(s kv.Store) {
	r := loadAuto(s)
	r.Stopped = true
	saveAuto(s, r)
}

// autoSignIn goes to the login by itself, for a batch that needs a new
// token, unless the bound says stop: then the page stays, signed out, and
// offers sign-in or cancelling the batch.
func (a *App) autoSignIn(why string) {
	if mayAutoSignIn(a.d.Session, a.d.Now()) {
		a.signIn()
		return
	}
	a.strandBatch(why)
}

// strandBatch shows the batch that waits for a sign-in this page will not
// start by itself; its cancel button stays, next to sign-in.
func (a *App) strandBatch(why string) {
	// The refusal's own "Sign in again." would repeat what follows.
	why = strings.TrimSuffix(why, " Sign in again.")
	switch {
	case why != "":
	case loadAuto(a.d.Session).Stopped:
		why = "This tab signed out, so gcpace does not sign in again by itself."
	default:
		why = "Signing in again did not work twice in a row, so gcpace stopped trying by itself."
	}
	a.update(func(v *View) {
		v.Phase = PhaseSignedOut
		v.User, v.Org = "", ""
		v.Notice, v.NoticeBad = why+" The batch is waiting: sign in to go on, or cancel it.", true
	})
	a.eng.ShowStranded()
}

// SignOut ends the session: the token leaves sessionStorage and the page
// goes back to signed out. A batch this tab runs is paused first, and
// nothing signs in again by itself until the person clicks sign-in.
func (a *App) SignOut() {
	stopAutoSignIn(a.d.Session)
	if a.eng.Running() {
		a.Pause()
	}
	a.flow.Clear()
	a.update(func(v *View) {
		v.Phase = PhaseSignedOut
		v.User, v.Org = "", ""
		v.Notice, v.NoticeBad = "Signed out. The token is gone from this tab.", false
	})
}
