package dnis

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestParseCSV(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		changes  []Change
		problems []wantProblem
	}{
		{
			name: "plain",
			in:   "ivr,action,number\nMain,add,+13175550100\nivr-2,remove,+1 (317) 555-0101\n",
			changes: []Change{
				{Line: 2, IVR: "Main", Action: Add, Number: "+13175550100"},
				{Line: 3, IVR: "ivr-2", Action: Remove, Number: "+1 (317) 555-0101"},
			},
		},
		{
			name:    "columns in another order, header case and spaces, extra column",
			in:      " Number ,Comment,ACTION, Ivr\n+13175550100,moving it,Add ,  Main \n",
			changes: []Change{{Line: 2, IVR: "Main", Action: Add, Number: "+13175550100"}},
		},
		{
			name:    "byte-order mark and CRLF",
			in:      "\ufeffivr,action,number\r\nMain,add,+13175550100\r\n",
			changes: []Change{{Line: 2, IVR: "Main", Action: Add, Number: "+13175550100"}},
		},
		{
			name: "quoted fields with comma, quote and line break",
			in:   "ivr,action,number\n\"Sales, \"\"East\"\"\",add,+13175550100\n\"Two\nLines\",add,+13175550101\nMain,add,+13175550102\n",
			changes: []Change{
				{Line: 2, IVR: `Sales, "East"`, Action: Add, Number: "+13175550100"},
				{Line: 3, IVR: "Two\nLines", Action: Add, Number: "+13175550101"},
				{Line: 5, IVR: "Main", Action: Add, Number: "+13175550102"},
			},
		},
		{
			name: "blank lines and empty rows are skipped, line numbers still count them",
			in:   "\nivr,action,number\n\n   \n,,\nMain,add,+13175550100\n",
			changes: []Change{
				{Line: 6, IVR: "Main", Action: Add, Number: "+13175550100"},
			},
		},
		{
			name:    "trailing empty cells beyond the header are fine",
			in:      "ivr,action,number\nMain,add,+13175550100,,\n",
			changes: []Change{{Line: 2, IVR: "Main", Action: Add, Number: "+13175550100"}},
		},
		{
			name:     "empty file",
			in:       "",
			problems: []wantProblem{{0, "the CSV is empty"}},
		},
		{
			name:     "only a byte-order mark and blank lines",
			in:       "\ufeff\n\n",
			problems: []wantProblem{{0, "the CSV is empty"}},
		},
		{
			name:     "header missing a column: one problem, no row checked",
			in:       "ivr,number\nMain,+13175550100\nbad row\n\"unclosed\n",
			problems: []wantProblem{{1, "action is missing"}},
		},
		{
			name:     "no header at all",
			in:       "Main,add,+13175550100\n",
			problems: []wantProblem{{1, "ivr, action and number are missing (the first row read was “Main,add,+13175550100”)"}},
		},
		{
			name:     "header names a column twice",
			in:       "ivr,action,number,Number\nMain,add,+13175550100,+13175550101\n",
			problems: []wantProblem{{1, "names the column number more than once"}},
		},
		{
			name:     "unreadable header",
			in:       "ivr,act\"ion,number\nMain,add,+13175550100\n",
			problems: []wantProblem{{1, "the header row cannot be read"}},
		},
		{
			name: "too few fields",
			in:   "ivr,action,number\nMain,add\nMain,add,+13175550100\n",
			changes: []Change{
				{Line: 3, IVR: "Main", Action: Add, Number: "+13175550100"},
			},
			problems: []wantProblem{{2, "has 2 fields but the header has 3"}},
		},
		{
			name:     "too many fields: an unquoted comma in a name",
			in:       "ivr,action,number\nSales, East,add,+13175550100\n",
			problems: []wantProblem{{2, "the row has 4 fields but the header has 3: if a name holds a comma, put the whole field in double quotes"}},
		},
		{
			name:    "extra cells beyond the header are ignored when the row is good",
			in:      "ivr,action,number\nMain,add,+13175550100,moving it\n",
			changes: []Change{{Line: 2, IVR: "Main", Action: Add, Number: "+13175550100"}},
		},
		{
			name: "set rows, one without a number",
			in:   "ivr,action,number\nMain,set,+13175550100\nEmpty,SET,\n",
			changes: []Change{
				{Line: 2, IVR: "Main", Action: Set, Number: "+13175550100"},
				{Line: 3, IVR: "Empty", Action: Set},
			},
		},
		{
			name:    "a results export loads back: extra columns before and after",
			in:      "ivr,action,number,outcome,reason,attempts,ivr_id\nMain,remove,+13175550100,failed,\"no, not now\",3,abc\n",
			changes: []Change{{Line: 2, IVR: "Main", Action: Remove, Number: "+13175550100"}},
		},
		{
			name:     "a short row that still reaches every required column is fine",
			in:       "ivr,action,number,comment\nMain,add,+13175550100\n",
			changes:  []Change{{Line: 2, IVR: "Main", Action: Add, Number: "+13175550100"}},
			problems: nil,
		},
		{
			name:     "unknown action",
			in:       "ivr,action,number\nMain,move,+13175550100\n",
			problems: []wantProblem{{2, "“move” is not an action: use add, remove or set"}},
		},
		{
			name:     "empty action",
			in:       "ivr,action,number\nMain,,+13175550100\n",
			problems: []wantProblem{{2, "the action is empty"}},
		},
		{
			name:     "empty ivr",
			in:       "ivr,action,number\n ,add,+13175550100\n",
			problems: []wantProblem{{2, "the IVR is empty"}},
		},
		{
			name:     "empty number",
			in:       "ivr,action,number\nMain,add,\n",
			problems: []wantProblem{{2, "the number is empty"}},
		},
		{
			name:     "malformed number",
			in:       "ivr,action,number\nMain,add,555-0100\n",
			problems: []wantProblem{{2, "“555-0100” is not a full phone number: start with + and the country code"}},
		},
		{
			name:     "every reason of one row in one problem",
			in:       "ivr,action,number\n,addd,555\n",
			problems: []wantProblem{{2, "the IVR is empty: give its name or id; “addd” is not an action: use add, remove or set; “555” is not a full phone number"}},
		},
		{
			name:     "bare quote",
			in:       "ivr,action,number\nMa\"in,add,+13175550100\nMain,add,+13175550101\n",
			changes:  []Change{{Line: 3, IVR: "Main", Action: Add, Number: "+13175550101"}},
			problems: []wantProblem{{2, "has a double quote (\") inside a field that does not start with one"}},
		},
		{
			name:     "text after a closing quote",
			in:       "ivr,action,number\n\"Main\"x,add,+13175550100\nMain,add,+13175550101\n",
			changes:  []Change{{Line: 3, IVR: "Main", Action: Add, Number: "+13175550101"}},
			problems: []wantProblem{{2, "text after the closing quote"}},
		},
		{
			name:     "quote never closed swallows the rest",
			in:       "ivr,action,number\nMain,add,+13175550100\n\"Main,add,+13175550101\nMain,add,+13175550102\n",
			changes:  []Change{{Line: 2, IVR: "Main", Action: Add, Number: "+13175550100"}},
			problems: []wantProblem{{3, "not closed where expected (read on to line 4)"}},
		},
		{
			name: "problems and good rows mixed, in line order",
			in:   "ivr,action,number\nA,add,+13175550100\nB,delete,+13175550101\nC,remove,+13175550102\nD,add,12\n",
			changes: []Change{
				{Line: 2, IVR: "A", Action: Add, Number: "+13175550100"},
				{Line: 4, IVR: "C", Action: Remove, Number: "+13175550102"},
			},
			problems: []wantProblem{{3, "“delete” is not an action"}, {5, "“12” is not a full phone number"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes, problems := ParseCSV(strings.NewReader(tt.in))
			if !reflect.DeepEqual(changes, tt.changes) {
				t.Errorf("changes =\n %+v\nwant\n %+v", changes, tt.changes)
			}
			checkProblems(t, problems, tt.problems)
		})
	}
}

func TestParseCSVLimits(t *testing.T) {
	tests := []struct {
		name string
		in   func() string
		want string
	}{
		{"too many bytes", func() string {
			return "ivr,action,number\n" + strings.Repeat("x", MaxCSVBytes)
		}, "larger than 2 MB"},
		{"too many rows", func() string {
			var b strings.Builder
			b.WriteString("ivr,action,number\n")
			for i := range MaxCSVRows + 1 {
				fmt.Fprintf(&b, "Main,add,+1317%07d\n", i)
			}
			return b.String()
		}, fmt.Sprintf("more than %d rows", MaxCSVRows)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes, problems := ParseCSV(strings.NewReader(tt.in()))
			if changes != nil {
				t.Errorf("got %d changes from a file over the limit, want none", len(changes))
			}
			checkProblems(t, problems, []wantProblem{{0, tt.want}})
		})
	}
	t.Run("exactly the row limit is fine", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("ivr,action,number\n")
		for i := range MaxCSVRows {
			fmt.Fprintf(&b, "Main,add,+1317%07d\n", i)
		}
		changes, problems := ParseCSV(strings.NewReader(b.String()))
		if len(changes) != MaxCSVRows || len(problems) != 0 {
			t.Errorf("got %d changes, %d problems; want %d, 0", len(changes), len(problems), MaxCSVRows)
		}
	})
}

// TestParseYieldsThroughBlankLines: the yield hook runs through a run of
// blank lines too, which the csv package skips inside a single read.
func TestParseYieldsThroughBlankLines(t *testing.T) {
	in := "ivr,action,number\n" + strings.Repeat("\n", MaxCSVBytes-64) + "Main,add,+13175550100\n"
	yields := 0
	p := PlanCSVYield(nil, in, func() { yields++ })
	if want := MaxCSVBytes / 4096 / 2; yields < want {
		t.Errorf("yield called %d times over 2 MB of line breaks, want at least %d", yields, want)
	}
	checkProblems(t, p.Problems, []wantProblem{{MaxCSVBytes - 64 + 2, "no IVR has the id or name “Main”"}})
}

// TestPlanYieldsWhileIndexingABigOrg: the org is indexed between pauses
// too, so a short CSV against 10 000 IVRs does not index them all in one
// go before its first row is checked.
func TestPlanYieldsWhileIndexingABigOrg(t *testing.T) {
	ivrs := make([]IVR, 10_000)
	for i := range ivrs {
		ivrs[i] = IVR{ID: fmt.Sprintf("id-%d", i), Name: fmt.Sprintf("IVR %05d", i), DNIS: []string{fmt.Sprintf("+1317555%04d", i)}}
	}
	yields := 0
	p := PlanCSVYield(ivrs, "ivr,action,number\nIVR 00001,add,+13185550100\n", func() { yields++ })
	if want := len(ivrs) / YieldEvery; yields < want {
		t.Errorf("yield called %d times while planning against %d IVRs, want at least %d", yields, len(ivrs), want)
	}
	if len(p.Jobs) != 1 || len(p.Problems) != 0 {
		t.Errorf("plan: %d jobs, problems %v; want 1 job, none", len(p.Jobs), p.Problems)
	}
}
