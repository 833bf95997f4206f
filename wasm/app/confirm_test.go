package app

import (
	"testing"

	"github.com/gcpace/gcpace/wasm/dnis"
)

func TestApplyQuestion(t *testing.T) {
	rows := func(n int, after ...string) []dnis.PreviewRow {
		r := make([]dnis.PreviewRow, n)
		for i := range r {
			r[i] = dnis.PreviewRow{IVRID: "i", Before: []string{"+13175550100"}, After: after}
		}
		return r
	}
	for _, c := range []struct {
		name string
		pv   *Preview
		want string
	}{
		{"none", nil, ""},
		{"small", &Preview{Rows: rows(3, "+1"), Jobs: 3}, ""},
		{"exactly the limit", &Preview{Rows: rows(100, "+1"), Jobs: 100}, ""},
		{"over the limit", &Preview{Rows: rows(101, "+1"), Jobs: 101}, "This batch sends 101 updates to 101 IVRs."},
		{"one emptied", &Preview{Rows: append(rows(2, "+1"), rows(1)...), Jobs: 3},
			"This batch sends 3 updates. 1 IVR is left with no numbers: calls to it stop routing."},
		{"big and emptied", &Preview{Rows: append(rows(150, "+1"), rows(2)...), Jobs: 152},
			"This batch sends 152 updates to 152 IVRs. 2 IVRs are left with no numbers: calls to them stop routing."},
	} {
		if got := ApplyQuestion(c.pv); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestCancelQuestion(t *testing.T) {
	got := CancelQuestion(&Batch{Total: 40, Ended: 12, Done: 11, Failed: 1})
	want := "28 updates not sent yet will not be sent. Changes already made (11) stay; undo them afterwards if you need to."
	if got != want {
		t.Errorf("%q, want %q", got, want)
	}
	if got := CancelQuestion(&Batch{Total: 2, Ended: 1, Done: 1}); got != "1 update not sent yet will not be sent. Changes already made (1) stay; undo them afterwards if you need to." {
		t.Errorf("singular: %q", got)
	}
}
