package pacer

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/cenkalti/backoff/v4"
)

// jitterFactor spreads each backoff wait over ±50 %, the library's default.
const jitterFactor = 0.5

// newBackoff returns the exponential interval arithmetic for one job. The
// library's own jitter draws from the global math/rand, which cannot be
// seeded, so its randomization is off here and jitter applies it with
// Options.Rand instead.
func (q *Queue) newBackoff() *backoff.ExponentialBackOff {
	b := &backoff.ExponentialBackOff{
		InitialInterval: q.opt.BackoffInitial,
		Multiplier:      2,
		MaxInterval:     q.opt.BackoffMax,
		Stop:            backoff.Stop,
		Clock:           noClock{}, // MaxElapsedTime is 0: the budget is ours (Options.MaxElapsed)
	}
	b.Reset()
	return b
}

// noClock satisfies backoff.Clock; with no MaxElapsedTime its time is unused.
type noClock struct{}

func (noClock) Now() time.Time { return time.Time{} }

// jitter spreads d uniformly over d·(1±jitterFactor).
func jitter(d time.Duration, r *rand.Rand) time.Duration {
	return time.Duration(float64(d) * (1 - jitterFactor + 2*jitterFactor*r.Float64()))
}

// retryWait is how long j waits after r answered at now: the longer of the
// server's wait and the job's backoff. A non-empty reason says instead that
// the job's budget is spent.
func (q *Queue) retryWait(j *job, r Retry, write bool, now time.Time) (wait time.Duration, giveUp string) {
	wait = max(r.After, jitter(j.backoff.NextBackOff(), q.opt.Rand))
	switch {
	case write && j.writeTries >= q.opt.MaxAttempts:
		return 0, fmt.Sprintf("gave up after %d attempts; the last answer: %s", j.writeTries, r.Reason)
	case !write && j.readTries >= q.opt.MaxAttempts:
		return 0, fmt.Sprintf("gave up after %d tries to read the IVR; the last answer: %s", j.readTries, r.Reason)
	case now.Add(wait).Sub(j.since) > q.opt.MaxElapsed:
		return 0, fmt.Sprintf("gave up after retrying for %s (the next try would pass the %s allowed); the last answer: %s",
			now.Sub(j.since).Round(time.Second), q.opt.MaxElapsed, r.Reason)
	}
	return wait, ""
}
