package app

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
	"github.com/gcpace/gcpace/wasm/batch/batchtest"
	"github.com/gcpace/gcpace/wasm/kinds/ivrnumbers"
)

// A batch that round 1 left unfinished in localStorage (journal format 1)
// is read after the upgrade as an IVR batch, shown with its changes, and
// runs to the end through the engine when the person resumes it.
func TestRound1BatchResumesAfterUpgrade(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 42}, "implicit")
		free := b.sim.FreeNumbers(3)
		type jobV1 struct {
			ID    string   `json:"id"`
			IVR   string   `json:"ivr"`
			Name  string   `json:"name"`
			Add   []string `json:"add"`
			State string   `json:"state"`
		}
		type beforeV1 struct {
			Name    string   `json:"name"`
			Version int      `json:"version"`
			DNIS    []string `json:"dnis"`
		}
		var jobs []jobV1
		before := map[string]beforeV1{}
		want := map[string]string{}
		for _, r := range b.sim.IVRs() {
			if len(jobs) == 3 {
				break
			}
			if r.State == sim.StateDeleted {
				continue
			}
			num := free[len(jobs)]
			jobs = append(jobs, jobV1{ID: fmt.Sprintf("j%d", len(jobs)+1), IVR: r.ID, Name: r.Name, Add: []string{num}, State: "queued"})
			before[r.ID] = beforeV1{r.Name, r.Version, r.DNIS}
			want[r.ID] = num
		}
		head, _ := json.Marshal(map[string]any{"format": 1, "id": "20250301T090000-00c0ffee", "kind": "apply",
			"created": "2025-03-01T09:00:00Z", "state": "running", "jobs": jobs, "before": before})
		key := batchtest.JournalPrefix + "b/20250301T090000-00c0ffee"
		b.local.s.Set(key, string(head))
		b.local.s.Set(key+"/state", `{"s":"running","u":"2025-03-01T09:00:00Z"}`)

		tb := signIn(t, b)
		v := tb.waitFor("asked", time.Minute, func(v View) bool { return v.Ask })
		if v.Batch.Kind != ivrnumbers.Name || len(v.Batch.Jobs) != 3 || !strings.Contains(v.Notice, "3 IVR updates still to send") ||
			!strings.HasPrefix(v.Batch.Jobs[0].Summary, "add +") || v.Batch.Jobs[0].Label == "" {
			t.Fatalf("asked about %+v, notice %q", v.Batch, v.Notice)
		}
		tb.app.ResumeAsked()
		v = tb.waitFor("done", 10*time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.Finished() })
		if v.Batch.Done != 3 {
			t.Fatalf("after resume: %s", batchLine(v.Batch))
		}
		for id, num := range want {
			if r, _ := b.sim.IVR(id); !slices.Contains(r.DNIS, num) {
				t.Errorf("IVR %s lacks %s", id, num)
			}
		}
		// Its undo is planned from the round-1 before-states.
		tb.app.Undo()
		if pv := tb.app.View().Preview; pv == nil || pv.Purpose != "undo" || pv.Jobs != 3 {
			t.Errorf("undo preview %+v", pv)
		}
		tb.kill()
	})
}
