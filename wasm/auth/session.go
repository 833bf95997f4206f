package auth

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/gcpace/gcpace/wasm/say"
)

// Session is a signed-in person's access token and when it stops working.
// It never prints or encodes its token: %v, %#v and json.Marshal show only
// the expiry and the API it belongs to, so a stray log line cannot leak it.
type Session struct {
	Token   string
	Expires time.Time
	// APIBase is the API origin the token was issued for; the token is
	// never offered to another.
	APIBase string
}

func (s Session) String() string {
	return fmt.Sprintf("auth.Session{Token: <redacted>, Expires: %s, APIBase: %s}", s.Expires.Format(time.RFC3339), s.APIBase)
}

func (s Session) GoString() string { return s.String() }

// MarshalJSON leaves the token out; the Store record is written separately.
func (s Session) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Expires time.Time `json:"expires"`
		APIBase string    `json:"apiBase"`
	}{s.Expires, s.APIBase})
}

// storedSession is the Store's record of a Session.
type storedSession struct {
	Token   string    `json:"token"`
	Expires time.Time `json:"expires"`
	APIBase string    `json:"apiBase"`
}

const (
	keyPrefix  = "gcpace.auth."
	sessionKey = keyPrefix + "session"
)

// expirySlack treats a token this close to its expiry as expired: a call
// made with it would likely come back 401 and only cost budget.
const expirySlack = 30 * time.Second

// Current returns the stored session if it belongs to this API and is still
// good at now (with expirySlack to spare). An expired or unreadable record
// is removed.
func (f *Flow) Current(now time.Time) (Session, bool) {
	raw, ok := f.Store.Get(sessionKey)
	if !ok {
		return Session{}, false
	}
	var st storedSession
	if json.Unmarshal([]byte(raw), &st) != nil || st.Token == "" {
		f.Store.Remove(sessionKey)
		return Session{}, false
	}
	if !now.Add(expirySlack).Before(st.Expires) {
		f.Store.Remove(sessionKey)
		return Session{}, false
	}
	if st.APIBase != f.Settings.APIBase {
		return Session{}, false
	}
	return Session(st), true
}

// Clear forgets the session (sign out, or a token the API refused).
func (f *Flow) Clear() { f.Store.Remove(sessionKey) }

func (f *Flow) saveSession(s Session) error {
	b, err := json.Marshal(storedSession(s))
	if err != nil {
		return fmt.Errorf("auth: saving the session: %w", err)
	}
	if err := f.Store.Set(sessionKey, string(b)); err != nil {
		return say.Wrap(fmt.Errorf("auth: the browser would not keep the sign-in for this tab: %w", err),
			"The browser would not keep the sign-in for this tab: its storage for this page may be full, or turned off in its settings.")
	}
	return nil
}
