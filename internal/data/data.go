// Package data loads the CSV tables that charts are drawn from.
//
// A table has one header row naming its columns. Every later row must have
// as many fields as the header. Cells are kept as text and converted on
// demand by Float and Date, so that a bad cell is reported only when a
// chart actually uses it. Every error names the file (by the display name
// given to Load), the line and, where it concerns a cell, the column.
package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"quire/internal/project"
)

// MaxSize is the largest CSV file Load accepts, in bytes.
var MaxSize = project.Data.Max

// MaxColumns bounds the columns of a table: a chart names a handful, and
// a header of 100,000 columns is no data set a figure can show.
const MaxColumns = 10_000

// Error is a problem with a CSV file, located by line and, when it concerns a
// cell, by column.
type Error struct {
	File   string // display name of the file
	Line   int    // 1-based line; 0 if the problem concerns the whole file
	Column string // column name; "" if not about one cell
	Msg    string
}

// Error formats the error as "file:line: column "c": message".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Column != "" {
		fmt.Fprintf(&b, "column %q: ", e.Column)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Table is a loaded CSV file.
type Table struct {
	File   string     // display name, used in errors
	Header []string   // column names, trimmed
	Rows   [][]string // data rows, each as long as Header
	Lines  []int      // source line of each row, parallel to Rows
}

// Load reads the CSV file rel (as the author wrote it, relative to the
// manuscript folder) through folder, which refuses files outside the folder,
// special files and files larger than MaxSize. Errors name the file as rel.
// A leading byte-order mark is ignored and surrounding spaces are trimmed
// from header names.
func Load(folder *project.Folder, rel string) (*Table, error) {
	src, err := folder.ReadFile(rel, project.Data)
	if err != nil {
		return nil, err
	}
	return Parse(src, rel)
}

// Parse reads a CSV table from src; name is used in errors.
func Parse(src []byte, name string) (*Table, error) {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	r := csv.NewReader(bytes.NewReader(src))
	r.FieldsPerRecord = -1 // checked here, to word the error
	t := &Table{File: name}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &Error{File: name, Line: pe.Line, Msg: pe.Err.Error()}
			}
			return nil, &Error{File: name, Msg: err.Error()}
		}
		line, _ := r.FieldPos(0)
		if t.Header == nil {
			if len(rec) > MaxColumns {
				return nil, &Error{File: name, Line: line, Msg: fmt.Sprintf("the header has %d columns; the limit is %d", len(rec), MaxColumns)}
			}
			seen := make(map[string]bool, len(rec))
			for i, h := range rec {
				rec[i] = strings.TrimSpace(h)
				if rec[i] == "" {
					return nil, &Error{File: name, Line: line, Msg: fmt.Sprintf("header field %d is empty", i+1)}
				}
				if seen[rec[i]] {
					return nil, &Error{File: name, Line: line, Msg: fmt.Sprintf("column %q appears twice in the header", rec[i])}
				}
				seen[rec[i]] = true
			}
			t.Header = rec
			continue
		}
		if len(rec) != len(t.Header) {
			return nil, &Error{File: name, Line: line, Msg: fmt.Sprintf("row has %d fields; the header has %d", len(rec), len(t.Header))}
		}
		t.Rows = append(t.Rows, rec)
		t.Lines = append(t.Lines, line)
	}
	if t.Header == nil {
		return nil, &Error{File: name, Msg: "file is empty (no header row)"}
	}
	return t, nil
}

// Col returns the index of the named column, or -1.
func (t *Table) Col(name string) int {
	for i, h := range t.Header {
		if h == name {
			return i
		}
	}
	return -1
}

// Cell returns the trimmed text of a cell.
func (t *Table) Cell(row, col int) string {
	return strings.TrimSpace(t.Rows[row][col])
}

// Errorf returns an Error located at the given cell.
func (t *Table) Errorf(row, col int, format string, args ...any) *Error {
	e := &Error{File: t.File, Msg: fmt.Sprintf(format, args...)}
	if row >= 0 && row < len(t.Lines) {
		e.Line = t.Lines[row]
	}
	if col >= 0 && col < len(t.Header) {
		e.Column = t.Header[col]
	}
	return e
}

// Float returns a cell as a number. Thousands separators ("1,399") are
// accepted; an empty cell is an error.
func (t *Table) Float(row, col int) (float64, error) {
	s := t.Cell(row, col)
	if s == "" {
		return 0, t.Errorf(row, col, "empty cell where a number is needed")
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, t.Errorf(row, col, "%q is not a number", s)
	}
	return v, nil
}

// Date is a calendar date known to the year, month or day.
type Date struct {
	Year, Month, Day int // Month and Day are 0 when not given
}

// String formats d as it was written: YYYY, YYYY-MM or YYYY-MM-DD.
func (d Date) String() string {
	switch {
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Decimal returns the date as a fractional year (1938.5 is about 1 July
// 1938). A date known only to the month or year is placed at its start.
func (d Date) Decimal() float64 {
	m, day := d.Month, d.Day
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	doy := cumDays[m-1] + day - 1
	n := 365.0
	if leap(d.Year) {
		n = 366
		if m > 2 {
			doy++
		}
	}
	return float64(d.Year) + float64(doy)/n
}

// End returns the fractional year at the end of the period d names: the end
// of its day, month or year.
func (d Date) End() float64 {
	switch {
	case d.Month == 0:
		return float64(d.Year + 1)
	case d.Day == 0:
		if d.Month == 12 {
			return float64(d.Year + 1)
		}
		return Date{Year: d.Year, Month: d.Month + 1}.Decimal()
	}
	n := 365.0
	if leap(d.Year) {
		n = 366
	}
	return d.Decimal() + 1/n
}

var cumDays = [12]int{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}
var monthDays = [12]int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// ParseDate parses YYYY, YYYY-MM or YYYY-MM-DD (Gregorian).
func ParseDate(s string) (Date, error) {
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return Date{}, fmt.Errorf("%q is not a date (want YYYY, YYYY-MM or YYYY-MM-DD)", s)
	}
	var v [3]int
	for i, p := range parts {
		if (i > 0 && len(p) != 2) || p == "" {
			return Date{}, fmt.Errorf("%q is not a date (want YYYY, YYYY-MM or YYYY-MM-DD)", s)
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return Date{}, fmt.Errorf("%q is not a date (want YYYY, YYYY-MM or YYYY-MM-DD)", s)
		}
		v[i] = n
	}
	d := Date{Year: v[0], Month: v[1], Day: v[2]}
	if len(parts) > 1 && (d.Month < 1 || d.Month > 12) {
		return Date{}, fmt.Errorf("%q: month %d is out of range", s, d.Month)
	}
	if len(parts) > 2 {
		max := monthDays[d.Month-1]
		if d.Month == 2 && !leap(d.Year) {
			max = 28
		}
		if d.Day < 1 || d.Day > max {
			return Date{}, fmt.Errorf("%q: day %d is out of range", s, d.Day)
		}
	}
	return d, nil
}

// Date returns a cell as a date written YYYY, YYYY-MM or YYYY-MM-DD.
func (t *Table) Date(row, col int) (Date, error) {
	s := t.Cell(row, col)
	if s == "" {
		return Date{}, t.Errorf(row, col, "empty cell where a date is needed")
	}
	d, err := ParseDate(s)
	if err != nil {
		return Date{}, t.Errorf(row, col, "%v", err)
	}
	return d, nil
}
