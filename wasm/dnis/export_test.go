package dnis

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// bigOrg is an org of size IVRs holding 0 to 3 numbers each, with the names
// that make an export hard to load back: shared names, a name that is
// another IVR's id, names a spreadsheet would run, commas, quotes, line
// breaks and spaces around a name.
func bigOrg(size int) []IVR {
	odd := []string{"Sales, \"East\"\nfloor 2", "=HYPERLINK(\"x\")", "  padded ", "ivr-7", "\u00a0=1", "＝1+1", "Ünïcødé"}
	ivrs := make([]IVR, size)
	next := 0
	for i := range ivrs {
		v := IVR{ID: fmt.Sprintf("ivr-%d", i), Name: fmt.Sprintf("IVR %05d", i)}
		switch {
		case i < len(odd):
			v.Name = odd[i]
		case i%50 == 0:
			v.Name = "Shared name"
		}
		for range i % 4 {
			next++
			v.DNIS = append(v.DNIS, fmt.Sprintf("+1317%07d", next))
		}
		ivrs[i] = v
	}
	// A number held in a written form, not E.164.
	ivrs[len(odd)+1].DNIS = append(ivrs[len(odd)+1].DNIS, "+1 (650) 555-0100")
	return ivrs
}

// TestMappingRoundTrip: export-mapping loaded back unchanged plans nothing
// (one note per IVR), for 250 and 10 000 IVRs.
func TestMappingRoundTrip(t *testing.T) {
	for _, size := range []int{250, 10000} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			org := bigOrg(size)
			var buf bytes.Buffer
			if err := WriteMappingCSV(&buf, org, nil); err != nil {
				t.Fatal(err)
			}
			if buf.Len() > MaxCSVBytes {
				t.Fatalf("the mapping of %d IVRs is %d bytes, over the %d byte limit of a load", size, buf.Len(), MaxCSVBytes)
			}
			yields := 0
			p := PlanCSVYield(org, buf.String(), func() { yields++ })
			if len(p.Jobs) != 0 || len(p.Problems) != 0 {
				t.Fatalf("%d jobs, %d problems, want none:\n%s", len(p.Jobs), len(p.Problems), dumpProblems(p.Problems[:min(5, len(p.Problems))]))
			}
			if len(p.Notes) != size {
				t.Errorf("%d notes, want one per IVR (%d)", len(p.Notes), size)
			}
			if rows := strings.Count(buf.String(), "\n") - 1; yields < rows/YieldEvery {
				t.Errorf("yield called %d times for %d rows, want at least one per %d rows", yields, rows, YieldEvery)
			}
		})
	}
}

// TestMappingEditOneCell: changing one number in the export plans exactly
// that change.
func TestMappingEditOneCell(t *testing.T) {
	org := bigOrg(250)
	var buf bytes.Buffer
	if err := WriteMappingCSV(&buf, org, nil); err != nil {
		t.Fatal(err)
	}
	old := org[9].DNIS[0] // "IVR 00009" holds one number
	edited := strings.Replace(buf.String(), "IVR 00009,set,"+old, "IVR 00009,set,+14155550199", 1)
	if edited == buf.String() {
		t.Fatalf("the export has no row %q:\n%s", "IVR 00009,set,"+old, buf.String()[:500])
	}
	p := PlanCSV(org, strings.NewReader(edited))
	checkProblems(t, p.Problems, nil)
	checkJobs(t, p.Jobs, []string{"j1 ivr-9 -" + old + " +" + "+14155550199"})
	if len(p.Preview) != 1 || p.Preview[0].IVRID != "ivr-9" {
		t.Errorf("preview = %+v, want one row for ivr-9", p.Preview)
	}
}

// TestMappingSelected: only the picked IVRs, names where they load back,
// ids where they would not, an empty row for an IVR with no number.
func TestMappingSelected(t *testing.T) {
	org := testOrg()
	var buf bytes.Buffer
	if err := WriteMappingCSV(&buf, org, []string{"b", "c", "d1", "x"}); err != nil {
		t.Fatal(err)
	}
	want := "ivr,action,number\n" +
		"Bravo,set," + n(3) + "\n" +
		"Charlie,set,\n" +
		"d1,set,\n" + // "Dup" is shared
		"x,set,\n" // its name "a" is Alpha's id
	if buf.String() != want {
		t.Errorf("mapping =\n%s\nwant\n%s", buf.String(), want)
	}
}

// TestResultsRoundTrip: a results export loaded back changes only what did
// not land; what landed is a note, one per row.
func TestResultsRoundTrip(t *testing.T) {
	before := testOrg()
	jobs := []JobOutcome{
		{IVRName: "Alpha", Intent: Intent{IVRID: "a", Add: []string{n(10)}, Remove: []string{n(1)}}, Outcome: "done", Attempts: 1},
		{IVRName: "Bravo", Intent: Intent{IVRID: "b", Add: []string{n(11)}}, Outcome: "failed", Reason: "=cmd|' /C calc'!A0", Attempts: 3},
		{IVRName: "Charlie", Intent: Intent{IVRID: "c", Add: []string{n(12)}}, Outcome: "cancelled"},
		{IVRName: "Dup", Intent: Intent{IVRID: "d1", Add: []string{n(13)}}, Outcome: "done", Attempts: 1},
	}
	// The org after the batch: the done jobs landed.
	after := testOrg()
	for _, j := range jobs {
		for i := range after {
			if after[i].ID == j.Intent.IVRID && j.Outcome == OutcomeDone {
				after[i].DNIS = j.Intent.Apply(after[i].DNIS)
			}
		}
	}
	labels := NewLabels(before)
	var buf bytes.Buffer
	meta := ExportMeta{Labels: &labels, BatchID: "20260101T000000-ab", Kind: "apply", User: "Ada Admin", UserID: "u-1",
		Org: "Example Org (mypurecloud.ie)", Started: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Exported: time.Date(2026, 1, 1, 1, 0, 0, 0, time.UTC)}
	if err := WriteResults(&buf, ExpandResults(jobs), meta); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0][:3], csvColumns) {
		t.Errorf("header starts %q, want %q", rows[0][:3], csvColumns)
	}
	for _, r := range rows[1:] {
		if r[10] != "Ada Admin" || r[11] != "u-1" || r[12] != "Example Org (mypurecloud.ie)" || r[13] != "2026-01-01T00:00:00Z" {
			t.Errorf("row %q does not say who, which org and when", r)
		}
	}
	if rows[3][4] != "'=cmd|' /C calc'!A0" {
		t.Errorf("the failure reason is %q, want it guarded", rows[3][4])
	}

	p := PlanCSV(after, bytes.NewReader(buf.Bytes()))
	checkProblems(t, p.Problems, nil)
	checkJobs(t, p.Jobs, []string{"j1 b +" + n(11), "j2 c +" + n(12)})
	checkNotes(t, p.Notes, []wantNote{
		{2, "is not on “Alpha”: nothing to remove"},
		{3, "is already on “Alpha”"},
		{6, "is already on “Dup”"},
	})

	// Re-running the failed and cancelled rows plans the same jobs.
	q := PlanChanges(after, RerunChanges(ExpandResults(jobs)))
	checkJobs(t, q.Jobs, []string{"j1 b +" + n(11), "j2 c +" + n(12)})
}

// TestNeutraliseUnicode: the formula guard looks through every kind of
// leading space and covers full-width forms (issue 10, item 11).
func TestNeutraliseUnicode(t *testing.T) {
	guarded := []string{"\n=1+1", "\u00a0=1", "＝1+1", "\u3000＋SUM(A1)", "\u200b=1", "\ufeff@x", "﹦1", "－1", "＠A1", "\u22121",
		"\t1", "\rx", " \t=1", "=1", "+1", "-1", "@1"}
	for _, s := range guarded {
		if got := neutralise(s); got != "'"+s {
			t.Errorf("neutralise(%q) = %q, want it guarded", s, got)
		}
	}
	for _, s := range []string{"", "Sales - East", "a=b", "1+1", "Ünïcødé", " plain"} {
		if got := neutralise(s); got != s {
			t.Errorf("neutralise(%q) = %q, want it unchanged", s, got)
		}
	}
}
