package genesys

import (
	"strings"
	"testing"
)

func TestEnvironmentsTable(t *testing.T) {
	if len(Environments) != 18 {
		t.Fatalf("%d environments, want 18", len(Environments))
	}
	seen := map[string]bool{}
	for _, d := range Environments {
		if seen[d] {
			t.Errorf("%s listed twice", d)
		}
		seen[d] = true
		// No region's domain may end another's: matching by suffix relies on it.
		for _, o := range Environments {
			if o != d && strings.HasSuffix(o, "."+d) {
				t.Errorf("%s ends with %s", o, d)
			}
		}
	}
	for name, d := range targetEnvs {
		if !seen[d] {
			t.Errorf("target env %s maps to unknown domain %s", name, d)
		}
	}
	if len(targetEnvs) != len(Environments) {
		t.Errorf("%d target envs for %d environments", len(targetEnvs), len(Environments))
	}
}

func TestEnvFromHostOriginEveryEnvironment(t *testing.T) {
	forms := []string{
		"https://apps.%s",
		"https://apps.%s/",
		"https://apps.%s:443",
		"https://app.%s",
		"HTTPS://APPS.%s",
		"https://login.%s",
		"https://api.%s/api/v2",
		"http://apps.%s",
		"%s",
		" %s ",
		".%s/",
		"apps.%s",
		"login.%s",
		"api.%s",
		"apps.%s:8443/x",
	}
	for _, d := range Environments {
		for _, f := range forms {
			in := strings.ReplaceAll(f, "%s", d)
			if strings.HasPrefix(f, "HTTPS") {
				in = strings.ToUpper(in)
			}
			got, err := EnvFromHostOrigin(in)
			if err != nil || got != d {
				t.Errorf("EnvFromHostOrigin(%q) = %q, %v; want %q", in, got, err, d)
			}
		}
		if !ValidEnv(d) || !ValidEnv(strings.ToUpper(d)) {
			t.Errorf("ValidEnv(%q) = false", d)
		}
		if got, want := APIBase(d), "https://api."+d; got != want {
			t.Errorf("APIBase(%q) = %q, want %q", d, got, want)
		}
		if got, want := LoginBase(d), "https://login."+d; got != want {
			t.Errorf("LoginBase(%q) = %q, want %q", d, got, want)
		}
		for _, bad := range []string{
			"https://apps." + d + ".evil.com",
			"https://evil" + d,
			"https://" + d + "@evil.com",
			"https://evil.com/?x=apps." + d,
			"https://evil.com#" + d,
			"ftp://apps." + d,
			"evil.com/" + d,
			"user@" + d,
		} {
			if got, err := EnvFromHostOrigin(bad); err == nil {
				t.Errorf("EnvFromHostOrigin(%q) = %q, want an error", bad, got)
			}
		}
	}
}

func TestEnvFromHostOriginOthers(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"https://apps.use1.pure.cloud", "mypurecloud.com"},
		{"https://apps.euw1.pure.cloud", "mypurecloud.ie"},
		{"euc1.pure.cloud", "mypurecloud.de"},
		{"", ""},
		{"   ", ""},
		{"https://", ""},
		{"https://apps.pure.cloud", ""},
		{"https://localhost:8443", ""},
		{"{{gcHostOrigin}}", ""},
		{"javascript:alert(1)", ""},
		{"https://apps.mypurecloud.io", ""},
		{"https://apps.usw3.pure.cloud", ""},
	}
	for _, tt := range tests {
		got, err := EnvFromHostOrigin(tt.in)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("EnvFromHostOrigin(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "genesys: ") {
			t.Errorf("error without package prefix: %v", err)
		}
	}
}

func TestEnvFromTargetEnv(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"prod", "mypurecloud.com"},
		{"prod-euw1", "mypurecloud.ie"},
		{"PROD-EUW1", "mypurecloud.ie"},
		{" prod-apne2 ", "apne2.pure.cloud"},
		{"prod-apne1", "mypurecloud.jp"},
		{"prod-apse2", "mypurecloud.com.au"},
		{"prod-euc1", "mypurecloud.de"},
		{"fedramp-use2-core", "use2.us-gov-pure.cloud"},
		{"prod-noMatch", ""},
		{"prod-use1", ""},
		{"mypurecloud.com", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, err := EnvFromTargetEnv(tt.in)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("EnvFromTargetEnv(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if _, err := EnvFromTargetEnv(strings.Repeat("x", 500)); err == nil || len(err.Error()) > 200 {
		t.Errorf("long value not clipped: %v", err)
	}
}

func TestValidEnvRefuses(t *testing.T) {
	for _, s := range []string{"", "pure.cloud", "apps.mypurecloud.com", "https://mypurecloud.com", "prod"} {
		if ValidEnv(s) {
			t.Errorf("ValidEnv(%q) = true", s)
		}
	}
}
