package pacer

import (
	"net/http"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// Observe is ObserveAt(time.Now(), …). Its signature fits
// genesys.Client.Observe.
func (q *Queue) Observe(method, path string, m genesys.Meta) {
	q.ObserveAt(time.Now(), method, path, m)
}

// ObserveAt counts an answer at now to a request the queue did not send (the
// page listing IVRs, say) against the buckets it consumed, and learns from it
// as from the queue's own: headers, 429s and their Retry-After. Wire it only
// to a client the queue's Work does not use, or every request counts twice.
func (q *Queue) ObserveAt(now time.Time, method, path string, m genesys.Meta) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var bs []*bucket
	for _, name := range genesys.BucketsFor(method, path) {
		bs = append(bs, q.bucket(name))
	}
	s := &send{at: now, answer: admitted}
	for _, b := range bs {
		b.SentAt(s)
	}
	headerBucket(bs, m.RateLimit).headersAt(now, now, m.RateLimit)
	if m.Status == http.StatusTooManyRequests {
		s.answer = limited
		wait := max(m.RetryAfter, q.opt.BackoffInitial)
		b := blame(bs, nil, m)
		b.limitAt(now, now.Add(wait), m.RetryAfter, m.HasRetryAfter)
		if m.HasRetryAfter {
			b.ends.see429(now, now, m.RetryAfter, b.window)
		}
	} else {
		for _, b := range bs {
			b.admitAt(now)
		}
	}
	q.changed()
}
