package sim

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"
	"time"
)

// authState holds tokens and authorization codes by the hash of their value:
// the simulator never keeps a raw secret, in its state or in its log.
type authState struct {
	tokens map[string]*token // by tokenHash
	codes  map[string]*code  // by tokenHash of the code
}

type token struct {
	client  string
	user    string // Person.Key
	expires time.Time
	revoked bool
}

type code struct {
	client, redirect, challenge, user string
	expires                           time.Time
	used                              bool
}

func newAuthState() *authState {
	return &authState{tokens: map[string]*token{}, codes: map[string]*code{}}
}

// tokenHash is the full SHA-256 of a secret, in hex.
func tokenHash(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// shortHash is what the log keeps of a token: enough to tell tokens apart,
// never enough to use one.
func shortHash(secret string) string { return tokenHash(secret)[:16] }

// secret returns a fresh random string; unpredictable on purpose, so
// crypto/rand rather than the seeded generator.
func secret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (a *authState) issue(client, user string, now time.Time, lifetime time.Duration) string {
	t := secret()
	a.tokens[tokenHash(t)] = &token{client: client, user: user, expires: now.Add(lifetime)}
	return t
}

func (a *authState) revokeAll() {
	for _, t := range a.tokens {
		t.revoked = true
	}
}

// IssueToken returns a valid token of the sample user for Options.ClientID,
// for tests and benchmarks that skip OAuth.
func (s *Server) IssueToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.auth.issue(s.opts.ClientID, UserAdmin, s.now(), s.opts.TokenLifetime)
}

// RevokeTokens makes every token issued so far invalid: the API answers 401.
func (s *Server) RevokeTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.auth.revokeAll()
	s.rec.counters.Revocations++
}

// bearer returns the token of an Authorization header, if it has one.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "bearer") || strings.TrimSpace(tok) == "" {
		return "", false
	}
	return strings.TrimSpace(tok), true
}

// authenticate answers 401 in Genesys's words unless the call carries a live token.
func (s *Server) authenticate(c *call) (*token, *ErrorBody) {
	if !c.hasToken {
		return nil, apiError(http.StatusUnauthorized, CodeAuthRequired,
			"No authentication bearer token specified in authorization header.")
	}
	t, ok := s.auth.tokens[c.tokenHash]
	if !ok || t.revoked || !c.now.Before(t.expires) {
		return nil, apiError(http.StatusUnauthorized, CodeBadCredentials, "Invalid login credentials.")
	}
	return t, nil
}

// IssueTokenFor is IssueToken for one of People, by key.
func (s *Server) IssueTokenFor(person string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.auth.issue(s.opts.ClientID, person, s.now(), s.opts.TokenLifetime)
}

// getMe is GET /api/v2/users/me of the signed-in person; expand=authorization
// adds their permissions, as the real API does.
func (s *Server) getMe(c *call) reply {
	p, _ := s.org.person(c.token.user)
	u := p.User
	if p.Key != UserAdmin {
		u.Number = s.org.user.Number // only the admin holds a DID; others show the org's main one
	}
	me := map[string]any{
		"id":       u.ID,
		"name":     u.Name,
		"division": s.org.division,
		"email":    u.Email,
		"state":    "active",
		"username": u.Email,
		"version":  3,
		"addresses": []map[string]string{
			{"address": u.Number, "display": u.Number, "mediaType": "PHONE", "type": "WORK"},
		},
		"acdAutoAnswer": false,
		"selfUri":       "/api/v2/users/" + u.ID,
	}
	if slices.Contains(strings.Split(c.r.URL.Query().Get("expand"), ","), "authorization") {
		me["authorization"] = map[string]any{"permissions": p.Permissions, "roles": []map[string]string{{"id": p.Key, "name": p.Key}}}
	}
	return jsonReply(http.StatusOK, me)
}

func (s *Server) getTokenMe(c *call) reply {
	o := map[string]string{"id": s.org.id, "name": orgName, "selfUri": "/api/v2/organizations/" + s.org.id}
	return jsonReply(http.StatusOK, map[string]any{
		"organization":     o,
		"homeOrganization": o,
		"authorizedScope":  []string{"architect", "users:readonly"},
		"OAuthClient": map[string]any{
			"id":           c.token.client,
			"name":         "gcpace",
			"organization": map[string]string{"id": s.org.id},
		},
	})
}
