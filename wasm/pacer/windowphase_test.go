package pacer

import (
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// TestBucketLearnsWindowPhase: 6 s windows starting at t0 on the server's
// clock. Once the headers' count has restarted, the bucket knows where the
// window ends, and spreads what is left over the time truly left, not over
// the whole second that inin-ratelimit-reset rounds up to.
func TestBucketLearnsWindowPhase(t *testing.T) {
	const window = 6 * time.Second
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	// answered sends a request at sent, answered at now with these headers;
	// the server's window ends at t0+6 s, so reset is rounded up from there.
	answered := func(b *bucket, sent, now time.Time, count int) {
		b.SentAt(&send{at: sent, answer: admitted})
		end := t0.Add(window)
		if now.Before(t0) {
			end = t0
		}
		reset := time.Duration((int64(end.Sub(now)) + int64(time.Second) - 1) / int64(time.Second) * int64(time.Second))
		b.headersAt(now, sent, genesys.RateLimit{Known: true, Count: count, Allowed: 100, Reset: reset})
	}
	spacing := newBucket(genesys.BucketIVRPut, 100, window).spacing()

	b := newBucket(genesys.BucketIVRPut, 100, window)
	answered(b, ms(-100), ms(-60), 97) // the old window: 97 used
	answered(b, ms(10), ms(50), 1)     // the count restarted: a window began in (-100 ms, 50 ms]
	// Late in the window: 90 used, 10 left, 0.45 s left (the header says 1 s).
	answered(b, ms(5500), ms(5550), 90)
	if got, want := b.hdr.reset, ms(6050); !got.Equal(want) {
		t.Errorf("believed end of window %v after t0, want %v (the restart's answer + 6 s)", got.Sub(t0), want.Sub(t0))
	}
	// 10 left over 0.55 s from the last send is 55 ms apart, under the
	// spacing: the spacing paces. Over the rounded-up second it would be 105 ms.
	if got, want := b.DelayAt(ms(5550)), spacing-50*time.Millisecond; got != want {
		t.Errorf("DelayAt = %v, want %v", got, want)
	}

	// Without a restart seen, the rounded-up reset is all there is.
	b = newBucket(genesys.BucketIVRPut, 100, window)
	answered(b, ms(5500), ms(5550), 90)
	if got, want := b.hdr.reset, ms(6550); !got.Equal(want) {
		t.Errorf("no phase: believed end %v after t0, want %v", got.Sub(t0), want.Sub(t0))
	}
}

// TestWindowPhaseStaysInsideHeaders: a phase that disagrees with the headers
// (a window length that is not the server's) never moves the end outside
// what inin-ratelimit-reset allows; another bucket's count is no restart.
func TestWindowPhaseStaysInsideHeaders(t *testing.T) {
	var p windowPhase
	rl := func(count, allowed int) genesys.RateLimit {
		return genesys.RateLimit{Known: true, Count: count, Allowed: allowed, Reset: 3 * time.Second}
	}
	p.seeHeaders(t0, t0, rl(50, 100))
	p.seeHeaders(t1, t1, rl(5, 300)) // another bucket's figures
	if !p.start.IsZero() {
		t.Fatalf("a lower count of another bucket was taken for a restart at %v", p.start)
	}
	p.seeHeaders(t2, t2, rl(3, 300)) // 300's own count went down from 5: a restart
	if !p.start.Equal(t2) {
		t.Fatalf("start %v, want %v", p.start, t2)
	}
	now := t2.Add(10 * time.Second)
	// With a 60 s window the next end would be t2+60 s: far outside (now+2 s, now+3 s].
	if got, want := p.resetAt(now, 3*time.Second, time.Minute), now.Add(3*time.Second); !got.Equal(want) {
		t.Errorf("resetAt = %v, want the header's %v", got, want)
	}
	// With a 12.5 s window the end is t2+12.5 s = now+2.5 s: inside, so taken.
	if got, want := p.resetAt(now, 3*time.Second, 12500*time.Millisecond), t2.Add(12500*time.Millisecond); !got.Equal(want) {
		t.Errorf("resetAt = %v, want %v", got, want)
	}
}
