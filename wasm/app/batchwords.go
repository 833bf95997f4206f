package app

import (
	"fmt"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
	"strconv"
	"strings"
	"time"
)

// The words the page shows about a batch. Pure functions of the Batch and
// the time, so that each is tested natively, in virtual time.

// Count is n with its noun in the right number: "1 update", "2 updates".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// Countdown is the whole seconds left until until, rounded up (so 0 shows
// only once it is due), and the moment that number next changes: on the
// second boundary of the time left, not on a ticker of its own phase.
func Countdown(until, now time.Time) (secs int, next time.Time) {
	return ceilLeft(until, now, time.Second)
}

// ceilLeft is the units left until until, rounded up, and when that changes.
func ceilLeft(until, now time.Time, unit time.Duration) (int, time.Time) {
	d := until.Sub(now)
	if d <= 0 {
		return 0, time.Time{}
	}
	n := int((d + unit - 1) / unit)
	return n, until.Add(-time.Duration(n-1) * unit)
}

// ETAWords is the estimated time left until until in words, and when they
// next change. Under a minute it counts seconds; then minutes.
func ETAWords(until, now time.Time) (string, time.Time) {
	d := until.Sub(now)
	switch {
	case d <= 0:
		return "about to finish", time.Time{}
	case d <= time.Minute:
		n, next := ceilLeft(until, now, time.Second)
		return "about " + Count(n, "second", "seconds") + " left", next
	}
	n, next := ceilLeft(until, now, time.Minute)
	if next.Sub(now) > d-time.Minute {
		// The last minute is counted in seconds: change when it starts.
		next = until.Add(-time.Minute)
	}
	if n < 60 {
		return "about " + Count(n, "minute", "minutes") + " left", next
	}
	return fmt.Sprintf("about %s %s left", Count(n/60, "hour", "hours"), Count(n%60, "minute", "minutes")), next
}

// StatusWords is the batch's state in words: what it does, or why it waits
// and until when.
func StatusWords(b *Batch) string {
	if b == nil {
		return "No batch is running."
	}
	switch b.State {
	case pacer.BatchRunning:
		if w := b.Wait; w != nil && w.Cause != pacer.WaitAuth {
			return "Waiting until " + clock(w.Until) + ": " + waitCause(w) + "."
		}
		return "Applying changes: " + Count(b.Total-b.Ended, "update", "updates") + " to go."
	case pacer.BatchPaused:
		return "Paused. Nothing is being sent; Resume goes on where it stopped."
	case pacer.BatchWaitingAuth:
		return "Signing in again; the batch goes on by itself afterwards."
	case pacer.BatchDone:
		if b.Failed > 0 {
			return "Finished with failures: " + EndWords(b)
		}
		return "Finished: " + EndWords(b)
	case pacer.BatchCancelled:
		return "Cancelled: " + EndWords(b) + " Updates already sent stay applied."
	}
	return "No batch is running."
}

// waitCause says in a few words why the whole batch waits.
func waitCause(w *Wait) string {
	switch w.Cause {
	case pacer.WaitRateLimit:
		return "Genesys Cloud's rate limit was reached"
	case pacer.WaitServer:
		return "Genesys Cloud answered with a server error"
	case pacer.WaitAuth:
		return "signing in again"
	}
	return w.Reason
}

// WaitWords is the batch-wait banner's text before its countdown: why, in
// full, and what happens next.
func WaitWords(w *Wait) string {
	switch w.Cause {
	case pacer.WaitAuth:
		return "Signing in again; the batch goes on by itself afterwards."
	case pacer.WaitRateLimit:
		return upper(w.Reason) + "; Genesys Cloud asked to wait. Next try in"
	case pacer.WaitServer:
		return "Server error (" + w.Reason + "); waiting before trying again. Next try in"
	}
	return upper(w.Reason) + ". Next try in"
}

func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// EndWords counts how the jobs ended: "58 updated, 2 failed, 0 cancelled."
func EndWords(b *Batch) string {
	s := fmt.Sprintf("%d updated, %d failed", b.Done, b.Failed)
	if b.Cancelled > 0 || b.State == pacer.BatchCancelled {
		s += fmt.Sprintf(", %d cancelled (not sent)", b.Cancelled)
	}
	if left := b.Total - b.Ended; left > 0 {
		s += fmt.Sprintf(", %d not ended", left)
	}
	return s + "."
}

// ProgressWords is the progress bar's value in words.
func ProgressWords(b *Batch) string {
	s := fmt.Sprintf("%d of %s ended: %d done, %d failed", b.Ended, Count(b.Total, "update", "updates"), b.Done, b.Failed)
	if b.Cancelled > 0 {
		s += fmt.Sprintf(", %d cancelled", b.Cancelled)
	}
	return s
}

// RateWords says how fast the batch sends against the limit the pacer
// believes now, and where that belief comes from. The count and the limit
// are of one bucket; the words name what that bucket counts.
func RateWords(b *Batch) string {
	if b.Limit <= 0 || b.Window <= 0 {
		return ""
	}
	what := bucketNoun(b.Bucket)
	per := windowWords(b.Window)
	s := fmt.Sprintf("Last %s: %s sent", per, Count(b.Rate, what[0], what[1]))
	if b.Limited > 0 {
		s += fmt.Sprintf(" (%d refused with 429)", b.Limited)
	}
	return s + fmt.Sprintf(". Limit believed now: %d per %s, %s.", b.Limit, per, sourceWords(b.Source))
}

func bucketNoun(b string) [2]string {
	switch b {
	case "org.app.user.rate.per.minute":
		return [2]string{"request through this app", "requests through this app"}
	case "org.user.rate.per.minute":
		return [2]string{"request of yours", "requests of yours"}
	case string(genesys.BucketScheduleGroupPut):
		return [2]string{"schedule group update", "schedule group updates"}
	}
	return [2]string{"IVR update", "IVR updates"}
}

func sourceWords(src string) string {
	switch src {
	case "org":
		return "from your org's limits"
	case "server":
		return "from Genesys Cloud's rate-limit answers"
	case "learned":
		return "learned from 429 answers"
	}
	return "Genesys's documented default"
}

func windowWords(d time.Duration) string {
	if d == time.Minute {
		return "minute"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
}

// clock is a time of day as the page shows it.
func clock(t time.Time) string { return t.Local().Format("15:04:05") }
