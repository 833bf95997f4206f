package pacer

import "time"

// WaitCause is what a waiting job, or the whole batch, waits for. The
// strings are a public contract: the page puts them in data-cause attributes.
type WaitCause string

const (
	WaitRateLimit WaitCause = "rate-limit" // a 429 (or the server's window used up): its Retry-After is never cut short
	WaitServer    WaitCause = "server"     // a server error or a network fault: backoff, which RetryNow may cut
	WaitReread    WaitCause = "reread"     // someone else changed the IVR: read it again
	WaitAuth      WaitCause = "auth"       // signing in again
)

// LimitSource says where the limit the queue believes came from.
type LimitSource string

const (
	LimitDocumented LimitSource = "documented" // Genesys's published default
	LimitOrg        LimitSource = "org"        // the org's limits API
	LimitServer     LimitSource = "server"     // rate-limit headers or a 429's body
	LimitLearned    LimitSource = "learned"    // cut by 429s below the ceiling
)

// Wait is the whole batch waiting on one shared cause: nothing is in flight
// and nothing may leave before Until (zero while signing in: no clock).
type Wait struct {
	Cause  WaitCause
	Until  time.Time
	Reason string // in words, as a job's WaitReason
}

// minBatchWait is the shortest wait called the whole batch's: below it the
// page would flash a banner between two ordinary sends.
const minBatchWait = time.Second

// batchWaitAt says whether every job waits on one cause at now, and which.
// Called with q.mu held.
func (q *Queue) batchWaitAt(now time.Time, state BatchState) *Wait {
	switch {
	case state == BatchWaitingAuth:
		return &Wait{Cause: WaitAuth, Reason: reasonAuth}
	case state != BatchRunning || q.reads+q.writes > 0:
		return nil
	}
	r, next := q.pickAt(now)
	if r != nil || next.IsZero() || next.Sub(now) < minBatchWait {
		return nil
	}
	// The cause is the first hold that lasts until sending can start again. Plain
	// pacing (the next slot at the believed rate) is no wait.
	var w *Wait
	consider := func(c WaitCause, until time.Time, why string) {
		if until.Before(next.Add(-10*time.Millisecond)) || w != nil && !until.Before(w.Until) {
			return
		}
		w = &Wait{Cause: c, Until: until, Reason: why}
	}
	for _, b := range q.writeB {
		consider(WaitRateLimit, b.blocked, rateReason(b))
		consider(WaitServer, b.serverHold, "server error; waiting before trying again")
		if h := b.hdr; now.Before(h.reset) && h.remaining-b.sentSince(h.at) <= 0 {
			consider(WaitRateLimit, h.reset, rateReason(b))
		}
	}
	for _, j := range q.jobs[q.first:] {
		if j.view.State == JobWaiting && j.view.Cause != "" {
			consider(j.view.Cause, j.view.NextTryAt, j.view.WaitReason)
		}
	}
	if w != nil {
		w.Until = next
	}
	return w
}

// RetryNow is RetryNowAt(time.Now()).
func (q *Queue) RetryNow() bool { return q.RetryNowAt(time.Now()) }

// RetryNowAt ends a server-error backoff that the whole batch waits on: the
// waiting jobs are tried at once. It never cuts a 429's Retry-After short
// (the server would only refuse again and count it), so it does nothing
// unless the batch waits on a server error; it reports whether it did.
func (q *Queue) RetryNowAt(now time.Time) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	w := q.batchWaitAt(now, q.batchState())
	if w == nil || w.Cause != WaitServer {
		return false
	}
	for _, b := range q.buckets {
		b.serverHold = time.Time{}
	}
	for _, j := range q.jobs[q.first:] {
		if j.view.State == JobWaiting && j.view.Cause == WaitServer && j.view.NextTryAt.After(now) {
			j.view.NextTryAt = now
		}
	}
	q.changed()
	return true
}
