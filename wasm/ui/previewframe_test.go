//go:build js && wasm

package ui

import "testing"

// One summary line serves every kind: its words come from the kind's nouns,
// with correct plurals, notes and warnings counted apart.
func TestPreviewSummaryWords(t *testing.T) {
	lines := func(n int) []previewLine { return make([]previewLine, n) }
	warnings := func(n int) []previewLine {
		out := make([]previewLine, n)
		for i := range out {
			out[i].warn = true
		}
		return out
	}
	ivr := func(pl previewPlan) previewPlan { pl.one, pl.many = "IVR", "IVRs"; return pl }
	group := func(pl previewPlan) previewPlan { pl.one, pl.many = "schedule group", "schedule groups"; return pl }
	for _, tc := range []struct {
		pl   previewPlan
		want string
	}{
		{ivr(previewPlan{changed: 3, jobs: 3, notes: lines(1)}), "3 IVRs change in 3 updates · 1 note."},
		{ivr(previewPlan{changed: 1, jobs: 1}), "1 IVR changes in 1 update."},
		{ivr(previewPlan{problems: lines(250)}), "250 problems."},
		{ivr(previewPlan{problems: lines(1), changed: 2, jobs: 2}), "1 problem · 2 IVRs would change once fixed."},
		{ivr(previewPlan{}), "Nothing to change."},
		{group(previewPlan{changed: 120, jobs: 120}), "120 schedule groups change in 120 updates."},
		{group(previewPlan{changed: 1, jobs: 1, notes: append(lines(2), warnings(1)...)}),
			"1 schedule group changes in 1 update · 2 notes · 1 warning."},
		{group(previewPlan{notes: warnings(2)}), "Nothing to change · 2 warnings."},
	} {
		if got := tc.pl.summary(); got != tc.want {
			t.Errorf("summary %q, want %q", got, tc.want)
		}
	}
}
