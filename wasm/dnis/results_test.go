package dnis

import (
	"bytes"
	"encoding/csv"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestExpandResults(t *testing.T) {
	got := ExpandResults([]JobOutcome{
		{IVRName: "Alpha", Intent: Intent{IVRID: "a", Add: []string{n(10)}, Remove: []string{n(1)}}, Outcome: "done", Attempts: 2},
		{IVRName: "Charlie", Intent: Intent{IVRID: "c", Add: []string{n(11)}}, Outcome: "failed", Reason: "number not in a DID pool", Attempts: 1},
	})
	want := []Result{
		{IVRID: "a", IVRName: "Alpha", Action: Remove, Number: n(1), Outcome: "done", Attempts: 2},
		{IVRID: "a", IVRName: "Alpha", Action: Add, Number: n(10), Outcome: "done", Attempts: 2},
		{IVRID: "c", IVRName: "Charlie", Action: Add, Number: n(11), Outcome: "failed", Reason: "number not in a DID pool", Attempts: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ExpandResults =\n %+v\nwant\n %+v", got, want)
	}
}

func TestWriteResultsCSV(t *testing.T) {
	tests := []struct {
		name string
		r    Result
		want []string // ivr_id, ivr_name, action, number, outcome, reason, attempts, as a CSV reader reads them back
	}{
		{
			name: "plain row; E.164 number stays readable",
			r:    Result{IVRID: "a", IVRName: "Main", Action: Add, Number: "+13175550100", Outcome: "done", Attempts: 1},
			want: []string{"a", "Main", "add", "+13175550100", "done", "", "1"},
		},
		{
			name: "formula in a name",
			r:    Result{IVRID: "a", IVRName: `=HYPERLINK("http://x","y")`, Action: Add, Number: "+13175550100", Outcome: "done"},
			want: []string{"a", `'=HYPERLINK("http://x","y")`, "add", "+13175550100", "done", "", "0"},
		},
		{
			name: "every trigger character",
			r:    Result{IVRID: "@SUM(1)", IVRName: "+1+1", Action: "-2", Number: "\tx", Outcome: "\rcmd", Reason: "-1"},
			want: []string{"'@SUM(1)", "'+1+1", "'-2", "'\tx", "'\rcmd", "'-1", "0"},
		},
		{
			name: "a trigger behind leading spaces",
			r:    Result{IVRName: "  =1+1"},
			want: []string{"", "'  =1+1", "", "", "", "", "0"},
		},
		{
			name: "a number that is not E.164 is neutralised",
			r:    Result{Number: "+1 317 555 0100"},
			want: []string{"", "", "", "'+1 317 555 0100", "", "", "0"},
		},
		{
			name: "a formula in the number column is neutralised",
			r:    Result{Number: "+1+cmd|' /C calc'!A0"},
			want: []string{"", "", "", "'+1+cmd|' /C calc'!A0", "", "", "0"},
		},
		{
			name: "commas, quotes and line breaks are quoted, not neutralised",
			r:    Result{IVRName: "Sales, \"East\"\nfloor 2", Reason: "Genesys said: \"no\""},
			want: []string{"", "Sales, \"East\"\nfloor 2", "", "", "", "Genesys said: \"no\"", "0"},
		},
		{
			name: "harmless text is untouched",
			r:    Result{IVRName: "Sales - East", Reason: "rate limit: 100/min"},
			want: []string{"", "Sales - East", "", "", "", "rate limit: 100/min", "0"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteResultsCSV(&buf, []Result{tt.r}); err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatalf("output is not CSV: %v\n%s", err, buf.String())
			}
			if len(rows) != 2 {
				t.Fatalf("got %d rows, want header and one row", len(rows))
			}
			if h := strings.Join(rows[0], ","); h != "ivr,action,number,outcome,reason,attempts,ivr_id,ivr_name,batch,kind,started_by,started_by_id,org,started_at,exported_at" {
				t.Errorf("header = %q", h)
			}
			// Without labels the ivr column is the id, as in ivr_id.
			w := tt.want
			want := []string{w[0], w[2], w[3], w[4], w[5], w[6], w[0], w[1], "", "", "", "", "", "", ""}
			if !reflect.DeepEqual(rows[1], want) {
				t.Errorf("row = %q\nwant  %q", rows[1], want)
			}
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteResultsCSVReportsWriteErrors(t *testing.T) {
	if err := WriteResultsCSV(failWriter{}, []Result{{IVRID: "a"}}); err == nil {
		t.Error("WriteResultsCSV on a failing writer returned nil")
	}
}
