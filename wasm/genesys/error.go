package genesys

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Error is any answer that is not 2xx, with Genesys's error body decoded.
// A body that is not Genesys JSON (a proxy's HTML page, nothing at all)
// still gives an Error, its message taken from the HTTP status.
type Error struct {
	Meta
	Body ErrorBody
}

// Error reads as a Genesys admin would want it: the Genesys message first,
// then what the API added (the messages of nested errors, the field at
// fault), then the status, code and correlation id support asks for.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.message())
	for _, more := range e.moreMessages() {
		b.WriteString("; ")
		b.WriteString(more)
	}
	b.WriteString(" (HTTP ")
	fmt.Fprint(&b, e.Status)
	if t := http.StatusText(e.Status); t != "" {
		b.WriteString(" " + t)
	}
	if e.Body.Code != "" {
		b.WriteString(", code " + e.Body.Code)
	}
	if e.CorrelationID != "" {
		b.WriteString(", correlation id " + e.CorrelationID)
	}
	b.WriteString(")")
	return b.String()
}

func (e *Error) message() string {
	if m := strings.TrimSpace(e.Body.Message); m != "" {
		return m
	}
	for _, sub := range e.Body.Errors {
		if m := strings.TrimSpace(sub.Message); m != "" {
			return m
		}
	}
	if t := http.StatusText(e.Status); t != "" {
		return t
	}
	return fmt.Sprintf("HTTP status %d", e.Status)
}

// moreMessages lists what the body says beyond its main message, without
// repeating it.
func (e *Error) moreMessages() []string {
	seen := map[string]bool{e.message(): true}
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, sub := range e.Body.Errors {
		add(sub.Message)
	}
	for _, d := range e.Body.Details {
		if d.FieldName != "" {
			add("field " + d.FieldName)
		}
	}
	return out
}

// VersionConflict reports whether the PUT carried a stale version: 409, or
// the 400 some routes answer instead. The caller re-reads the IVR and
// applies its intent again.
func (e *Error) VersionConflict() bool {
	if e.Status == http.StatusConflict {
		return true
	}
	if e.Status != http.StatusBadRequest {
		return false
	}
	const phrase = "does not match the current version"
	if containsFold(e.Body.Message, phrase) || containsFold(e.Body.MessageWithParams, phrase) {
		return true
	}
	for _, sub := range e.Body.Errors {
		if containsFold(sub.Message, phrase) {
			return true
		}
	}
	return false
}

// RateLimited reports a 429; Meta.RetryAfter says how long to wait when
// the answer said.
func (e *Error) RateLimited() bool { return e.Status == http.StatusTooManyRequests }

// Unauthorized reports a 401: the token expired or was revoked, and the
// person must sign in again.
func (e *Error) Unauthorized() bool { return e.Status == http.StatusUnauthorized }

// ServerFault reports a 5xx, which is worth retrying after a wait.
func (e *Error) ServerFault() bool { return e.Status >= 500 && e.Status <= 599 }

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), sub)
}

// decodeErrorBody reads Genesys's error JSON. Anything else gives a body
// whose message is the HTTP status text.
func decodeErrorBody(raw []byte, status int) ErrorBody {
	var b ErrorBody
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		err := json.Unmarshal(trimmed, &b)
		var typeErr *json.UnmarshalTypeError
		if err != nil && !errors.As(err, &typeErr) {
			// Broken JSON: nothing in it can be trusted. A type mismatch
			// still fills every other field, so that reading is kept.
			b = ErrorBody{}
		}
	}
	if b.Message == "" && len(b.Errors) == 0 {
		b.Message = http.StatusText(status)
	}
	if b.Status == 0 {
		b.Status = status
	}
	return b
}
