package pacer

import (
	"math"
	"time"
)

// Without readable headers a bucket's rate follows AIMD: each 429 cuts it,
// each success raises it a little, never above the ceiling.
const (
	// decrease is the most one 429 cuts the rate by.
	decrease = 0.7
	// increase is how many sends per window the rate gains over one
	// window's worth of successes, right after a cut: where the limit was
	// just found it is probed gently.
	increase = 0.1
	// doubling is how many windows without a cut double the increase, so
	// that a limit that rose (the Genesys UI stopped editing) is found
	// again in minutes, not hours.
	doubling = 4.0
	// minRate keeps a bucket sending at all.
	minRate = 1.0
)

// admitAt learns from a request answered without a 429 at now.
func (b *bucket) admitAt(now time.Time) {
	if b.headersFresh(now) || b.rate >= b.limit {
		return
	}
	quiet := min(float64(now.Sub(b.cutAt))/float64(b.window), 10*doubling)
	step := increase * math.Exp2(quiet/doubling) / b.rate
	if b.phased(now) {
		// Paced by the server's windows, the budget is spent to the last
		// send: every probe above it costs a 429, and there is little
		// headroom left to win. Probe half as often.
		step /= 2
	}
	b.rate = min(b.limit, b.rate+step)
}

// limitAt learns from a 429 answered at now, and holds the bucket until
// until. retryAfter, when known, is when the server's window ends.
//
// The cut is multiplicative, but never below what the server's current
// window admitted: that many sends per window is what it lets this client
// send. The floor alone would trust a window that others happened to crowd,
// the multiplicative cut alone would undershoot; when two windows in a row
// admitted the same count, it is the limit, not a crowd, and the rate drops
// to it at once. So a fixed-window limit far below the documented one is
// found in two 429s. In a fixed window a 429 comes only once the window's
// budget is spent, so these 429s cost no throughput.
func (b *bucket) limitAt(now, until time.Time, retryAfter time.Duration, known bool) {
	episode := b.inEpisode(now)
	b.blockUntil(until)
	if episode || b.headersFresh(now) {
		// One cut per episode; with fresh headers the pacing on what
		// remains already accounts for it.
		return
	}
	from := now.Add(-b.window)
	if known && retryAfter < b.window {
		from = now.Add(retryAfter - b.window)
	}
	n := float64(b.admittedFrom(from))
	r := b.rate * decrease
	switch {
	case n >= r:
		r = min(b.rate, n)
	case n > 0 && b.cutAdmitted > 0 && now.Sub(b.cutAt) < 2*b.window && math.Abs(n-b.cutAdmitted) <= max(1, n/20):
		r = max(n, minRate) // the same count twice: the limit itself
	}
	b.rate = max(r, minRate)
	b.cutAt, b.cutAdmitted = now, n
}

// inEpisode reports whether a 429 at now belongs to the last one's episode:
// the bucket is still held (another write was in flight), or nothing got
// through since the hold ended (Retry-After was a hair short). Cutting again
// would punish the rate for the server's rounding.
func (b *bucket) inEpisode(now time.Time) bool {
	if b.blocked.IsZero() {
		return false
	}
	return now.Before(b.blocked) || now.Sub(b.blocked) < b.window && b.admittedFrom(b.blocked) == 0
}
