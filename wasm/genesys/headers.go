package genesys

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ParseMeta reads what an answer says besides its body: the inin-ratelimit-*
// headers, ININ-Correlation-Id and Retry-After. A 429 whose Retry-After the
// browser hid still gives a wait, read from the body's "[N] seconds".
// now turns an HTTP-date Retry-After into a wait.
func ParseMeta(h http.Header, status int, body []byte, now time.Time) Meta {
	var eb *ErrorBody
	if !success(status) {
		b := decodeErrorBody(body, status)
		eb = &b
	}
	return parseMeta(h, status, eb, now)
}

func parseMeta(h http.Header, status int, eb *ErrorBody, now time.Time) Meta {
	m := Meta{
		Status:        status,
		RateLimit:     parseRateLimit(h),
		CorrelationID: strings.TrimSpace(header(h, "ININ-Correlation-Id")),
	}
	if m.CorrelationID == "" && eb != nil {
		// The body's contextId is the same id, readable when CORS hides the header.
		m.CorrelationID = eb.ContextID
	}
	if d, ok := ParseRetryAfter(header(h, "Retry-After"), now); ok {
		m.RetryAfter, m.HasRetryAfter = d, true
	} else if status == http.StatusTooManyRequests && eb != nil {
		if d, ok := RetryAfterFromMessage(eb.Message); ok {
			m.RetryAfter, m.HasRetryAfter = d, true
		}
	}
	return m
}

// header looks a header up by name in any case: Get covers canonical keys,
// the loop covers a Header map filled directly with other spellings (as a
// fetch-based transport may).
func header(h http.Header, name string) string {
	if v := h.Get(name); v != "" {
		return v
	}
	for k, vs := range h {
		if len(vs) > 0 && strings.EqualFold(k, name) {
			return vs[0]
		}
	}
	return ""
}

func parseRateLimit(h http.Header) RateLimit {
	count, okC := nonNegativeInt(header(h, "inin-ratelimit-count"))
	allowed, okA := nonNegativeInt(header(h, "inin-ratelimit-allowed"))
	reset, okR := seconds(header(h, "inin-ratelimit-reset"))
	if !okC || !okA || !okR {
		return RateLimit{}
	}
	return RateLimit{Known: true, Count: count, Allowed: allowed, Reset: reset}
}

func nonNegativeInt(v string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// maxWait bounds any wait a header can ask for, so a silly value cannot
// overflow a Duration.
const maxWait = 24 * time.Hour

// seconds parses a non-negative count of seconds: digits, optionally with a
// decimal fraction. Signs, exponents, "inf" and the like are refused.
func seconds(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" || strings.Count(v, ".") > 1 || v[0] == '.' || v[len(v)-1] == '.' {
		return 0, false
	}
	for _, r := range v {
		if (r < '0' || r > '9') && r != '.' {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, false
	}
	d := time.Duration(f * float64(time.Second))
	if f > maxWait.Seconds() {
		d = maxWait
	}
	return d, true
}

// ParseRetryAfter reads a Retry-After value: delta-seconds ("42") or an
// HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT", which contains a comma, so the
// value is never split on commas). A date in the past means no wait.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if d, ok := seconds(v); ok {
		return d, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return min(max(t.Sub(now), 0), maxWait), true
}

// RetryAfterFromMessage reads the wait from a 429 body's message, as
// Genesys words it: "Rate limit exceeded the maximum. Retry the request in
// [42] seconds".
func RetryAfterFromMessage(msg string) (time.Duration, bool) {
	for rest := msg; ; {
		open := strings.IndexByte(rest, '[')
		if open < 0 {
			return 0, false
		}
		rest = rest[open+1:]
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return 0, false
		}
		inside, after := strings.TrimSpace(rest[:end]), rest[end+1:]
		if isDigits(inside) && strings.HasPrefix(strings.ToLower(strings.TrimLeft(after, " ")), "second") {
			return seconds(inside)
		}
	}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
