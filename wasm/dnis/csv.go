package dnis

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/gcpace/gcpace/wasm/csvtable"
)

// Limits on one CSV. A batch of 10 000 changed IVRs already takes well
// over an hour at 100 IVR updates a minute; a bigger file is far more likely
// a wrong file than a real batch, and reading it would stall the page. The
// row limit leaves room for a mapping export of 10 000 IVRs (set rows, one
// per number), whose unchanged rows cost nothing to send.
const (
	MaxCSVBytes = 2 << 20
	MaxCSVRows  = 50000
)

// YieldEvery is how many rows the parser and the planner handle between two
// calls of their yield hook (see PlanCSVYield).
const YieldEvery = 250

// csvColumns are the columns CONTRACT.md §4 requires, in the order messages
// name them.
var csvColumns = []string{"ivr", "action", "number"}

// ParseCSV reads a bulk edit in the CONTRACT.md §4 form: a header row naming
// the columns ivr, action and number in any order (trimmed, any case; other
// columns are ignored, so a results or mapping export loads back as it is),
// then one change per row.
//
// Each row it cannot use gives one Problem with its 1-based line number (the
// header is line 1) and every reason found on that row, and the row makes no
// Change. Blank rows, including rows of empty cells that spreadsheets export
// as ",,", are skipped. A header without the three columns, a file larger
// than MaxCSVBytes or with more than MaxCSVRows rows gives exactly one Problem
// and no Change: no row is checked.
//
// Numbers are checked here so a row is reported once with all its reasons;
// Change.Number stays as typed and the planner normalises it again. A set
// row may have an empty number (the IVR ends with none).
func ParseCSV(r io.Reader) ([]Change, []Problem) {
	changes, problems, _ := parseCSV(r, nil)
	return changes, problems
}

// readCSV reads a CSV whole, up to the size limit.
func readCSV(r io.Reader) (string, *Problem) {
	data, err := io.ReadAll(io.LimitReader(r, MaxCSVBytes+1))
	if err != nil {
		return "", &Problem{Message: "the CSV could not be read: " + err.Error()}
	}
	return string(data), nil
}

// parseCSV is ParseCSV that also returns the rows it rejected, as far as
// they could be read (the planner must not apply part of an IVR's set when
// one of its rows is wrong), and calls yield every YieldEvery rows.
func parseCSV(r io.Reader, yield func()) (changes []Change, problems []Problem, rejected []Change) {
	text, p := readCSV(r)
	if p != nil {
		return nil, []Problem{*p}, nil
	}
	return parseCSVText(text, yield)
}

// parseCSVText is parseCSV on text already in memory: a 2 MB upload is not
// copied again (in the browser one big copy is one long task).
func parseCSVText(text string, yield func()) (changes []Change, problems []Problem, rejected []Change) {
	if len(text) > MaxCSVBytes {
		return nil, []Problem{{Message: fmt.Sprintf("the CSV is larger than %d MB: split it into smaller batches", MaxCSVBytes>>20)}}, nil
	}
	// Excel writes a byte-order mark before the header; it is not part of
	// the first column's name.
	text = strings.TrimPrefix(text, "\ufeff")

	var in io.Reader = strings.NewReader(text)
	if yield != nil {
		// Also between records: a run of blank lines is skipped inside
		// one Read of the csv package (2 MB of line breaks is one call).
		in = &yieldingReader{r: in, yield: yield}
	}
	cr := csv.NewReader(in)
	cr.FieldsPerRecord = -1 // counts are checked here, against the header, with a message in words
	cr.ReuseRecord = true   // fields are copied out (as substrings of the row's own string); less for the GC

	header, hline, problem := readHeader(cr)
	if problem != nil {
		return nil, []Problem{*problem}, nil
	}
	cols, problem := headerColumns(header, hline)
	if problem != nil {
		return nil, []Problem{*problem}, nil
	}

	rows := 0
	for read := 1; ; read++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if yield != nil && read%YieldEvery == 0 {
			yield()
		}
		if err != nil {
			problems = append(problems, csvSyntaxProblem(err))
			continue
		}
		if blank(rec) {
			continue
		}
		if rows++; rows > MaxCSVRows {
			return nil, []Problem{{Message: fmt.Sprintf("the CSV has more than %d rows: split it into batches of at most %d", MaxCSVRows, MaxCSVRows)}}, nil
		}
		line, _ := cr.FieldPos(0)
		c, reasons := csvRow(rec, len(header), cols, line)
		if len(reasons) > 0 {
			problems = append(problems, Problem{Line: line, Message: strings.Join(reasons, "; ")})
			rejected = append(rejected, c)
			continue
		}
		changes = append(changes, c)
	}
	return changes, problems, rejected
}

// readHeader returns the first record that is not blank and its line.
func readHeader(cr *csv.Reader) ([]string, int, *Problem) {
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil, 0, &Problem{Message: "the CSV is empty: it needs a header row ivr,action,number and one row per change"}
		}
		if err != nil {
			p := csvSyntaxProblem(err)
			p.Message = "the header row cannot be read: " + p.Message
			return nil, 0, &p
		}
		if !blank(rec) {
			line, _ := cr.FieldPos(0)
			return rec, line, nil
		}
	}
}

// headerColumns finds each required column's index in the header.
func headerColumns(header []string, line int) (map[string]int, *Problem) {
	cols := map[string]int{}
	var dup []string
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if _, seen := cols[name]; seen && isRequired(name) {
			dup = append(dup, name)
			continue
		}
		cols[name] = i
	}
	var missing []string
	for _, c := range csvColumns {
		if _, ok := cols[c]; !ok {
			missing = append(missing, c)
		}
	}
	switch {
	case len(missing) > 0:
		return nil, &Problem{Line: line, Message: fmt.Sprintf(
			"the header row must name the columns ivr, action and number; %s %s missing (the first row read was %s)",
			listWords(missing), isAre(len(missing)), quote(strings.Join(header, ",")))}
	case len(dup) > 0:
		return nil, &Problem{Line: line, Message: fmt.Sprintf(
			"the header row names the column %s more than once, so it is unclear which to use", listWords(dup))}
	}
	return cols, nil
}

func isRequired(name string) bool {
	for _, c := range csvColumns {
		if c == name {
			return true
		}
	}
	return false
}

// csvRow checks one data row and returns every reason it cannot be used.
// The Change holds what could be read even when there are reasons.
func csvRow(rec []string, width int, cols map[string]int, line int) (Change, []string) {
	need := 0 // the row must reach the last required column
	for _, c := range csvColumns {
		need = max(need, cols[c]+1)
	}
	if len(rec) < need {
		return Change{Line: line}, []string{fmt.Sprintf("has %d fields but the header has %d", len(rec), width)}
	}
	var reasons []string
	c := Change{
		Line:   line,
		IVR:    strings.TrimSpace(rec[cols["ivr"]]),
		Number: strings.TrimSpace(rec[cols["number"]]),
	}
	if c.IVR == "" {
		reasons = append(reasons, "the IVR is empty: give its name or id")
	}
	a, err := parseAction(rec[cols["action"]])
	if err != nil {
		reasons = append(reasons, err.Error())
	}
	c.Action = a
	switch {
	case c.Number == "" && a == Set:
		// "no numbers": allowed as the IVR's only set row (the planner checks)
	case c.Number == "":
		reasons = append(reasons, "the number is empty")
	default:
		if _, err := Normalize(c.Number); err != nil {
			reasons = append(reasons, err.Error())
		}
	}
	if len(reasons) > 0 && len(rec) > width && !blank(rec[width:]) {
		// Extra cells are ignored, but a row that is also wrong was most
		// likely shifted by an unquoted comma inside a name.
		reasons = append(reasons, fmt.Sprintf(
			"the row has %d fields but the header has %d: if a name holds a comma, put the whole field in double quotes", len(rec), width))
	}
	return c, reasons
}

// csvSyntaxProblem words an encoding/csv error for an admin.
func csvSyntaxProblem(err error) Problem { return Problem(csvtable.SyntaxProblem(err)) }

// blank reports a record whose cells are all empty after trimming.
func blank(rec []string) bool { return csvtable.Blank(rec) }

// listWords joins names as "a", "a and b", "a, b and c".
func listWords(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// yieldingReader calls yield before each read; the csv package reads
// through a 4 KB buffer, so that is once per 4 KB of input.
type yieldingReader struct {
	r     io.Reader
	yield func()
}

func (y *yieldingReader) Read(b []byte) (int, error) {
	y.yield()
	return y.r.Read(b)
}
