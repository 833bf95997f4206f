package pacer

import (
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// Genesys's inin-ratelimit-reset is whole seconds, rounded up: taken as it
// is, the end of the server's window looks up to a second later than it is,
// and the budget left is spread over time that does not exist (5 % of a 20 s
// window, more of a shrunk one). The moment the headers' count restarts pins
// the window's phase instead: the server's window began after the previous
// request was sent and before this one's answer came. Windows are fixed and
// of a known length, so every later reset follows from that moment.

// windowPhase is what the headers told of the server's fixed windows.
type windowPhase struct {
	start       time.Time // a window began at or before this moment (zero: unknown)
	lastSent    time.Time // send time of the request of the last headers
	lastCount   int
	lastAllowed int // a count of another bucket (another allowed) says nothing
}

// seeHeaders notes the count of headers brought by a request sent at sent
// and answered at now. When the count went down, a new window began after
// the previous request left and no later than now: taking now errs late, by
// at most the gap between the two requests plus a round trip, so the window
// believed never ends before the server's does.
func (p *windowPhase) seeHeaders(now, sent time.Time, rl genesys.RateLimit) {
	if !p.lastSent.IsZero() && sent.After(p.lastSent) && rl.Allowed == p.lastAllowed && rl.Count < p.lastCount {
		p.start = now
	}
	if sent.After(p.lastSent) || p.lastSent.IsZero() {
		p.lastSent, p.lastCount, p.lastAllowed = sent, rl.Count, rl.Allowed
	}
}

// resetAt is when the server's current window ends, seen at now with headers
// saying reset (whole seconds, rounded up) from now. The true end lies in
// (now+reset-1s, now+reset]; with a known phase the end is start + k·window,
// kept inside that interval (a window length that is not the server's, or a
// server that rounds otherwise, cannot push it out).
func (p *windowPhase) resetAt(now time.Time, reset, window time.Duration) time.Time {
	hi := now.Add(reset)
	if p.start.IsZero() || window <= 0 || reset <= 0 {
		return hi
	}
	lo := hi.Add(-time.Second)
	k := now.Sub(p.start)/window + 1
	if now.Before(p.start) {
		k = 0
	}
	end := p.start.Add(k * window)
	if end.Before(lo) || end.After(hi) {
		return hi
	}
	return end
}
