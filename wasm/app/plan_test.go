package app

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
	"github.com/gcpace/gcpace/wasm/dnis"
)

// applyShown clicks apply on the preview the view shows, as the page does.
func applyShown(a *App) {
	if pv := a.View().Preview; pv != nil {
		a.Apply(pv.ID)
	}
}

// putIVRs lists the IVRs the simulator saw a PUT for.
func putIVRs(s *sim.Server) map[string]bool {
	out := map[string]bool{}
	for _, e := range s.Log() {
		if e.Method == "PUT" && !e.External {
			out[e.Path[strings.LastIndex(e.Path, "/")+1:]] = true
		}
	}
	return out
}

// TestApplyStartsExactlyThePlanShown: a preview discarded or replaced can
// never start, whatever asks; apply sends exactly the preview on screen, and
// the journal names it. The old code kept one plan slot and a revision that
// restarted at 1, so apply could send a plan other than the one shown.
func TestApplyStartsExactlyThePlanShown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 21}, "implicit")
		tb := signIn(t, b)
		ivrs := tb.app.View().IVRs
		free := b.sim.FreeNumbers(2)
		var withTwo []dnis.IVR
		for _, r := range ivrs {
			if len(r.DNIS) >= 2 {
				withTwo = append(withTwo, r)
			}
		}
		a, bb, c := ivrs[0], withTwo[0], withTwo[1]
		tb.app.PlanCSV("ivr,action,number\n" + a.ID + ",add," + free[0])
		first := tb.app.View().Preview
		tb.app.DiscardPreview()
		if tb.app.View().Preview != nil {
			t.Fatal("discard left a preview")
		}
		applyShown(tb.app) // nothing on screen: nothing starts
		tb.app.Apply(first.ID)
		tb.app.PlanCSV("ivr,action,number\n" + bb.ID + ",remove," + bb.DNIS[0] + "\n" + c.ID + ",remove," + c.DNIS[0])
		second := tb.app.View().Preview
		if second.ID == first.ID || len(second.Rows) != 2 {
			t.Fatalf("second preview %q with %d rows; want a new id and the two removals", second.ID, len(second.Rows))
		}
		tb.app.Apply(first.ID) // the discarded plan: refused
		tb.app.PlanCSV("ivr,action,number\n" + a.ID + ",add," + free[1])
		third := tb.app.View().Preview
		tb.app.Apply(second.ID) // replaced by the third: refused
		synctest.Wait()
		if v := tb.app.View(); v.Batch != nil || len(putIVRs(b.sim)) != 0 {
			t.Fatalf("a replaced or discarded plan started: batch %v, PUTs to %v", v.Batch != nil, putIVRs(b.sim))
		}
		tb.app.Apply(third.ID)
		tb.app.Apply(third.ID) // a double click starts it once
		v := tb.waitFor("batch done", 5*time.Minute, func(v View) bool { return v.Batch.Finished() })
		if v.Preview != nil {
			t.Error("the preview stayed on screen after apply")
		}
		if got := putIVRs(b.sim); len(got) != 1 || !got[a.ID] {
			t.Errorf("PUTs went to %v, want only %s (the preview shown)", got, a.ID)
		}
		if v.Batch.PlanID != third.ID {
			t.Errorf("batch records plan %q, want %q", v.Batch.PlanID, third.ID)
		}
		rec, err := tb.app.eng.Load()
		if err != nil || rec == nil || rec.PlanID != third.ID {
			t.Errorf("journal records plan %v (%v), want %q", rec, err, third.ID)
		}
		// After the batch (and after an undo preview) the next preview is new.
		tb.app.Undo()
		undo := tb.app.View().Preview
		tb.app.PlanCSV("ivr,action,number\n" + bb.ID + ",remove," + bb.DNIS[0])
		if pv := tb.app.View().Preview; pv.ID == undo.ID || pv.Purpose != "apply" || pv.Jobs != 1 {
			t.Errorf("after an undo preview, new input shows %+v", pv)
		}
		tb.kill()
	})
}

// TestSelectionProblemExpires: "select at least one IVR" goes once IVRs are
// selected; a real preview stays.
func TestSelectionProblemExpires(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 22}, "implicit")
		tb := signIn(t, b)
		tb.app.PlanSelection(nil, "+13175550100", dnis.Add)
		if pv := tb.app.View().Preview; pv == nil || len(pv.Problems) != 1 {
			t.Fatalf("preview %+v, want the selection problem", pv)
		}
		tb.app.SelectionChanged(0)
		if tb.app.View().Preview == nil {
			t.Error("the problem went while nothing is selected")
		}
		tb.app.SelectionChanged(2)
		if pv := tb.app.View().Preview; pv != nil {
			t.Errorf("the selection problem stayed after IVRs were selected: %+v", pv.Problems)
		}
		freeNumbersPlan(t, tb, 2)
		tb.app.SelectionChanged(3)
		if tb.app.View().Preview == nil {
			t.Error("a real preview went when the selection changed")
		}
		tb.kill()
	})
}

// TestRateWordsInVirtualTime runs a batch against an org enforcing a fifth
// of the documented limit: the rate words say what was sent against the
// limit believed now and where it comes from, never "42 of 20" unexplained.
func TestRateWordsInVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 23, Enforced: sim.Limits{IVRPut: 20}}, "implicit")
		tb := signIn(t, b)
		freeNumbersPlan(t, tb, 40)
		first := RateWords(&Batch{Bucket: "PUT /api/v2/architect/ivrs/{ivrId}", Rate: 1, Limit: 100, Source: "documented", Window: time.Minute})
		if first != "Last minute: 1 IVR update sent. Limit believed now: 100 per minute, Genesys's documented default." {
			t.Errorf("words before any 429: %q", first)
		}
		applyShown(tb.app)
		// The native client reads the rate-limit headers (a browser across
		// origins may not): the limit comes from the server's answers.
		v := tb.waitFor("the limit learned", 10*time.Minute, func(v View) bool {
			return v.Batch != nil && v.Batch.Source != "documented" && v.Batch.Source != ""
		})
		w := RateWords(v.Batch)
		if v.Batch.Limit != 20 || !strings.Contains(w, "Limit believed now: 20 per 6 s, from Genesys Cloud's rate-limit answers.") {
			t.Errorf("rate words once the headers told the limit: %q", w)
		}
		if v.Batch.Rate > v.Batch.Limit && v.Batch.Limited == 0 {
			t.Errorf("rate %d over the limit %d with no word why: %q", v.Batch.Rate, v.Batch.Limit, w)
		}
		v = tb.waitFor("done", 30*time.Minute, func(v View) bool { return v.Batch.Finished() })
		if got := StatusWords(v.Batch); got != "Finished: 40 updated, 0 failed." {
			t.Errorf("status %q", got)
		}
		tb.kill()
	})
}

func TestCountdownChangesOnTheSecondBoundary(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	until := t0.Add(5 * time.Second)
	// A 429 answered at t0 with Retry-After 5: 5, 4, 3, 2, 1, each for one
	// second, whatever moment the page looks.
	for _, c := range []struct {
		at   time.Duration
		want int
		next time.Duration
	}{
		{0, 5, 1 * time.Second},
		{300 * time.Millisecond, 5, time.Second},
		{999 * time.Millisecond, 5, time.Second},
		{time.Second, 4, 2 * time.Second},
		{4500 * time.Millisecond, 1, 5 * time.Second},
		{5 * time.Second, 0, 0},
	} {
		n, next := Countdown(until, t0.Add(c.at))
		var nextAt time.Duration
		if !next.IsZero() {
			nextAt = next.Sub(t0)
		}
		if n != c.want || nextAt != c.next {
			t.Errorf("at %v: %d, next change at %v; want %d at %v", c.at, n, nextAt, c.want, c.next)
		}
	}
}

func TestETAWords(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		left time.Duration
		want string
		next time.Duration // from t0
	}{
		{1500 * time.Millisecond, "about 2 seconds left", 500 * time.Millisecond},
		{time.Second, "about 1 second left", time.Second},
		{45 * time.Second, "about 45 seconds left", time.Second},
		{90 * time.Second, "about 2 minutes left", 30 * time.Second},
		{150 * time.Second, "about 3 minutes left", 30 * time.Second},
		{61 * time.Minute, "about 1 hour 1 minute left", time.Minute},
	} {
		got, next := ETAWords(t0.Add(c.left), t0)
		if got != c.want || next.Sub(t0) != c.next {
			t.Errorf("%v left: %q, next change %v; want %q, %v", c.left, got, next.Sub(t0), c.want, c.next)
		}
	}
}

func TestBatchWords(t *testing.T) {
	cancelled := &Batch{State: "cancelled", Total: 60, Ended: 60, Done: 12, Cancelled: 48}
	if got := StatusWords(cancelled); got != "Cancelled: 12 updated, 0 failed, 48 cancelled (not sent). Updates already sent stay applied." {
		t.Errorf("cancelled: %q", got)
	}
	if got := ProgressWords(cancelled); got != "60 of 60 updates ended: 12 done, 0 failed, 48 cancelled" {
		t.Errorf("progress: %q", got)
	}
	failed := &Batch{State: "done", Total: 3, Ended: 3, Done: 2, Failed: 1}
	if got := StatusWords(failed); got != "Finished with failures: 2 updated, 1 failed." {
		t.Errorf("done with failures: %q", got)
	}
	one := &Batch{State: "running", Total: 1}
	if got := StatusWords(one); got != "Applying changes: 1 update to go." {
		t.Errorf("running: %q", got)
	}
	wait := &Batch{State: "running", Total: 5, Wait: &Wait{Cause: "rate-limit", Until: time.Now().Add(5 * time.Second), Reason: "rate limit reached on IVR updates"}}
	if got := StatusWords(wait); !strings.HasPrefix(got, "Waiting until ") || !strings.HasSuffix(got, ": Genesys Cloud's rate limit was reached.") {
		t.Errorf("waiting: %q", got)
	}
	if got := WaitWords(wait.Wait); got != "Rate limit reached on IVR updates; Genesys Cloud asked to wait. Next try in" {
		t.Errorf("wait banner: %q", got)
	}
	if (&Wait{Cause: "rate-limit", Until: time.Now()}).CanRetryNow() || !(&Wait{Cause: "server", Until: time.Now()}).CanRetryNow() {
		t.Error("retry-now offered for a 429, or not for a server error")
	}
	if got := Count(1, "update", "updates") + ", " + Count(2, "IVR", "IVRs"); got != "1 update, 2 IVRs" {
		t.Errorf("plurals: %q", got)
	}
}

// TestSignInAgainNoticeExpires: after the page signed in again by itself,
// the notice says so (the page did not close), and goes when the batch ends.
func TestSignInAgainNoticeExpires(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 24, Faults: sim.Faults{RevokeAfterPUTs: 5}}, "implicit")
		tb := signIn(t, b)
		freeNumbersPlan(t, tb, 15)
		applyShown(tb.app)
		tb.waitFor("waiting-auth", 5*time.Minute, func(v View) bool {
			return v.Batch != nil && v.Batch.State == "waiting-auth" || v.Phase == PhaseSigningIn
		})
		tb = tb.login()
		v := tb.waitFor("running again", 5*time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.State == "running" })
		if !strings.HasPrefix(v.Notice, "Signed in again") || strings.Contains(v.Notice, "closed") {
			t.Errorf("notice after signing in again: %q", v.Notice)
		}
		v = tb.waitFor("done", 10*time.Minute, func(v View) bool { return v.Batch.Finished() })
		if v.Notice != "" {
			t.Errorf("notice %q stayed after its batch ended", v.Notice)
		}
		tb.kill()
	})
}
