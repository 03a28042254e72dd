// Package report writes printable reports — the interim and final reviews
// (sơ kết, tổng kết) — as PDF and .xlsx from one description: a title,
// sections of paragraphs and tables. The PDF embeds DejaVu Sans, so that
// Vietnamese text is rendered, printed and searchable (its text extracts
// with pdftotext) on any machine.
package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"
)

//go:embed fonts/DejaVuSans.ttf
var fontRegular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var fontBold []byte

// Report is a printable document.
type Report struct {
	Title    string
	Subtitle string // e.g. "Đảng bộ thành phố Hà Tĩnh — năm 2024"
	Footer   string // printed at the bottom of every page, with the page number
	Sections []Section
}

// Section is a heading with paragraphs, then tables.
type Section struct {
	Heading    string
	Paragraphs []string
	Tables     []Table
}

// Table is a caption, a header row and rows of text. Numeric columns are
// right-aligned in the PDF and written as numbers in the workbook when they parse.
type Table struct {
	Caption string
	Header  []string
	Rows    [][]string
	Numeric []bool    // per column
	Widths  []float64 // relative widths per column; equal when nil
}

// WritePDF writes r as an A4 PDF.
func WritePDF(w io.Writer, r *Report) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AddUTF8FontFromBytes("DejaVu", "", fontRegular)
	pdf.AddUTF8FontFromBytes("DejaVu", "B", fontBold)
	pdf.SetTitle(r.Title, true)
	pdf.SetCreator("Bốn Tốt", true)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("DejaVu", "", 8)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(0, 5, strings.TrimSpace(fmt.Sprintf("%s   Trang %d/{nb}", r.Footer, pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AliasNbPages("{nb}")
	pdf.AddPage()
	pdf.SetTextColor(20, 20, 20)
	pdf.SetFont("DejaVu", "B", 15)
	pdf.MultiCell(0, 7, r.Title, "", "C", false)
	if r.Subtitle != "" {
		pdf.SetFont("DejaVu", "", 11)
		pdf.MultiCell(0, 6, r.Subtitle, "", "C", false)
	}
	pdf.Ln(4)
	width, _ := pdf.GetPageSize()
	left, _, right, _ := pdf.GetMargins()
	usable := width - left - right
	for _, s := range r.Sections {
		if s.Heading != "" {
			pdf.Ln(2)
			pdf.SetFont("DejaVu", "B", 12)
			pdf.MultiCell(0, 6, s.Heading, "", "L", false)
			pdf.Ln(1)
		}
		pdf.SetFont("DejaVu", "", 10)
		for _, p := range s.Paragraphs {
			pdf.MultiCell(0, 5, p, "", "J", false)
			pdf.Ln(1)
		}
		for _, t := range s.Tables {
			writeTable(pdf, t, usable)
		}
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return pdf.Output(w)
}

// writeTable draws a table whose cells wrap; a row never splits across pages.
func writeTable(pdf *fpdf.Fpdf, t Table, usable float64) {
	n := len(t.Header)
	if n == 0 {
		return
	}
	widths := make([]float64, n)
	total := 0.0
	for i := range widths {
		widths[i] = 1
		if i < len(t.Widths) && t.Widths[i] > 0 {
			widths[i] = t.Widths[i]
		}
		total += widths[i]
	}
	for i := range widths {
		widths[i] = widths[i] / total * usable
	}
	if t.Caption != "" {
		pdf.SetFont("DejaVu", "B", 10)
		pdf.MultiCell(0, 5, t.Caption, "", "L", false)
	}
	const lineH = 4.5
	row := func(cells []string, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		pdf.SetFont("DejaVu", style, 9)
		lines := 1
		for i := 0; i < n; i++ {
			text := ""
			if i < len(cells) {
				text = cells[i]
			}
			if k := len(pdf.SplitText(text, widths[i]-2)); k > lines {
				lines = k
			}
		}
		h := float64(lines) * lineH
		_, pageH := pdf.GetPageSize()
		_, _, _, bottom := pdf.GetMargins()
		if pdf.GetY()+h > pageH-bottom {
			pdf.AddPage()
		}
		x, y := pdf.GetXY()
		for i := 0; i < n; i++ {
			text := ""
			if i < len(cells) {
				text = cells[i]
			}
			align := "L"
			if !bold && i < len(t.Numeric) && t.Numeric[i] {
				align = "R"
			}
			if bold {
				pdf.SetFillColor(238, 240, 244)
				pdf.Rect(x, y, widths[i], h, "FD")
			} else {
				pdf.Rect(x, y, widths[i], h, "D")
			}
			pdf.SetXY(x+1, y)
			pdf.MultiCell(widths[i]-2, lineH, text, "", align, false)
			x += widths[i]
			pdf.SetXY(x, y)
		}
		pdf.SetXY(pdf.GetX()-sum(widths), y+h)
	}
	pdf.SetDrawColor(190, 194, 200)
	row(t.Header, true)
	for _, r := range t.Rows {
		row(r, false)
	}
	pdf.Ln(3)
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// PDF returns r as PDF bytes.
func PDF(r *Report) ([]byte, error) {
	var b bytes.Buffer
	err := WritePDF(&b, r)
	return b.Bytes(), err
}

// WriteXLSX writes every table of r to one sheet, one after another under
// its section heading, with numbers as numbers.
func WriteXLSX(w io.Writer, r *Report) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Báo cáo"
	f.SetSheetName("Sheet1", sheet)
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	row := 1
	set := func(col int, v any, style int) {
		cell, _ := excelize.CoordinatesToCellName(col, row)
		f.SetCellValue(sheet, cell, v)
		if style != 0 {
			f.SetCellStyle(sheet, cell, cell, style)
		}
	}
	set(1, r.Title, title)
	row++
	if r.Subtitle != "" {
		set(1, r.Subtitle, 0)
		row++
	}
	for _, s := range r.Sections {
		row++
		if s.Heading != "" {
			set(1, s.Heading, bold)
			row++
		}
		for _, p := range s.Paragraphs {
			set(1, p, 0)
			row++
		}
		for _, t := range s.Tables {
			if t.Caption != "" {
				set(1, t.Caption, bold)
				row++
			}
			for i, h := range t.Header {
				set(i+1, h, bold)
			}
			row++
			for _, cells := range t.Rows {
				for i, c := range cells {
					set(i+1, cellValue(c, i < len(t.Numeric) && t.Numeric[i]), 0)
				}
				row++
			}
			row++
		}
	}
	f.SetColWidth(sheet, "A", "A", 42)
	f.SetColWidth(sheet, "B", "H", 16)
	return f.Write(w)
}

// cellValue writes a numeric column's "1.234", "45,2" or "45,2%" as a number.
func cellValue(s string, numeric bool) any {
	if !numeric {
		return s
	}
	t := strings.TrimSuffix(strings.TrimSpace(s), "%")
	t = strings.ReplaceAll(t, ".", "")
	t = strings.ReplaceAll(t, ",", ".")
	var v float64
	if _, err := fmt.Sscanf(t, "%g", &v); err == nil && t != "" {
		return v
	}
	return s
}
