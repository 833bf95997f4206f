package app

import (
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
	"github.com/gcpace/gcpace/wasm/dnis"
)

// signIn opens the page signed out, clicks sign in, and follows the login.
func signIn(t *testing.T, b *browser) *tab {
	t.Helper()
	tb := b.open(pageURL+"?gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.com&gcTargetEnv=prod", nil)
	tb.waitFor("signed out", time.Minute, func(v View) bool { return v.Phase == PhaseSignedOut })
	tb.app.SignIn()
	tb = tb.login()
	tb.waitFor("ready", time.Minute, func(v View) bool { return v.Phase == PhaseReady })
	return tb
}

func TestSignInBothGrants(t *testing.T) {
	for _, grant := range []string{"implicit", "pkce"} {
		t.Run(grant, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				b := newBrowser(t, sim.Options{Seed: 1}, grant)
				tb := signIn(t, b)
				v := tb.app.View()
				if v.User != b.sim.User().Name {
					t.Errorf("user = %q, want %q", v.User, b.sim.User().Name)
				}
				if len(v.IVRs) == 0 {
					t.Fatal("no IVRs loaded")
				}
				// The address bar lost the OAuth answer but kept Genesys's query.
				last := tb.replaced[len(tb.replaced)-1]
				if strings.Contains(last, "access_token") || strings.Contains(last, "code=") || !strings.Contains(last, "gcHostOrigin") {
					t.Errorf("address bar after sign-in = %q", last)
				}
				for _, k := range b.local.s.Keys("") {
					if val, _ := b.local.s.Get(k); strings.Contains(val, "token") {
						t.Errorf("localStorage %s holds a token: %q", k, val)
					}
				}
				tb.kill()
			})
		})
	}
}

// freeNumbersPlan plans adding one free number to each of n IVRs.
func freeNumbersPlan(t *testing.T, tb *tab, n int) (ids []string, want map[string]string) {
	t.Helper()
	v := tb.app.View()
	free := tb.b.sim.FreeNumbers(n)
	want = map[string]string{}
	var lines []string
	lines = append(lines, "ivr,action,number")
	for i, r := range v.IVRs[:n] {
		ids = append(ids, r.ID)
		want[r.ID] = free[i]
		lines = append(lines, r.ID+",add,"+free[i])
	}
	tb.app.PlanCSV(strings.Join(lines, "\n"))
	pv := tb.app.View().Preview
	if !pv.CanApply() || pv.Jobs != n {
		t.Fatalf("preview: %d jobs, problems %v", pv.Jobs, pv.Problems)
	}
	return ids, want
}

func checkApplied(t *testing.T, s *sim.Server, want map[string]string) {
	t.Helper()
	for id, num := range want {
		r, _ := s.IVR(id)
		if n := countOf(r.DNIS, num); n != 1 {
			t.Errorf("IVR %s holds %s %d times (numbers %v)", id, num, n, r.DNIS)
		}
	}
}

func countOf(xs []string, x string) int {
	n := 0
	for _, y := range xs {
		if y == x {
			n++
		}
	}
	return n
}

func TestApplyExportUndo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 2}, "implicit")
		tb := signIn(t, b)
		_, want := freeNumbersPlan(t, tb, 30)
		before := map[string][]string{}
		for id := range want {
			r, _ := b.sim.IVR(id)
			before[id] = r.DNIS
		}
		applyShown(tb.app)
		v := tb.waitFor("batch done", 10*time.Minute, func(v View) bool { return v.Batch.Finished() })
		if v.Batch.Done != 30 || v.Batch.State != "done" {
			t.Fatalf("batch: %+v", batchLine(v.Batch))
		}
		checkApplied(t, b.sim, want)
		if len(tb.toasts) != 1 {
			t.Errorf("toasts = %v, want one", tb.toasts)
		}

		tb.app.Undo()
		pv := tb.app.View().Preview
		if pv == nil || pv.Purpose != "undo" || pv.Jobs != 30 || !pv.CanApply() {
			t.Fatalf("undo preview: %+v", pv)
		}
		applyShown(tb.app)
		tb.waitFor("undo done", 10*time.Minute, func(v View) bool {
			return v.Batch.Finished() && v.Batch.Purpose == "undo"
		})
		for id, nums := range before {
			r, _ := b.sim.IVR(id)
			if !slices.Equal(r.DNIS, nums) {
				t.Errorf("after undo IVR %s holds %v, want %v", id, r.DNIS, nums)
			}
		}
		tb.kill()
	})
}

func TestPlanProblemsBlockApply(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 3}, "implicit")
		tb := signIn(t, b)
		tb.app.PlanCSV("ivr,action,number\nno such ivr,add,+13175550100\n")
		if pv := tb.app.View().Preview; pv.CanApply() || len(pv.Problems) != 1 {
			t.Fatalf("preview: %+v", pv)
		}
		applyShown(tb.app) // refused: nothing may be sent
		synctest.Wait()
		for _, e := range b.sim.Log() {
			if e.Method == "PUT" {
				t.Fatalf("a PUT was sent for an invalid plan: %+v", e)
			}
		}
		tb.app.PlanSelection(nil, "+13175550100", dnis.Add)
		if pv := tb.app.View().Preview; len(pv.Problems) == 0 {
			t.Error("no problem for an empty selection")
		}
		tb.kill()
	})
}
