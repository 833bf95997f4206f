package auth

import (
	"context"
	"errors"

	"github.com/cenkalti/backoff/v4"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// CheckToken asks who the token belongs to (GET /api/v2/users/me), retrying
// what may pass: network errors, 5xx and 429 (never sooner than its
// Retry-After). A 401 or any other 4xx ends it at once: the token is bad,
// and the person must sign in again.
//
// b is the retry policy (say a backoff.ExponentialBackOff with a
// MaxElapsedTime; nil means backoff.NewExponentialBackOff()); ctx ends the
// retries too.
func CheckToken(ctx context.Context, c *genesys.Client, b backoff.BackOff) (genesys.User, error) {
	return CheckTokenWithTimer(ctx, c, b, nil)
}

// CheckTokenWithTimer is CheckToken waiting on t (nil: real timers), so
// tests can see the waits without sleeping.
func CheckTokenWithTimer(ctx context.Context, c *genesys.Client, b backoff.BackOff, t backoff.Timer) (genesys.User, error) {
	if b == nil {
		b = backoff.NewExponentialBackOff()
	}
	floor := &genesys.AtLeast{BackOff: b}
	op := func() (genesys.User, error) {
		u, err := c.Me(ctx)
		if err == nil {
			return u, nil
		}
		if ctx.Err() != nil {
			return u, backoff.Permanent(ctx.Err())
		}
		var e *genesys.Error
		if !errors.As(err, &e) {
			return u, err // network: worth another try
		}
		switch {
		case e.RateLimited():
			if e.HasRetryAfter {
				floor.Min = e.RetryAfter
			}
			return u, err
		case e.ServerFault():
			return u, err
		default:
			return u, backoff.Permanent(err)
		}
	}
	return backoff.RetryNotifyWithTimerAndData(op, backoff.WithContext(floor, ctx), nil, t)
}
