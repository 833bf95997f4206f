package devserver

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// webDir lays out a small built page: each file's content names the file, so
// a response shows which sibling was served.
func webDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	files := map[string]time.Time{
		"index.html": old, "index.html.br": old, "index.html.gz": old,
		"gcpace.wasm": old, "gcpace.wasm.br": old, "gcpace.wasm.gz": old,
		"app.css": old, "app.css.gz": old.Add(-time.Minute), // stale sibling
		"config.json": old, "package.json": old, ".secret": old,
		"node_modules/x/index.js": old, "vendor/spark/spark.esm.js": old,
	}
	for name, mtime := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestPage(t *testing.T) {
	const api = "http://127.0.0.1:8081"
	p, err := newPage(webDir(t), []byte(`{"generated":true}`), api, []string{"https://apps.mypurecloud.com"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, path, acceptEncoding string

		status                int
		body, ctype, encoding string
		csp                   bool
	}{
		{"GET", "/", "", 200, "index.html", "text/html; charset=utf-8", "", true},
		{"GET", "/", "gzip, deflate, br, zstd", 200, "index.html.br", "text/html; charset=utf-8", "br", true},
		{"GET", "/index.html", "gzip", 200, "index.html.gz", "text/html; charset=utf-8", "gzip", true},
		{"GET", "/gcpace.wasm", "", 200, "gcpace.wasm", "application/wasm", "", false},
		{"GET", "/gcpace.wasm", "br", 200, "gcpace.wasm.br", "application/wasm", "br", false},
		{"GET", "/gcpace.wasm", "gzip", 200, "gcpace.wasm.gz", "application/wasm", "gzip", false},
		{"GET", "/gcpace.wasm", "br;q=0, gzip", 200, "gcpace.wasm.gz", "application/wasm", "gzip", false},
		{"GET", "/gcpace.wasm", "gzip;q=1.0, br;q=0.5", 200, "gcpace.wasm.gz", "application/wasm", "gzip", false},
		{"GET", "/gcpace.wasm", "*", 200, "gcpace.wasm.br", "application/wasm", "br", false},
		{"GET", "/gcpace.wasm", "identity", 200, "gcpace.wasm", "application/wasm", "", false},
		{"HEAD", "/gcpace.wasm", "br", 200, "", "application/wasm", "br", false},
		{"GET", "/app.css", "gzip", 200, "app.css", "text/css; charset=utf-8", "", false}, // .gz older than .css
		{"GET", "/vendor/spark/spark.esm.js", "br", 200, "vendor/spark/spark.esm.js", "text/javascript; charset=utf-8", "", false},
		{"GET", "/config.json", "br", 200, `{"generated":true}`, "application/json", "", false},
		{"GET", "/package.json", "", 404, "", "", "", false},
		{"GET", "/.secret", "", 404, "", "", "", false},
		{"GET", "/node_modules/x/index.js", "", 404, "", "", "", false},
		{"GET", "/../../etc/passwd", "", 404, "", "", "", false},
		{"GET", "/missing.js", "", 404, "", "", "", false},
		{"GET", "/vendor", "", 301, "", "", "", false},
		{"POST", "/", "", 405, "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path+" "+tt.acceptEncoding, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.path, nil)
			if tt.acceptEncoding != "" {
				r.Header.Set("Accept-Encoding", tt.acceptEncoding)
			}
			w := httptest.NewRecorder()
			p.ServeHTTP(w, r)
			res := w.Result()
			if res.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", res.StatusCode, tt.status)
			}
			h := res.Header
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" {
				t.Errorf("security headers missing: %v", h)
			}
			if tt.status != 200 {
				return
			}
			if got := w.Body.String(); got != tt.body {
				t.Errorf("body = %q, want %q", got, tt.body)
			}
			if got := h.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type = %q, want %q", got, tt.ctype)
			}
			if got := h.Get("Content-Encoding"); got != tt.encoding {
				t.Errorf("Content-Encoding = %q, want %q", got, tt.encoding)
			}
			if tt.path != "/config.json" && h.Get("Vary") != "Accept-Encoding" {
				t.Errorf("Vary = %q, want Accept-Encoding", h.Get("Vary"))
			}
			if got := h.Get("Content-Security-Policy") != ""; got != tt.csp {
				t.Errorf("CSP present = %v, want %v", got, tt.csp)
			}
		})
	}
}

func TestPageCSP(t *testing.T) {
	csp := contentSecurityPolicy("http://127.0.0.1:8081", []string{"https://apps.mypurecloud.com"})
	directives := map[string]string{}
	for d := range strings.SplitSeq(csp, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = value
	}
	want := map[string]string{
		"default-src":     "'self'",
		"script-src":      "'self' 'wasm-unsafe-eval'",
		"connect-src":     "'self' http://127.0.0.1:8081",
		"img-src":         "'self' data:",
		"style-src":       "'self' 'unsafe-inline'",
		"object-src":      "'none'",
		"base-uri":        "'none'",
		"form-action":     "'none'",
		"frame-ancestors": "'self' https://apps.mypurecloud.com",
	}
	for name, v := range want {
		if directives[name] != v {
			t.Errorf("%s = %q, want %q (policy %q)", name, directives[name], v, csp)
		}
	}
	if len(directives) != len(want) {
		t.Errorf("policy has %d directives, want %d: %q", len(directives), len(want), csp)
	}
}

func TestPageNoCacheOfConfig(t *testing.T) {
	p, err := newPage(webDir(t), []byte(`{}`), "http://127.0.0.1:1", nil)
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	p.ServeHTTP(w, httptest.NewRequest("GET", "/config.json", nil))
	if got := w.Result().Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("config.json Cache-Control = %q, want no-store", got)
	}
	if _, err := newPage(filepath.Join(t.TempDir(), "none"), nil, "", nil); err == nil {
		t.Error("newPage of a missing folder: no error")
	}
}

// TestPageSecurityHeaders: every answer carries the full header set that
// README's hosting section lists; HSTS only over https.
func TestPageSecurityHeaders(t *testing.T) {
	p, err := newPage(webDir(t), []byte(`{}`), "http://127.0.0.1:1", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/config.json", "/gcpace.wasm", "/missing"} {
		for _, tls := range []bool{false, true} {
			req := httptest.NewRequest("GET", path, nil)
			if tls {
				req = httptest.NewRequest("GET", "https://page.example"+path, nil)
			}
			w := httptest.NewRecorder()
			p.ServeHTTP(w, req)
			h := w.Result().Header
			if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("%s: X-Content-Type-Options = %q", path, got)
			}
			if got := h.Get("Referrer-Policy"); got != "no-referrer" {
				t.Errorf("%s: Referrer-Policy = %q", path, got)
			}
			hsts := h.Get("Strict-Transport-Security")
			if tls != strings.HasPrefix(hsts, "max-age=") {
				t.Errorf("%s over https %v: Strict-Transport-Security = %q", path, tls, hsts)
			}
			if path == "/" && !strings.Contains(h.Get("Content-Security-Policy"), "form-action 'none'") {
				t.Errorf("CSP %q has no form-action", h.Get("Content-Security-Policy"))
			}
		}
	}
}
