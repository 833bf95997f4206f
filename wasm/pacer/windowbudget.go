package pacer

import (
	"math"
	"time"
)

// With the headers hidden, a 429 still says when the server's window ends:
// its Retry-After (header, else the body's "[N] seconds") is the time left in
// the window, in whole seconds rounded up. Windows are fixed and of a known
// length, so once one end is known every later one is, to within that second
// and a round trip. A bucket whose rate was learned from 429s then spends its
// learned budget in each of the server's windows, spread over the part of the
// window where a send surely lands in it, rather than pacing a little under
// the rate on a clock of its own (which gives a send or two of every window
// away); and it knows how much of the window's budget is still unspent, for
// the end-of-run sprint (see bucket.sprinting).

// windowEnds brackets the ends of the server's fixed windows: one window
// ends in (lo, hi], the others whole windows before or after. The zero value
// knows nothing.
type windowEnds struct {
	lo, hi time.Time
}

// see429 learns from a 429 to a request sent at sent and answered at now
// that said retryAfter: the server refused it in between, with retryAfter
// (rounded up to whole seconds) left in its window, so that window ends in
// (sent+retryAfter−1s, now+retryAfter]. A bracket that agrees with the one
// known, shifted by whole windows, narrows it; one that does not (the
// server's windows are not the ones believed) replaces it.
func (w *windowEnds) see429(sent, now time.Time, retryAfter, window time.Duration) {
	if retryAfter <= 0 || window <= 0 {
		return
	}
	lo, hi := sent.Add(retryAfter-time.Second), now.Add(retryAfter)
	if !w.hi.IsZero() {
		k := time.Duration(math.Round(float64(hi.Sub(w.hi)) / float64(window)))
		plo, phi := w.lo.Add(k*window), w.hi.Add(k*window)
		if nlo, nhi := later(lo, plo), earlier(hi, phi); nlo.Before(nhi) {
			lo, hi = nlo, nhi
		}
	}
	w.lo, w.hi = lo, hi
}

func (w *windowEnds) known() bool { return !w.hi.IsZero() }

// at returns the window, as believed, that holds t: no server window starts
// after start, so a send at or after it is never counted in the window
// before; the server's next window may start up to spread() before end.
func (w *windowEnds) at(t time.Time, window time.Duration) (start, end time.Time) {
	k := time.Duration(math.Floor(float64(t.Sub(w.hi)) / float64(window)))
	start = w.hi.Add(k * window)
	return start, start.Add(window)
}

// spread is how far the believed windows may lie after the server's.
func (w *windowEnds) spread() time.Duration { return w.hi.Sub(w.lo) }

// phased reports whether the bucket paces by the server's windows: its rate
// was learned from 429s, it knows where their windows end, and no fresh
// headers say better.
func (b *bucket) phased(t time.Time) bool {
	return b.ends.known() && b.believed() == LimitLearned && !t.Before(b.hdr.reset)
}

// budget is the sends per server window the learned rate allows.
func (b *bucket) budget() int { return max(int(b.rate+1e-9), 1) }

// usedIn counts the sends that may count in the server's window believed
// to be [start, end) and were not refused (a refused request consumes
// nothing of the server's window): those that left in it, and those that
// left in the part of the window before where a send may land in either
// (its last spread()+RTT), charged to both so that neither is overspent.
func (b *bucket) usedIn(start, end time.Time) int {
	start = start.Add(-b.unsure())
	n := 0
	for i := len(b.log) - 1; i >= 0 && !b.log[i].at.Before(start); i-- {
		if s := b.log[i]; s.at.Before(end) && s.answer != limited {
			n++
		}
	}
	return n
}

// unsure is how long before a believed window's end a send may land in the
// server's next window: what is unknown of the phase, and a round trip.
func (b *bucket) unsure() time.Duration { return b.ends.spread() + b.rtt }

// inWindow moves t, a send time the spacing allows, to where the server's
// windows allow it: the used-th of budget slots evenly spread over the part
// of t's window where a send lands in it whatever the true phase (the
// window's last unsure() is not), or the next window when this one's budget
// is spent. A sprint takes what the window has left at once. Sends that fall
// behind their slots (a slow server, a busy page) may still leave in the
// window's last unsure(): usedIn charges them to the next window too, which
// costs that window nothing it could have used, where waiting for it cost
// this one the rest of its budget.
func (b *bucket) inWindow(t time.Time, sprint bool) time.Time {
	start, end := b.ends.at(t, b.window)
	used, budget := b.usedIn(start, end), b.budget()
	if used >= budget {
		return end
	}
	if sprint {
		return t
	}
	z := end.Add(-b.unsure()).Sub(start)
	if z <= 0 {
		// A window shorter than what is unknown of its phase: no part of
		// it is sure; the budget alone bounds it.
		return t
	}
	return later(t, start.Add(z*time.Duration(used)/time.Duration(budget)))
}

// allowance is how many more sends the server's window holding t admits,
// as far as the bucket knows (-1: it does not know).
func (b *bucket) allowance(t time.Time) int {
	if h := b.hdr; t.Before(h.reset) {
		return max(h.remaining-b.sentSince(h.at), 0)
	}
	if b.phased(t) {
		start, end := b.ends.at(t, b.window)
		return max(b.budget()-b.usedIn(start, end), 0)
	}
	return -1
}

// sprinting reports whether the last left sends fit in what the window
// holding t still admits: then they leave at the ceiling's pace, not spread
// over the window, since nothing after them needs the rest of it.
func (b *bucket) sprinting(t time.Time, left int) bool {
	return left > 0 && left <= b.allowance(t)
}

// seeRoundTrip keeps a slowly decaying maximum of the round trips, which
// bounds how long after leaving a send reaches the server.
func (b *bucket) seeRoundTrip(d time.Duration) {
	if d > b.rtt {
		b.rtt = d
		return
	}
	b.rtt -= (b.rtt - d) / 8
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
