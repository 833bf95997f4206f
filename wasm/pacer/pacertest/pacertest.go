// Package pacertest holds what a run of the pacer against a simulated or real API needs besides the queue.
//
// It is for tests and benchmarks (scripts/bench), never for the page: it
// imports nothing from scripts/, and nothing under wasm/ but tests imports it.
package pacertest

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// AddNumbers is a pacer.Work that adds one number to each IVR: the job's
// Key is the IVR id, Numbers says which number. Reading an IVR that already
// holds it is ErrNothingToDo, so a write that landed is never sent again.
// Safe for concurrent use once Numbers is filled.
type AddNumbers struct {
	Client  *genesys.Client
	Numbers map[string]string // IVR id → the number to add
}

// Read GETs the IVR.
func (w *AddNumbers) Read(ctx context.Context, j pacer.Job) (any, genesys.Meta, error) {
	v, m, err := w.Client.GetIVR(ctx, j.Key)
	if err == nil && slices.Contains(v.DNIS, w.Numbers[j.Key]) {
		return nil, m, pacer.ErrNothingToDo
	}
	return v, m, err
}

// Write PUTs what was read with the number added.
func (w *AddNumbers) Write(ctx context.Context, j pacer.Job, read any) (genesys.Meta, error) {
	v := read.(genesys.IVR)
	v.DNIS = append(slices.Clone(v.DNIS), w.Numbers[j.Key])
	_, m, err := w.Client.PutIVR(ctx, v)
	return m, err
}

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
