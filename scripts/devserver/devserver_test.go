package devserver

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
)

func TestStart(t *testing.T) {
	d, err := Start(Options{
		WebDir: webDir(t),
		Sim:    sim.Options{Seed: 1, IVRs: 5, Window: 10 * time.Second},
		Grant:  "pkce",
		Config: map[string]any{"environment": "mypurecloud.ie"},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	page, _ := url.Parse(d.PageURL)
	api, _ := url.Parse(d.APIURL)
	if page.Hostname() != "127.0.0.1" || api.Hostname() != "127.0.0.1" || page.Port() == api.Port() {
		t.Fatalf("PageURL %s and APIURL %s: want two loopback origins", d.PageURL, d.APIURL)
	}
	if page.Path != "/" || api.Path != "" {
		t.Errorf("PageURL %s should end in /, APIURL %s should not", d.PageURL, d.APIURL)
	}

	var cfg map[string]any
	res := get(t, d.PageURL+"config.json")
	if err := json.NewDecoder(res.Body).Decode(&cfg); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"clientId": "gcpace-local", "grant": "pkce", "apiBase": d.APIURL, "loginBase": d.APIURL,
		"windowSeconds": 10.0, "environment": "mypurecloud.ie",
	}
	for k, v := range want {
		if cfg[k] != v {
			t.Errorf("config.json %s = %v, want %v", k, cfg[k], v)
		}
	}
	if len(cfg) != len(want) {
		t.Errorf("config.json = %v, want %v", cfg, want)
	}

	if res := get(t, d.PageURL); res.StatusCode != 200 || res.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("GET %s: %s, CSP %q", d.PageURL, res.Status, res.Header.Get("Content-Security-Policy"))
	}
	// The simulator answers on the API origin, and refuses a call without a token.
	if res := get(t, d.APIURL+"/api/v2/users/me"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /api/v2/users/me without a token: %s, want 401", res.Status)
	}
}

func TestStartRefuses(t *testing.T) {
	for _, o := range []Options{
		{},
		{WebDir: t.TempDir(), Grant: "password"},
		{WebDir: "/nonexistent/gcpace"},
	} {
		if d, err := Start(o); err == nil {
			d.Close()
			t.Errorf("Start(%+v): no error", o)
		}
	}
}

func TestConfigWindow(t *testing.T) {
	for _, tt := range []struct {
		o    Options
		want float64
	}{
		{Options{}, 60},
		{Options{Sim: sim.Options{Window: 6 * time.Second}}, 6},
		{Options{Sim: sim.Options{Window: 6 * time.Second}, WindowSeconds: 2.5}, 2.5},
	} {
		b, err := configJSON(tt.o, "c", "http://127.0.0.1:1")
		if err != nil {
			t.Fatal(err)
		}
		var cfg struct {
			WindowSeconds float64 `json:"windowSeconds"`
			Grant         string  `json:"grant"`
		}
		if err := json.Unmarshal(b, &cfg); err != nil {
			t.Fatal(err)
		}
		if cfg.WindowSeconds != tt.want || cfg.Grant != "implicit" {
			t.Errorf("%+v: windowSeconds %v grant %q, want %v implicit", tt.o, cfg.WindowSeconds, cfg.Grant, tt.want)
		}
	}
}

func get(t *testing.T, u string) *http.Response {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { io.Copy(io.Discard, res.Body); res.Body.Close() })
	return res
}
