package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
)

// TestConfirmFocusAndDeferredStart: the confirmation's answers after yes
// acts in a task of its own (issue 14). "Go back" and Esc give the focus
// back to apply and start nothing; yes starts the batch once, and the
// preview list hidden by the yes never shows again before the preview
// goes. While the batch runs, the progress bar's done part (a scaled
// transform now, not a width) is as wide as the share of updates done.
func TestConfirmFocusAndDeferredStart(t *testing.T) {
	d := startStack(t, fast(61, 60*time.Second), "implicit") // 100 PUTs a minute: 120 take over a minute
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	planAdds(t, ctx, d, 120)
	focusOnApply := `document.activeElement === ` + jsq(testID("apply"))
	for _, goBack := range []struct {
		name string
		do   func()
	}{
		{"confirm-no", func() { clickTestID(t, ctx, "confirm-no") }},
		{"Esc", func() { key(t, ctx, kb.Escape) }},
	} {
		clickTestID(t, ctx, "apply")
		waitJS(t, ctx, "the question", jsq(testID("confirm"))+`.open`)
		goBack.do()
		waitJS(t, ctx, goBack.name+" closed the question", `!`+jsq(testID("confirm"))+`.open`)
		waitJS(t, ctx, "the focus back on apply after "+goBack.name, focusOnApply)
	}
	time.Sleep(500 * time.Millisecond) // a wrong start would have sent by now
	if got := putTargets(d.Sim); len(got) != 0 || attr(t, ctx, testID("batch-status"), "data-state") != "idle" {
		t.Fatalf("going back sent PUTs to %v", got)
	}

	// From the yes on, count every time the preview list shows while the
	// preview is still there.
	evalJS[bool](t, ctx, `(() => {
  const list = document.querySelector('[data-testid="preview-row"]').closest(".preview-list");
  window.__listShown = 0;
  new MutationObserver(() => {
    if (!list.hidden && list.closest(".preview").checkVisibility()) window.__listShown++;
  }).observe(list, {attributes: true, attributeFilter: ["hidden"]});
  return true;
})()`)
	clickTestID(t, ctx, "apply")
	confirmYes(t, ctx)
	waitBatch(t, ctx, "running", 10*time.Second)
	waitJS(t, ctx, "the preview gone", `!document.querySelector('[data-testid="preview-row"]')`)
	if n := evalJS[int](t, ctx, `window.__listShown`); n != 0 {
		t.Errorf("the preview list showed again %d times between the yes and the batch's start", n)
	}
	if n := count(t, ctx, testID("job-row")); n != 120 {
		t.Errorf("%d job rows, want 120: one batch of the 120 updates", n)
	}

	// The bar: done part as wide as the share done (once its easing
	// settled), failed part empty, both inside the bar.
	waitJS(t, ctx, "three jobs done", `document.querySelectorAll('[data-testid="job-row"][data-state="done"]').length >= 3`)
	waitJS(t, ctx, "the done part of the bar as wide as the share of updates done", `(p => {
  const bar = p.getBoundingClientRect(), done = p.querySelector(".bar-part.done").getBoundingClientRect(),
    failed = p.querySelector(".bar-part.failed").getBoundingClientRect();
  const n = +p.getAttribute("aria-valuenow"), of = +p.getAttribute("aria-valuemax");
  return of === 120 && n >= 3 && Math.abs(done.width - bar.width * n / of) < 1.5 && Math.abs(done.left - bar.left) < 1 &&
    failed.width < 0.5 && failed.left >= done.right - 1 && failed.right <= bar.right + 1;
})(`+jsq(testID("progress"))+`)`)
}
