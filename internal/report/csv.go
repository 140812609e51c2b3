package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// CSVHeader is the header row of WriteCSV.
var CSVHeader = []string{"eenheid", "kengetal", "omschrijving", "waarde", "vorige_waarde", "rubricering"}

// WriteCSV writes every figure of the report, one row each: the unit code (TotalUnit for all units
// together), the figure's key, its Dutch label, the value, the value in the previous report (empty
// when there is none) and the report's marking, so that every row carries it.
func WriteCSV(w io.Writer, r Report) error {
	cw := csv.NewWriter(w)
	marking := string(r.Marking())
	write := func(rec []string) {
		if err := cw.Write(rec); err != nil {
			return // the writer keeps the error; Flush reports it
		}
	}
	write(CSVHeader)
	rows := unitRows(&r.Current, r.Previous)
	units := append(append([]UnitFigures(nil), r.Current.Units...), r.Current.Total)
	for _, u := range units {
		code := u.Unit
		if code == "" {
			code = TotalUnit
		}
		prev, hasPrev := prevUnit(r.Previous, u.Unit)
		for _, row := range rows {
			p := ""
			if hasPrev {
				p = strconv.Itoa(row.Value(prev))
			}
			write([]string{code, row.Key, row.Label, strconv.Itoa(row.Value(u)), p, marking})
		}
	}
	for _, row := range totalRows(r) {
		p := ""
		if row.Prev != nil {
			p = strconv.Itoa(*row.Prev)
		}
		write([]string{TotalUnit, row.Key, row.Label, strconv.Itoa(row.Value), p, marking})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: CSV schrijven: %w", err)
	}
	return nil
}
