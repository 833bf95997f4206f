package auth

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// targetEnvOf is the gcTargetEnv Genesys fills in for each region.
var targetEnvOf = map[string]string{
	"mypurecloud.com":        "prod",
	"mypurecloud.ie":         "prod-euw1",
	"mypurecloud.com.au":     "prod-apse2",
	"mypurecloud.jp":         "prod-apne1",
	"mypurecloud.de":         "prod-euc1",
	"usw2.pure.cloud":        "prod-usw2",
	"cac1.pure.cloud":        "prod-cac1",
	"apne2.pure.cloud":       "prod-apne2",
	"euw2.pure.cloud":        "prod-euw2",
	"aps1.pure.cloud":        "prod-aps1",
	"use2.us-gov-pure.cloud": "fedramp-use2-core",
	"sae1.pure.cloud":        "prod-sae1",
	"mec1.pure.cloud":        "prod-mec1",
	"apne3.pure.cloud":       "prod-apne3",
	"euc2.pure.cloud":        "prod-euc2",
	"mxc1.pure.cloud":        "prod-mxc1",
	"apse1.pure.cloud":       "prod-apse1",
	"edee1.eusc-pure.cloud":  "eusc-edee1-core",
}

var defaultConfig = Config{ClientID: "abc", Grant: "implicit", Environment: "mypurecloud.com", WindowSeconds: 60}

func TestResolveEveryEnvironment(t *testing.T) {
	if len(targetEnvOf) != len(genesys.Environments) {
		t.Fatalf("test table has %d regions, genesys %d", len(targetEnvOf), len(genesys.Environments))
	}
	for _, d := range genesys.Environments {
		queries := map[string]url.Values{
			"gcHostOrigin":            {"gcHostOrigin": {"https://apps." + d}},
			"gcHostOrigin, slash":     {"gcHostOrigin": {"https://apps." + d + "/"}},
			"gcHostOrigin and target": {"gcHostOrigin": {"https://apps." + d}, "gcTargetEnv": {targetEnvOf[d]}, "gcLangTag": {"en-us"}},
			"gcTargetEnv alone":       {"gcTargetEnv": {targetEnvOf[d]}},
			"pcEnvironment":           {"pcEnvironment": {d}, "pcLangTag": {"en-us"}},
		}
		for name, q := range queries {
			s, err := Resolve(defaultConfig, q)
			if err != nil {
				t.Errorf("%s, %s: %v", d, name, err)
				continue
			}
			if s.Env != d || s.APIBase != "https://api."+d || s.LoginBase != "https://login."+d {
				t.Errorf("%s, %s: got %s %s %s", d, name, s.Env, s.APIBase, s.LoginBase)
			}
		}
		// config.json alone.
		cfg := defaultConfig
		cfg.Environment = d
		if s, err := Resolve(cfg, nil); err != nil || s.Env != d || s.APIBase != "https://api."+d {
			t.Errorf("%s from config: %+v, %v", d, s, err)
		}
	}
}

func TestResolvePrecedence(t *testing.T) {
	sim := defaultConfig
	sim.APIBase, sim.LoginBase = "http://127.0.0.1:8081", "http://127.0.0.1:8082"
	apiOnly := defaultConfig
	apiOnly.APIBase = "https://proxy.example/api"
	tests := []struct {
		name                   string
		cfg                    Config
		q                      url.Values
		env, api, login, erred string
	}{
		{"nothing in URL: config", defaultConfig, nil, "mypurecloud.com", "https://api.mypurecloud.com", "https://login.mypurecloud.com", ""},
		{"host origin and target env disagree", defaultConfig, url.Values{"gcHostOrigin": {"https://apps.mypurecloud.ie"}, "gcTargetEnv": {"prod-apne2"}}, "", "", "", "two different Genesys Cloud regions"},
		{"host origin with an unknown target env", defaultConfig, url.Values{"gcHostOrigin": {"https://apps.mypurecloud.ie"}, "gcTargetEnv": {"prod-mars1"}}, "", "", "", "two different Genesys Cloud regions"},
		{"host origin and target env agree", defaultConfig, url.Values{"gcHostOrigin": {"https://apps.mypurecloud.ie"}, "gcTargetEnv": {"prod-euw1"}}, "mypurecloud.ie", "https://api.mypurecloud.ie", "https://login.mypurecloud.ie", ""},
		{"target env beats pcEnvironment", defaultConfig, url.Values{"gcTargetEnv": {"prod-apne2"}, "pcEnvironment": {"mypurecloud.de"}}, "apne2.pure.cloud", "https://api.apne2.pure.cloud", "https://login.apne2.pure.cloud", ""},
		{"pcEnvironment beats config", defaultConfig, url.Values{"pcEnvironment": {"mypurecloud.de"}}, "mypurecloud.de", "https://api.mypurecloud.de", "https://login.mypurecloud.de", ""},
		{"unfilled templates are absent", defaultConfig, url.Values{"gcHostOrigin": {"{{gcHostOrigin}}"}, "gcTargetEnv": {"{{gcTargetEnv}}"}}, "mypurecloud.com", "https://api.mypurecloud.com", "https://login.mypurecloud.com", ""},
		{"apiBase override keeps login from URL", apiOnly, url.Values{"gcHostOrigin": {"https://apps.mypurecloud.ie"}}, "mypurecloud.ie", "https://proxy.example/api", "https://login.mypurecloud.ie", ""},
		{"both bases win over URL", sim, url.Values{"gcHostOrigin": {"https://apps.mypurecloud.ie"}}, "mypurecloud.ie", "http://127.0.0.1:8081", "http://127.0.0.1:8082", ""},
		{"both bases: unknown host origin is no error", sim, url.Values{"gcHostOrigin": {"http://localhost:3000"}}, "mypurecloud.com", "http://127.0.0.1:8081", "http://127.0.0.1:8082", ""},
		{"unknown host origin", defaultConfig, url.Values{"gcHostOrigin": {"https://apps.evil.example"}}, "", "", "", `This page was opened from an address (gcHostOrigin) that is not a Genesys Cloud region this page knows`},
		{"unknown host origin even with a good target", defaultConfig, url.Values{"gcHostOrigin": {"https://evil.example"}, "gcTargetEnv": {"prod"}}, "", "", "", "not a Genesys Cloud region"},
		{"unknown host origin, one base", apiOnly, url.Values{"gcHostOrigin": {"https://evil.example"}}, "", "", "", "not a Genesys Cloud region"},
		{"unknown target env", defaultConfig, url.Values{"gcTargetEnv": {"prod-mars1"}}, "", "", "", `opened for a Genesys Cloud region (gcTargetEnv) that this page does not know`},
		{"unknown pcEnvironment", defaultConfig, url.Values{"pcEnvironment": {"example.com"}}, "", "", "", `(pcEnvironment) that this page does not know`},
		{"unknown config environment", Config{ClientID: "a", Environment: "nowhere"}, nil, "", "", "", `region "nowhere" is not one this page knows`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Resolve(tt.cfg, tt.q)
			if tt.erred != "" {
				if err == nil || !strings.Contains(err.Error(), tt.erred) {
					t.Fatalf("err = %v, want one containing %q", err, tt.erred)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Env != tt.env || s.APIBase != tt.api || s.LoginBase != tt.login {
				t.Errorf("got %s %s %s; want %s %s %s", s.Env, s.APIBase, s.LoginBase, tt.env, tt.api, tt.login)
			}
			if s.Config != tt.cfg {
				t.Errorf("Config changed: %+v", s.Config)
			}
		})
	}
}

func TestResolveKeepsOnlyPageParams(t *testing.T) {
	q := url.Values{
		"gcHostOrigin":  {"https://apps.mypurecloud.ie"},
		"gcTargetEnv":   {"prod-euw1"},
		"gcLangTag":     {"en-us"},
		"pcEnvironment": {"mypurecloud.ie"},
		"pcLangTag":     {"en-us"},
		"access_token":  {"leaked"},
		"foo":           {"bar"},
	}
	s, err := Resolve(defaultConfig, q)
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{
		"gcHostOrigin":  {"https://apps.mypurecloud.ie"},
		"gcTargetEnv":   {"prod-euw1"},
		"gcLangTag":     {"en-us"},
		"pcEnvironment": {"mypurecloud.ie"},
		"pcLangTag":     {"en-us"},
	}
	if !reflect.DeepEqual(s.PageQuery, want) {
		t.Errorf("PageQuery = %v, want %v", s.PageQuery, want)
	}
}

// TestResolveErrorEchoesNoURLText: the region error never quotes what the URL
// carried, so a crafted link cannot put its own words in the page.
func TestResolveErrorEchoesNoURLText(t *testing.T) {
	const words = "Your session expired call 555 0100"
	for _, k := range []string{"gcHostOrigin", "gcTargetEnv", "pcEnvironment"} {
		_, err := Resolve(defaultConfig, url.Values{k: {"https://x.example/" + words}})
		if err == nil {
			t.Fatalf("%s: no error", k)
		}
		for _, part := range []string{"555", "session expired", "x.example"} {
			if strings.Contains(err.Error(), part) {
				t.Errorf("%s: error %q echoes %q from the URL", k, err, part)
			}
		}
	}
}
