package schedgroups_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
)

// The kind's journal form of an intent and of a group's before-state read
// back as they were, and a stored entry without a list is refused.
func TestKindCodecs(t *testing.T) {
	k := schedgroups.NewKind(schedgroups.Deps{})
	in := schedgroups.Intent{GroupID: "g1",
		Add:    []schedgroups.Entry{{List: schedgroups.Holiday, Schedule: "s-xmas"}},
		Remove: []schedgroups.Entry{{List: schedgroups.Closed, Schedule: "s-night"}}}
	raw, err := k.EncodeIntent(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(raw) != `{"group":"g1","add":[{"list":"holiday","schedule":"s-xmas"}],"remove":[{"list":"closed","schedule":"s-night"}]}` {
		t.Errorf("stored as %s", raw)
	}
	back, err := k.DecodeIntent(raw)
	if err != nil || !reflect.DeepEqual(back, in) {
		t.Errorf("came back as %+v, %v", back, err)
	}
	if got := k.Summary(back); got != "Closed list: remove s-night; Holiday list: add s-xmas" {
		t.Errorf("Summary = %q", got)
	}
	if _, err := k.DecodeIntent(json.RawMessage(`{"group":"g1","add":[{"schedule":"s-xmas"}]}`)); err == nil {
		t.Error("an entry without a list was read")
	}
	if _, err := k.EncodeIntent("not an intent"); err == nil {
		t.Error("a foreign intent was encoded")
	}
	g := genesys.ScheduleGroup{ID: "g1", Name: "Site 1", Version: 7,
		OpenSchedules: []genesys.Ref{{ID: "s-week"}}, HolidaySchedules: []genesys.Ref{{ID: "s-ny"}, {ID: "s-xmas"}}}
	b, err := schedgroups.DecodeBefore(schedgroups.EncodeBefore(g))
	if err != nil || b.Name != "Site 1" || b.Version != 7 ||
		!reflect.DeepEqual(b.Lists(), schedgroups.Lists{Open: []string{"s-week"}, Closed: []string{}, Holiday: []string{"s-ny", "s-xmas"}}) {
		t.Errorf("before = %+v, %v", b, err)
	}
	named := schedgroups.NewKind(schedgroups.Deps{ScheduleName: func(id string) string {
		return map[string]string{"s-xmas": "Christmas Day 2026"}[id]
	}})
	if got := named.Summary(back); got != "Closed list: remove s-night; Holiday list: add Christmas Day 2026" {
		t.Errorf("Summary with names = %q", got)
	}
	if k.Updates(120) != "120 schedule group updates" || k.Updates(1) != "1 schedule group update" || k.Name() != "schedule-groups" {
		t.Error("words")
	}
}

// A results export loads back: against the groups after the batch, every
// row that landed is a note (already there), none is a problem or a job.
func TestResultsExportLoadsBack(t *testing.T) {
	groups := []schedgroups.Group{{ID: "g1", Name: "=Site 1", Lists: schedgroups.Lists{Holiday: []string{"s-ny", "s-xmas"}}}}
	schedules := []schedgroups.Schedule{{ID: "s-ny", Name: "New Year"}, {ID: "s-xmas", Name: "Christmas Day 2026"}}
	rs := schedgroups.Results([]schedgroups.JobResult{{GroupName: "=Site 1", Outcome: "done", Attempts: 1,
		Intent: schedgroups.Intent{GroupID: "g1", Add: []schedgroups.Entry{{List: schedgroups.Holiday, Schedule: "s-xmas"}}}}})
	var buf strings.Builder
	if err := schedgroups.WriteResults(&buf, rs, dnis.ExportMeta{BatchID: "b1", Kind: "apply"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "g1,holiday,s-xmas,add,done,,1,'=Site 1,b1,apply") {
		t.Errorf("export:\n%s", buf.String())
	}
	p := schedgroups.PlanCSV(groups, schedules, strings.NewReader(buf.String()), nil)
	if len(p.Problems) != 0 || len(p.Jobs) != 0 || len(p.Notes) != 1 || !strings.Contains(p.Notes[0].Message, "already on the holiday list") {
		t.Errorf("loaded back: %+v", p)
	}
}

// Running the unfinished entries again: a failed or cancelled entry is a
// change once more, by id; one that landed is not.
func TestRerunChanges(t *testing.T) {
	xmas := schedgroups.Entry{List: schedgroups.Holiday, Schedule: "s-xmas"}
	ny := schedgroups.Entry{List: schedgroups.Closed, Schedule: "s-ny"}
	rs := schedgroups.Results([]schedgroups.JobResult{
		{Outcome: "done", Intent: schedgroups.Intent{GroupID: "g1", Add: []schedgroups.Entry{xmas}}},
		{Outcome: "failed", Reason: "refused", Intent: schedgroups.Intent{GroupID: "g2", Add: []schedgroups.Entry{xmas}, Remove: []schedgroups.Entry{ny}}},
		{Outcome: "cancelled", Intent: schedgroups.Intent{GroupID: "g3", Add: []schedgroups.Entry{xmas}}},
	})
	got := schedgroups.RerunChanges(rs)
	want := []schedgroups.Change{
		{Group: "g2", List: schedgroups.Closed, Schedule: "s-ny", Action: schedgroups.Remove},
		{Group: "g2", List: schedgroups.Holiday, Schedule: "s-xmas", Action: schedgroups.Add},
		{Group: "g3", List: schedgroups.Holiday, Schedule: "s-xmas", Action: schedgroups.Add},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rerun changes\n got %+v\nwant %+v", got, want)
	}
}
