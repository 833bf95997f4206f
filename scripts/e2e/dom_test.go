package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Helpers that drive the page through CONTRACT.md §5's data-testid elements.
// Each takes the test, fails it with a message that says what was awaited, and
// waits at most waitTimeout. Waits poll from Go, so they survive the page
// navigating away and back (the sign-in round trip) while they wait.

// testID is the CSS selector of a data-testid.
func testID(id string) string { return fmt.Sprintf("[data-testid=%q]", id) }

// attached tells whether ctx is a tab of newBrowser or newTab. A context from a
// bare chromedp.NewContext has no tab yet, and a helper must not be the first
// to run on it: the first Run ties the tab's connection to the context it
// gets, a helper's timeout, and once that is cancelled every command on the
// tab waits for a reply that never comes.
func attached(ctx context.Context) error {
	c := chromedp.FromContext(ctx)
	switch {
	case c == nil:
		return errors.New("not a browser context: use newBrowser or newTab")
	case c.Target == nil:
		return errors.New("the context has no tab yet: open tabs with newBrowser or newTab, not chromedp.NewContext")
	}
	return nil
}

// navigate opens url in the tab and waits for its load event.
func navigate(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := attached(ctx); err != nil {
		t.Fatalf("navigating to %s: %v", url, err)
	}
	wctx, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("navigating to %s: %v", url, err)
	}
}

// evalJS evaluates a JavaScript expression in the page and decodes its value
// into T (a promise is awaited). It fails the test on an exception.
func evalJS[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := tryEval[T](ctx, expr)
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func tryEval[T any](ctx context.Context, expr string) (T, error) {
	if err := attached(ctx); err != nil {
		var zero T
		return zero, err
	}
	ectx, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	return chromedp.Run(ectx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// waitJS waits until the expression is truthy. what names it in the failure.
func waitJS(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	if err := attached(ctx); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
	deadline := time.Now().Add(waitTimeout)
	var last error
	for {
		ok, err := tryEval[bool](ctx, "!!("+expr+")")
		if err == nil && ok {
			return
		}
		if err != nil {
			last = err // e.g. the page is navigating: try again
		}
		if ctx.Err() != nil || time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s (last error: %v)", waitTimeout, what, last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// jsq is the JavaScript for document.querySelector(sel).
func jsq(sel string) string { return "document.querySelector(" + jsString(sel) + ")" }

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// waitSel waits until an element matches the CSS selector.
func waitSel(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	waitJS(t, ctx, sel, jsq(sel))
}

// waitTestID waits until a data-testid element is in the page (hidden or not).
func waitTestID(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	waitSel(t, ctx, testID(id))
}

// waitVisible waits until the first element matching sel is rendered: in the
// layout, not display:none, not visibility:hidden.
func waitVisible(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	waitJS(t, ctx, sel+" visible", "(e => e && e.checkVisibility({visibilityProperty: true}))("+jsq(sel)+")")
}

// waitGone waits until nothing matches sel.
func waitGone(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	waitJS(t, ctx, "no "+sel, "!"+jsq(sel))
}

// waitAttr waits until the first element matching sel has the attribute with
// the value, e.g. waitAttr(t, ctx, testID("batch-status"), "data-state", "done").
func waitAttr(t *testing.T, ctx context.Context, sel, name, value string) {
	t.Helper()
	waitJS(t, ctx, fmt.Sprintf("%s[%s=%q]", sel, name, value),
		fmt.Sprintf("(e => e && e.getAttribute(%s) === %s)(%s)", jsString(name), jsString(value), jsq(sel)))
}

// waitCount waits until exactly n elements match sel.
func waitCount(t *testing.T, ctx context.Context, sel string, n int) {
	t.Helper()
	waitJS(t, ctx, fmt.Sprintf("%d of %s", n, sel),
		fmt.Sprintf("document.querySelectorAll(%s).length === %d", jsString(sel), n))
}

// attr returns an attribute of the first element matching sel, waiting for the
// element; "" when the element has no such attribute.
func attr(t *testing.T, ctx context.Context, sel, name string) string {
	t.Helper()
	waitSel(t, ctx, sel)
	return evalJS[string](t, ctx, fmt.Sprintf("%s.getAttribute(%s) ?? \"\"", jsq(sel), jsString(name)))
}

// textOf returns the trimmed textContent of the first element matching sel,
// waiting for the element.
func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	waitSel(t, ctx, sel)
	return evalJS[string](t, ctx, jsq(sel)+".textContent.trim()")
}

// texts returns the trimmed textContent of every element matching sel, now.
func texts(t *testing.T, ctx context.Context, sel string) []string {
	t.Helper()
	return evalJS[[]string](t, ctx, fmt.Sprintf("[...document.querySelectorAll(%s)].map(e => e.textContent.trim())", jsString(sel)))
}

// attrs returns one attribute of every element matching sel, now.
func attrs(t *testing.T, ctx context.Context, sel, name string) []string {
	t.Helper()
	return evalJS[[]string](t, ctx, fmt.Sprintf("[...document.querySelectorAll(%s)].map(e => e.getAttribute(%s) ?? \"\")", jsString(sel), jsString(name)))
}

// count returns how many elements match sel, now.
func count(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	return evalJS[int](t, ctx, fmt.Sprintf("document.querySelectorAll(%s).length", jsString(sel)))
}

// click waits until the first element matching sel is visible, then clicks its
// centre with the mouse, as a person would.
func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	waitVisible(t, ctx, sel)
	cctx, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	if err := chromedp.Do(cctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
		t.Fatalf("clicking %s: %v", sel, err)
	}
}

// clickTestID clicks the data-testid element.
func clickTestID(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	click(t, ctx, testID(id))
}

// setValue puts text into an input or textarea matching sel and fires the
// input and change events a person's typing would (fast, for long CSV text).
func setValue(t *testing.T, ctx context.Context, sel, text string) {
	t.Helper()
	waitSel(t, ctx, sel)
	evalJS[chromedp.Void](t, ctx, fmt.Sprintf(`(e => {
		e.focus();
		e.value = %s;
		e.dispatchEvent(new Event("input", {bubbles: true, composed: true}));
		e.dispatchEvent(new Event("change", {bubbles: true, composed: true}));
	})(%s)`, jsString(text), jsq(sel)))
}

// typeText types text into the element matching sel, key by key.
func typeText(t *testing.T, ctx context.Context, sel, text string) {
	t.Helper()
	waitVisible(t, ctx, sel)
	tctx, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.SendKeys(chromedp.CSS(sel), text, chromedp.NodeVisible)); err != nil {
		t.Fatalf("typing into %s: %v", sel, err)
	}
}

// location returns the address bar's URL.
func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	return evalJS[string](t, ctx, "location.href")
}

// storage returns every key and value of localStorage or sessionStorage
// (kind "local" or "session").
func storage(t *testing.T, ctx context.Context, kind string) map[string]string {
	t.Helper()
	return evalJS[map[string]string](t, ctx, fmt.Sprintf("Object.fromEntries(Object.entries(%sStorage))", kind))
}
