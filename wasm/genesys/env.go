package genesys

import (
	"fmt"
	"net/url"
	"strings"
)

// Environments are the Genesys Cloud regions, by domain. The API of a region
// is https://api.<domain>, its login https://login.<domain>, its apps
// https://apps.<domain>. Only these domains are ever turned into an API or
// login address, so a crafted page URL cannot send the token elsewhere.
var Environments = []string{
	"mypurecloud.com",
	"mypurecloud.ie",
	"mypurecloud.com.au",
	"mypurecloud.jp",
	"mypurecloud.de",
	"usw2.pure.cloud",
	"cac1.pure.cloud",
	"apne2.pure.cloud",
	"euw2.pure.cloud",
	"aps1.pure.cloud",
	"use2.us-gov-pure.cloud",
	"sae1.pure.cloud",
	"mec1.pure.cloud",
	"apne3.pure.cloud",
	"euc2.pure.cloud",
	"mxc1.pure.cloud",
	"apse1.pure.cloud",
	"edee1.eusc-pure.cloud",
}

// targetEnvs maps gcTargetEnv values to domains. The names are those of
// genesys-cloud-service-discovery-web, the table the client-app SDK checks
// gcTargetEnv against (its lookupGcEnv). eusc-edee1-core comes from a
// secondary source only (an alpha region then); the rest from the table.
var targetEnvs = map[string]string{
	"prod":              "mypurecloud.com",
	"prod-usw2":         "usw2.pure.cloud",
	"prod-cac1":         "cac1.pure.cloud",
	"prod-sae1":         "sae1.pure.cloud",
	"prod-mxc1":         "mxc1.pure.cloud",
	"prod-euw1":         "mypurecloud.ie",
	"prod-euw2":         "euw2.pure.cloud",
	"prod-euc1":         "mypurecloud.de",
	"prod-euc2":         "euc2.pure.cloud",
	"prod-mec1":         "mec1.pure.cloud",
	"prod-aps1":         "aps1.pure.cloud",
	"prod-apse1":        "apse1.pure.cloud",
	"prod-apse2":        "mypurecloud.com.au",
	"prod-apne1":        "mypurecloud.jp",
	"prod-apne2":        "apne2.pure.cloud",
	"prod-apne3":        "apne3.pure.cloud",
	"fedramp-use2-core": "use2.us-gov-pure.cloud",
	"eusc-edee1-core":   "edee1.eusc-pure.cloud",
}

// hostAliases are other domains some Genesys hosts of a region answer on
// (seen in Genesys CSP templates; unverified as app origins). They only
// ever resolve to the region's canonical domain.
var hostAliases = map[string]string{
	"use1.pure.cloud": "mypurecloud.com",
	"euw1.pure.cloud": "mypurecloud.ie",
	"euc1.pure.cloud": "mypurecloud.de",
}

// ValidEnv reports whether domain is one of Environments.
func ValidEnv(domain string) bool {
	d := strings.ToLower(strings.TrimSpace(domain))
	for _, e := range Environments {
		if e == d {
			return true
		}
	}
	return false
}

// APIBase is the API origin of a region.
func APIBase(env string) string { return "https://api." + env }

// LoginBase is the login origin of a region.
func LoginBase(env string) string { return "https://login." + env }

// EnvFromHostOrigin finds the region of gcHostOrigin
// ("https://apps.mypurecloud.ie" → "mypurecloud.ie"). It also takes a bare
// domain, any host of the region (apps., app., login., api.), with or
// without scheme, port or trailing slash.
func EnvFromHostOrigin(origin string) (string, error) {
	host, ok := hostOf(origin)
	if ok {
		for _, d := range Environments {
			if host == d || strings.HasSuffix(host, "."+d) {
				return d, nil
			}
		}
		for alias, d := range hostAliases {
			if host == alias || strings.HasSuffix(host, "."+alias) {
				return d, nil
			}
		}
	}
	return "", fmt.Errorf("genesys: %q is not the address of a Genesys Cloud region this page knows", clip(origin))
}

// EnvFromTargetEnv finds the region of a gcTargetEnv value ("prod-euw1" →
// "mypurecloud.ie").
func EnvFromTargetEnv(target string) (string, error) {
	if d, ok := targetEnvs[strings.ToLower(strings.TrimSpace(target))]; ok {
		return d, nil
	}
	return "", fmt.Errorf("genesys: %q is not the name of a Genesys Cloud region this page knows", clip(target))
}

// hostOf extracts the lower-case host name from an origin, a URL or a bare
// host.
func hostOf(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
			return "", false
		}
		s = u.Hostname()
	} else {
		s, _, _ = strings.Cut(s, "/")
		if strings.ContainsAny(s, "@?#") {
			return "", false
		}
		s, _, _ = strings.Cut(s, ":")
	}
	s = strings.Trim(strings.ToLower(s), ".")
	return s, s != ""
}

// clip keeps a value quoted in an error short: it may come from the URL.
func clip(s string) string {
	const n = 80
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
