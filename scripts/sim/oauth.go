package sim

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

const codeLifetime = 10 * time.Minute

// authorize is GET /oauth/authorize. It signs the sample user in without
// asking anything. Until the redirect URI is known good, errors are an HTML
// page, as a real login server must not redirect to an unchecked URI; after
// that they go back to the page as error=… (in the fragment for
// response_type=token, in the query for code).
func (s *Server) authorize(c *call) reply {
	q := c.r.URL.Query()
	client, redirect := q.Get("client_id"), q.Get("redirect_uri")
	if client != s.opts.ClientID {
		return htmlReply(http.StatusBadRequest, "Sign-in error", "Unknown OAuth client: "+strconv.Quote(client))
	}
	u, err := url.Parse(redirect)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" ||
		(len(s.opts.RedirectURIs) > 0 && !slices.Contains(s.opts.RedirectURIs, redirect)) {
		return htmlReply(http.StatusBadRequest, "Sign-in error", "The redirect URI is not registered for this client: "+strconv.Quote(redirect))
	}
	out := url.Values{}
	if st := q.Get("state"); st != "" {
		out.Set("state", st)
	}
	if e := s.opts.Faults.LoginError; e != "" {
		out.Set("error", e)
		out.Set("error_description", "The sign-in was refused (simulated).")
		if q.Get("response_type") == "token" {
			return redirectTo(u, "", out.Encode())
		}
		return redirectTo(u, mergeQuery(u, out), "")
	}
	hint := q.Get("login_hint")
	if hint == "" && s.opts.ChooseUser {
		return s.chooser(c)
	}
	who, ok := s.org.person(hint)
	if !ok {
		out.Set("error", "access_denied")
		out.Set("error_description", "No user "+hint+" in this org")
		if q.Get("response_type") == "token" {
			return redirectTo(u, "", out.Encode())
		}
		return redirectTo(u, mergeQuery(u, out), "")
	}
	switch q.Get("response_type") {
	case "token":
		out.Set("access_token", s.auth.issue(client, who.Key, c.now, s.opts.TokenLifetime))
		out.Set("expires_in", strconv.Itoa(int(s.opts.TokenLifetime/time.Second)))
		out.Set("token_type", "bearer")
		return redirectTo(u, "", out.Encode())
	case "code":
		challenge := q.Get("code_challenge")
		if challenge == "" || q.Get("code_challenge_method") != "S256" {
			out.Set("error", "invalid_request")
			out.Set("error_description", "PKCE is required: code_challenge with code_challenge_method=S256")
			return redirectTo(u, mergeQuery(u, out), "")
		}
		k := secret()
		s.auth.codes[tokenHash(k)] = &code{client: client, redirect: redirect, challenge: challenge, user: who.Key, expires: c.now.Add(codeLifetime)}
		out.Set("code", k)
		return redirectTo(u, mergeQuery(u, out), "")
	default:
		out.Set("error", "unsupported_response_type")
		out.Set("error_description", "response_type must be token or code")
		return redirectTo(u, mergeQuery(u, out), "")
	}
}

func mergeQuery(u *url.URL, add url.Values) string {
	q := u.Query()
	for k, vs := range add {
		q[k] = vs
	}
	return q.Encode()
}

func redirectTo(u *url.URL, query, fragment string) reply {
	v := *u
	if query != "" {
		v.RawQuery = query
	}
	v.Fragment, v.RawFragment = "", ""
	loc := v.String()
	if fragment != "" {
		loc += "#" + fragment
	}
	r := reply{status: http.StatusFound}
	r.set("Location", loc)
	r.set("Cache-Control", "no-store")
	return r
}

// oauthError is the login server's error shape (not the API's).
func oauthError(status int, kind, desc string) reply {
	r := jsonReply(status, map[string]string{"error": kind, "description": desc, "error_description": desc})
	r.set("Cache-Control", "no-store")
	return r
}

// exchange is POST /oauth/token, grant_type=authorization_code with PKCE.
// A code works once, for the client and redirect URI it was issued to, and
// only with the verifier whose S256 hash is its challenge.
func (s *Server) exchange(c *call) reply {
	form, err := url.ParseQuery(string(c.body))
	if err != nil {
		return oauthError(http.StatusBadRequest, "invalid_request", "the body must be application/x-www-form-urlencoded")
	}
	if gt := form.Get("grant_type"); gt != "authorization_code" {
		return oauthError(http.StatusBadRequest, "unsupported_grant_type", "grant_type "+strconv.Quote(gt)+" is not supported")
	}
	if form.Get("client_id") != s.opts.ClientID {
		return oauthError(http.StatusUnauthorized, "invalid_client", "unknown client_id")
	}
	k, verifier := form.Get("code"), form.Get("code_verifier")
	if k == "" || verifier == "" || form.Get("redirect_uri") == "" {
		return oauthError(http.StatusBadRequest, "invalid_request", "code, code_verifier and redirect_uri are required")
	}
	cd, ok := s.auth.codes[tokenHash(k)]
	switch {
	case !ok:
		return oauthError(http.StatusBadRequest, "invalid_grant", "unknown authorization code")
	case cd.used:
		return oauthError(http.StatusBadRequest, "invalid_grant", "authorization code already used")
	case !c.now.Before(cd.expires):
		return oauthError(http.StatusBadRequest, "invalid_grant", "authorization code expired")
	case cd.client != form.Get("client_id"):
		return oauthError(http.StatusBadRequest, "invalid_grant", "authorization code was issued to another client")
	case cd.redirect != form.Get("redirect_uri"):
		return oauthError(http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the authorization request")
	}
	cd.used = true // a failed verification burns the code too, as RFC 6749 §10.5 advises
	if !pkceMatches(verifier, cd.challenge) {
		return oauthError(http.StatusBadRequest, "invalid_grant", "code_verifier does not match the code_challenge")
	}
	r := jsonReply(http.StatusOK, map[string]any{
		"access_token": s.auth.issue(cd.client, cd.user, c.now, s.opts.TokenLifetime),
		"token_type":   "bearer",
		"expires_in":   int(s.opts.TokenLifetime / time.Second),
	})
	r.set("Cache-Control", "no-store")
	return r
}

func pkceMatches(verifier, challenge string) bool {
	h := sha256.Sum256([]byte(verifier))
	want := base64.RawURLEncoding.EncodeToString(h[:])
	return subtle.ConstantTimeCompare([]byte(want), []byte(challenge)) == 1
}
