// Package auth signs the person in to Genesys Cloud (implicit grant or PKCE) and keeps the token in a kv.Store.
package auth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"net/url"
	"strings"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// Grants the page can sign in with.
const (
	GrantImplicit = "implicit"
	GrantPKCE     = "pkce"
)

// Config is the page's config.json (CONTRACT.md §1).
type Config struct {
	ClientID      string  `json:"clientId"`
	Grant         string  `json:"grant"`
	Environment   string  `json:"environment"`
	APIBase       string  `json:"apiBase"`
	LoginBase     string  `json:"loginBase"`
	WindowSeconds float64 `json:"windowSeconds"`
}

const (
	defaultEnvironment   = "mypurecloud.com"
	defaultWindowSeconds = 60
	maxWindowSeconds     = 3600
)

// ParseConfig reads config.json, fills the defaults and checks every value.
// Errors are written for the person who hosts the page
// ("config.json: clientId is missing"). Keys it does not know are ignored,
// so other parts of the page may add theirs.
func ParseConfig(data []byte) (Config, error) {
	var c Config
	if len(bytes.TrimSpace(data)) == 0 {
		return c, configErrorf("the file is empty")
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, configErrorf("%s", jsonProblem(data, err))
	}
	c.ClientID = strings.TrimSpace(c.ClientID)
	if c.ClientID == "" {
		return c, configErrorf("clientId is missing")
	}

	c.Grant = strings.ToLower(strings.TrimSpace(c.Grant))
	switch c.Grant {
	case "":
		c.Grant = GrantImplicit
	case GrantImplicit, GrantPKCE:
	default:
		return c, configErrorf("grant must be %q or %q, not %q", GrantImplicit, GrantPKCE, c.Grant)
	}

	var err error
	if c.APIBase, err = parseBase("apiBase", c.APIBase); err != nil {
		return c, err
	}
	if c.LoginBase, err = parseBase("loginBase", c.LoginBase); err != nil {
		return c, err
	}

	env := strings.TrimSpace(c.Environment)
	if env == "" {
		env = defaultEnvironment
	}
	if d, ok := envFromAny(env); ok {
		env = d
	} else if c.APIBase == "" || c.LoginBase == "" {
		// With both bases given the environment picks nothing, so a name
		// this page does not know (a simulator's) is no error then.
		return c, configErrorf("environment %q is not a Genesys Cloud region this page knows (for example mypurecloud.com, mypurecloud.ie, usw2.pure.cloud)", env)
	}
	c.Environment = env

	switch w := c.WindowSeconds; {
	case w == 0:
		c.WindowSeconds = defaultWindowSeconds
	case w < 0 || math.IsNaN(w) || w > maxWindowSeconds:
		return c, configErrorf("windowSeconds must be more than 0 and at most %d, not %v", maxWindowSeconds, w)
	}
	return c, nil
}

// envFromAny reads a region from a domain, an apps/login/api address or a
// gcTargetEnv name, as a person might write any of them in config.json.
func envFromAny(s string) (string, bool) {
	if d, err := genesys.EnvFromHostOrigin(s); err == nil {
		return d, true
	}
	if d, err := genesys.EnvFromTargetEnv(s); err == nil {
		return d, true
	}
	return "", false
}

// parseBase checks an apiBase/loginBase override and returns it without a
// trailing slash, so paths can be appended to it.
func parseBase(key, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	u, err := url.Parse(v)
	switch {
	case err != nil:
		return "", configErrorf("%s %q is not a URL", key, v)
	case u.Scheme != "http" && u.Scheme != "https":
		return "", configErrorf("%s %q must start with https:// (or http:// for a local simulator)", key, v)
	case u.Host == "":
		return "", configErrorf("%s %q has no host name", key, v)
	case u.Scheme == "http" && !loopback(u.Hostname()):
		// Plain http anywhere but this machine would carry the token in the
		// clear past every network in between.
		return "", configErrorf("%s %q must start with https:// (http:// is allowed only for this machine: localhost, 127.0.0.1 or [::1])", key, v)
	case u.User != nil:
		return "", configErrorf("%s %q must not contain a user name or password", key, v)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "", configErrorf("%s %q must not have a query or fragment", key, v)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// loopback reports whether host names this machine: localhost (and its
// subdomains, which browsers resolve to loopback), 127.0.0.0/8 or ::1.
func loopback(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(h)
	return err == nil && ip.Unmap().IsLoopback()
}

// jsonProblem words a JSON decoding error with the line it happened on.
func jsonProblem(data []byte, err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		line := 1 + bytes.Count(data[:min(int(syntax.Offset), len(data))], []byte("\n"))
		return fmt.Sprintf("line %d: the file is not valid JSON (%v)", line, syntax)
	case errors.As(err, &typ) && typ.Field != "":
		want := typ.Type.Kind().String()
		if want == "float64" {
			want = "number"
		}
		return fmt.Sprintf("%s must be a %s, not a JSON %s", typ.Field, want, typ.Value)
	case errors.As(err, &typ):
		return "the file must hold one JSON object"
	default:
		return "the file is not valid JSON"
	}
}
