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
// until. retryAfter, when known, is when the server's window ends; the
// caller has taught it to b.ends already (see429), so that the window's
// bounds are as narrow as every 429 so far makes them.
//
// What the server's window admitted of this bucket's sends is what it lets
// this client send. When that count is whole (windowAdmitted), it is the
// limit: the rate drops to it at once, whatever it was, and is probed
// upward slowly from there (admitAt). A short window far below the
// documented limit is then found in two 429s, not stepped down to by 0.7
// over half a batch. When the count may miss the first sends of the window
// (the first 429 of a run), the cut is multiplicative, but never below that
// count; a partial count alone would undershoot, and a window others
// happened to crowd would too. When two windows in a row admitted the same
// count, it is the limit. In a fixed window a 429 comes only once the
// window's budget is spent, so these 429s cost no throughput.
func (b *bucket) limitAt(now, until time.Time, retryAfter time.Duration, known bool) {
	episode := b.inEpisode(now)
	held := b.blocked // the last 429's hold, before this one's
	b.blockUntil(until)
	if episode || b.headersFresh(now) {
		// One cut per episode; with fresh headers the pacing on what
		// remains already accounts for it.
		return
	}
	n, whole := b.windowAdmitted(now, held, retryAfter, known)
	r := b.rate * decrease
	switch {
	case whole && n > 0:
		r = min(b.rate, n)
	case n >= r:
		r = min(b.rate, n)
	case n > 0 && b.cutAdmitted > 0 && now.Sub(b.cutAt) < 2*b.window && math.Abs(n-b.cutAdmitted) <= max(1, n/20):
		r = max(n, minRate) // the same count twice: the limit itself
	}
	b.rate = max(r, minRate)
	b.cutAt, b.cutAdmitted = now, n
}

// windowAdmitted counts the sends of this bucket that the server's window
// holding a 429 answered at now admitted, and says whether the count is
// whole. held is when the last 429's hold ended.
//
// The count is whole when that 429 was met in the window just before this
// one (its hold, Retry-After rounded up, ended where this one began, give
// or take that rounding and a round trip): that window was full when it
// refused, and a refused send consumes nothing, so every send admitted
// after the refused one is in this window, and every send of this window
// came after it. Windows must be long next to what Retry-After leaves
// unknown (a second and a round trip) for "just before" to be sure.
//
// Otherwise the window's start is taken from Retry-After, as late as it may
// be (sends before it are not counted): the part of the window before it
// holds sends of this window, or of the one before, and which is unknown.
// The bracket of b.ends, narrowed by every 429 so far, makes that part
// small; a phased bucket sends nothing in it unless it fell behind.
func (b *bucket) windowAdmitted(now, held time.Time, retryAfter time.Duration, known bool) (float64, bool) {
	if !known || retryAfter >= b.window {
		return float64(b.admittedFrom(now.Add(-b.window))), false
	}
	end := now.Add(retryAfter) // the latest the window ends
	if b.ends.known() {
		k := time.Duration(math.Round(float64(end.Sub(b.ends.hi)) / float64(b.window)))
		if e := b.ends.hi.Add(k * b.window); !e.After(end) && e.After(end.Add(-time.Second)) {
			end = e
		}
	}
	start := end.Add(-b.window)
	// Either end is late by up to Retry-After's rounding and a round trip.
	tol := time.Second + 2*b.rtt
	if d := held.Sub(start); b.window > 2*tol && !held.IsZero() && held.Before(now) && d < tol && d > -tol {
		if refused, ok := b.lastLimitedBefore(held); ok {
			return float64(b.admittedAfter(refused)), true
		}
	}
	return float64(b.admittedFrom(start)), false
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
