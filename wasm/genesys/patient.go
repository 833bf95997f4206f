package genesys

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/cenkalti/backoff/v4"
)

// Patient is a Doer that rides out what passes for the page's own reads
// (listing the IVRs, who am I, the limits API): whatever Classify calls a
// Retry (network errors, timeouts, 408, 5xx, 429), waiting with backoff and
// never less than a 429's Retry-After. Writes and every other answer go
// through untouched: the batch's PUTs have the pacer.
//
// It is the page's one retry loop: callers above it (the sign-in check)
// do not retry again, so a dead API costs one policy's worth of requests.
//
// Without it, one 503 while the list loads after a reload would leave a
// half-done batch unresumed behind an error message.
type Patient struct {
	Doer Doer
	// Policy makes the backoff of one request; nil: exponential, giving up
	// after two minutes.
	Policy func() backoff.BackOff
	// Timer waits between tries; nil: real timers (virtual under synctest).
	Timer backoff.Timer
	// Now reads the clock for HTTP-date Retry-After values; nil: time.Now.
	Now func() time.Time
}

func (p Patient) Do(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet {
		return p.Doer.Do(req)
	}
	now := p.Now
	if now == nil {
		now = time.Now
	}
	floor := &AtLeast{BackOff: p.policy()}
	var last *http.Response
	op := func() (*http.Response, error) {
		resp, err := p.Doer.Do(req.Clone(req.Context()))
		if err != nil {
			if _, retry := Classify(Meta{}, err).(Retry); !retry || req.Context().Err() != nil {
				return nil, backoff.Permanent(err)
			}
			return nil, err
		}
		if success(resp.StatusCode) {
			return resp, nil
		}
		// Not 2xx: the body is small, and a 429 may say its wait only there.
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		r, retry := Classify(ParseMeta(resp.Header, resp.StatusCode, body, now()), nil).(Retry)
		if !retry {
			return resp, nil
		}
		last = resp
		floor.Min = r.After
		return nil, errRetryable
	}
	resp, err := backoff.RetryNotifyWithTimerAndData(op, backoff.WithContext(floor, req.Context()), nil, p.Timer)
	if errors.Is(err, errRetryable) && last != nil {
		// Out of patience: hand back the last answer so its Genesys error
		// body is decoded and shown.
		return last, nil
	}
	return resp, err
}

var errRetryable = errors.New("genesys: answer worth another try")

func (p Patient) policy() backoff.BackOff {
	if p.Policy != nil {
		return p.Policy()
	}
	b := backoff.NewExponentialBackOff()
	b.InitialInterval = 500 * time.Millisecond
	b.MaxInterval = 15 * time.Second
	b.MaxElapsedTime = 2 * time.Minute
	return b
}

// AtLeast makes the next wait no shorter than Min (a 429's Retry-After),
// once; the wrapped policy still decides when to give up.
type AtLeast struct {
	backoff.BackOff
	Min time.Duration
}

func (a *AtLeast) NextBackOff() time.Duration {
	d := a.BackOff.NextBackOff()
	if d != backoff.Stop && d < a.Min {
		d = a.Min
	}
	a.Min = 0
	return d
}

func (a *AtLeast) Reset() {
	a.Min = 0
	a.BackOff.Reset()
}
