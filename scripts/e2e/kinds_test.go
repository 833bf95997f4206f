package e2e

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"github.com/gcpace/gcpace/scripts/devserver"
	"github.com/gcpace/gcpace/scripts/sim"
)

// Tests of issue 13, the page's part: who may do what, the kind switch,
// schedule groups in the page.

// signInAs signs in as one of the simulator's sample people, picked on its
// login's chooser as a person would.
func signInAs(t *testing.T, ctx context.Context, d *devserver.Dev, person string) {
	t.Helper()
	d.Sim.SetChooseUser(true)
	navigate(t, ctx, d.PageURL+"?gcHostOrigin=https%3A%2F%2Fapps.mypurecloud.com&gcTargetEnv=prod&gcLangTag=en-us")
	clickTestID(t, ctx, "sign-in")
	click(t, ctx, fmt.Sprintf("a[data-user=%q]", person))
	waitVisible(t, ctx, testID("user-name"))
	waitJS(t, ctx, "the signed-in page", `document.documentElement.dataset.ready === "1"`)
}

// checkKind checks the kind shown: its tab is selected, the words name the
// permission a view-only person lacks (missing "" when they may edit), and
// no control that could make or send a change is enabled.
func checkKind(t *testing.T, ctx context.Context, tab, missing string) {
	t.Helper()
	waitAttr(t, ctx, testID(tab), "aria-selected", "true")
	access := ""
	if count(t, ctx, testID("kind-access")+":not([hidden])") > 0 {
		access = textOf(t, ctx, testID("kind-access"))
	}
	enabled := func(id string) bool {
		return evalJS[bool](t, ctx, fmt.Sprintf(`(e => !!e && !e.disabled)(%s)`, jsq(testID(id))))
	}
	if missing == "" {
		if access != "" {
			t.Errorf("%s: an editor is told %q", tab, access)
		}
		for _, id := range []string{"csv-load", "op-add"} {
			if !enabled(id) {
				t.Errorf("%s: %s is disabled for someone who may edit", tab, id)
			}
		}
		return
	}
	if !strings.Contains(access, "View only") || !strings.Contains(access, "permission "+missing) {
		t.Errorf("%s: the page says %q, want the missing permission %s named", tab, access, missing)
	}
	for _, id := range []string{"apply", "csv-load", "csv-input", "csv-file", "op-add", "op-remove"} {
		if enabled(id) {
			t.Errorf("%s: %s is enabled for someone who may only view", tab, id)
		}
	}
}

// A view-only agent sees both kinds, each read-only with the missing
// permission named and nothing enabled that could change anything; an
// IVR-only editor may edit IVR numbers and only view schedule groups.
func TestKindsByPermission(t *testing.T) {
	for _, tc := range []struct {
		person                   string
		ivrMissing, groupMissing string
	}{
		{sim.UserViewer, "routing:callRoute:edit", "architect:scheduleGroup:edit"},
		{sim.UserIVREditor, "", "architect:scheduleGroup:edit"},
	} {
		t.Run(tc.person, func(t *testing.T) {
			d := startStack(t, sim.Options{Seed: 5, IVRs: 40}, "implicit")
			ctx := newBrowser(t)
			signInAs(t, ctx, d, tc.person)
			waitSel(t, ctx, testID("ivr-row"))
			checkKind(t, ctx, "kind-ivr-numbers", tc.ivrMissing)
			waitSpark(t, ctx)
			shoot(t, ctx, "1280x900-ivrs-"+tc.person)

			clickTestID(t, ctx, "kind-schedule-groups")
			waitCount(t, ctx, testID("group-row"), len(d.Sim.ScheduleGroups()))
			if n := count(t, ctx, testID("ivr-row")); n != 0 {
				t.Errorf("%d IVR rows still in the page with schedule groups shown", n)
			}
			checkKind(t, ctx, "kind-schedule-groups", tc.groupMissing)
			setViewport(t, ctx, 1366, 900)
			waitSpark(t, ctx)
			checkPage(t, ctx, tc.person, testID("kind-access"), testID("group-row"))
			shoot(t, ctx, "1366x900-groups-"+tc.person)
			// Ticking groups and loading a CSV stays impossible: no preview.
			click(t, ctx, testID("group-select"))
			if count(t, ctx, testID("preview-row")) != 0 || count(t, ctx, testID("apply")+":not([disabled])") != 0 {
				t.Error("a view-only person has a preview or an enabled apply")
			}
			for _, e := range d.Sim.Log() {
				if e.Method == "PUT" || e.Status == 403 {
					t.Errorf("%s %s answered %d: the page asked for what the person may not do", e.Method, e.Path, e.Status)
				}
			}
		})
	}
}

// The admin switches to schedule groups (the choice survives a reload),
// sees every group with its schedules, adds "Christmas Day 2026" to the
// holiday list of three ticked groups and gets exactly those three
// before → after; a CSV naming an unknown schedule is a preview error.
// Screenshots at 800 and 1366 px, and axe, on the schedule groups view.
func TestScheduleGroupsInThePage(t *testing.T) {
	d := startStack(t, sim.Options{Seed: 6, IVRs: 40}, "implicit")
	ctx := newBrowser(t)
	signInAs(t, ctx, d, sim.UserAdmin)
	checkKind(t, ctx, "kind-ivr-numbers", "")
	clickTestID(t, ctx, "kind-schedule-groups")
	groups := d.Sim.ScheduleGroups()
	waitCount(t, ctx, testID("group-row"), len(groups))
	checkKind(t, ctx, "kind-schedule-groups", "")

	// Every row carries its group's id and name.
	ids, names := attrs(t, ctx, testID("group-row"), "data-id"), attrs(t, ctx, testID("group-row"), "data-name")
	byID := map[string]sim.ScheduleGroup{}
	for _, g := range groups {
		byID[g.ID] = g
	}
	for i, id := range ids {
		if g, ok := byID[id]; !ok || g.Name != names[i] {
			t.Errorf("row %d: data-id %q data-name %q is no group of the org", i, id, names[i])
		}
	}

	evalJS[any](t, ctx, "location.reload(), null")
	waitJS(t, ctx, "the signed-in page after a reload", `document.documentElement.dataset.ready === "1"`)
	waitAttr(t, ctx, testID("kind-schedule-groups"), "aria-selected", "true")
	waitCount(t, ctx, testID("group-row"), len(groups))

	picked := []string{ids[2], ids[40], ids[77]}
	for _, id := range picked {
		click(t, ctx, fmt.Sprintf(`[data-testid="group-row"][data-id=%q] [data-testid="group-select"]`, id))
	}
	evalJS[any](t, ctx, `(s => { s.value = "holiday"; s.dispatchEvent(new Event("change", {bubbles: true})); })(`+jsq(testID("group-list-choice"))+`), null`)
	evalJS[any](t, ctx, fmt.Sprintf(`(s => { s.value = [...s.options].find(o => o.textContent === %q).value; s.dispatchEvent(new Event("change", {bubbles: true})); })(%s), null`,
		sim.ScheduleChristmas2026, jsq(testID("group-schedule"))))
	clickTestID(t, ctx, "op-add")
	waitCount(t, ctx, testID("preview-row"), 3)
	if got := attrs(t, ctx, testID("preview-row"), "data-id"); !slices.Equal(got, picked) {
		t.Errorf("preview rows %v, want the ticked groups %v", got, picked)
	}
	for _, id := range picked {
		row := textOf(t, ctx, fmt.Sprintf(`[data-testid="preview-row"][data-id=%q]`, id))
		before := len(byID[id].HolidaySchedules)
		want := fmt.Sprintf("Holiday list: %s → %s", schedules(before), schedules(before+1))
		if !strings.Contains(row, want) || !strings.Contains(row, sim.ScheduleChristmas2026) || strings.Contains(row, "Open list") {
			t.Errorf("preview of %s: %q, want %q and only the holiday list", byID[id].Name, row, want)
		}
	}
	if s := textOf(t, ctx, testID("preview-summary")); !strings.Contains(s, "3 schedule groups change in 3 updates") {
		t.Errorf("preview-summary %q", s)
	}
	waitJS(t, ctx, "apply enabled", `!`+jsq(testID("apply"))+`.disabled`)
	shotGroups(t, ctx, "groups-preview")

	setValue(t, ctx, testID("csv-input"), "group,list,schedule,action\n"+names[0]+",holiday,Christmas Day 2062,add\n")
	clickTestID(t, ctx, "csv-load")
	waitSel(t, ctx, testID("preview-error"))
	if e := textOf(t, ctx, testID("preview-error")); !strings.Contains(e, "Line 2") || !strings.Contains(e, "Christmas Day 2062") {
		t.Errorf("preview-error %q", e)
	}
	if n := count(t, ctx, testID("preview-row")); n != 0 {
		t.Errorf("%d preview rows left from the selection after the CSV", n)
	}
	waitJS(t, ctx, "apply disabled", jsq(testID("apply"))+`.disabled`)
	shotGroups(t, ctx, "groups-csv-error")
	// The IVRs' problems export serves a groups CSV too: each line as typed.
	catchDownloads(t, ctx)
	waitVisible(t, ctx, testID("problems-export"))
	clickTestID(t, ctx, "problems-export")
	if rows, err := csv.NewReader(strings.NewReader(download(t, ctx, "gcpace-problems-"))).ReadAll(); err != nil || len(rows) != 2 ||
		rows[1][0] != "2" || rows[1][1] != names[0]+",holiday,Christmas Day 2062,add" || !strings.Contains(rows[1][2], "Christmas Day 2062") {
		t.Errorf("problems export %q (%v)", rows, err)
	}

	// A schedule on both the open and the closed list of a group is warned
	// about, not refused.
	g := byID[ids[0]]
	setValue(t, ctx, testID("csv-input"), fmt.Sprintf("group,list,schedule,action\n%s,open,%s,add\n", g.Name, g.ClosedSchedules[0].Name))
	clickTestID(t, ctx, "csv-load")
	waitSel(t, ctx, testID("preview-warning"))
	if w := textOf(t, ctx, testID("preview-warning")); !strings.Contains(w, "both the open and the closed list") {
		t.Errorf("preview-warning %q", w)
	}
	if count(t, ctx, testID("preview-error")) != 0 || count(t, ctx, testID("preview-row")) != 1 {
		t.Errorf("open + closed: %d errors, %d rows, want none and 1", count(t, ctx, testID("preview-error")), count(t, ctx, testID("preview-row")))
	}

	// An uploaded file previews by itself; its rows name groups by name.
	upload(t, ctx, "holiday.csv", fmt.Sprintf("group,list,schedule,action\n%s,holiday,%s,add\n%s,holiday,%s,add\n",
		names[3], sim.ScheduleChristmas2026, names[4], sim.ScheduleChristmas2026))
	waitJS(t, ctx, "the uploaded file's preview", fmt.Sprintf(`[...document.querySelectorAll(%s)].map(e => e.dataset.id).join() === %q`,
		jsString(testID("preview-row")), ids[3]+","+ids[4]))
	if got := textOf(t, ctx, testID("csv-file-name")); got != "holiday.csv" {
		t.Errorf("csv-file-name %q", got)
	}

	// Back to IVR numbers with the keyboard, as a tablist works: its own
	// list and input, none of the groups'.
	// The key goes to whatever has the focus: wait until the tab holds it
	// (a render still settling from the upload must not take it first).
	waitJS(t, ctx, "the focus on the schedule groups tab", "("+jsq(testID("kind-schedule-groups"))+".focus(), document.activeElement === "+jsq(testID("kind-schedule-groups"))+")")
	key(t, ctx, kb.ArrowLeft)
	waitAttr(t, ctx, testID("kind-ivr-numbers"), "aria-selected", "true")
	if !evalJS[bool](t, ctx, "document.activeElement === "+jsq(testID("kind-ivr-numbers"))) {
		t.Error("the focus did not follow the arrow key to the IVR numbers tab")
	}
	waitSel(t, ctx, testID("ivr-row"))
	if n := count(t, ctx, testID("group-row")); n != 0 {
		t.Errorf("%d group rows in the page with IVR numbers shown", n)
	}
	if n := count(t, ctx, testID("csv-input")); n != 1 {
		t.Errorf("%d csv-input elements in the page, want the shown kind's one", n)
	}
	if puts(d.Sim) != 0 {
		t.Errorf("%d PUTs were sent; nothing was applied", puts(d.Sim))
	}
}

func schedules(n int) string {
	if n == 1 {
		return "1 schedule"
	}
	return fmt.Sprintf("%d schedules", n)
}

// shotGroups checks the schedule groups view at 800 and 1366 px (nothing
// covers the controls, no sideways scroll, axe) and saves screenshots.
func shotGroups(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	axe, err := os.ReadFile(axeFile)
	if err != nil {
		t.Fatalf("axe-core is not installed (%v): run scripts/test.sh deps", err)
	}
	for _, vp := range viewports {
		setViewport(t, ctx, vp.w, vp.h)
		waitSpark(t, ctx)
		checkPage(t, ctx, name+" "+vp.name, testID("kind-schedule-groups"), testID("group-filter"), testID("group-row"),
			testID("group-select"), testID("group-schedule"), testID("op-add"), testID("csv-input"), testID("csv-load"), testID("preview-summary"))
		checkAxe(t, ctx, axe, name+" "+vp.name)
		shoot(t, ctx, vp.name+"-"+name)
	}
	setViewport(t, ctx, 1280, 900)
}
