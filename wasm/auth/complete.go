package auth

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// Result is what Complete made of the page's URL.
type Result struct {
	// Session is the new session, saved to the Store; nil unless sign-in
	// succeeded.
	Session *Session
	// PageQuery is the page's query as it was when sign-in started
	// (gcHostOrigin and the rest), when the answer's state was ours.
	PageQuery url.Values
	// CleanURL is the address to put in the address bar: the page without
	// the OAuth answer, its original query restored. "" when the URL held
	// no answer.
	CleanURL string
	// Refused says in words why an answer was not used; "" otherwise.
	Refused string
}

// Words for refused answers, shown to the person.
const (
	refusedNotOurs   = "The sign-in answer was not started by this page, so it was ignored. Sign in again."
	refusedTooLate   = "The sign-in answer came more than 10 minutes after sign-in started, so it was ignored. Sign in again."
	refusedWrongKind = "The sign-in answer was not the kind this page asked for, so it was ignored. Sign in again."
	refusedNoToken   = "The sign-in answer held no token, so it was ignored. Sign in again."
)

// Genesys lets an OAuth client's tokens live 300 to 172800 seconds.
const (
	minLifetime = 300 * time.Second
	maxLifetime = 172800 * time.Second
)

// Complete reads the OAuth answer in page: the fragment for the implicit
// grant (access_token, expires_in, state; or error), the query for PKCE
// (code, state; or error), exchanging the code through doer. A URL without
// an answer gives an empty Result.
//
// An answer is used only if its state was issued here, is unused and is
// under 10 minutes old; anything else is refused in words and its token
// never stored. The error return is for what went wrong on the way (the
// token exchange could not be reached, the Store is full); the Result then
// still carries CleanURL, so the answer leaves the address bar either way.
func (f *Flow) Complete(ctx context.Context, page *url.URL, now time.Time, doer genesys.Doer) (Result, error) {
	if page == nil {
		return Result{}, nil
	}
	params, inFragment := readAnswer(page)
	if params == nil {
		return Result{}, nil
	}

	clean := *page
	clean.Fragment, clean.RawFragment = "", ""
	if !inFragment {
		clean.RawQuery = withoutOAuth(page.Query()).Encode()
	}
	res := Result{CleanURL: clean.String()}

	// The answer's own words (error_description) are not shown unless its
	// state is ours: an unverified message in the page could be anyone's.
	p, ok := f.take(params.Get("state"))
	f.sweep(now)
	if !ok {
		res.Refused = refusedNotOurs
		return res, nil
	}
	res.PageQuery, _ = url.ParseQuery(p.Query)
	clean.RawQuery = res.PageQuery.Encode()
	res.CleanURL = clean.String()

	if expired(p, now) {
		res.Refused = refusedTooLate
		return res, nil
	}
	if code := params.Get("error"); code != "" {
		res.Refused = "Genesys Cloud did not sign you in: " + oauthWords(code, params.Get("error_description")) + ". Sign in again."
		return res, nil
	}

	var token string
	var lifetime time.Duration
	switch {
	case p.Grant == GrantImplicit && inFragment && !params.Has("code"):
		token = params.Get("access_token")
		lifetime = tokenLifetime(params.Get("expires_in"))
	case p.Grant == GrantPKCE && !inFragment && !params.Has("access_token"):
		code := params.Get("code")
		if code == "" {
			res.Refused = refusedNoToken
			return res, nil
		}
		ex, err := f.exchange(ctx, doer, code, p)
		if err != nil {
			return res, err
		}
		if ex.refused != "" {
			res.Refused = ex.refused
			return res, nil
		}
		token, lifetime = ex.token, ex.lifetime
	default:
		res.Refused = refusedWrongKind
		return res, nil
	}
	if token == "" {
		res.Refused = refusedNoToken
		return res, nil
	}

	s := Session{Token: token, Expires: now.Add(lifetime), APIBase: f.Settings.APIBase}
	if err := f.saveSession(s); err != nil {
		return res, err
	}
	res.Session = &s
	return res, nil
}

// readAnswer finds the OAuth parameters in the fragment, else the query;
// nil when neither holds any.
func readAnswer(page *url.URL) (params url.Values, inFragment bool) {
	if frag := page.EscapedFragment(); frag != "" {
		// A malformed pair is dropped; the rest still counts.
		q, _ := url.ParseQuery(frag)
		if hasOAuth(q) {
			return q, true
		}
	}
	if q := page.Query(); hasOAuth(q) {
		return q, false
	}
	return nil, false
}

// tokenLifetime reads expires_in, kept within what Genesys allows. A missing
// or unreadable value counts as the shortest lifetime: signing in again
// early is better than sending a dead token.
func tokenLifetime(v string) time.Duration {
	n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || !(n > 0) {
		return minLifetime
	}
	if n >= maxLifetime.Seconds() {
		return maxLifetime
	}
	return time.Duration(n * float64(time.Second))
}

// oauthWords turns an OAuth error into words: the description if any, with
// the code for support.
func oauthWords(code, description string) string {
	code, description = printable(code, 64), printable(description, 200)
	known := map[string]string{
		"access_denied":             "access was denied",
		"invalid_client":            "this page's OAuth client is not known to Genesys Cloud",
		"unauthorized_client":       "this page's OAuth client may not sign in this way",
		"invalid_request":           "the sign-in request was not accepted",
		"invalid_grant":             "the sign-in code was not accepted (it may have been used or expired)",
		"unsupported_response_type": "this page's OAuth client does not allow this kind of sign-in",
		"invalid_scope":             "the requested permissions were not accepted",
		"server_error":              "the login service had a problem",
		"temporarily_unavailable":   "the login service is busy",
		"login_required":            "you need to sign in",
		"consent_required":          "you need to approve this page",
	}
	words := description
	if words == "" {
		words = known[code]
	}
	switch {
	case words == "":
		return code
	case code == "" || words == code:
		return words
	default:
		return words + " (" + code + ")"
	}
}

// printable keeps text from a URL or an answer fit to show: no control
// characters, no runaway length.
func printable(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.TrimSpace(s))
	if r := []rune(s); len(r) > n {
		s = string(r[:n]) + "…"
	}
	return s
}
