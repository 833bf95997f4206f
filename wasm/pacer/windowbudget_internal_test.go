package pacer

import (
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// phasedBucket is a bucket at the documented 100/min that a 429 sent at t0
// and answered 50 ms later, saying Retry-After 10 s, taught a rate of 40.
func phasedBucket(window time.Duration) *bucket {
	b := newBucket(genesys.BucketIVRPut, 100, window)
	s := &send{at: t0, answer: limited}
	b.SentAt(s)
	answered := t0.Add(50 * time.Millisecond)
	b.rate, b.cutAt = 40, answered
	b.blockUntil(answered.Add(10 * time.Second))
	b.ends.see429(t0, answered, 10*time.Second, window)
	return b
}

func TestWindowEnds(t *testing.T) {
	var w windowEnds
	w.see429(t0, t1, 10*time.Second, time.Minute)
	if want := t0.Add(9 * time.Second); !w.lo.Equal(want) || !w.hi.Equal(t1.Add(10*time.Second)) {
		t.Fatalf("bracket (%v, %v]", w.lo.Sub(t0), w.hi.Sub(t0))
	}
	// A 429 two windows on, said at another point of the window, narrows it.
	// The first says (9 s, 10.3 s] of a minute; this one (9.6 s, 10.65 s].
	at := t0.Add(2*time.Minute + 29600*time.Millisecond)
	w.see429(at, at.Add(50*time.Millisecond), 41*time.Second, time.Minute)
	lo, hi := w.lo.Sub(t0), w.hi.Sub(t0)
	if lo != 3*time.Minute+9600*time.Millisecond || hi != 3*time.Minute+10300*time.Millisecond {
		t.Errorf("narrowed to (%v, %v]", lo, hi)
	}
	if w.spread() != 700*time.Millisecond {
		t.Errorf("spread %v, want 700ms", w.spread())
	}
	// One that disagrees (the windows are not where believed) replaces it.
	w.see429(at, at, 7*time.Second, time.Minute)
	if !w.hi.Equal(at.Add(7 * time.Second)) {
		t.Errorf("a disagreeing 429 kept the old bracket: hi %v", w.hi.Sub(t0))
	}
}

// TestBucketPhasedBudget: paced by the server's windows, a bucket spends
// its learned budget in each, spread over the part of the window a send
// surely lands in, then waits for the next window.
func TestBucketPhasedBudget(t *testing.T) {
	b := phasedBucket(time.Minute)
	end := t0.Add(50*time.Millisecond + 10*time.Second) // the window's end, as believed
	var sends []time.Time
	for at := b.nextAt(); at.Before(end.Add(2 * time.Minute)); at = b.nextAt() {
		b.SentAt(&send{at: at, answer: admitted})
		sends = append(sends, at)
	}
	if !sends[0].Equal(end) {
		t.Errorf("first send %v after the 429, want at the window's end as believed (%v)", sends[0].Sub(t0), end.Sub(t0))
	}
	perWindow := map[int]int{}
	for _, s := range sends {
		perWindow[int(s.Sub(end)/time.Minute)]++
	}
	if perWindow[0] != 40 || perWindow[1] != 40 {
		t.Errorf("sends per window %v, want 40 in each", perWindow)
	}
	// The budget spreads over the window less what is unknown of its phase.
	slot := (time.Minute - b.ends.spread()) / 40
	if gap := sends[1].Sub(sends[0]); gap != slot {
		t.Errorf("gap %v, want %v", gap, slot)
	}
	if last := sends[39].Sub(end); last >= time.Minute-b.ends.spread() {
		t.Errorf("the window's last send %v into it, past the part it surely lands in", last)
	}
}

// TestBucketPhasedShortWindow: a window shorter than what is unknown of its
// phase still lets the budget through (it once waited forever).
func TestBucketPhasedShortWindow(t *testing.T) {
	b := phasedBucket(800 * time.Millisecond)
	at := b.nextAt()
	for i := range 5 {
		next := b.nextAt()
		if next.Sub(at) > 100*time.Millisecond { // the ceiling's pace is 8 ms; the window 800
			t.Fatalf("send %d waits %v: one send per window", i, next.Sub(at))
		}
		b.SentAt(&send{at: next, answer: admitted})
		at = next
	}
}

// TestBucketSprint: the last sends of a batch that fit in what the window
// still admits leave at the ceiling's pace, not spread.
func TestBucketSprint(t *testing.T) {
	b := phasedBucket(time.Minute)
	at := b.nextAt()
	b.SentAt(&send{at: at, answer: admitted})
	spread := b.nextAtFor(100).Sub(at)
	sprint := b.nextAtFor(5).Sub(at)
	if sprint != 600*time.Millisecond || spread <= sprint {
		t.Errorf("5 left: next after %v, 100 left: after %v; want 600ms (100/min) and the spread slot", sprint, spread)
	}
	// With readable headers, the same: 3 left of the 5 the window still
	// admits; with more left, the 5 spread over the 5.3 s left of it.
	h := newBucket(genesys.BucketIVRPut, 100, time.Minute)
	h.SentAt(&send{at: t0, answer: admitted})
	h.headersAt(t1, t0, genesys.RateLimit{Known: true, Count: 95, Allowed: 100, Reset: 5 * time.Second})
	if d := h.nextAtFor(3).Sub(t0); d != 600*time.Millisecond {
		t.Errorf("headers, 3 left: next after %v, want 600ms", d)
	}
	if d := h.nextAtFor(80).Sub(t0); d != 1060*time.Millisecond {
		t.Errorf("headers, 80 left: next after %v, want 1.06s", d)
	}
}

// TestBucketPhasedLateSendsUseTheTail: sends that fell behind their slots
// (a slow server, a busy page) still leave in the window's last unsure()
// part, where a send may land in this window or the next, instead of the
// bucket idling until the next window with budget unspent (it did: a page
// slowed to 150 ms a PUT got 31 of 40 per window). Such a send is charged
// to both windows, so that neither is overspent.
func TestBucketPhasedLateSendsUseTheTail(t *testing.T) {
	b := phasedBucket(time.Minute)
	start := t0.Add(50*time.Millisecond + 10*time.Second) // the window after the 429, as believed
	end := start.Add(time.Minute)
	for i := range 10 {
		sent(b, start.Add(time.Duration(i)*time.Second))
	}
	unsure := b.ends.spread() + b.rtt
	late := end.Add(-unsure - 100*time.Millisecond) // behind: 10 of 40 sent
	sent(b, late)
	next := b.nextAt()
	ceiling := time.Duration(float64(b.window) / (b.limit * headroom))
	if want := late.Add(ceiling); !next.Equal(want) || !next.After(end.Add(-unsure)) || !next.Before(end) {
		t.Fatalf("next send %v before the window's end, want %v: in its last %v, not at its end",
			end.Sub(next), end.Sub(want), unsure)
	}
	sent(b, next)
	// The next window charges the tail send: 39 of its 40 are left.
	n := 0
	for at := b.nextAt(); at.Before(end.Add(time.Minute)); at = b.nextAt() {
		if at.Before(end) {
			t.Fatalf("a send at %v before the window's end, with 11 of 40 spent", end.Sub(at))
		}
		sent(b, at)
		n++
	}
	if n != 39 {
		t.Errorf("the next window sent %d, want 39: the tail send counts in it too", n)
	}
}
