package pacer

import (
	"fmt"
	"math"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// request is one read or write the runner sends.
type request struct {
	j       *job
	job     Job // a copy: the sending goroutine must not touch j
	write   bool
	read    any
	buckets []*bucket
	send    *send
}

// pickAt chooses a request that may leave at now. Without one, it returns
// when one might (zero: not before an answer or a control call).
//
// Writes come first, in job order: only the first job that is ready may
// write. Reads fill the pipeline up to ReadAhead jobs ahead of the writes,
// in job order, skipping jobs whose Key an earlier unended job holds or
// whose After jobs are not done; a read that would push a pending write
// past its slot waits for it.
func (q *Queue) pickAt(now time.Time) (*request, time.Time) {
	if !q.canSend() {
		return nil, time.Time{}
	}
	var next time.Time
	soon := func(t time.Time) {
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	var w *job
	pipeline := 0
	for _, j := range q.jobs[q.first:] {
		if j.phase == ready || j.phase == reading {
			pipeline++
			if w == nil && j.phase == ready {
				w = j
			}
		}
		if w != nil && pipeline >= q.opt.ReadAhead {
			break // all that is needed: not the rest of a long batch on every answer
		}
	}
	var writeAt time.Time
	if w != nil && q.writes < q.opt.InFlight {
		writeAt = w.nextTry()
		for _, b := range q.writeB {
			writeAt = later(writeAt, b.nextAtFor(q.writesLeft()))
		}
		if !writeAt.After(now) {
			return q.request(w, true), time.Time{}
		}
		soon(writeAt)
	}
	if pipeline >= q.opt.ReadAhead {
		return nil, next
	}
	if j, t := q.readable(now); j != nil {
		if !writeAt.IsZero() && t.Add(maxSpacing(q.readB)).After(writeAt) {
			t = later(t, writeAt) // the write goes first; reads follow it
		}
		if !t.After(now) {
			return q.request(j, false), time.Time{}
		}
		soon(t)
	} else if !t.IsZero() {
		soon(t)
	}
	return nil, next
}

// readable returns the first job whose read may be sent, and when; or, if
// none may yet, when the first one waiting on a clock may.
func (q *Queue) readable(now time.Time) (*job, time.Time) {
	var retryAt time.Time
	claimed := map[string]bool{}
	for _, j := range q.jobs[q.first:] {
		if j.phase == ended {
			continue
		}
		free := j.view.Key == "" || !claimed[j.view.Key]
		claimed[j.view.Key] = true
		if j.phase != needRead || !free || !q.depsDone(j) {
			continue
		}
		if t := j.nextTry(); t.After(now) {
			if retryAt.IsZero() || t.Before(retryAt) {
				retryAt = t
			}
			continue
		}
		return j, nextAt(q.readB)
	}
	return nil, retryAt
}

func (q *Queue) depsDone(j *job) bool {
	for _, id := range j.view.After {
		if d := q.byID[id]; d == nil || d.view.State != JobDone {
			return false
		}
	}
	return true
}

func (q *Queue) request(j *job, write bool) *request {
	r := &request{j: j, job: j.view.Job, write: write, read: j.read, buckets: q.readB}
	if write {
		r.buckets = q.writeB
	}
	return r
}

// startAt marks r as sent at now.
func (q *Queue) startAt(now time.Time, r *request) {
	r.send = &send{at: now}
	for _, b := range r.buckets {
		b.SentAt(r.send)
	}
	j := r.j
	if j.since.IsZero() {
		j.since = now
	}
	if r.write {
		q.counts[j.view.State]--
		j.phase = writing
		j.view.State, j.view.WaitReason, j.view.NextTryAt = JobSending, "", time.Time{}
		j.view.Attempts++
		j.writeTries++
		q.counts[JobSending]++
		q.writes++
	} else {
		j.phase = reading
		j.view.NextTryAt = time.Time{} // its wait is over; the reason stays while it reads
		q.reads++
	}
	q.hist.sentAt(now, r.write)
	q.changed()
}

// settle lists the changes no answer is needed for: cancelling what was
// not sent, failing jobs whose After jobs ended without being done, and
// offering held changes to the hook again.
func (q *Queue) settle() []change {
	var out []change
	for _, j := range q.jobs[q.first:] {
		switch {
		case j.phase == held && (q.cancelled || q.canSend()):
			out = append(out, *j.held)
		case q.cancelled && (j.phase == needRead || j.phase == ready):
			out = append(out, endChange(j, JobCancelled, ""))
		case j.phase == needRead && q.canSend():
			if why := q.depFailure(j); why != "" {
				out = append(out, endChange(j, JobFailed, why))
			}
		}
	}
	return out
}

// depFailure says why j can never run because of its After jobs, or "".
func (q *Queue) depFailure(j *job) string {
	for _, id := range j.view.After {
		d := q.byID[id]
		switch {
		case d == nil:
			return fmt.Sprintf("not applied: it must follow job %q, which is not in this batch", id)
		case d.view.State == JobFailed:
			return fmt.Sprintf("not applied: it must follow %q, which failed", d.view.Label)
		case d.view.State == JobCancelled:
			return fmt.Sprintf("not applied: it must follow %q, which was cancelled", d.view.Label)
		}
	}
	return ""
}

// stuck lists failures for jobs that can never start: nothing is in flight
// or waiting, yet none may be read (their After jobs wait for each other).
func (q *Queue) stuck() []change {
	if !q.canSend() || q.reads+q.writes > 0 || q.allEnded() {
		return nil
	}
	var out []change
	for _, j := range q.jobs[q.first:] {
		if j.phase != needRead && j.phase != ended {
			return nil
		}
		if j.phase == needRead {
			out = append(out, endChange(j, JobFailed, "not applied: its After jobs wait for each other"))
		}
	}
	return out
}

// writesLeft is how many writes the batch still needs, at least: one for
// each job neither ended nor being written.
func (q *Queue) writesLeft() int {
	return len(q.jobs) - q.counts[JobDone] - q.counts[JobFailed] - q.counts[JobCancelled] - q.writes
}

// nextAt is when every bucket in bs allows a send.
func nextAt(bs []*bucket) time.Time {
	var t time.Time
	for _, b := range bs {
		t = later(t, b.nextAt())
	}
	return t
}

func maxSpacing(bs []*bucket) time.Duration {
	var d time.Duration
	for _, b := range bs {
		d = max(d, b.spacing())
	}
	return d
}

// blame picks the bucket a 429 was for: the one the error body names, else
// the one its headers describe, else the route's own (the first).
func blame(bs []*bucket, err error, m genesys.Meta) *bucket {
	if l := errorLimit(err); l != nil {
		for _, b := range bs {
			if string(b.name) == l.Key {
				if l.Value > 0 {
					b.setLimit(l.Value, LimitServer)
				}
				return b
			}
		}
	}
	return headerBucket(bs, m.RateLimit)
}

// headerBucket picks the bucket readable rate-limit headers describe: the
// one whose limit is nearest what they allow, else the route's own. Genesys
// does not document which bucket they speak for; this reads right both a
// server that answers for the route and one that answers for the tightest
// bucket touched (as the simulator does).
func headerBucket(bs []*bucket, rl genesys.RateLimit) *bucket {
	best := bs[0]
	if !rl.Known || rl.Allowed <= 0 {
		return best
	}
	far := func(b *bucket) float64 { return math.Abs(math.Log(b.limit / float64(rl.Allowed))) }
	for _, b := range bs[1:] {
		if far(b) < far(best) {
			best = b
		}
	}
	return best
}

func errorLimit(err error) *genesys.ErrorLimit {
	if ge := asGenesys(err); ge != nil {
		return ge.Body.Limit
	}
	return nil
}
