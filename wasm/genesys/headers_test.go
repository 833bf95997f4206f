package genesys

import (
	"net/http"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func TestParseRetryAfter(t *testing.T) {
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"42", 42 * time.Second, true},
		{" 7 ", 7 * time.Second, true},
		{"0", 0, true},
		{"1.5", 1500 * time.Millisecond, true},
		{"99999999999999999999", maxWait, true},
		{t0.Add(30 * time.Second).Format(http.TimeFormat), 30 * time.Second, true},
		{"Monday, 02-Mar-26 10:01:00 GMT", time.Minute, true}, // RFC 850
		{"Mon Mar  2 10:00:05 2026", 5 * time.Second, true},   // ANSI C
		{t0.Add(-time.Hour).Format(http.TimeFormat), 0, true}, // past: no wait
		{"", 0, false},
		{"soon", 0, false},
		{"-5", 0, false},
		{"+5", 0, false},
		{"1e3", 0, false},
		{"inf", 0, false},
		{"42, 42", 0, false},
		{"5.", 0, false},
		{"Mon, 02 Mar 2026", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseRetryAfter(tt.in, t0)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestRetryAfterFromMessage(t *testing.T) {
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"Rate limit exceeded the maximum. Retry the request in [42] seconds", 42 * time.Second, true},
		{"Retry the request in [1] second", time.Second, true},
		{"Retry in [ 9 ]  Seconds", 9 * time.Second, true},
		{"limit [300] per minute, retry in [12] seconds", 12 * time.Second, true},
		{"Retry the request in 42 seconds", 0, false},
		{"Retry the request in [soon] seconds", 0, false},
		{"Retry the request in [-3] seconds", 0, false},
		{"[42] minutes", 0, false},
		{"[42", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := RetryAfterFromMessage(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("RetryAfterFromMessage(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

const body429 = `{"message":"Rate limit exceeded the maximum. Retry the request in [42] seconds",
 "code":"too.many.requests.retry.after","status":429,
 "contextId":"ctx-429","details":[],"errors":[]}`

func TestParseMeta(t *testing.T) {
	tests := []struct {
		name   string
		h      http.Header
		status int
		body   string
		want   Meta
	}{
		{
			name:   "ratelimit headers, canonical",
			h:      hdr("Inin-Ratelimit-Count", "1", "Inin-Ratelimit-Allowed", "180", "Inin-Ratelimit-Reset", "61", "Inin-Correlation-Id", "abc"),
			status: 200,
			want:   Meta{Status: 200, RateLimit: RateLimit{Known: true, Count: 1, Allowed: 180, Reset: 61 * time.Second}, CorrelationID: "abc"},
		},
		{
			name:   "ratelimit headers, raw lower-case keys",
			h:      http.Header{"inin-ratelimit-count": {"5"}, "inin-ratelimit-allowed": {"300"}, "inin-ratelimit-reset": {"12"}, "inin-correlation-id": {"low"}},
			status: 200,
			want:   Meta{Status: 200, RateLimit: RateLimit{Known: true, Count: 5, Allowed: 300, Reset: 12 * time.Second}, CorrelationID: "low"},
		},
		{
			name:   "ratelimit headers, raw upper-case keys",
			h:      http.Header{"ININ-RATELIMIT-COUNT": {"5"}, "ININ-RATELIMIT-ALLOWED": {"300"}, "ININ-RATELIMIT-RESET": {"12"}},
			status: 200,
			want:   Meta{Status: 200, RateLimit: RateLimit{Known: true, Count: 5, Allowed: 300, Reset: 12 * time.Second}},
		},
		{
			name:   "one header missing: not known",
			h:      hdr("Inin-Ratelimit-Count", "1", "Inin-Ratelimit-Allowed", "180"),
			status: 200,
			want:   Meta{Status: 200},
		},
		{
			name:   "garbage count: not known",
			h:      hdr("Inin-Ratelimit-Count", "x", "Inin-Ratelimit-Allowed", "180", "Inin-Ratelimit-Reset", "61"),
			status: 200,
			want:   Meta{Status: 200},
		},
		{
			name:   "429 with Retry-After",
			h:      hdr("Retry-After", "42", "Inin-Correlation-Id", "cid"),
			status: 429,
			body:   body429,
			want:   Meta{Status: 429, RetryAfter: 42 * time.Second, HasRetryAfter: true, CorrelationID: "cid"},
		},
		{
			name:   "429, header hidden: body message and contextId",
			h:      http.Header{},
			status: 429,
			body:   body429,
			want:   Meta{Status: 429, RetryAfter: 42 * time.Second, HasRetryAfter: true, CorrelationID: "ctx-429"},
		},
		{
			name:   "429, garbage header: body message",
			h:      hdr("Retry-After", "soon"),
			status: 429,
			body:   body429,
			want:   Meta{Status: 429, RetryAfter: 42 * time.Second, HasRetryAfter: true, CorrelationID: "ctx-429"},
		},
		{
			name:   "429, header wins over body",
			h:      hdr("Retry-After", "3"),
			status: 429,
			body:   body429,
			want:   Meta{Status: 429, RetryAfter: 3 * time.Second, HasRetryAfter: true, CorrelationID: "ctx-429"},
		},
		{
			name:   "429, HTTP-date",
			h:      hdr("Retry-After", t0.Add(10*time.Second).Format(http.TimeFormat)),
			status: 429,
			body:   "",
			want:   Meta{Status: 429, RetryAfter: 10 * time.Second, HasRetryAfter: true},
		},
		{
			name:   "429, nothing at all",
			h:      http.Header{},
			status: 429,
			body:   "<html>slow down</html>",
			want:   Meta{Status: 429},
		},
		{
			name:   "503 Retry-After",
			h:      hdr("Retry-After", "5"),
			status: 503,
			want:   Meta{Status: 503, RetryAfter: 5 * time.Second, HasRetryAfter: true},
		},
		{
			name:   "400 body message with [N] seconds is not a wait",
			h:      http.Header{},
			status: 400,
			body:   `{"message":"wait [5] seconds","status":400}`,
			want:   Meta{Status: 400},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseMeta(tt.h, tt.status, []byte(tt.body), t0)
			if got != tt.want {
				t.Errorf("ParseMeta = %+v\nwant         %+v", got, tt.want)
			}
		})
	}
}

// hdr builds a canonical header from name, value pairs.
func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}
