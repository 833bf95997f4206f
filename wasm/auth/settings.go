package auth

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// Settings is Config resolved against the page's URL: which region, and the
// API and login origins to use.
type Settings struct {
	Config
	Env       string // region domain, e.g. mypurecloud.ie
	APIBase   string // API origin, no trailing slash
	LoginBase string // login origin, no trailing slash

	// PageQuery holds only the client-app parameters Genesys fills in
	// (pageParams); nothing else of the URL is kept.
	PageQuery url.Values
}

// pageParams are the query parameters Genesys Cloud fills into a client-app
// URL (CONTRACT.md §1).
var pageParams = []string{"gcHostOrigin", "gcTargetEnv", "gcLangTag", "pcEnvironment", "pcLangTag"}

// Resolve picks the region: the page URL's gcHostOrigin, else gcTargetEnv,
// else pcEnvironment, else config.json's environment. An explicit apiBase or
// loginBase always wins for its origin. A region the URL names that this
// page does not know is an error in words, unless both origins are explicit
// and the region therefore chooses nothing.
func Resolve(cfg Config, pageQuery url.Values) (Settings, error) {
	s := Settings{Config: cfg, PageQuery: url.Values{}}
	for _, k := range pageParams {
		if v := param(pageQuery, k); v != "" {
			s.PageQuery.Set(k, v)
		}
	}

	env, err := envFromPage(s.PageQuery)
	bothExplicit := cfg.APIBase != "" && cfg.LoginBase != ""
	switch {
	case err != nil && !bothExplicit:
		return s, err
	case env == "":
		env = cfg.Environment
	}
	if env == "" {
		env = defaultEnvironment
	}
	if !genesys.ValidEnv(env) && !bothExplicit {
		return s, sentencef("The Genesys Cloud region %q is not one this page knows, so it cannot sign in.", env)
	}
	s.Env = env

	s.APIBase, s.LoginBase = cfg.APIBase, cfg.LoginBase
	if s.APIBase == "" {
		s.APIBase = genesys.APIBase(env)
	}
	if s.LoginBase == "" {
		s.LoginBase = genesys.LoginBase(env)
	}
	return s, nil
}

// envFromPage reads the region the page URL names, "" when it names none.
// gcHostOrigin is what the client-app SDK trusts first; gcTargetEnv alone is
// a hint used only without it, and when both are there they must agree
// (CONTRACT.md §1).
//
// The errors never quote the value: it comes from a URL anyone can craft,
// and words of theirs in the page could pass for the page's own.
func envFromPage(q url.Values) (string, error) {
	if v := q.Get("gcHostOrigin"); v != "" {
		d, err := genesys.EnvFromHostOrigin(v)
		if err != nil {
			return "", sentence("This page was opened from an address (gcHostOrigin) that is not a Genesys Cloud region this page knows, so it cannot sign in. Open it from Genesys Cloud again.")
		}
		// Two names for the region that disagree mean a hand-made or
		// tampered URL: guessing which one is right could send the person's
		// sign-in to the wrong region, so neither is trusted.
		if t := q.Get("gcTargetEnv"); t != "" {
			if td, err := genesys.EnvFromTargetEnv(t); err != nil || td != d {
				return "", sentence("This page was opened with two different Genesys Cloud regions in its address (gcHostOrigin and gcTargetEnv), so it cannot tell which one to sign in to. Open it from Genesys Cloud again.")
			}
		}
		return d, nil
	}
	if v := q.Get("gcTargetEnv"); v != "" {
		d, err := genesys.EnvFromTargetEnv(v)
		if err != nil {
			return "", sentence("This page was opened for a Genesys Cloud region (gcTargetEnv) that this page does not know, so it cannot sign in. Open it from Genesys Cloud again.")
		}
		return d, nil
	}
	if v := q.Get("pcEnvironment"); v != "" {
		d, err := genesys.EnvFromHostOrigin(v)
		if err != nil {
			return "", sentence("This page was opened for a Genesys Cloud region (pcEnvironment) that this page does not know, so it cannot sign in. Open it from Genesys Cloud again.")
		}
		return d, nil
	}
	return "", nil
}

// param returns a query value, treating a template Genesys did not fill in
// ("{{gcHostOrigin}}", as when the page is opened by hand) as absent.
func param(q url.Values, k string) string {
	v := strings.TrimSpace(q.Get(k))
	if strings.HasPrefix(v, "{{") && strings.HasSuffix(v, "}}") {
		return ""
	}
	return v
}

// sentence is an error whose text is a whole sentence for the person at the
// page (capitalised, with a full stop), unlike Go-facing errors.
type sentence string

func (s sentence) Error() string { return string(s) }

func sentencef(format string, args ...any) error { return sentence(fmt.Sprintf(format, args...)) }
