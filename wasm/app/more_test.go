package app

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
)

// A full localStorage refuses the batch in words, before anything is sent.
func TestStorageFullRefusesBatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 7}, "implicit")
		tb := signIn(t, b)
		freeNumbersPlan(t, tb, 30)
		b.local.s.Limit = 2000 // bytes: far less than 30 jobs' record
		applyShown(tb.app)
		v := tb.waitFor("the refusal", time.Minute, func(v View) bool { return v.Notice != "" })
		if !strings.Contains(v.Notice, "storage") || !strings.Contains(v.Notice, "full") || strings.Contains(v.Notice, "journal:") {
			t.Errorf("notice = %q, want words about full storage", v.Notice)
		}
		if v.Batch != nil {
			t.Errorf("a batch started: %s", batchLine(v.Batch))
		}
		for _, e := range b.sim.Log() {
			if e.Method == "PUT" {
				t.Fatalf("a PUT was sent: %+v", e)
			}
		}
		tb.kill()
	})
}

// The results export lists every number with its outcome.
func TestExportResults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 8}, "implicit")
		tb := signIn(t, b)
		_, want := freeNumbersPlan(t, tb, 5)
		applyShown(tb.app)
		tb.waitFor("batch done", 10*time.Minute, func(v View) bool { return v.Batch.Finished() })
		tb.app.ExportResults()
		if len(tb.downloads) != 1 {
			t.Fatalf("downloads = %d, want 1", len(tb.downloads))
		}
		for name, data := range tb.downloads {
			if !strings.HasSuffix(name, ".csv") {
				t.Errorf("file name %q", name)
			}
			rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 6 || strings.Join(rows[0][:8], ",") != "ivr,action,number,outcome,reason,attempts,ivr_id,ivr_name" {
				t.Fatalf("export:\n%s", data)
			}
			for _, r := range rows[1:] {
				if want[r[6]] != r[2] || r[1] != "add" || r[3] != "done" || r[10] != b.sim.User().Name {
					t.Errorf("row %v", r)
				}
			}
		}
		tb.kill()
	})
}
