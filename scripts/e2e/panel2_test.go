package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// confirmOpen reports whether the page's modal question is showing.
func confirmOpen(t *testing.T, ctx context.Context) bool {
	t.Helper()
	return evalJS[bool](t, ctx, `(d => !!d && d.open)(`+jsq(testID("confirm"))+`)`)
}

// confirmYes answers the page's modal question with its confirm button,
// failing when the page did not ask.
func confirmYes(t *testing.T, ctx context.Context) {
	t.Helper()
	waitJS(t, ctx, "the confirmation", `(d => !!d && d.open)(`+jsq(testID("confirm"))+`)`)
	clickTestID(t, ctx, "confirm-yes")
	waitJS(t, ctx, "the confirmation closed", `!`+jsq(testID("confirm"))+`.open`)
}

// answerApply confirms the question apply asked when ask is true (a batch
// over 100 updates, or one that leaves an IVR with no numbers), and checks
// that apply asked nothing otherwise.
func answerApply(t *testing.T, ctx context.Context, ask bool) {
	t.Helper()
	if ask {
		confirmYes(t, ctx)
	} else if confirmOpen(t, ctx) {
		t.Fatalf("apply asked %q", textOf(t, ctx, testID("confirm-text")))
	}
}

// key sends one key to the focused element.
func key(t *testing.T, ctx context.Context, k string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(k)); err != nil {
		t.Fatalf("key %q: %v", k, err)
	}
}

// tabTo presses Tab until the focused element matches sel (at most max
// presses) and returns how many it took.
func tabTo(t *testing.T, ctx context.Context, sel string, max int) int {
	t.Helper()
	for n := 1; n <= max; n++ {
		key(t, ctx, kb.Tab)
		if evalJS[bool](t, ctx, `!!document.activeElement && document.activeElement.matches(`+jsString(sel)+`)`) {
			return n
		}
	}
	t.Fatalf("%d Tabs never reached %s; focus on %s", max, sel,
		evalJS[string](t, ctx, `(e => e ? e.localName + "[data-testid=" + (e.dataset.testid || "") + "]" : "nothing")(document.activeElement)`))
	return 0
}

// TestConfirmations: Cancel asks; apply asks, with the counts, about a batch
// of more than 100 updates and about any change that leaves an IVR with no
// numbers, and not about a small one. Esc and the "no" button do nothing;
// only confirm-yes acts.
func TestConfirmations(t *testing.T) {
	d := startStack(t, fast(51, 60*time.Second), "implicit") // 100 PUTs a minute: 120 take over a minute
	ctx := newBrowser(t)
	signIn(t, ctx, d)

	// Removing an IVR's only number.
	var only string
	var number string
	for _, r := range activeIVRs(d.Sim) {
		if len(r.DNIS) == 1 {
			only, number = r.ID, r.DNIS[0]
			break
		}
	}
	if only == "" {
		t.Fatal("no IVR with exactly one number in the org")
	}
	setValue(t, ctx, testID("csv-input"), "ivr,action,number\n"+only+",remove,"+number)
	clickTestID(t, ctx, "csv-load")
	waitCount(t, ctx, testID("preview-row"), 1)
	clickTestID(t, ctx, "apply")
	if q := textOf(t, ctx, testID("confirm-text")); !confirmOpen(t, ctx) || q != "This batch sends 1 update. 1 IVR is left with no numbers: calls to it stop routing." {
		t.Errorf("emptying an IVR: open %v, asks %q", confirmOpen(t, ctx), q)
	}
	if f := evalJS[string](t, ctx, `document.activeElement.dataset.testid || ""`); f != "confirm-no" {
		t.Errorf("the focus is on %q when asked, want the safe answer confirm-no", f)
	}
	clickTestID(t, ctx, "confirm-no")
	waitJS(t, ctx, "the question closed", `!`+jsq(testID("confirm"))+`.open`)
	time.Sleep(500 * time.Millisecond) // a wrong start would have sent by now
	if got := putTargets(d.Sim); len(got) != 0 || attr(t, ctx, testID("batch-status"), "data-state") != "idle" {
		t.Fatalf("going back sent PUTs to %v", got)
	}

	// 120 updates: asked, Esc goes back, yes starts.
	planAdds(t, ctx, d, 120)
	clickTestID(t, ctx, "apply")
	waitJS(t, ctx, "the question", jsq(testID("confirm"))+`.open`)
	if q := textOf(t, ctx, testID("confirm-text")); q != "This batch sends 120 updates to 120 IVRs." {
		t.Errorf("a big batch asks %q", q)
	}
	shots(t, ctx, "confirm-apply", 800, 1366)
	key(t, ctx, kb.Escape)
	waitJS(t, ctx, "Esc closed the question", `!`+jsq(testID("confirm"))+`.open`)
	time.Sleep(500 * time.Millisecond)
	if got := putTargets(d.Sim); len(got) != 0 || attr(t, ctx, testID("batch-status"), "data-state") != "idle" {
		t.Fatalf("Esc sent PUTs to %v", got)
	}
	clickTestID(t, ctx, "apply")
	confirmYes(t, ctx)
	waitBatch(t, ctx, "running", 10*time.Second)
	// The batch's lines (rate, ETA, chart) fill in over the first jobs and
	// move the buttons; a click while they move can miss.
	waitSel(t, ctx, testID("job-row")+`[data-state="done"]`)
	waitTestID(t, ctx, "eta")
	waitSpark(t, ctx)

	// Cancel: asked with the counts; "Keep running" and Esc keep it running.
	clickTestID(t, ctx, "cancel")
	waitJS(t, ctx, "the question", jsq(testID("confirm"))+`.open`)
	if q := textOf(t, ctx, testID("confirm-text")); !strings.Contains(q, "not sent yet will not be sent") || !strings.Contains(q, "updates") {
		t.Errorf("cancel asks %q", q)
	}
	if no := textOf(t, ctx, testID("confirm-no")); no != "Keep running" {
		t.Errorf("the no button says %q", no)
	}
	shots(t, ctx, "confirm-cancel", 800, 1366)
	clickTestID(t, ctx, "confirm-no")
	clickTestID(t, ctx, "cancel")
	waitJS(t, ctx, "the question", jsq(testID("confirm"))+`.open`)
	key(t, ctx, kb.Escape)
	time.Sleep(500 * time.Millisecond)
	if s := attr(t, ctx, testID("batch-status"), "data-state"); s != "running" {
		t.Fatalf("after keep running and Esc the batch is %s", s)
	}
	clickTestID(t, ctx, "cancel")
	confirmYes(t, ctx)
	waitBatch(t, ctx, "cancelled", 10*time.Second)
	if n := len(putTargets(d.Sim)); n >= 120 {
		t.Errorf("%d PUTs after a cancel, want fewer than 120", n)
	}
}

// TestSmallBatchIsNotAsked: a batch of a few adds starts at once.
func TestSmallBatchIsNotAsked(t *testing.T) {
	d := startStack(t, fast(52, 3*time.Second), "implicit")
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	planAdds(t, ctx, d, 3)
	clickTestID(t, ctx, "apply")
	waitBatch(t, ctx, "done", 30*time.Second)
	if confirmOpen(t, ctx) {
		t.Error("a batch of 3 adds was asked about")
	}
}

// TestSignedOutPage: signed out, the page says what the tool does and what
// it needs, with the sign-in button, and shows no empty work area.
func TestSignedOutPage(t *testing.T) {
	d := startStack(t, fast(53, 3*time.Second), "implicit")
	ctx := newBrowser(t)
	setViewport(t, ctx, 800, 700)
	navigate(t, ctx, d.PageURL)
	waitVisible(t, ctx, testID("sign-in"))
	text := textOf(t, ctx, testID("signed-out"))
	for _, want := range []string{"IVRs", "routing:callRoute:view", "routing:callRoute:edit", "Genesys Cloud sign-in"} {
		if !strings.Contains(text, want) {
			t.Errorf("the signed-out page does not say %q: %q", want, text)
		}
	}
	if !evalJS[bool](t, ctx, jsq(testID("signed-out"))+`.contains(`+jsq(testID("sign-in"))+`)`) {
		t.Error("the sign-in button is not on the signed-out page")
	}
	if n := evalJS[int](t, ctx, `[...document.querySelectorAll(".panel")].filter(p => p.checkVisibility()).length`); n != 0 {
		t.Errorf("%d empty panels show while signed out", n)
	}
	clickTestID(t, ctx, "sign-in")
	waitJS(t, ctx, "the signed-in page", `document.documentElement.dataset.ready === "1"`)
	if evalJS[bool](t, ctx, jsq(testID("signed-out"))+`.checkVisibility()`) {
		t.Error("the signed-out page still shows once signed in")
	}
}

// TestInputProblemsAreLinked: the input a preview's problems came from is
// aria-invalid and described by the one problem summary; the other is not;
// fixing the input clears both.
func TestInputProblemsAreLinked(t *testing.T) {
	d := startStack(t, fast(54, 3*time.Second), "implicit")
	ctx := newBrowser(t)
	signIn(t, ctx, d)
	marks := func() string {
		return evalJS[string](t, ctx, `["numbers-input", "csv-input"].map(id => {
			const e = document.querySelector('[data-testid="' + id + '"]');
			return id + ":" + (e.getAttribute("aria-invalid") || "-") + ":" + (e.getAttribute("aria-describedby") || "-");
		}).join(" ")`)
	}
	ivr := attrs(t, ctx, testID("ivr-row"), "data-ivr-id")[0]
	setValue(t, ctx, testID("csv-input"), "ivr,action,number\n"+ivr+",add,not a number")
	clickTestID(t, ctx, "csv-load")
	waitTestID(t, ctx, "preview-error")
	if got := marks(); got != "numbers-input:-:- csv-input:true:preview-problems" {
		t.Errorf("a bad CSV: %s", got)
	}
	if !evalJS[bool](t, ctx, `(e => !!e && e.getAttribute("role") === "alert" && e.checkVisibility() && e.textContent.includes("1 problem is fixed"))(document.getElementById("preview-problems"))`) {
		t.Error("aria-describedby does not point at a visible alert with the problem count")
	}
	setValue(t, ctx, testID("csv-input"), "ivr,action,number\n"+ivr+",add,"+d.Sim.FreeNumbers(1)[0])
	clickTestID(t, ctx, "csv-load")
	waitCount(t, ctx, testID("preview-row"), 1)
	waitGone(t, ctx, testID("preview-error"))
	if got := marks(); got != "numbers-input:-:- csv-input:-:-" {
		t.Errorf("a good CSV: %s", got)
	}
	click(t, ctx, fmt.Sprintf(`[data-testid="ivr-row"][data-ivr-id=%q] [data-testid="ivr-select"]`, ivr))
	setValue(t, ctx, testID("numbers-input"), "+1 555 nope")
	clickTestID(t, ctx, "op-add")
	waitTestID(t, ctx, "preview-error")
	if got := marks(); got != "numbers-input:true:preview-problems csv-input:-:-" {
		t.Errorf("a bad number: %s", got)
	}
}

// TestKeyboardPath: select → numbers → preview → apply → pause → cancel,
// with the keyboard only (Tab, Space, Enter, typing).
func TestKeyboardPath(t *testing.T) {
	d := startStack(t, fast(55, 60*time.Second), "implicit") // 100 PUTs a minute: 20 take 12 s
	ctx := newBrowser(t)
	setViewport(t, ctx, 1366, 900)
	signIn(t, ctx, d)
	waitSpark(t, ctx)
	evalJS[chromedp.Void](t, ctx, jsq(testID("ivr-filter"))+".focus()")
	box := testID("ivr-select") + ":not(:checked)"
	tabTo(t, ctx, box, 10)
	const n = 20
	for i := range n {
		key(t, ctx, " ")
		if i < n-1 {
			tabTo(t, ctx, box, 3)
		}
	}
	if got := count(t, ctx, testID("ivr-select")+":checked"); got != n {
		t.Fatalf("%d boxes ticked with Space, want %d", got, n)
	}
	tabTo(t, ctx, testID("numbers-input"), 60)
	// One new number for each IVR ("replace" with several IVRs): one
	// number cannot be added to twenty IVRs.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(strings.Join(d.Sim.FreeNumbers(n), ", "))); err != nil {
		t.Fatal(err)
	}
	tabTo(t, ctx, testID("op-replace"), 4)
	key(t, ctx, kb.Enter)
	waitCount(t, ctx, testID("preview-row"), n)
	tabTo(t, ctx, testID("apply"), 20)
	key(t, ctx, kb.Enter)
	waitBatch(t, ctx, "running", 10*time.Second)
	tabs := tabTo(t, ctx, testID("pause"), 80)
	key(t, ctx, kb.Enter)
	waitBatch(t, ctx, "paused", 10*time.Second)
	t.Logf("pause was %d Tabs from apply", tabs)
	// Resume and Cancel are there for the keyboard too; Cancel asks, and
	// the question's safe answer has the focus.
	tabTo(t, ctx, testID("cancel"), 80)
	key(t, ctx, kb.Enter)
	waitJS(t, ctx, "the question", jsq(testID("confirm"))+`.open`)
	if f := evalJS[string](t, ctx, `document.activeElement.dataset.testid || ""`); f != "confirm-no" {
		t.Errorf("the focus is on %q when asked", f)
	}
	tabTo(t, ctx, testID("confirm-yes"), 3)
	key(t, ctx, kb.Enter)
	waitBatch(t, ctx, "cancelled", 10*time.Second)
}
