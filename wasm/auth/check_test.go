package auth

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cenkalti/backoff/v4"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// canned is a Doer answering from a script; each step is an answer or an
// error.
type canned struct {
	mu    sync.Mutex
	steps []step
	calls int
}

type step struct {
	status int
	header http.Header
	body   string
	err    error
}

func (c *canned) Do(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.calls >= len(c.steps) {
		return nil, errors.New("script ran out")
	}
	s := c.steps[c.calls]
	c.calls++
	if s.err != nil {
		return nil, s.err
	}
	h := s.header
	if h == nil {
		h = http.Header{}
	}
	return &http.Response{StatusCode: s.status, Header: h, Body: io.NopCloser(strings.NewReader(s.body)), Request: req}, nil
}

// fakeTimer fires at once and remembers every wait it was asked for.
type fakeTimer struct {
	waits []time.Duration
	c     chan time.Time
}

func (f *fakeTimer) Start(d time.Duration) {
	f.waits = append(f.waits, d)
	if f.c == nil {
		f.c = make(chan time.Time, 1)
	}
	f.c <- time.Time{}
}
func (f *fakeTimer) Stop()               {}
func (f *fakeTimer) C() <-chan time.Time { return f.c }

var (
	okMe     = step{status: 200, body: `{"id":"u1","name":"Pat"}`}
	down     = step{err: errors.New("connection refused")}
	busy     = step{status: 503, body: "<html>busy</html>"}
	limited  = step{status: 429, header: http.Header{"Retry-After": {"7"}}, body: `{"message":"Rate limit exceeded the maximum. Retry the request in [7] seconds","status":429}`}
	limitedB = step{status: 429, body: `{"message":"Rate limit exceeded the maximum. Retry the request in [5] seconds","status":429}`}
	revoked  = step{status: 401, body: `{"message":"Authentication failed","code":"bad.credentials","status":401}`}
	denied   = step{status: 403, body: `{"message":"Missing permission","status":403}`}
)

// CheckToken through the page's patient client: the waits and tries are
// the one loop's (genesys.Patient), with no second loop around it.
func TestCheckToken(t *testing.T) {
	const step1 = 100 * time.Millisecond
	tests := []struct {
		name      string
		steps     []step
		policy    func() backoff.BackOff
		wantUser  bool
		wantCalls int
		wantWaits []time.Duration
		wantErr   int // HTTP status of the *genesys.Error expected; -1 any error
	}{
		{"at once", []step{okMe}, constant(step1), true, 1, nil, 0},
		{"network, 5xx, then good", []step{down, busy, okMe}, constant(step1), true, 3, []time.Duration{step1, step1}, 0},
		{"429 waits at least Retry-After", []step{limited, okMe}, constant(step1), true, 2, []time.Duration{7 * time.Second}, 0},
		{"429 body [N] seconds when the header is hidden", []step{limitedB, okMe}, constant(step1), true, 2, []time.Duration{5 * time.Second}, 0},
		{"Retry-After is a minimum, not a cap", []step{limited, okMe}, constant(time.Minute), true, 2, []time.Duration{time.Minute}, 0},
		{"the floor applies once", []step{limited, busy, okMe}, constant(step1), true, 3, []time.Duration{7 * time.Second, step1}, 0},
		{"401 gives up at once", []step{revoked, okMe}, constant(step1), false, 1, nil, 401},
		{"403 gives up at once", []step{denied, okMe}, constant(step1), false, 1, nil, 403},
		{"401 after a retry", []step{busy, revoked}, constant(step1), false, 2, []time.Duration{step1}, 401},
		{"policy gives up", []step{busy, busy, busy, okMe}, func() backoff.BackOff { return backoff.WithMaxRetries(&backoff.ZeroBackOff{}, 2) }, false, 3, []time.Duration{0, 0}, 503},
		{"policy gives up on 429 too", []step{limited}, func() backoff.BackOff { return &backoff.StopBackOff{} }, false, 1, nil, 429},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doer := &canned{steps: tt.steps}
			timer := &fakeTimer{}
			c := patientClient(doer, tt.policy, timer)
			u, err := CheckToken(context.Background(), c)
			if tt.wantUser != (err == nil) || (tt.wantUser && u.Name != "Pat") {
				t.Fatalf("CheckToken = %+v, %v", u, err)
			}
			if doer.calls != tt.wantCalls {
				t.Errorf("%d calls, want %d", doer.calls, tt.wantCalls)
			}
			if len(timer.waits) != len(tt.wantWaits) || (len(tt.wantWaits) > 0 && !equalWaits(timer.waits, tt.wantWaits)) {
				t.Errorf("waits %v, want %v", timer.waits, tt.wantWaits)
			}
			if tt.wantErr > 0 {
				var e *genesys.Error
				if !errors.As(err, &e) || e.Status != tt.wantErr {
					t.Errorf("err = %v, want HTTP %d", err, tt.wantErr)
				}
			}
			if got, want := SessionEnded(err), tt.wantErr == 401; got != want {
				t.Errorf("SessionEnded(%v) = %v, want %v", err, got, want)
			}
		})
	}
}

// A Genesys that answers 503 to everything gets at most the one loop's
// bound of requests from the sign-in check: the policy's retries plus the
// first try, not that times an outer loop's tries (it was 2×, a Patient
// inside a backoff loop).
func TestCheckTokenDoesNotMultiplyRetries(t *testing.T) {
	const retries = 3
	steps := make([]step, 50)
	for i := range steps {
		steps[i] = busy
	}
	doer := &canned{steps: steps}
	c := patientClient(doer, func() backoff.BackOff { return backoff.WithMaxRetries(&backoff.ZeroBackOff{}, retries) }, &fakeTimer{})
	_, err := CheckToken(context.Background(), c)
	var e *genesys.Error
	if !errors.As(err, &e) || e.Status != 503 {
		t.Fatalf("err = %v, want the last 503", err)
	}
	if doer.calls > retries+1 {
		t.Errorf("%d requests for one check, want at most %d", doer.calls, retries+1)
	}
}

func TestCheckTokenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	doer := &canned{steps: []step{busy, busy, busy}}
	c := patientClient(doer, constant(time.Second), &cancellingTimer{cancel: cancel})
	_, err := CheckToken(ctx, c)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if doer.calls != 1 {
		t.Errorf("%d calls after cancel", doer.calls)
	}
}

// patientClient is the page's client for its own reads: a Patient over d.
func patientClient(d genesys.Doer, policy func() backoff.BackOff, t backoff.Timer) *genesys.Client {
	return &genesys.Client{
		Base:  "https://api.example.test",
		HTTP:  genesys.Patient{Doer: d, Policy: policy, Timer: t},
		Token: func() string { return "tok" },
	}
}

// cancellingTimer cancels the context instead of firing.
type cancellingTimer struct {
	cancel func()
	c      chan time.Time
}

func (f *cancellingTimer) Start(time.Duration) { f.cancel() }
func (f *cancellingTimer) Stop()               {}
func (f *cancellingTimer) C() <-chan time.Time { return f.c }

func constant(d time.Duration) func() backoff.BackOff {
	return func() backoff.BackOff { return backoff.NewConstantBackOff(d) }
}

func equalWaits(a, b []time.Duration) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
