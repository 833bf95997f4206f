package app

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
)

// Two signed-in tabs of one profile while the token is revoked and the
// runner reloads: whichever tab ends as the runner finishes the batch, and
// every number lands once.
func TestTwoTabsThroughRevocationAndReload(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const jobs = 200
		b := newBrowser(t, sim.Options{Seed: 10, IVRs: 300}, "implicit")
		first := signIn(t, b)
		_, want := freeNumbersPlan(t, first, jobs)
		applyShown(first.app)
		first.waitFor("some landed", 10*time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.Done >= 20 })

		second := b.open(pageURL, nil)
		second.waitFor("signed out", time.Minute, func(v View) bool { return v.Phase == PhaseSignedOut })
		second.app.SignIn()
		second = second.login()
		second.waitFor("following", time.Minute, func(v View) bool { return v.ReadOnly })

		b.sim.RevokeTokens()
		tabs := []*tab{first, second}
		reloaded := false
		deadline := time.Now().Add(30 * time.Minute)
		for countLandedIn(b.sim, want) < jobs {
			for i, tb := range tabs {
				select {
				case to := <-tb.navTo:
					tb.navTo <- to
					tabs[i] = tb.login()
				default:
				}
			}
			if !reloaded && countLandedIn(b.sim, want) >= jobs/2 {
				reloaded = true
				tabs[0].kill()
				tabs[0] = b.open(pageURL, tabs[0].session)
			}
			if time.Now().After(deadline) {
				for i, tb := range tabs {
					v := tb.app.View()
					t.Logf("tab %d: phase %s read-only %v notice %q batch %s", i, v.Phase, v.ReadOnly, v.Notice, batchLine(v.Batch))
				}
				t.Fatalf("stalled: %d of %d landed", countLandedIn(b.sim, want), jobs)
			}
			time.Sleep(time.Second)
		}
		for _, tb := range tabs {
			tb.waitFor("done in every tab", 10*time.Minute, func(v View) bool { return v.Batch.Finished() })
		}
		checkApplied(t, b.sim, want)
		for _, tb := range tabs {
			tb.kill()
		}
	})
}

// Two tabs follow the runner; when it closes, exactly one takes over and
// finishes (a lock released to try for it again would pass between the two
// followers for ever).
func TestTwoFollowersOneTakesOver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const jobs = 60
		b := newBrowser(t, sim.Options{Seed: 11}, "implicit")
		runner := signIn(t, b)
		_, want := freeNumbersPlan(t, runner, jobs)
		applyShown(runner.app)
		runner.waitFor("some landed", 10*time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.Done >= 5 })
		var followers []*tab
		for range 2 {
			f := b.open(pageURL, nil)
			f.waitFor("signed out", time.Minute, func(v View) bool { return v.Phase == PhaseSignedOut })
			f.app.SignIn()
			f = f.login()
			f.waitFor("following", time.Minute, func(v View) bool { return v.ReadOnly })
			followers = append(followers, f)
		}
		runner.kill()
		deadline := time.Now().Add(20 * time.Minute)
		for countLandedIn(b.sim, want) < jobs {
			if time.Now().After(deadline) {
				t.Fatalf("no tab took over: %d of %d landed", countLandedIn(b.sim, want), jobs)
			}
			time.Sleep(time.Second)
		}
		checkApplied(t, b.sim, want)
		for _, f := range followers {
			f.kill()
		}
	})
}
