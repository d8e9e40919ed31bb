// Package pdf renders the pdfgen worker's documents with fpdf: one template
// per document kind of docs/jobs.md, laid out from the job's payload alone,
// in an embedded Unicode font (DejaVu Sans, so "Zoë Müller", "Łukasz Żółć"
// and "€" render on any machine), with fixed dates so that the same payload
// always gives the same bytes. Every text goes through drawable: a
// character the font has no glyph for (an emoji, CJK) is shown as U+FFFD,
// never a layout error nor a panic.
package pdf

import (
	"bytes"
	_ "embed"
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"thick/tools/internal/payload"
)

//go:embed fonts/DejaVuSans.ttf
var regularTTF []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var boldTTF []byte

// Epoch is every document's creation and modification date: the bytes
// depend on the payload only. The date a document is about is in its text.
var Epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// template lays a kind's payload out on d.
type template func(d *doc, p *payload.P)

// Templates by job kind.
var Templates = map[string]template{
	// crm
	"pdfgen.withdrawal_receipt": withdrawalReceipt,
	"pdfgen.monthly_statement":  monthlyStatement,
	// med
	"pdfgen.immunization_deficiency": immunizationDeficiency,
	"pdfgen.screening_referral":      screeningReferral,
	"pdfgen.immunization_record":     immunizationRecord,
	// hr
	"pdfgen.offer_letter": offerLetter,
	"pdfgen.payslip":      payslip,
}

// Render lays out the document of kind from payload raw. A payload error
// (missing or malformed fields) is returned as such, before any layout.
func Render(kind string, raw []byte) ([]byte, error) {
	tmpl, ok := Templates[kind]
	if !ok {
		return nil, fmt.Errorf("no document template for job kind %q", kind)
	}
	p, err := payload.Parse(raw)
	if err != nil {
		return nil, err
	}
	d := newDoc()
	// the template reads every field as it lays it out; a payload with
	// missing or malformed fields is refused once it has been read through
	tmpl(d, p)
	if err := p.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", kind, err)
	}
	if err := d.f.Error(); err != nil {
		return nil, fmt.Errorf("%s: layout: %w", kind, err)
	}
	var buf bytes.Buffer
	if err := d.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("%s: write: %w", kind, err)
	}
	return buf.Bytes(), nil
}

// doc wraps fpdf with the few layout pieces the templates share.
type doc struct {
	f *fpdf.Fpdf
}

const (
	family   = "DejaVu"
	margin   = 20.0
	width    = 210.0 - 2*margin
	lineH    = 6.0
	bodySize = 10.0
)

func newDoc() *doc {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(Epoch)
	f.SetModificationDate(Epoch)
	f.SetCatalogSort(true)
	f.SetProducer("thick pdfgen", true)
	f.SetCompression(true)
	f.AddUTF8FontFromBytes(family, "", regularTTF)
	f.AddUTF8FontFromBytes(family, "B", boldTTF)
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, margin)
	f.AliasNbPages("{nb}")
	d := &doc{f: f}
	f.SetFooterFunc(func() {
		f.SetY(-15)
		f.SetFont(family, "", 8)
		f.SetTextColor(110, 110, 110)
		f.CellFormat(0, 5, fmt.Sprintf("Page %d of {nb}", f.PageNo()), "", 0, "C", false, 0, "")
		f.SetTextColor(0, 0, 0)
	})
	return d
}

// letterhead starts the document: the tenant's name, the title, and the
// document's date and reference on the right.
func (d *doc) letterhead(tenant, title, reference string) {
	f := d.f
	tenant, title, reference = drawable(tenant), drawable(title), drawable(reference)
	f.SetTitle(title, true)
	f.SetAuthor(tenant, true)
	f.AddPage()
	f.SetFont(family, "B", 14)
	f.CellFormat(width, 8, tenant, "B", 1, "L", false, 0, "")
	f.Ln(4)
	f.SetFont(family, "B", 16)
	f.CellFormat(width, 10, title, "", 1, "L", false, 0, "")
	if reference != "" {
		f.SetFont(family, "", 8)
		f.SetTextColor(90, 90, 90)
		f.CellFormat(width, 5, "Reference "+reference, "", 1, "L", false, 0, "")
		f.SetTextColor(0, 0, 0)
	}
	f.Ln(3)
	f.SetFont(family, "", bodySize)
}

// fields writes label/value rows.
func (d *doc) fields(rows ...[2]string) {
	f := d.f
	for _, r := range rows {
		f.SetFont(family, "B", bodySize)
		f.CellFormat(55, lineH, drawable(r[0]), "", 0, "L", false, 0, "")
		f.SetFont(family, "", bodySize)
		f.MultiCell(width-55, lineH, drawable(r[1]), "", "L", false)
	}
	f.Ln(2)
}

// para writes a paragraph.
func (d *doc) para(text string) {
	d.f.SetFont(family, "", bodySize)
	d.f.MultiCell(width, lineH, drawable(text), "", "L", false)
	d.f.Ln(2)
}

// heading writes a section heading.
func (d *doc) heading(text string) {
	d.f.Ln(2)
	d.f.SetFont(family, "B", 12)
	d.f.CellFormat(width, 8, drawable(text), "", 1, "L", false, 0, "")
	d.f.SetFont(family, "", bodySize)
}

// table writes a header row and rows; widths are fractions of the page
// width, align per column ("L" or "R").
func (d *doc) table(header []string, widths []float64, align string, rows [][]string) {
	f := d.f
	f.SetFont(family, "B", 9)
	f.SetFillColor(235, 235, 235)
	for i, h := range header {
		f.CellFormat(widths[i]*width, 7, drawable(h), "1", 0, string(align[i]), true, 0, "")
	}
	f.Ln(-1)
	f.SetFont(family, "", 9)
	for _, r := range rows {
		for i, c := range r {
			f.CellFormat(widths[i]*width, 6, drawable(c), "1", 0, string(align[i]), false, 0, "")
		}
		f.Ln(-1)
	}
	f.Ln(3)
	f.SetFont(family, "", bodySize)
}

func money(amount, currency string) string { return amount + " " + currency }

func date(t time.Time) string { return t.Format(payload.DateLayout) }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
