// Package genesys is a typed client for the Genesys Cloud API calls gcpace makes.
package genesys

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gcpace/gcpace/wasm/say"
)

// Doer sends one HTTP request. *http.Client satisfies it natively, and
// tinyutil's httputil.Client (fetch) in the browser.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// maxBody caps how much of an answer is read: an IVR page of 100 entries is
// well under a megabyte, so anything near this is not a Genesys answer.
const maxBody = 32 << 20

// Client calls the Genesys Cloud API as the signed-in person.
//
// It sends no header but Authorization and, with a body, Content-Type: a
// cross-origin API may refuse any other in its CORS preflight. It never
// retries; pacing and retries belong to the caller, which gets a *Error with
// the rate-limit Meta for every answer that is not 2xx.
//
// A Client is safe for concurrent use if its Doer and Token are.
type Client struct {
	// Base is the API origin, e.g. https://api.mypurecloud.com.
	Base string
	// HTTP sends requests; it must be set (fetch() in the browser).
	HTTP Doer
	// Token returns the current access token. It is read per request so a
	// renewed sign-in takes effect without a new Client. Empty sends no
	// Authorization header (the API then answers 401).
	Token func() string

	// Now, if set, replaces time.Now when turning an HTTP-date Retry-After
	// into a wait.
	Now func() time.Time
	// Observe, if set, is told the Meta of every answer (2xx or not), so
	// the pacer can learn budgets from calls it did not make itself.
	// It is called synchronously and must not block.
	Observe func(method, path string, m Meta)
}

// Me returns the signed-in person with their permissions: the one sign-in
// check tells the page who it is and which kinds of edit to offer.
func (c *Client) Me(ctx context.Context) (User, error) {
	u, p, err := c.MeWithPermissions(ctx)
	if p != nil {
		u.Permissions = &p
	}
	return u, err
}

// do sends one request and decodes a 2xx answer into out (when out is not
// nil). path must already be escaped.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, in, out any) (Meta, error) {
	target := strings.TrimRight(c.Base, "/") + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return Meta{}, fmt.Errorf("genesys: %s %s: encoding the request: %w", method, path, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return Meta{}, fmt.Errorf("genesys: %s %s: %w", method, path, err)
	}
	if c.Token != nil {
		if tok := c.Token(); tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	if c.HTTP == nil {
		// No fallback to http.DefaultClient on purpose: referencing it links
		// net/http's whole transport (TLS, x509) into the wasm, doubling it.
		return Meta{}, fmt.Errorf("genesys: %s %s: Client.HTTP is nil", method, path)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return Meta{}, say.Wrap(fmt.Errorf("genesys: %s %s: %w", method, path, err),
			fmt.Sprintf("Genesys Cloud could not be reached (%s %s: %v).", method, path, err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return Meta{Status: resp.StatusCode}, say.Wrap(fmt.Errorf("genesys: %s %s: %w: %w", method, path, ErrAnswerBroke, err),
			fmt.Sprintf("Genesys Cloud's answer to %s %s broke off (%v).", method, path, err))
	}

	now := time.Now()
	if c.Now != nil {
		now = c.Now()
	}
	var eb *ErrorBody
	if !success(resp.StatusCode) {
		b := decodeErrorBody(raw, resp.StatusCode)
		eb = &b
	}
	meta := parseMeta(resp.Header, resp.StatusCode, eb, now)
	if c.Observe != nil {
		c.Observe(method, path, meta)
	}
	if eb != nil {
		return meta, &Error{Meta: meta, Body: *eb}
	}
	if out != nil && len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			return meta, say.Wrap(fmt.Errorf("genesys: %s %s: the answer is not the JSON expected: %w", method, path, err),
				fmt.Sprintf("Genesys Cloud's answer to %s %s is not the JSON gcpace expects (%v).", method, path, err))
		}
	}
	return meta, nil
}

func success(status int) bool { return status >= 200 && status < 300 }
