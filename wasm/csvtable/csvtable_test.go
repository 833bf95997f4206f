package csvtable

import (
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	in := "\ufeffGroup, List ,schedule,action,outcome\n" +
		"Site 1,holiday,Christmas Day 2026,add,done\n" +
		",,,\n" +
		"\"Site \"\"2\"\"\",open,Weekdays,remove\n" +
		"Site 3,closed\n" +
		"bad \"quote\",x,y,z\n"
	rows, problems := Read(strings.NewReader(in), Options{Required: []string{"group", "list", "schedule", "action"}})
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3: %+v", len(rows), rows)
	}
	if r := rows[0]; r.Line != 2 || r.Get("group") != "Site 1" || r.Get("LIST") != "holiday" || r.Get("outcome") != "done" {
		t.Errorf("row 1: %+v", r)
	}
	if r := rows[1]; r.Line != 4 || r.Get("group") != `Site "2"` {
		t.Errorf("row 2: %+v", r)
	}
	if r := rows[2]; r.Line != 5 || r.Get("schedule") != "" {
		t.Errorf("a short row: %+v", r)
	}
	if len(problems) != 1 || problems[0].Line != 6 || !strings.Contains(problems[0].Message, "double quote") {
		t.Errorf("problems: %+v", problems)
	}
}

func TestHeaderProblems(t *testing.T) {
	req := Options{Required: []string{"group", "list", "schedule", "action"}}
	for in, want := range map[string]string{
		"":                                  "the CSV is empty",
		"group,list\nA,open\n":              "schedule and action are missing",
		"group,list,schedule,action,list\n": "names list more than once",
	} {
		rows, problems := Read(strings.NewReader(in), req)
		if len(rows) != 0 || len(problems) != 1 || !strings.Contains(problems[0].Message, want) {
			t.Errorf("%q: rows %v, problems %+v; want one problem with %q", in, rows, problems, want)
		}
	}
}

func TestLimitsAndYield(t *testing.T) {
	body := "a\n" + strings.Repeat("x\n", 1200)
	yields := 0
	rows, problems := Read(strings.NewReader(body), Options{Required: []string{"a"}, Yield: func() { yields++ }, YieldEvery: 100})
	if len(rows) != 1200 || len(problems) != 0 || yields != 12 {
		t.Errorf("%d rows, %d problems, %d yields", len(rows), len(problems), yields)
	}
	if _, problems := Read(strings.NewReader(body), Options{Required: []string{"a"}, MaxRows: 1000}); len(problems) != 1 || !strings.Contains(problems[0].Message, "more than 1000 rows") {
		t.Errorf("row limit: %+v", problems)
	}
	if _, problems := Read(strings.NewReader(body), Options{Required: []string{"a"}, MaxBytes: 1 << 10}); len(problems) != 1 || !strings.Contains(problems[0].Message, "larger than 1024 bytes") {
		t.Errorf("size limit: %+v", problems)
	}
}
