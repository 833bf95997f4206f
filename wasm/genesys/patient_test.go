package genesys

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cenkalti/backoff/v4"
)

// script answers requests from a list, and records them.
type script struct {
	answers []func() (*http.Response, error)
	calls   int
}

func (s *script) Do(*http.Request) (*http.Response, error) {
	a := s.answers[min(s.calls, len(s.answers)-1)]
	s.calls++
	return a()
}

func status(code int, header http.Header, body string) func() (*http.Response, error) {
	return func() (*http.Response, error) {
		if header == nil {
			header = http.Header{}
		}
		return &http.Response{StatusCode: code, Header: header, Body: io.NopCloser(strings.NewReader(body))}, nil
	}
}

// waits records the waits without waiting.
type waits struct {
	got []time.Duration
	c   chan time.Time
}

func (w *waits) Start(d time.Duration) {
	w.got = append(w.got, d)
	w.c = make(chan time.Time, 1)
	w.c <- time.Time{}
}
func (w *waits) Stop()               {}
func (w *waits) C() <-chan time.Time { return w.c }

func constant(d time.Duration, tries uint64) func() backoff.BackOff {
	return func() backoff.BackOff { return backoff.WithMaxRetries(backoff.NewConstantBackOff(d), tries) }
}

func TestPatient(t *testing.T) {
	netErr := func() (*http.Response, error) { return nil, errors.New("fetch failed") }
	tests := []struct {
		name      string
		method    string
		answers   []func() (*http.Response, error)
		wantCalls int
		wantCode  int
		wantErr   bool
		wantWaits []time.Duration
	}{
		{name: "ok at once", method: "GET", answers: []func() (*http.Response, error){status(200, nil, "{}")},
			wantCalls: 1, wantCode: 200},
		{name: "503 then ok", method: "GET", answers: []func() (*http.Response, error){status(503, nil, "{}"), status(200, nil, "{}")},
			wantCalls: 2, wantCode: 200, wantWaits: []time.Duration{time.Second}},
		{name: "network error then ok", method: "GET", answers: []func() (*http.Response, error){netErr, status(200, nil, "{}")},
			wantCalls: 2, wantCode: 200, wantWaits: []time.Duration{time.Second}},
		{name: "429 waits its Retry-After", method: "GET",
			answers:   []func() (*http.Response, error){status(429, http.Header{"Retry-After": {"7"}}, "{}"), status(200, nil, "{}")},
			wantCalls: 2, wantCode: 200, wantWaits: []time.Duration{7 * time.Second}},
		{name: "429 body seconds when the header is hidden", method: "GET",
			answers:   []func() (*http.Response, error){status(429, nil, `{"message":"Retry the request in [9] seconds"}`), status(200, nil, "{}")},
			wantCalls: 2, wantCode: 200, wantWaits: []time.Duration{9 * time.Second}},
		{name: "401 is not retried", method: "GET", answers: []func() (*http.Response, error){status(401, nil, "{}")},
			wantCalls: 1, wantCode: 401},
		{name: "408 is retried as Classify says", method: "GET", answers: []func() (*http.Response, error){status(408, nil, "{}"), status(200, nil, "{}")},
			wantCalls: 2, wantCode: 200, wantWaits: []time.Duration{time.Second}},
		{name: "409 is not retried", method: "GET", answers: []func() (*http.Response, error){status(409, nil, "{}")},
			wantCalls: 1, wantCode: 409},
		{name: "404 is not retried", method: "GET", answers: []func() (*http.Response, error){status(404, nil, `{"message":"Not found"}`)},
			wantCalls: 1, wantCode: 404},
		{name: "a cancelled request is not retried", method: "GET", answers: []func() (*http.Response, error){func() (*http.Response, error) { return nil, context.Canceled }},
			wantCalls: 1, wantErr: true},
		{name: "a PUT is never retried", method: "PUT", answers: []func() (*http.Response, error){status(503, nil, "{}")},
			wantCalls: 1, wantCode: 503},
		{name: "gives up with the last answer", method: "GET", answers: []func() (*http.Response, error){status(503, nil, `{"message":"busy"}`)},
			wantCalls: 4, wantCode: 503, wantWaits: []time.Duration{time.Second, time.Second, time.Second}},
		{name: "gives up on the network with its error", method: "GET", answers: []func() (*http.Response, error){netErr},
			wantCalls: 4, wantErr: true, wantWaits: []time.Duration{time.Second, time.Second, time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &script{answers: tt.answers}
			w := &waits{}
			p := Patient{Doer: s, Policy: constant(time.Second, 3), Timer: w}
			req, _ := http.NewRequest(tt.method, "http://api.test/x", nil)
			resp, err := p.Do(req)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err == nil && resp.StatusCode != tt.wantCode {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantCode)
			}
			if err == nil {
				if b, _ := io.ReadAll(resp.Body); tt.wantCode >= 400 && len(b) == 0 {
					t.Error("the last answer lost its body")
				}
			}
			if s.calls != tt.wantCalls {
				t.Errorf("calls = %d, want %d", s.calls, tt.wantCalls)
			}
			if len(w.got) != len(tt.wantWaits) {
				t.Fatalf("waits = %v, want %v", w.got, tt.wantWaits)
			}
			for i := range w.got {
				if w.got[i] != tt.wantWaits[i] {
					t.Errorf("wait %d = %v, want %v", i, w.got[i], tt.wantWaits[i])
				}
			}
		})
	}
}
