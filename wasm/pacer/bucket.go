package pacer

import (
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// headroom keeps paced sends a little under the believed rate, so that
// latency jitter cannot squeeze one send too many into a server's window.
const headroom = 0.98

// bucket paces the requests that consume one rate limit.
//
// It lets one send leave every window/rate, with no burst: credit saved
// while idle or blocked would be spent at once just as a fixed window
// resets, which is when 429s come back. When the rate-limit headers are
// readable it also spreads what remains of the server's window over the time
// left in it, so the budget other clients of the same user (the Genesys UI)
// spend is left to them. Without headers it learns from 429s (see learn.go),
// and once their Retry-After told where the server's windows end, it spends
// the learned budget in each of them (windowbudget.go). The last sends of a
// batch that fit in what the window still admits leave at the ceiling's pace
// instead of being spread (the end-of-run sprint).
//
// All methods take the time; none reads a clock. The zero value is not
// usable: see newBucket. A bucket is not safe for concurrent use; the queue
// guards it.
type bucket struct {
	name   genesys.Bucket
	window time.Duration
	limit  float64     // ceiling: documented, limits API, or the headers' allowed
	rate   float64     // believed sends per window, ≤ limit
	source LimitSource // where limit came from

	cutAt       time.Time // the last 429 that cut the rate; zero before any
	cutAdmitted float64   // what the server's window had admitted by then
	last        time.Time // last send
	blocked     time.Time // nothing is sent before this (after a 429)
	serverHold  time.Time // nor before this (a server error's backoff); RetryNow may lift it
	hdr         rateHeader
	win         windowPhase   // the server's window, from the headers' count (windowphase.go)
	ends        windowEnds    // the server's windows, from 429s' Retry-After (windowbudget.go)
	rtt         time.Duration // a slowly decaying maximum of the round trips
	log         []*send       // the sends of the last two windows, oldest first
}

// rateHeader is what the last readable inin-ratelimit-* headers said.
type rateHeader struct {
	at        time.Time // when the request that brought them was sent
	remaining int       // allowed - count
	reset     time.Time // when the server's window ends
}

// send is one request through a bucket; the request shares it with all
// its buckets, so marking its answer once marks it everywhere.
type send struct {
	at     time.Time
	answer answer
}

type answer int

const (
	pending answer = iota
	admitted
	limited // answered 429
)

func newBucket(name genesys.Bucket, limit int, window time.Duration) *bucket {
	l := float64(max(limit, 1))
	return &bucket{name: name, window: window, limit: l, rate: l, source: LimitDocumented}
}

// spacing is the time between two sends at the believed rate.
func (b *bucket) spacing() time.Duration {
	return time.Duration(float64(b.window) / (b.rate * headroom))
}

// nextAt is the earliest time the next send may leave.
func (b *bucket) nextAt() time.Time { return b.nextAtFor(0) }

// nextAtFor is nextAt when the batch still needs left sends through the
// bucket (0: not known): when they fit in what the server's window still
// admits, they sprint (see sprinting).
func (b *bucket) nextAtFor(left int) time.Time {
	t := later(b.blocked, b.serverHold)
	from := later(t, b.last) // the next send's window is judged from here
	sprint, phased := b.sprinting(from, left), b.phased(from)
	if !b.last.IsZero() {
		d := b.spacing()
		switch {
		case sprint:
			d = time.Duration(float64(b.window) / b.limit)
		case phased:
			d = time.Duration(float64(b.window) / (b.limit * headroom))
		}
		t = later(t, b.last.Add(d))
	}
	if h := b.hdr; t.Before(h.reset) {
		// Sends answered after the headers were counted are not in them.
		left := h.remaining - b.sentSince(h.at)
		if left <= 0 {
			return h.reset
		}
		if !sprint {
			t = later(t, b.last.Add(h.reset.Sub(b.last)/time.Duration(left)))
		}
	} else if phased {
		t = b.inWindow(t, sprint)
	}
	return t
}

// DelayAt is how long a send at now would have to wait.
func (b *bucket) DelayAt(now time.Time) time.Duration {
	return max(b.nextAt().Sub(now), 0)
}

// SentAt records a send leaving at s.at.
func (b *bucket) SentAt(s *send) {
	b.last = s.at
	b.log = append(b.log, s)
	cut := 0
	for cut < len(b.log) && s.at.Sub(b.log[cut].at) > 2*b.window {
		cut++
	}
	b.log = b.log[cut:]
}

// sentSince counts the sends that left after t.
func (b *bucket) sentSince(t time.Time) int {
	n := 0
	for i := len(b.log) - 1; i >= 0 && b.log[i].at.After(t); i-- {
		n++
	}
	return n
}

// limitedSince counts the sends that left after t and were answered 429.
func (b *bucket) limitedSince(t time.Time) int {
	n := 0
	for i := len(b.log) - 1; i >= 0 && b.log[i].at.After(t); i-- {
		if b.log[i].answer == limited {
			n++
		}
	}
	return n
}

// admittedFrom counts the sends at or after t that were not refused.
func (b *bucket) admittedFrom(t time.Time) int {
	n := 0
	for i := len(b.log) - 1; i >= 0 && !b.log[i].at.Before(t); i-- {
		if b.log[i].answer == admitted {
			n++
		}
	}
	return n
}

// lastLimitedBefore returns when the last send before t that was answered
// 429 left, if the log still holds one.
func (b *bucket) lastLimitedBefore(t time.Time) (time.Time, bool) {
	for i := len(b.log) - 1; i >= 0; i-- {
		if s := b.log[i]; s.answer == limited && s.at.Before(t) {
			return s.at, true
		}
	}
	return time.Time{}, false
}

// admittedAfter counts the sends after t that were not refused.
func (b *bucket) admittedAfter(t time.Time) int {
	n := 0
	for i := len(b.log) - 1; i >= 0 && b.log[i].at.After(t); i-- {
		if b.log[i].answer == admitted {
			n++
		}
	}
	return n
}

// headersAt takes in readable rate-limit headers from a request sent at sent
// and answered at now.
func (b *bucket) headersAt(now, sent time.Time, rl genesys.RateLimit) {
	if !rl.Known {
		return
	}
	if rl.Allowed > 0 {
		b.setLimit(rl.Allowed, LimitServer)
	}
	b.win.seeHeaders(now, sent, rl)
	b.hdr = rateHeader{at: sent, remaining: rl.Allowed - rl.Count, reset: b.win.resetAt(now, rl.Reset, b.window)}
}

// headersFresh reports whether the headers describe the server's current
// window: then they pace the bucket, and 429s need not teach it anything.
func (b *bucket) headersFresh(now time.Time) bool { return now.Before(b.hdr.reset) }

// setLimit sets the ceiling (limits API, headers). A rate learned from 429s
// stays when it is lower: the ceiling is what may be, not what is.
func (b *bucket) setLimit(perWindow int, src LimitSource) {
	b.limit = float64(max(perWindow, 1))
	b.source = src
	if b.cutAt.IsZero() || b.rate > b.limit {
		b.rate = b.limit
	}
}

// blockUntil holds every send until t.
func (b *bucket) blockUntil(t time.Time) { b.blocked = later(b.blocked, t) }

// holdForServer holds every send until t after a server error. It is kept
// apart from a 429's hold: a server that failed once may be tried again at
// once when the person asks (RetryNow), a Retry-After never.
func (b *bucket) holdForServer(t time.Time) { b.serverHold = later(b.serverHold, t) }

// believed says where the rate the bucket paces at comes from: a rate cut
// below its ceiling was learned from 429s, else it is the ceiling's.
func (b *bucket) believed() LimitSource {
	if !b.cutAt.IsZero() && b.rate < b.limit {
		return LimitLearned
	}
	return b.source
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
