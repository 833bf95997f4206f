// Package csvtable reads a CSV whose first row names its columns into rows
// addressed by column name, with 1-based line numbers and every problem as a
// sentence an admin can act on. Columns it was not asked for are ignored, so
// an export with extra columns loads back as it is.
package csvtable

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Problem is a line that cannot be used, or a file that cannot be read at all
// (Line 0). Message does not repeat the line.
type Problem struct {
	Line    int
	Message string
}

// Row is one non-blank record: its line (the header is line 1 when it is the
// file's first line) and its cells by lower-case column name, trimmed.
type Row struct {
	Line  int
	cells map[string]string
}

// Get returns the trimmed cell of column name ("" when the row is short).
func (r Row) Get(name string) string { return r.cells[strings.ToLower(name)] }

// Options say what a table must hold.
type Options struct {
	Required []string // column names (any case); a header without one of them is refused whole
	MaxBytes int      // larger files are refused whole; 0: no limit
	MaxRows  int      // more non-blank rows are refused whole; 0: no limit
	// Yield, if set, is called every YieldEvery rows: the page hands the
	// browser's event loop a turn there, so a big file never blocks it.
	Yield      func()
	YieldEvery int // 0 means 500
}

// Read reads the whole table. A bad header, or a file over a limit, gives one
// Problem and no rows: no row is checked. Otherwise each row that cannot be
// read is a Problem and the others are returned.
func Read(r io.Reader, o Options) ([]Row, []Problem) {
	limit := int64(o.MaxBytes)
	if limit <= 0 {
		limit = 1 << 62
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, []Problem{{Message: "the CSV could not be read: " + err.Error()}}
	}
	if int64(len(data)) > limit {
		return nil, []Problem{{Message: fmt.Sprintf("the CSV is larger than %s: split it into smaller batches", sizeWords(o.MaxBytes))}}
	}
	// Excel writes a byte-order mark before the header; it is not part of
	// the first column's name.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1 // counts are checked here, against the header, in words

	header, problem := readHeader(cr, o.Required)
	if problem != nil {
		return nil, []Problem{*problem}
	}
	every := o.YieldEvery
	if every <= 0 {
		every = 500
	}
	var rows []Row
	var problems []Problem
	for n := 1; ; n++ {
		if o.Yield != nil && n%every == 0 {
			o.Yield()
		}
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			problems = append(problems, SyntaxProblem(err))
			continue
		}
		if Blank(rec) {
			continue
		}
		if o.MaxRows > 0 && len(rows)+len(problems) >= o.MaxRows {
			return nil, []Problem{{Message: fmt.Sprintf("the CSV has more than %d rows: split it into batches of at most %d", o.MaxRows, o.MaxRows)}}
		}
		line, _ := cr.FieldPos(0)
		row := Row{Line: line, cells: make(map[string]string, len(header))}
		for i, name := range header {
			if i < len(rec) && name != "" {
				row.cells[name] = strings.TrimSpace(rec[i])
			}
		}
		rows = append(rows, row)
	}
	return rows, problems
}

// readHeader returns the first non-blank record as lower-case column names,
// after checking every required column is there exactly once.
func readHeader(cr *csv.Reader, required []string) ([]string, *Problem) {
	want := strings.ToLower(strings.Join(required, ","))
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil, &Problem{Message: "the CSV is empty: it needs a header row " + want + " and one row per change"}
		}
		if err != nil {
			p := SyntaxProblem(err)
			p.Message = "the header row cannot be read: " + p.Message
			return nil, &p
		}
		if Blank(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		header := make([]string, len(rec))
		for i, h := range rec {
			header[i] = strings.ToLower(strings.TrimSpace(h))
		}
		var missing, twice []string
		for _, name := range required {
			switch strings.Count(","+strings.Join(header, ",")+",", ","+strings.ToLower(name)+",") {
			case 0:
				missing = append(missing, strings.ToLower(name))
			case 1:
			default:
				twice = append(twice, strings.ToLower(name))
			}
		}
		switch {
		case len(missing) > 0:
			return nil, &Problem{Line: line, Message: fmt.Sprintf("the header row needs the columns %s; %s %s missing", want, words(missing), isAre(len(missing)))}
		case len(twice) > 0:
			return nil, &Problem{Line: line, Message: fmt.Sprintf("the header row names %s more than once", words(twice))}
		}
		return header, nil
	}
}

// SyntaxProblem words an encoding/csv error for an admin.
func SyntaxProblem(err error) Problem {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return Problem{Message: "the CSV cannot be read: " + err.Error()}
	}
	p := Problem{Line: pe.StartLine}
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		p.Message = "has a double quote (\") inside a field that does not start with one: put the whole field in double quotes and write a quote inside it twice (\"\")"
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Line > pe.StartLine:
		p.Message = fmt.Sprintf("has a field in double quotes that is not closed where expected (read on to line %d): end it with a double quote before the next comma or line end", pe.Line)
	case errors.Is(pe.Err, csv.ErrQuote):
		p.Message = "has a field in double quotes with text after the closing quote: end it with a double quote right before the comma, and write a quote inside it twice (\"\")"
	default:
		p.Message = "cannot be read: " + pe.Err.Error()
	}
	return p
}

// Blank reports a record whose cells are all empty after trimming.
func Blank(rec []string) bool {
	return !slices.ContainsFunc(rec, func(f string) bool { return strings.TrimSpace(f) != "" })
}

func words(xs []string) string {
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

func sizeWords(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
