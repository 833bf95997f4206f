package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The page inside a Genesys Cloud side panel (about 800 px wide) and on a
// laptop: every control a person needs can be reached and clicked (nothing
// covers it), the page never scrolls sideways, and axe-core finds no serious
// or critical accessibility problem. Screenshots of each state go to
// screenshotDir for a person to look at.

// viewports are the sizes the page is checked at.
var viewports = []struct {
	name string
	w, h int64
}{{"800x700", 800, 700}, {"1366x900", 1366, 900}}

// screenshotDir is where the tests below leave their PNGs (gitignored).
var screenshotDir = func() string {
	dir, err := filepath.Abs("screenshots")
	if err != nil {
		panic(err)
	}
	return dir
}()

// axeFile is axe-core's browser build, installed from axe/package-lock.json
// by scripts/test.sh deps.
const axeFile = "axe/node_modules/axe-core/axe.min.js"

func TestPanelLayoutAndAccessibility(t *testing.T) {
	axe, err := os.ReadFile(axeFile)
	if err != nil {
		t.Fatalf("axe-core is not installed (%v): run scripts/test.sh deps", err)
	}
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			d := startStack(t, fast(21, 60*time.Second), "implicit") // 100 PUTs a minute: a batch of 60 runs for half a minute
			ctx := newBrowser(t)
			setViewport(t, ctx, vp.w, vp.h)

			navigate(t, ctx, d.PageURL+"?gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.com&gcTargetEnv=prod&gcLangTag=en-us")
			waitVisible(t, ctx, testID("sign-in"))
			waitSpark(t, ctx)
			checkPage(t, ctx, "signed out", testID("sign-in"))
			checkAxe(t, ctx, axe, "signed out")
			shoot(t, ctx, vp.name+"-1-signed-out")

			clickTestID(t, ctx, "sign-in")
			waitJS(t, ctx, "the signed-in page", `document.documentElement.dataset.ready === "1"`)
			waitSpark(t, ctx)
			checkPage(t, ctx, "signed in", testID("ivr-filter"), testID("ivr-row"), testID("ivr-select"),
				testID("ivr-row")+":nth-child(40) "+testID("ivr-select"), testID("numbers-input"), testID("csv-input"))
			for _, id := range attrs(t, ctx, testID("ivr-row"), "data-ivr-id")[:3] {
				click(t, ctx, fmt.Sprintf(`[data-testid="ivr-row"][data-ivr-id=%q] [data-testid="ivr-select"]`, id))
			}
			planAdds(t, ctx, d, 60)
			waitSpark(t, ctx)
			preview := []string{testID("preview-row"), testID("apply")}
			if count(t, ctx, testID("preview-summary")) > 0 { // CONTRACT §5; not yet on every branch
				preview = append(preview, testID("preview-summary"))
			}
			checkPage(t, ctx, "with a preview", append(preview,
				testID("ivr-row"), testID("ivr-select"), testID("csv-input"), testID("numbers-input"))...)
			checkAxe(t, ctx, axe, "with a preview")
			shoot(t, ctx, vp.name+"-2-preview")

			clickTestID(t, ctx, "apply")
			waitBatch(t, ctx, "running", 10*time.Second)
			waitSel(t, ctx, testID("job-row")+`[data-state="done"]`)
			waitSpark(t, ctx)
			checkAxe(t, ctx, axe, "running a batch")
			checkPage(t, ctx, "running a batch", testID("progress"), testID("pause"), testID("job-row"),
				testID("job-row")+":last-child", testID("ivr-row"))
			if got := attr(t, ctx, testID("batch-status"), "data-state"); got != "running" {
				t.Errorf("the batch is %s after the checks, want them done while it runs", got)
			}
			shoot(t, ctx, vp.name+"-3-running")
			clickTestID(t, ctx, "pause")
			waitBatch(t, ctx, "paused", 10*time.Second)
		})
	}
}

// setViewport makes the tab's page w × h CSS pixels.
func setViewport(t *testing.T, ctx context.Context, w, h int64) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h)); err != nil {
		t.Fatalf("setting the viewport to %d×%d: %v", w, h, err)
	}
}

// waitSpark waits until every Spark element in the page has rendered
// (Stencil marks it hydrated): until then Spark keeps it invisible.
func waitSpark(t *testing.T, ctx context.Context) {
	t.Helper()
	waitJS(t, ctx, "Spark's components rendered",
		`[...document.querySelectorAll("*")].every(e => !e.localName.startsWith("gux-") || e.hasAttribute("hydrated"))`)
}

// reachJS scrolls the first element matching its argument into view and
// tells what is at its centre when that is not the element or inside it
// ("" when it is). Only what is on the page counts: a hidden element is
// reported as such.
const reachJS = `(sel => {
	const e = document.querySelector(sel);
	if (!e) return "missing";
	if (!e.checkVisibility({visibilityProperty: true})) return "hidden";
	e.scrollIntoView({block: "center", inline: "center"});
	const r = e.getBoundingClientRect();
	if (r.width < 1 || r.height < 1) return "of no size";
	const x = r.left + r.width / 2, y = r.top + r.height / 2;
	if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return "out of the window at " + [x, y];
	const hit = document.elementFromPoint(x, y);
	if (hit && (hit === e || e.contains(hit))) return "";
	const name = n => n ? n.localName + (n.id ? "#" + n.id : "") + (n.className && n.className.baseVal === undefined ? "." + String(n.className).trim().replace(/\s+/g, ".") : "") +
		(n.dataset && n.dataset.testid ? "[data-testid=" + n.dataset.testid + "]" : "") : "nothing";
	let path = [];
	for (let n = hit; n && path.length < 4; n = n.parentElement) path.push(name(n));
	return "covered by " + path.join(" < ");
})`

// checkPage checks that each selector's element can be reached and clicked
// (scrolled into view, the point at its centre is it), and that the page
// does not scroll sideways.
func checkPage(t *testing.T, ctx context.Context, state string, sels ...string) {
	t.Helper()
	for _, sel := range sels {
		if why := evalJS[string](t, ctx, reachJS+"("+jsString(sel)+")"); why != "" {
			t.Errorf("%s: %s is %s", state, sel, why)
		}
	}
	sw := evalJS[[]int](t, ctx, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`)
	t.Logf("%s: page %d px wide in a %d px window, %d elements reachable", state, sw[0], sw[1], len(sels))
	if sw[0] > sw[1] {
		t.Errorf("%s: the page scrolls sideways: %d px wide in a %d px window; widest: %s", state, sw[0], sw[1],
			evalJS[string](t, ctx, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).slice(-3).map(e => e.localName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right)).join(", ")`))
	}
	// Back to the top, each scroll region too, for the screenshots.
	evalJS[chromedp.Void](t, ctx, `window.scrollTo(0, 0); document.querySelectorAll(".panel").forEach(p => p.scrollTop = 0)`)
}

// axeViolation is what checkAxe keeps of an axe-core result.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// checkAxe runs axe-core (its default rules) on the page as it is and fails
// on every violation of impact serious or critical.
func checkAxe(t *testing.T, ctx context.Context, axe []byte, state string) {
	t.Helper()
	if !evalJS[bool](t, ctx, `typeof axe === "object"`) {
		evalJS[chromedp.Void](t, ctx, string(axe)+"\n;undefined")
	}
	// axe walks the whole page: on a busy machine, over a page with a few
	// hundred rows, that takes longer than a click's wait.
	if old := waitTimeout; old < 90*time.Second {
		waitTimeout = 90 * time.Second
		defer func() { waitTimeout = old }()
	}
	vs := evalJS[[]axeViolation](t, ctx, `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + " — " + (n.failureSummary || "").replace(/\s+/g, " "))})))`)
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Errorf("axe, %s: %s (%s): %s\n\t%s", state, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
		} else {
			t.Logf("axe, %s: %s (%s): %s", state, v.ID, v.Impact, v.Help)
		}
	}
}

// shoot saves the window as it shows the top of the page, and the whole
// page, as PNGs named after the state in screenshotDir.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	view, err := chromedp.Run(sctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	full, err := fullShot(sctx)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	for file, png := range map[string][]byte{name + ".png": view, name + "-full.png": full} {
		if err := os.WriteFile(filepath.Join(screenshotDir, file), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// centre returns the page coordinates of the centre of sel's element,
// scrolled into view.
func centre(t *testing.T, ctx context.Context, sel string) (float64, float64) {
	t.Helper()
	p := evalJS[[]float64](t, ctx, fmt.Sprintf(`(e => { e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })(%s)`, jsq(sel)))
	return p[0], p[1]
}

// shiftClick clicks the centre of sel's element with the shift key held.
func shiftClick(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	waitVisible(t, ctx, sel)
	x, y := centre(t, ctx, sel)
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(x, y, chromedp.ButtonModifiers(chromedp.ModifierShift))); err != nil {
		t.Fatalf("shift-clicking %s: %v", sel, err)
	}
}

// TestIVRListSelection: the name ticks its box, a shift-click ticks a range,
// ticked rows are highlighted, a tick keeps the keyboard focus, the id is
// there on hover but not under every name, the columns keep their widths
// when the filter changes, and "this page" differs from "all matching".
func TestIVRListSelection(t *testing.T) {
	d := startStack(t, fast(22, 60*time.Second), "implicit")
	ctx := newBrowser(t)
	setViewport(t, ctx, 1366, 900)
	signIn(t, ctx, d)
	waitSpark(t, ctx)
	// Spark's fonts come from the page's origin (a CSP violation would fail
	// the test) and are what the rows are drawn in.
	fonts := evalJS[[]string](t, ctx, `document.fonts.ready.then(fs => [...fs].filter(f => f.status === "loaded").map(f => f.family.replace(/"/g, "")))`)
	for _, f := range []string{"Noto Sans", "Urbanist"} {
		if !slices.Contains(fonts, f) {
			t.Errorf("font %s not loaded (loaded: %v)", f, fonts)
		}
	}
	ids := attrs(t, ctx, testID("ivr-row"), "data-ivr-id")
	if len(ids) < 12 {
		t.Fatalf("%d rows, want a page of them", len(ids))
	}
	row := func(i int) string { return fmt.Sprintf(`[data-testid="ivr-row"][data-ivr-id=%q]`, ids[i]) }
	checked := func() []bool {
		return evalJS[[]bool](t, ctx, `[...document.querySelectorAll('[data-testid="ivr-row"]')].slice(0, 12).map(r => r.querySelector('[data-testid="ivr-select"]').checked)`)
	}
	expect := func(step string, on ...int) {
		t.Helper()
		want := make([]bool, 12)
		for _, i := range on {
			want[i] = true
		}
		got := checked()
		hl := evalJS[[]bool](t, ctx, `[...document.querySelectorAll('[data-testid="ivr-row"]')].slice(0, 12).map(r => r.classList.contains("selected") && getComputedStyle(r.cells[0]).backgroundColor !== getComputedStyle(r.closest("table")).backgroundColor)`)
		if fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprint(hl) != fmt.Sprint(want) {
			t.Errorf("%s: ticked %v, highlighted %v, want %v", step, got, hl, want)
		}
	}

	click(t, ctx, row(2)+" .name")
	expect("a click on the name", 2)
	shiftClick(t, ctx, row(6)+" .name")
	expect("a shift-click on a name", 2, 3, 4, 5, 6)
	shiftClick(t, ctx, row(9)+" "+testID("ivr-select"))
	expect("a shift-click on a box", 2, 3, 4, 5, 6, 7, 8, 9)
	click(t, ctx, row(4)+" "+testID("ivr-select"))
	expect("a click on a box", 2, 3, 5, 6, 7, 8, 9)
	if sel := evalJS[string](t, ctx, `getSelection().toString()`); sel != "" {
		t.Errorf("shift-clicks selected the text %q", sel)
	}

	// Space on a focused box ticks it and leaves the focus there.
	evalJS[chromedp.Void](t, ctx, jsq(row(0)+" "+testID("ivr-select"))+".focus()")
	if err := chromedp.Do(ctx, chromedp.KeyEvent(" ")); err != nil {
		t.Fatal(err)
	}
	expect("space on a box", 0, 2, 3, 5, 6, 7, 8, 9)
	if ok := evalJS[bool](t, ctx, `document.activeElement === `+jsq(row(0)+" "+testID("ivr-select"))); !ok {
		t.Error("the box lost the keyboard focus when it was ticked")
	}

	// The id is on demand: in the name's tooltip, not in the row's text.
	if title := attr(t, ctx, row(1)+" .name", "title"); !strings.Contains(title, ids[1]) {
		t.Errorf("the name's tooltip is %q, want the id %s in it", title, ids[1])
	}
	if text := textOf(t, ctx, row(1)); strings.Contains(text, ids[1]) {
		t.Errorf("the row shows its id: %q", text)
	}

	// Column widths stay when the filter changes what the rows hold.
	widths := `[...document.querySelectorAll(".ivr-table thead th")].map(th => Math.round(th.getBoundingClientRect().width))`
	before := evalJS[[]int](t, ctx, widths)
	name := attr(t, ctx, row(11), "data-ivr-name")
	setValue(t, ctx, testID("ivr-filter"), name)
	waitJS(t, ctx, "the filtered row", fmt.Sprintf(`document.querySelectorAll('[data-testid="ivr-row"]').length < %d`, len(ids)))
	if after := evalJS[[]int](t, ctx, widths); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("column widths went from %v to %v when filtering", before, after)
	}
	if s := textOf(t, ctx, testID("selection-count")); !strings.Contains(s, "match") || !strings.Contains(s, "8 selected") {
		t.Errorf("the count says %q, want the matches and 8 selected", s)
	}
	setValue(t, ctx, testID("ivr-filter"), "")

	// This page, then all of them.
	clickTestID(t, ctx, "select-none")
	waitJS(t, ctx, "nothing ticked", `![...document.querySelectorAll('[data-testid="ivr-select"]')].some(b => b.checked)`)
	total := len(activeIVRs(d.Sim))
	if got := textOf(t, ctx, testID("select-page")); got != fmt.Sprintf("Select this page (%d)", len(ids)) {
		t.Errorf("select-page says %q", got)
	}
	clickTestID(t, ctx, "select-page")
	waitJS(t, ctx, "the page ticked", `[...document.querySelectorAll('[data-testid="ivr-select"]')].every(b => b.checked)`)
	if s := textOf(t, ctx, testID("selection-count")); !strings.Contains(s, fmt.Sprintf(" %d selected", len(ids))) {
		t.Errorf("after selecting the page the count says %q", s)
	}
	clickTestID(t, ctx, "select-filtered")
	waitJS(t, ctx, "every IVR ticked", fmt.Sprintf(`%s.textContent.includes(" selected") && !%s.textContent.includes(" %d selected")`,
		jsq(testID("selection-count")), jsq(testID("selection-count")), len(ids)))
	t.Logf("after select all: %q (%d IVRs not deleted in the org)", textOf(t, ctx, testID("selection-count")), total)
}

// fullShot captures the whole page with all of it in the viewport for the
// moment: rows drawn only on screen (content-visibility: auto) would be
// blank in a capture beyond the viewport, which a person scrolling never
// sees. The viewport's size is put back after.
func fullShot(ctx context.Context) ([]byte, error) {
	size, err := chromedp.Run(ctx, chromedp.Evaluate[[]int64](
		`[window.innerWidth, window.innerHeight, Math.min(document.documentElement.scrollHeight, 12000)]`))
	if err != nil {
		return nil, err
	}
	w, h, full := size[0], size[1], size[2]
	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(w, max(h, full))); err != nil {
		return nil, err
	}
	defer chromedp.Run(ctx, chromedp.EmulateViewport(w, h))
	// Two frames: the first decides what is on screen, the second paints it.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
		`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise)); err != nil {
		return nil, err
	}
	return chromedp.Run(ctx, chromedp.FullScreenshot(100))
}
