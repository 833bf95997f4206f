// Package pacertest holds what a run of the pacer against a simulated or real API needs besides the queue.
//
// It is for tests and benchmarks (scripts/bench), never for the page: it
// imports nothing from scripts/, and nothing under wasm/ but tests imports it.
package pacertest

import (
	"net/http"
	"strings"
	"sync"
)

// Browser wraps a RoundTripper the way a browser's fetch treats a
// cross-origin call: it sends Origin, and hides every response header that is
// neither CORS-safelisted nor listed in Access-Control-Expose-Headers. Put it
// around an in-process transport to see what the page would see.
type Browser struct {
	Origin string // "" means https://page.test
	RT     http.RoundTripper
}

var safelisted = []string{"Cache-Control", "Content-Language", "Content-Length", "Content-Type", "Expires", "Last-Modified", "Pragma"}

// RoundTrip sends req with an Origin and filters the answer's headers.
func (b Browser) RoundTrip(req *http.Request) (*http.Response, error) {
	origin := b.Origin
	if origin == "" {
		origin = "https://page.test"
	}
	req = req.Clone(req.Context())
	req.Header.Set("Origin", origin)
	resp, err := b.RT.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	keep := map[string]bool{}
	for _, h := range safelisted {
		keep[h] = true
	}
	for _, h := range strings.Split(resp.Header.Get("Access-Control-Expose-Headers"), ",") {
		keep[http.CanonicalHeaderKey(strings.TrimSpace(h))] = true
	}
	for k := range resp.Header {
		if !keep[http.CanonicalHeaderKey(k)] {
			resp.Header.Del(k)
		}
	}
	return resp, nil
}

// Token is a bearer token that can be swapped while requests read it, as
// after a sign-in. The zero value holds "". Safe for concurrent use.
type Token struct {
	mu  sync.Mutex
	tok string
}

// Get returns the token; it fits genesys.Client.Token.
func (t *Token) Get() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.tok
}

// Set replaces the token.
func (t *Token) Set(tok string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.tok = tok
}
