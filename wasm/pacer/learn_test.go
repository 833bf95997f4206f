package pacer

import (
	"math"
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// window sends n through b from at at its pace, then meets a 429 with the
// seconds left in the fixed window ending at end; it returns end.
func window(b *bucket, at, end time.Time, n int) time.Time {
	for range n {
		sent(b, at)
		at = at.Add(b.spacing())
	}
	ra := end.Sub(at)
	b.limitAt(at, end, ra, true)
	return end
}

func TestLimitAtFloorsAtWhatTheWindowAdmitted(t *testing.T) {
	b := newBucket(genesys.BucketIVRPut, 100, time.Minute)
	// A fixed window of 40 met at 100/min: the first 429 cuts by 0.7 only
	// (a crowded window would admit few too), the second, admitting 40
	// again, trusts the count.
	at := t0
	for i, want := range []float64{70, 40} {
		at = window(b, at, t0.Add(time.Duration(i+1)*time.Minute), 40)
		if math.Abs(b.rate-want) > 1e-9 {
			t.Errorf("429 %d: rate %.2f, want %.0f", i+1, b.rate, want)
		}
	}
	// At 70/min a window of 60 admits 60: the floor holds the cut there.
	b = newBucket(genesys.BucketIVRPut, 100, time.Minute)
	b.rate = 70
	window(b, t0, t0.Add(time.Minute), 60)
	if b.rate != 60 {
		t.Errorf("rate %.2f, want the 60 the window admitted", b.rate)
	}
}

func TestLimitAtCrowdedWindowCutsByDecreaseOnly(t *testing.T) {
	b := newBucket(genesys.BucketIVRPut, 100, time.Minute)
	at := window(b, t0, t0.Add(time.Minute), 10) // others spent 90
	if b.rate != 70 {
		t.Errorf("rate %.2f after a crowded window, want 70", b.rate)
	}
	window(b, at, at.Add(time.Minute), 45) // a different count: no trust yet
	if math.Abs(b.rate-49) > 1e-9 {
		t.Errorf("rate %.2f, want 49", b.rate)
	}
}

func TestLimitAtOncePerEpisode(t *testing.T) {
	b := newBucket(genesys.BucketIVRPut, 100, time.Minute)
	b.limitAt(t0, t5, 30*time.Second, true)
	b.limitAt(t1, t5, 30*time.Second, true) // a second write in flight meets the same window
	if b.rate != 70 {
		t.Errorf("rate %v after two 429s of one episode, want one cut to 70", b.rate)
	}
	if got := b.DelayAt(t1); got != t5.Sub(t1) {
		t.Errorf("DelayAt %v, want the whole bucket held till Retry-After", got)
	}
}

func TestLimitAtShortRetryAfterIsOneEpisode(t *testing.T) {
	b := newBucket(genesys.BucketIVRPut, 100, time.Minute)
	b.limitAt(t0, t4, 10*time.Second, true)
	// Retry-After was rounded down: the retry at t4 is refused again.
	sent(b, t4)
	b.log[len(b.log)-1].answer = limited
	b.limitAt(t4, t4.Add(time.Second), time.Second, true)
	if b.rate != 70 {
		t.Errorf("rate %v, want a single cut to 70", b.rate)
	}
	// Once a send got through, a 429 is news again.
	sent(b, t5)
	b.limitAt(t5.Add(time.Second), t6, 29*time.Second, true)
	if math.Abs(b.rate-49) > 1e-9 {
		t.Errorf("rate %v, want a second cut to 49", b.rate)
	}
}

func TestLimitAtWithFreshHeadersOnlyHolds(t *testing.T) {
	b := newBucket(genesys.BucketIVRPut, 100, time.Minute)
	b.headersAt(t0, t0, genesys.RateLimit{Known: true, Count: 100, Allowed: 100, Reset: 30 * time.Second})
	b.limitAt(t1, t5, 30*time.Second, true)
	if b.rate != 100 {
		t.Errorf("rate %v; with headers the remaining budget paces, no cut wanted", b.rate)
	}
}

func TestAdmitAtIncreasesSlowlyThenFaster(t *testing.T) {
	b := newBucket(genesys.BucketIVRPut, 100, time.Minute)
	b.rate, b.cutAt = 40, t0
	perWindow := func(from time.Time) float64 { // one window's successes from from
		r0 := b.rate
		for i := range int(b.rate) {
			b.admitAt(from.Add(time.Duration(i) * b.spacing()))
		}
		return b.rate - r0
	}
	if g := perWindow(t0); math.Abs(g-increase) > increase/5 {
		t.Errorf("first window after a cut gained %.3f, want about %.2f", g, increase)
	}
	if g, want := perWindow(t0.Add(8*time.Minute)), 4*increase; math.Abs(g-want) > want/5 {
		t.Errorf("eight quiet windows later gained %.3f, want about %.2f (two doublings)", g, want)
	}
	for range 1000 {
		b.admitAt(t0.Add(time.Hour))
	}
	if b.rate != 100 {
		t.Errorf("rate %v, want the ceiling 100 and no more", b.rate)
	}
}

// fixedWindow is a server's fixed-window limit with a steady background
// load (the Genesys UI), evenly spread, as the simulator does it.
type fixedWindow struct {
	origin     time.Time
	window     time.Duration
	limit, bg  int
	idx        int64
	used, bgOK int
}

// take answers a request at t: admitted, or the time left in the window.
func (f *fixedWindow) take(t time.Time) (bool, time.Duration) {
	el := t.Sub(f.origin)
	if idx := int64(el / f.window); idx != f.idx {
		f.idx, f.used, f.bgOK = idx, 0, 0
	}
	into := el - time.Duration(f.idx)*f.window
	for f.bg > 0 && f.bgOK < f.bg && time.Duration((2*f.bgOK+1))*f.window/time.Duration(2*f.bg) <= into {
		f.bgOK++
		if f.used < f.limit {
			f.used++
		}
	}
	reset := f.window - into
	if f.used >= f.limit {
		return false, reset
	}
	f.used++
	return true, 0
}

// TestAIMDConverges drives a bucket that believes the documented 100/min
// against fixed windows that allow less, headers hidden: it must find the
// limit within a few 429s and then use nearly all of it.
func TestAIMDConverges(t *testing.T) {
	for _, tc := range []struct {
		limit, bg int
		max429    int
		minUse    float64 // of the share left by the background
	}{
		{100, 0, 0, 0.97},
		{70, 0, 5, 0.95},
		{40, 0, 6, 0.95},
		{40, 10, 8, 0.95},
		{100, 20, 6, 0.95},
		{10, 0, 8, 0.90},
	} {
		const windows = 30
		srv := &fixedWindow{origin: t0.Add(-17 * time.Second), window: time.Minute, limit: tc.limit, bg: tc.bg}
		b := newBucket(genesys.BucketIVRPut, 100, time.Minute)
		end := t0.Add(windows * time.Minute)
		ok, n429 := 0, 0
		for at := t0; at.Before(end); at = later(at, b.nextAt()) {
			s := &send{at: at}
			b.SentAt(s)
			if good, reset := srv.take(at); good {
				s.answer = admitted
				b.admitAt(at)
				ok++
			} else {
				s.answer = limited
				ra := time.Duration(math.Ceil(reset.Seconds())) * time.Second // as Retry-After says it
				b.limitAt(at, at.Add(ra), ra, true)
				n429++
			}
		}
		share := float64(tc.limit-tc.bg) * windows
		t.Logf("limit %d bg %d: admitted %d of %.0f (%.1f%%), %d 429s, final rate %.1f",
			tc.limit, tc.bg, ok, share, 100*float64(ok)/share, n429, b.rate)
		if n429 > tc.max429 {
			t.Errorf("limit %d bg %d: %d 429s, want at most %d", tc.limit, tc.bg, n429, tc.max429)
		}
		if use := float64(ok) / share; use < tc.minUse {
			t.Errorf("limit %d bg %d: used %.3f of the share, want at least %.2f", tc.limit, tc.bg, use, tc.minUse)
		}
	}
}
