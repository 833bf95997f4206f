package app

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/batch/batchtest"
	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/kinds/ivrnumbers"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// foreignBatch records in the profile's localStorage, as any script of the
// origin could, a batch adding one free number to each of n IVRs, in state.
func foreignBatch(t *testing.T, b *browser, n int, state pacer.BatchState) map[string]string {
	t.Helper()
	free := b.sim.FreeNumbers(n)
	before := map[string]json.RawMessage{}
	want := map[string]string{}
	var jobs []pacer.Job
	for _, r := range b.sim.IVRs() {
		if len(jobs) == n {
			break
		}
		if r.State == sim.StateDeleted {
			continue
		}
		num := free[len(jobs)]
		before[r.ID] = ivrnumbers.EncodeBefore(genesys.IVR{Name: r.Name, Version: r.Version, DNIS: r.DNIS})
		jobs = append(jobs, pacer.Job{ID: fmt.Sprintf("j%d", len(jobs)+1), Key: r.ID, Label: r.Name,
			Intent: dnis.Intent{IVRID: r.ID, Add: []string{num}}})
		want[r.ID] = num
	}
	p := batch.Plan{Kind: ivrnumbers.New(ivrnumbers.Deps{}), Purpose: batch.Apply, Jobs: jobs, Before: before}
	if err := batchtest.Record(b.local.s, "20260301T090000-f0f0f0f0", p, state, time.Now()); err != nil {
		t.Fatal(err)
	}
	return want
}

func putCount(s *sim.Server) int {
	n := 0
	for _, e := range s.Log() {
		if e.Method == "PUT" && !e.External {
			n++
		}
	}
	return n
}

// Issue 10 item 4: a running batch that this tab did not start (written
// into localStorage by someone else) is shown and asked about, never run by
// itself; the person's Resume runs it, Cancel ends it with nothing sent.
func TestForeignJournalIsNotResumedByItself(t *testing.T) {
	for _, answer := range []string{"resume", "cancel"} {
		t.Run(answer, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				b := newBrowser(t, sim.Options{Seed: 20}, "implicit")
				want := foreignBatch(t, b, 12, pacer.BatchRunning)
				tb := signIn(t, b)
				v := tb.waitFor("the question", time.Minute, func(v View) bool { return v.Ask })
				if v.Batch == nil || len(v.Batch.Jobs) != 12 || v.Batch.State != "paused" || !v.ReadOnly {
					t.Fatalf("asked with batch %s (read-only %v), want its 12 jobs shown paused", batchLine(v.Batch), v.ReadOnly)
				}
				if !strings.Contains(v.Batch.Jobs[0].Summary, "add +") {
					t.Errorf("job row does not show its change: %+v", v.Batch.Jobs[0])
				}
				time.Sleep(2 * time.Minute) // virtual
				if n := putCount(b.sim); n != 0 {
					t.Fatalf("%d PUTs sent for a batch nobody here started", n)
				}
				if rec, _ := tb.app.eng.Peek(); rec == nil || rec.State != pacer.BatchRunning {
					t.Errorf("asking changed the journal: %+v", rec)
				}
				if answer == "resume" {
					tb.app.ResumeAsked()
					v = tb.waitFor("done", 10*time.Minute, func(v View) bool { return v.Batch.Finished() })
					if v.Batch.Done != 12 || v.Ask || v.ReadOnly {
						t.Fatalf("after resume: %s ask %v read-only %v", batchLine(v.Batch), v.Ask, v.ReadOnly)
					}
					checkApplied(t, b.sim, want)
				} else {
					tb.app.CancelAsked()
					v = tb.waitFor("cancelled", time.Minute, func(v View) bool { return v.Batch.Finished() })
					if v.Batch.State != "cancelled" || v.Batch.Cancelled != 12 || putCount(b.sim) != 0 {
						t.Fatalf("after cancel: %s, %d PUTs", batchLine(v.Batch), putCount(b.sim))
					}
					if rec, _ := tb.app.eng.Peek(); rec == nil || rec.State != pacer.BatchCancelled {
						t.Errorf("journal after cancel: %+v", rec)
					}
				}
				// The tab that said so now owns it: a reload does not ask again.
				tb.kill()
				tb = b.open(pageURL, tb.session)
				v = tb.waitFor("reloaded", time.Minute, func(v View) bool { return v.Batch != nil })
				if v.Ask {
					t.Error("asked again after a reload of the tab that answered")
				}
				tb.kill()
			})
		})
	}
}

// A stranger's batch waiting to sign in does not send the page to the
// login; the tab's own does (TestRevokedTokenSignsInAgainAndResumes).
func TestForeignWaitingAuthDoesNotSignIn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 21}, "implicit")
		foreignBatch(t, b, 3, pacer.BatchWaitingAuth)
		tb := b.open(pageURL, nil)
		tb.waitFor("signed out", time.Minute, func(v View) bool { return v.Phase == PhaseSignedOut })
		select {
		case to := <-tb.navTo:
			t.Fatalf("the page left to sign in by itself: %s", to)
		default:
		}
		tb.kill()
	})
}

// Issue 10 item 12: with storage full, a pause the journal cannot record is
// said in words and kept by the tab: after a reload the batch is still
// paused and nothing is sent until the person resumes it.
func TestPauseHeldWhenStorageFull(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const jobs = 200
		b := newBrowser(t, sim.Options{Seed: 22, IVRs: 300, Window: 60 * time.Second}, "implicit")
		tb := signIn(t, b)
		_, want := freeNumbersPlan(t, tb, jobs)
		tb.app.Apply(tb.app.View().Preview.ID)
		tb.waitFor("some done", 5*time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.Done >= 5 })
		b.local.full.Store(true)
		tb.app.Pause()
		v := tb.waitFor("the pause reported", time.Minute, func(v View) bool { return v.NoticeBad })
		if !strings.Contains(v.Notice, "could not be recorded as paused") || !strings.Contains(v.Notice, "full") {
			t.Errorf("notice = %q, want the pause not recorded, storage full", v.Notice)
		}
		tb.waitFor("paused", time.Minute, func(v View) bool { return v.Batch.State == "paused" })
		time.Sleep(10 * time.Second) // what was in flight lands
		tb.kill()
		sent := putCount(b.sim)

		tb = b.open(pageURL, tb.session) // reload, storage still full
		v = tb.waitFor("reloaded", time.Minute, func(v View) bool { return v.Batch != nil && v.Phase == PhaseReady })
		time.Sleep(2 * time.Minute)
		v = tb.app.View()
		if n := putCount(b.sim); n != sent || v.Batch.State != "paused" {
			t.Fatalf("after reload: %s, %d PUTs sent since; want paused, none", batchLine(v.Batch), n-sent)
		}
		if !strings.Contains(v.Notice, "stays paused") {
			t.Errorf("notice after reload = %q, want why it stays paused", v.Notice)
		}
		// Resuming needs the journal: refused while full, in words.
		tb.app.Resume()
		v = tb.waitFor("resume refused", time.Minute, func(v View) bool { return strings.Contains(v.Notice, "stays paused:") })
		if v.Batch.State != "paused" {
			t.Errorf("resumed although the journal refused: %s", batchLine(v.Batch))
		}
		b.local.full.Store(false)
		tb.app.Resume()
		v = tb.waitFor("done", 20*time.Minute, func(v View) bool { return v.Batch.Finished() })
		if v.Batch.Done != jobs {
			t.Fatalf("after resume: %s", batchLine(v.Batch))
		}
		checkApplied(t, b.sim, want)
		// Recorded now: a reload does not hold it any more.
		if _, hold := tb.app.eng.OwnsBatch(v.Batch.ID); hold {
			t.Error("the tab still holds a batch the journal recorded")
		}
		tb.kill()
	})
}

// Issue 10 item 10: a tab that only follows another tab's batch moves no
// record aside, not even one it cannot read, and never a newer version's;
// the runner sets aside what is unreadable but leaves the newer format.
// Neither claims that nothing was sent.
func TestOnlyRunnerRepairsJournal(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 23, IVRs: 200, Window: 60 * time.Second}, "implicit")
		runner := signIn(t, b)
		freeNumbersPlan(t, runner, 100)
		runner.app.Apply(runner.app.View().Preview.ID)
		runner.waitFor("running", 5*time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.Done >= 2 })
		const newer, broken = batchtest.JournalPrefix + "b/zz-newer", batchtest.JournalPrefix + "b/zzz-broken"
		newerHead := `{"format":4,"id":"zz-newer","jobs":[],"before":{}}`
		b.local.s.Set(newer, newerHead)
		b.local.s.Set(newer+"/state", `{"s":"running","u":"2026-03-01T09:00:00Z"}`)
		b.local.s.Set(broken, "{")

		follower := b.open(pageURL, nil)
		follower.waitFor("signed out", time.Minute, func(v View) bool { return v.Phase == PhaseSignedOut })
		follower.app.SignIn()
		follower = follower.login()
		v := follower.waitFor("following", time.Minute, func(v View) bool { return v.ReadOnly })
		if got, _ := b.local.s.Get(newer); got != newerHead {
			t.Errorf("the follower moved the newer version's record: %q", got)
		}
		if got, _ := b.local.s.Get(broken); got != "{" {
			t.Errorf("the follower moved an unreadable record: %q", got)
		}
		if kept := b.local.s.Keys(batchtest.JournalPrefix + "corrupt/"); len(kept) != 0 {
			t.Errorf("the follower set records aside: %q", kept)
		}
		follower.kill()

		runner.kill()
		runner = b.open(pageURL, runner.session) // the runner reloads and repairs
		v = runner.waitFor("resumed", time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.State == "running" })
		if got, _ := b.local.s.Get(newer); got != newerHead {
			t.Errorf("the runner moved the newer version's record: %q", got)
		}
		if _, ok := b.local.s.Get(broken); ok {
			t.Error("the runner left the unreadable record in place")
		}
		if kept := b.local.s.Keys(batchtest.JournalPrefix + "corrupt/"); len(kept) != 1 {
			t.Errorf("kept aside %q, want the unreadable record", kept)
		}
		for _, n := range []string{v.Notice} {
			if strings.Contains(n, "Nothing was sent") || n == "" {
				t.Errorf("notice %q: want a truthful report", n)
			}
		}
		runner.kill()
	})
}

// Issue 10 item 3, in virtual time: a runner put in the back-forward cache
// stops and hands over; restored, it follows the tab that took over, and
// from then on only that tab sends PUTs. (scripts/e2e does this in Chromium.)
func TestRestoredRunnerFollows(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const jobs = 80
		b := newBrowser(t, sim.Options{Seed: 24, IVRs: 200, Window: 60 * time.Second}, "implicit")
		a := signIn(t, b)
		_, want := freeNumbersPlan(t, a, jobs)
		a.app.Apply(a.app.View().Preview.ID)
		a.waitFor("some done", 5*time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.Done >= 5 })
		other := b.open(pageURL, nil)
		other.waitFor("signed out", time.Minute, func(v View) bool { return v.Phase == PhaseSignedOut })
		other.app.SignIn()
		other = other.login()
		other.waitFor("following", time.Minute, func(v View) bool { return v.ReadOnly })

		a.app.Hidden() // pagehide into the back-forward cache
		other.waitFor("took over", time.Minute, func(v View) bool { return !v.ReadOnly && v.Batch.State == "running" })
		time.Sleep(5 * time.Second)
		mark := len(b.sim.Log())
		a.app.Restored()
		a.waitFor("following after restore", time.Minute, func(v View) bool { return v.ReadOnly })
		other.waitFor("done", 20*time.Minute, func(v View) bool { return v.Batch.Finished() })
		senders := map[string]int{}
		for _, e := range b.sim.Log()[mark:] {
			if e.Method == "PUT" && !e.External {
				senders[e.TokenHash]++
			}
		}
		if len(senders) != 1 {
			t.Errorf("PUTs after the restore came from %d tabs: %v", len(senders), senders)
		}
		checkApplied(t, b.sim, want)
		a.kill()
		other.kill()
	})
}

// The same for a cancel: one the journal cannot record leaves the batch
// paused after a reload, not running again by itself.
func TestCancelHeldWhenStorageFull(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 25, IVRs: 300, Window: 60 * time.Second}, "implicit")
		tb := signIn(t, b)
		freeNumbersPlan(t, tb, 200)
		tb.app.Apply(tb.app.View().Preview.ID)
		tb.waitFor("some done", 5*time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.Done >= 5 })
		b.local.full.Store(true)
		tb.app.Cancel()
		v := tb.waitFor("the cancel reported", time.Minute, func(v View) bool { return v.NoticeBad })
		if !strings.Contains(v.Notice, "could not be recorded as cancelled") {
			t.Errorf("notice = %q, want the cancel not recorded", v.Notice)
		}
		time.Sleep(10 * time.Second)
		tb.kill()
		sent := putCount(b.sim)

		tb = b.open(pageURL, tb.session)
		tb.waitFor("reloaded", time.Minute, func(v View) bool { return v.Batch != nil && v.Phase == PhaseReady })
		time.Sleep(2 * time.Minute)
		v = tb.app.View()
		if n := putCount(b.sim); n != sent || v.Batch.State != "paused" {
			t.Fatalf("after reload: %s, %d PUTs sent since; want paused, none", batchLine(v.Batch), n-sent)
		}
		tb.kill()
	})
}
