package sim

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCORS(t *testing.T) {
	for _, expose := range []bool{false, true} {
		s := New(Options{ExposeHeaders: expose})
		srv := httptest.NewServer(s.Handler())
		tok := s.IssueToken()
		ivr := s.IVRs()[0]
		const origin = "http://127.0.0.1:8080"

		send := func(method, path string, hdr map[string]string) *http.Response {
			t.Helper()
			req, _ := http.NewRequest(method, srv.URL+path, nil)
			for k, v := range hdr {
				req.Header.Set(k, v)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp
		}

		tests := []struct {
			name   string
			method string
			path   string
			hdr    map[string]string
			status int
			want   map[string]string // "" means absent
		}{
			{"preflight of a PUT", http.MethodOptions, ivrsPath + "/" + ivr.ID,
				map[string]string{"Origin": origin, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "authorization,content-type"},
				204, map[string]string{
					"Access-Control-Allow-Origin":   origin,
					"Access-Control-Allow-Methods":  corsMethods,
					"Access-Control-Allow-Headers":  "Authorization, Content-Type",
					"Access-Control-Max-Age":        "0",
					"Access-Control-Expose-Headers": "",
				}},
			{"preflight of the token exchange", http.MethodOptions, "/oauth/token",
				map[string]string{"Origin": origin, "Access-Control-Request-Method": "POST"},
				204, map[string]string{"Access-Control-Allow-Origin": origin}},
			{"API answer", http.MethodGet, ivrsPath, map[string]string{"Origin": origin, "Authorization": "Bearer " + tok},
				200, map[string]string{
					"Access-Control-Allow-Origin":   origin,
					"Access-Control-Expose-Headers": map[bool]string{false: "", true: corsExposed}[expose],
					"Vary":                          "Origin",
				}},
			{"401 readable too", http.MethodGet, ivrsPath, map[string]string{"Origin": origin},
				401, map[string]string{"Access-Control-Allow-Origin": origin}},
			{"no origin, no CORS", http.MethodGet, ivrsPath, map[string]string{"Authorization": "Bearer " + tok},
				200, map[string]string{"Access-Control-Allow-Origin": ""}},
			{"control prefix", http.MethodGet, "/_sim/counters", map[string]string{"Origin": origin},
				200, map[string]string{"Access-Control-Allow-Origin": "*"}},
		}
		for _, tt := range tests {
			resp := send(tt.method, tt.path, tt.hdr)
			if resp.StatusCode != tt.status {
				t.Errorf("expose=%v %s: status %d", expose, tt.name, resp.StatusCode)
			}
			if resp.Header.Get("ININ-Correlation-Id") == "" {
				t.Errorf("expose=%v %s: no ININ-Correlation-Id", expose, tt.name)
			}
			for k, v := range tt.want {
				if got := resp.Header.Get(k); got != v {
					t.Errorf("expose=%v %s: %s = %q, want %q", expose, tt.name, k, got, v)
				}
			}
		}
		if expose {
			for _, h := range []string{"Retry-After", "inin-ratelimit-count", "inin-ratelimit-allowed", "inin-ratelimit-reset", "ININ-Correlation-Id"} {
				if !strings.Contains(corsExposed, h) {
					t.Errorf("%s not exposed", h)
				}
			}
		}
		srv.Close()
	}
}
