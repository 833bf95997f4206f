package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
)

// TestTenThousandIVRs: an org of 10 000 IVRs loads with progress, renders one
// page of rows, and the filter brings any IVR into view at once.
func TestTenThousandIVRs(t *testing.T) {
	d := startStack(t, sim.Options{Seed: 31, IVRs: 10000}, "implicit")
	ctx := newBrowser(t)
	start := time.Now()
	old := waitTimeout
	waitTimeout = 90 * time.Second
	signIn(t, ctx, d)
	waitTimeout = old
	loaded := time.Since(start)
	rows := count(t, ctx, testID("ivr-row"))
	if rows == 0 || rows > 200 {
		t.Errorf("%d rows in the DOM for 10 000 IVRs, want one page", rows)
	}
	ivrs := activeIVRs(d.Sim)
	target := ivrs[len(ivrs)-1] // last by seed order, likely on a late page
	start = time.Now()
	setValue(t, ctx, testID("ivr-filter"), target.Name)
	waitJS(t, ctx, "the filtered IVR", fmt.Sprintf(`document.querySelector('[data-testid="ivr-row"][data-ivr-id=%q]')`, target.ID))
	filtered := time.Since(start)
	start = time.Now()
	setValue(t, ctx, testID("ivr-filter"), "")
	waitJS(t, ctx, "the whole list back", fmt.Sprintf(`document.querySelectorAll('[data-testid="ivr-row"]').length === %d`, rows))
	t.Logf("10 000 IVRs: signed in and loaded in %v, %d rows rendered, filter to one IVR %v, back to all %v",
		loaded.Round(time.Millisecond), rows, filtered.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
}
