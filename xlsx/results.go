package xlsx

import (
	"io"

	"github.com/xuri/excelize/v2"
)

// CellKind says how a table cell is stored and shown in the workbook.
type CellKind int

// Cell kinds. Numbers are numeric cells (never text), so that a spreadsheet
// can add and sort them.
const (
	Text    CellKind = iota // a text cell
	Count                   // a whole number, shown 1.234
	Score                   // points, shown with two decimals: 87,50
	Percent                 // a percentage as a number of percent with one decimal: 45,2 (for 45,2%)
)

// TableCell is one cell of a Table. Num holds the value of numeric kinds;
// Empty leaves the cell blank (a share of nothing, a score not given).
type TableCell struct {
	Kind  CellKind
	Text  string
	Num   float64
	Empty bool
}

// Table is one worksheet: a title, a line of context (campaign, year,
// organization), a header row and the rows.
type Table struct {
	Sheet   string // at most 31 characters, no []:*?/\
	Title   string
	Context string
	Columns []TableColumn
	Rows    [][]TableCell
}

// TableColumn is a column title with its width in characters.
type TableColumn struct {
	Title string
	Width float64
}

// HeaderRow is the row of the column titles in a sheet written by
// WriteTables; data starts on the next row.
const HeaderRow = 4

// WriteTables writes tables as one workbook, a sheet per table, in order.
func WriteTables(w io.Writer, tables []Table) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newTableStyles(f)
	if err != nil {
		return err
	}
	first := f.GetSheetName(0)
	for i, t := range tables {
		name := t.Sheet
		if i == 0 {
			if err := f.SetSheetName(first, name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := writeTable(f, st, name, t); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

type tableStyles struct{ title, header, text, count, score, percent int }

func newTableStyles(f *excelize.File) (*tableStyles, error) {
	st := &tableStyles{}
	pct := "0.0"
	styles := []struct {
		id *int
		s  *excelize.Style
	}{
		{&st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}}},
		{&st.header, &excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
			Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		}},
		{&st.text, &excelize.Style{NumFmt: numFmtText, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&st.count, &excelize.Style{NumFmt: 3}}, // #,##0
		{&st.score, &excelize.Style{NumFmt: 2}}, // 0.00
		{&st.percent, &excelize.Style{CustomNumFmt: &pct}},
	}
	for _, s := range styles {
		id, err := f.NewStyle(s.s)
		if err != nil {
			return nil, err
		}
		*s.id = id
	}
	return st, nil
}

func writeTable(f *excelize.File, st *tableStyles, sheet string, t Table) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, c := range t.Columns {
		width := c.Width
		if width == 0 {
			width = 14
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: HeaderRow, TopLeftCell: "A5", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: t.Title}}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", []any{excelize.Cell{StyleID: st.text, Value: t.Context}}); err != nil {
		return err
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = excelize.Cell{StyleID: st.header, Value: c.Title}
	}
	if err := sw.SetRow("A4", header); err != nil {
		return err
	}
	vals := make([]any, len(t.Columns))
	for n, row := range t.Rows {
		for i := range vals {
			vals[i] = nil
		}
		for i, c := range row {
			if i >= len(vals) || c.Empty {
				continue
			}
			switch c.Kind {
			case Count:
				vals[i] = excelize.Cell{StyleID: st.count, Value: int64(c.Num)}
			case Score:
				vals[i] = excelize.Cell{StyleID: st.score, Value: c.Num}
			case Percent:
				vals[i] = excelize.Cell{StyleID: st.percent, Value: c.Num}
			default:
				if c.Text != "" {
					vals[i] = excelize.Cell{StyleID: st.text, Value: c.Text}
				}
			}
		}
		ref, err := excelize.CoordinatesToCellName(1, HeaderRow+1+n)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}
