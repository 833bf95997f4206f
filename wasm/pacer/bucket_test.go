package pacer

import (
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// Named instants, as in golang.org/x/time/rate's tests.
var (
	t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	t1 = t0.Add(300 * time.Millisecond)
	t2 = t0.Add(612 * time.Millisecond)
	t3 = t0.Add(613 * time.Millisecond)
	t4 = t0.Add(10 * time.Second)
	t5 = t0.Add(30 * time.Second)
	t6 = t0.Add(60 * time.Second)
)

// at100 is the IVR-PUT spacing at the documented 100/min, with headroom.
const at100 = 612244897 * time.Nanosecond

type step struct {
	name string
	at   time.Time
	do   func(b *bucket, at time.Time) // nil: only check
	wait time.Duration                 // DelayAt(at) after do
}

func run(t *testing.T, b *bucket, steps []step) {
	t.Helper()
	for i, s := range steps {
		if s.do != nil {
			s.do(b, s.at)
		}
		if got := b.DelayAt(s.at); got != s.wait {
			t.Errorf("step %d (%s): DelayAt = %v, want %v", i, s.name, got, s.wait)
		}
	}
}

func sent(b *bucket, at time.Time) { b.SentAt(&send{at: at, answer: admitted}) }

func TestBucketSpacing(t *testing.T) {
	b := newBucket(genesys.BucketIVRPut, 100, time.Minute)
	run(t, b, []step{
		{"fresh bucket sends at once", t0, nil, 0},
		{"send", t0, sent, at100},
		{"half way", t1, nil, at100 - 300*time.Millisecond},
		{"just before", t2, nil, at100 - 612*time.Millisecond},
		{"slot reached", t3, nil, 0},
		{"idle time earns no burst", t4, sent, at100},
	})
}

func TestBucketBlockNoBurst(t *testing.T) {
	b := newBucket(genesys.BucketIVRPut, 100, time.Minute)
	run(t, b, []step{
		{"send", t0, sent, at100},
		{"429: hold till t5", t1, func(b *bucket, _ time.Time) { b.blockUntil(t5) }, t5.Sub(t1)},
		{"an earlier block does not shorten it", t1, func(b *bucket, _ time.Time) { b.blockUntil(t4) }, t5.Sub(t1)},
		{"free at t5", t5, nil, 0},
		{"one send, then spaced again", t5, sent, at100},
	})
}

func TestBucketHeaders(t *testing.T) {
	b := newBucket(genesys.BucketIVRPut, 100, time.Minute)
	hdr := func(count, allowed int, reset time.Duration) func(*bucket, time.Time) {
		return func(b *bucket, at time.Time) {
			b.headersAt(at, b.last, genesys.RateLimit{Known: true, Count: count, Allowed: allowed, Reset: reset})
		}
	}
	run(t, b, []step{
		{"send", t0, sent, at100},
		// 40 of 45 spent (by others, mostly), 5 left over the 30 s till
		// the window resets: one every 6 s, not one every 612 ms.
		{"headers: 5 left for 30 s", t0, hdr(40, 45, 30*time.Second), 6 * time.Second},
		{"the allowed count is the ceiling", t0, nil, 6 * time.Second},
		{"send at the slot", t0.Add(6 * time.Second), sent, 6 * time.Second},
		// The send after the headers is not in them: 4 left for 24 s.
		{"sends since the headers count", t0.Add(6 * time.Second), nil, 6 * time.Second},
		{"none left: wait for the reset", t0.Add(6 * time.Second), hdr(45, 45, 24*time.Second), 24 * time.Second},
		{"after the reset the rate alone paces", t5.Add(time.Second), nil, 0},
	})
	if b.limit != 45 || b.rate != 45 {
		t.Errorf("limit, rate = %v, %v; want 45, 45 from the headers", b.limit, b.rate)
	}
}

func TestBucketSetLimit(t *testing.T) {
	b := newBucket(genesys.BucketIVRPut, 100, time.Minute)
	b.setLimit(50, LimitOrg)
	if b.rate != 50 {
		t.Errorf("rate %v after setLimit(50), want 50", b.rate)
	}
	b.setLimit(200, LimitOrg)
	if b.rate != 200 {
		t.Errorf("rate %v after setLimit(200) with nothing learned, want 200", b.rate)
	}
	b.rate, b.cutAt = 30, t0 // learned from 429s
	b.setLimit(100, LimitOrg)
	if b.rate != 30 || b.limit != 100 {
		t.Errorf("rate, limit = %v, %v; a learned rate must survive a higher ceiling", b.rate, b.limit)
	}
	b.setLimit(20, LimitOrg)
	if b.rate != 20 {
		t.Errorf("rate %v, want the lower ceiling 20", b.rate)
	}
}

func TestHeaderBucket(t *testing.T) {
	put := newBucket(genesys.BucketIVRPut, 100, time.Minute)
	cu := newBucket(genesys.BucketClientUser, 300, time.Minute)
	user := newBucket(genesys.BucketUser, 3000, time.Minute)
	bs := []*bucket{put, cu, user}
	for _, tc := range []struct {
		allowed int
		known   bool
		want    *bucket
	}{
		{0, false, put},
		{100, true, put},
		{40, true, put}, // lower than documented: still the route's
		{300, true, cu},
		{200, true, cu}, // nearer 300 than 100
		{3000, true, user},
	} {
		got := headerBucket(bs, genesys.RateLimit{Known: tc.known, Allowed: tc.allowed})
		if got != tc.want {
			t.Errorf("allowed %d: got %s, want %s", tc.allowed, got.name, tc.want.name)
		}
	}
}
