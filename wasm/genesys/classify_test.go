package genesys_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// gerr is the *genesys.Error a client returns for status, with its Meta.
func gerr(status int, msg string) *genesys.Error {
	return &genesys.Error{Meta: genesys.Meta{Status: status}, Body: genesys.ErrorBody{Message: msg, Status: status}}
}

// answer parses a raw answer the way the client does, so Retry-After in
// each of its forms reaches Classify as the client would hand it over.
func answer(status int, h http.Header, body string) (genesys.Meta, error) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	m := genesys.ParseMeta(h, status, []byte(body), now)
	if status >= 200 && status < 300 {
		return m, nil
	}
	var eb genesys.ErrorBody
	eb.Message, eb.Status = body, status
	return m, &genesys.Error{Meta: m, Body: eb}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestClassify(t *testing.T) {
	const body429 = `{"message":"Rate limit exceeded the maximum. Retry the request in [42] seconds","code":"too.many.requests.retry.after","status":429}`
	hdr := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	meta := func(status int, h http.Header, body string) genesys.Meta {
		m, _ := answer(status, h, body)
		return m
	}
	wrap := func(err error) error { return fmt.Errorf("genesys: PUT /x: %w", err) }
	stale400 := gerr(400, "The version supplied (3) does not match the current version (4)")
	for _, tc := range []struct {
		name string
		m    genesys.Meta
		err  error
		want genesys.Class
	}{
		{"200", genesys.Meta{Status: 200}, nil, genesys.Done{}},
		{"already done", genesys.Meta{Status: 200}, genesys.ErrAlreadyDone, genesys.Done{}},
		{"200 whose body broke off", genesys.Meta{Status: 200}, wrap(fmt.Errorf("%w: %w", genesys.ErrAnswerBroke, io.ErrUnexpectedEOF)),
			genesys.Retry{Reason: "the answer broke off"}},
		{"already done, wrapped", genesys.Meta{}, fmt.Errorf("read: %w", genesys.ErrAlreadyDone), genesys.Done{}},
		{"429 Retry-After seconds", meta(429, hdr("Retry-After", "7"), body429), nil,
			genesys.Retry{After: 7 * time.Second, Reason: "rate limit", Limited: true}},
		{"429 Retry-After HTTP-date", meta(429, hdr("Retry-After", "Sun, 01 Mar 2026 09:00:30 GMT"), body429), nil,
			genesys.Retry{After: 30 * time.Second, Reason: "rate limit", Limited: true}},
		{"429 header hidden: body's [N] seconds", meta(429, nil, body429), nil,
			genesys.Retry{After: 42 * time.Second, Reason: "rate limit", Limited: true}},
		{"429 saying nothing: backoff alone", meta(429, nil, `{}`), nil,
			genesys.Retry{Reason: "rate limit", Limited: true}},
		{"429 as an error, Meta inside", genesys.Meta{}, wrap(&genesys.Error{Meta: genesys.Meta{Status: 429, RetryAfter: 5 * time.Second, HasRetryAfter: true}}),
			genesys.Retry{After: 5 * time.Second, Reason: "rate limit", Limited: true}},
		{"408", genesys.Meta{}, gerr(408, "Request Timeout"), genesys.Retry{Reason: "the server timed out"}},
		{"502", genesys.Meta{}, gerr(502, "Bad Gateway"), genesys.Retry{Reason: "server busy"}},
		{"503", genesys.Meta{}, gerr(503, "Unavailable"), genesys.Retry{Reason: "server busy"}},
		{"504", genesys.Meta{}, gerr(504, "Gateway Timeout"), genesys.Retry{Reason: "server busy"}},
		{"500", genesys.Meta{}, gerr(500, "oops"), genesys.Retry{Reason: "server error"}},
		{"network error", genesys.Meta{}, wrap(&url.Error{Op: "Put", URL: "x", Err: errors.New("connection reset")}), genesys.Retry{Reason: "network error"}},
		{"fetch failed (no type)", genesys.Meta{}, errors.New("net/http: fetch() failed: TypeError: Failed to fetch"), genesys.Retry{Reason: "network error"}},
		{"request deadline", genesys.Meta{}, wrap(context.DeadlineExceeded), genesys.Retry{Reason: "timed out"}},
		{"net timeout", genesys.Meta{}, wrap(&url.Error{Op: "Put", URL: "x", Err: timeoutErr{}}), genesys.Retry{Reason: "timed out"}},
		{"409", genesys.Meta{}, gerr(409, "Conflict"), genesys.Reread{}},
		{"409 from Meta alone", genesys.Meta{Status: 409}, errors.New("conflict"), genesys.Reread{}},
		{"400 stale version", genesys.Meta{}, wrap(stale400), genesys.Reread{}},
		{"401", genesys.Meta{}, gerr(401, "Authentication required"), genesys.NeedAuth{}},
		{"400", genesys.Meta{}, gerr(400, "Field 'didPoolId' is required and cannot be empty."),
			genesys.Failed{Err: gerr(400, "Field 'didPoolId' is required and cannot be empty.")}},
		{"403", genesys.Meta{}, gerr(403, "Missing permission routing:callRoute:edit"),
			genesys.Failed{Err: gerr(403, "Missing permission routing:callRoute:edit")}},
		{"404", genesys.Meta{}, gerr(404, "Not found"), genesys.Failed{Err: gerr(404, "Not found")}},
		{"cancelled", genesys.Meta{}, context.Canceled, genesys.Failed{Err: context.Canceled}},
	} {
		got := genesys.Classify(tc.m, tc.err)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Classify = %#v, want %#v", tc.name, got, tc.want)
		}
	}
}

func TestClassifyPermanent(t *testing.T) {
	cause := errors.New("the intent cannot apply")
	got := genesys.Classify(genesys.Meta{}, genesys.Permanent(cause))
	f, ok := got.(genesys.Failed)
	if !ok || !errors.Is(f.Err, cause) || f.Err.Error() != cause.Error() {
		t.Errorf("Classify(Permanent) = %#v, want Failed with the cause's words", got)
	}
	if genesys.Permanent(nil) != nil {
		t.Error("Permanent(nil) != nil")
	}
}

func TestClassifyFailedSpeaksGenesys(t *testing.T) {
	err := gerr(400, "Field 'didPoolId' is required and cannot be empty.")
	f := genesys.Classify(genesys.Meta{}, err).(genesys.Failed)
	if got := f.Err.Error(); got != err.Error() {
		t.Errorf("Failed.Err = %q, want the Genesys words %q", got, err.Error())
	}
}
