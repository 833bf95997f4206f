package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/auth"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/kv"
)

// Each kind of error the page shows reads as the sentence its producer
// gave it, however deep it is wrapped, with no "pkg: " left in it.
func TestWords(t *testing.T) {
	clientErr := func(d genesys.Doer) error {
		c := &genesys.Client{Base: "https://api.example.test", HTTP: d}
		_, err := c.Me(context.Background())
		return err
	}
	fetchFailed := doerFunc(func(*http.Request) (*http.Response, error) {
		return nil, errors.New("fetch() failed: TypeError: Failed to fetch")
	})
	gone := doerFunc(func(*http.Request) (*http.Response, error) {
		return nil, errNoAnswer{requestTimeout}
	})
	_, cfgErr := auth.ParseConfig([]byte(`{}`))
	_, regionErr := auth.Resolve(auth.Config{ClientID: "a", Environment: "mypurecloud.com"}, url.Values{"gcHostOrigin": {"https://evil.example"}})
	forbidden := &genesys.Error{Meta: genesys.Meta{Status: 403}, Body: genesys.ErrorBody{Message: "Missing permission routing:callRoute:edit", Status: 403}}
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"storage quota", fmt.Errorf("somewhere: %w", kv.ErrQuota),
			"The browser's storage for this page is full. Clear this site's data in the browser settings and try again."},
		{"Genesys answer", fmt.Errorf("loading: %w", forbidden),
			"Missing permission routing:callRoute:edit (HTTP 403 Forbidden)."},
		{"Genesys unreachable", clientErr(fetchFailed),
			"Genesys Cloud could not be reached (GET /api/v2/users/me: fetch() failed: TypeError: Failed to fetch)."},
		{"a request's deadline", clientErr(gone),
			"Genesys Cloud could not be reached (GET /api/v2/users/me: no answer within 20 seconds)."},
		{"config.json", cfgErr, "This page's config.json cannot be used: clientId is missing."},
		{"region", regionErr, "This page was opened from an address (gcHostOrigin) that is not a Genesys Cloud region this page knows, so it cannot sign in. Open it from Genesys Cloud again."},
		{"config.json late", configLate(), "config.json did not arrive within 20 seconds."},
		{"no sentence", errors.New("app: something odd"), "Something unexpected went wrong (app: something odd)."},
	} {
		got := words(tc.err)
		if got != tc.want {
			t.Errorf("%s: words = %q, want %q", tc.name, got, tc.want)
		}
		for _, p := range []string{"journal: ", "genesys: ", "auth: ", "kv: ", "app: "} {
			if tc.name != "no sentence" && strings.Contains(got, p) {
				t.Errorf("%s: %q shows the package prefix %q", tc.name, got, p)
			}
		}
	}
}

// A whole wait that ran out says so plainly, whatever the request said.
func TestTimeoutWords(t *testing.T) {
	for _, err := range []error{errNoAnswer{time.Second}, fmt.Errorf("x: %w", context.DeadlineExceeded)} {
		if got := timeoutWords(err, checkTimeout); got != "it did not answer within 60 seconds. Check the network and reload the page." {
			t.Errorf("timeoutWords(%v) = %q", err, got)
		}
	}
	if got := timeoutWords(errors.New("x"), checkTimeout); got != "Something unexpected went wrong (x)." {
		t.Errorf("timeoutWords(other) = %q", got)
	}
}
