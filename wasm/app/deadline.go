package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gcpace/gcpace/wasm/auth"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/say"
)

// The page's own requests have deadlines: on a connection that hangs
// (no answer, never an error) the page would otherwise stay on "Starting"
// for good, the sign-in code in hand.
const (
	configTimeout   = 20 * time.Second // config.json
	exchangeTimeout = 20 * time.Second // the PKCE token exchange
	requestTimeout  = 20 * time.Second // one API request of the page (each retry gets its own)
	checkTimeout    = 60 * time.Second // who am I, retries included
)

// errNoAnswer is a request that ran out of time.
type errNoAnswer struct{ limit time.Duration }

func (e errNoAnswer) Error() string { return "no answer within " + seconds(e.limit) }

// Unwrap lets errors.Is(err, context.DeadlineExceeded) still see it.
func (e errNoAnswer) Unwrap() error { return context.DeadlineExceeded }

func seconds(d time.Duration) string {
	n := int(d.Round(time.Second) / time.Second)
	if n == 1 {
		return "1 second"
	}
	return strconv.Itoa(n) + " seconds"
}

// timeoutWords words an error, saying plainly when the whole wait ran out.
func timeoutWords(err error, limit time.Duration) string {
	var na errNoAnswer
	if errors.As(err, &na) || errors.Is(err, context.DeadlineExceeded) {
		return "it did not answer within " + seconds(limit) + ". Check the network and reload the page."
	}
	return words(err)
}

// deadline gives every request through it at most limit, reading the
// answer's body included.
type deadline struct {
	doer  genesys.Doer
	limit time.Duration
}

func (d deadline) Do(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(req.Context(), d.limit)
	resp, err := d.doer.Do(req.WithContext(ctx))
	if err != nil {
		timedOut := ctx.Err() == context.DeadlineExceeded && req.Context().Err() == nil
		cancel()
		if timedOut {
			return nil, errNoAnswer{d.limit}
		}
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// LoadConfig fetches config.json next to the page, giving up after
// configTimeout. Its errors are words for the person who hosts the page.
func LoadConfig(ctx context.Context, doer genesys.Doer, page *url.URL) ([]byte, error) {
	u := *page
	u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
	cfg := u.ResolveReference(&url.URL{Path: "config.json"})
	ctx, cancel := context.WithTimeout(ctx, configTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := doer.Do(req)
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return nil, configLate()
		}
		return nil, say.Wrap(fmt.Errorf("config.json could not be fetched: %w", err),
			"config.json could not be fetched ("+err.Error()+").")
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, say.New("config.json could not be fetched: the server answered " + resp.Status + ".")
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	switch {
	case err != nil && ctx.Err() == context.DeadlineExceeded:
		return nil, configLate()
	case err != nil:
		return nil, say.Wrap(fmt.Errorf("config.json could not be read: %w", err),
			"config.json broke off while it arrived ("+err.Error()+").")
	}
	return b, nil
}

func configLate() error {
	return say.New("config.json did not arrive within " + seconds(configTimeout) + ".")
}

// implicitWarning is shown for as long as config.json asks for the implicit
// grant: its token travels in the URL, and browsers may keep that URL.
const implicitWarning = "This page is set up for the implicit grant: the token arrives in the address, and the browser may keep that address in its history or session restore. Whoever hosts gcpace should set \"grant\": \"pkce\" in config.json."

// embeddedQuery keeps the client-app parameters only when gcHostOrigin (or
// the legacy pcEnvironment) names a Genesys Cloud region this page knows:
// the bridge then talks to that origin only. nil otherwise.
func embeddedQuery(q url.Values) url.Values {
	if v := q.Get("gcHostOrigin"); v != "" {
		if _, err := genesys.EnvFromHostOrigin(v); err != nil {
			return nil
		}
		if t := q.Get("gcTargetEnv"); t != "" {
			if _, err := genesys.EnvFromTargetEnv(t); err != nil {
				return nil
			}
		}
		return q
	}
	if v := q.Get("pcEnvironment"); v != "" {
		if _, err := genesys.EnvFromHostOrigin(v); err == nil {
			return q
		}
	}
	return nil
}

// loadOrg shows the org's name and region in the header; without an answer
// the header just shows none.
func (a *App) loadOrg() {
	ctx, cancel := context.WithTimeout(a.ctx, checkTimeout)
	defer cancel()
	o, err := a.client.Org(ctx)
	if err != nil || strings.TrimSpace(o.Name) == "" {
		return
	}
	label := strings.TrimSpace(o.Name) + " (" + regionLabel(a.settings) + ")"
	a.update(func(v *View) {
		if v.User != "" {
			v.Org = label
		}
	})
}

// regionLabel names the region the page talks to: its domain, or the API
// host when config.json points elsewhere (a proxy, a simulator).
func regionLabel(s auth.Settings) string {
	if s.APIBase == genesys.APIBase(s.Env) {
		return s.Env
	}
	if u, err := url.Parse(s.APIBase); err == nil && u.Host != "" {
		return u.Host
	}
	return s.Env
}
