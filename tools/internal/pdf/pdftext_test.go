package pdf_test

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/pdf"
)

// pdfText extracts the text of a PDF with pdftotext (poppler-utils,
// installed by scripts/install-deps.sh).
func pdfText(t *testing.T, doc []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	require.NoError(t, err, "pdftotext (poppler-utils) is missing: run `make deps`")
	cmd := exec.Command(bin, "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(doc)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	require.NoError(t, cmd.Run(), "pdftotext: %s", errOut.String())
	return out.String()
}

const statement = `{"app": "crm", "template": "monthly_statement", "tenant_name": "Łukasz Żółć Brokers",
	"subject_table": "crm.accounts", "subject_id": "00000000-0000-4000-8000-000000000001", "file_name": "statement.pdf",
	"account_id": "acc-1", "client_name": "Zoë Müller", "month": "2026-10", "currency": "EUR",
	"opening_balance": "1000.00", "closing_balance": "1150.25",
	"lines": [{"at": "2026-10-03T09:30:00+02:00", "description": "Card deposit 200 €", "amount": "200.00"},
	          {"at": "2026-10-17T16:05:00+02:00", "description": "EURUSD sell 0.5 lots closed", "amount": "-49.75"}]}`

// The embedded font renders Latin Extended letters and the euro sign, and
// the text comes back out of the PDF as written.
func TestUnicodeRenders(t *testing.T) {
	t.Parallel()
	doc, err := pdf.Render("pdfgen.monthly_statement", []byte(statement))
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(doc, []byte("%PDF-")))
	text := pdfText(t, doc)
	for _, want := range []string{"Zoë Müller", "Łukasz Żółć Brokers", "Card deposit 200 €", "Statement for October 2026",
		"1000.00 EUR", "1150.25 EUR", "-49.75", "2026-10-17 16:05"} {
		require.Contains(t, text, want)
	}
}

// The same payload gives the same bytes; another payload other bytes.
func TestSameInputSameBytes(t *testing.T) {
	t.Parallel()
	a, err := pdf.Render("pdfgen.monthly_statement", []byte(statement))
	require.NoError(t, err)
	// Go randomises map iteration on every range: renderings that depended
	// on it would differ within a few tries
	for range 10 {
		b, err := pdf.Render("pdfgen.monthly_statement", []byte(statement))
		require.NoError(t, err)
		require.Equal(t, a, b, "deterministic bytes")
	}
	require.Contains(t, string(a), "D:20000101000000", "the fixed creation date")
	c, err := pdf.Render("pdfgen.monthly_statement", bytes.Replace([]byte(statement), []byte("1150.25"), []byte("1150.26"), 1))
	require.NoError(t, err)
	require.NotEqual(t, a, c)
}

// A payload missing fields or holding malformed ones is refused, naming
// each; an unknown kind too.
func TestRenderRefusesBadPayloads(t *testing.T) {
	t.Parallel()
	_, err := pdf.Render("pdfgen.payslip", []byte(`{"tenant_name": "Hôtel Dubois", "payslip_id": "p-1", "employee_name": "Jürgen Groß",
		"hotel_name": "Hôtel Dubois Lyon", "period_start": "2026-11-01", "period_end": "2026-11-31", "regular_hours": "151.5",
		"overtime_hours": "4", "regular_pay": "1818.00", "overtime_pay": "60.00", "currency": "eur"}`))
	require.EqualError(t, err, `pdfgen.payslip: payload: currency "eur" is not a currency code; period_end "2026-11-31" is not a date (YYYY-MM-DD); missing gross_pay`)
	_, err = pdf.Render("pdfgen.monthly_statement", []byte(`{"lines": [{"at": "yesterday"}]}`))
	require.ErrorContains(t, err, `lines[0].at "yesterday" is not an RFC 3339 time`)
	require.ErrorContains(t, err, "missing lines[0].description")
	_, err = pdf.Render("pdfgen.fax_cover", []byte(`{}`))
	require.EqualError(t, err, `no document template for job kind "pdfgen.fax_cover"`)
	_, err = pdf.Render("pdfgen.payslip", []byte(`[1, 2]`))
	require.ErrorContains(t, err, "payload: not a JSON object")
}

// Names the embedded font cannot draw (the review's: an emoji, a CJK
// Extension B ideograph outside the Basic Multilingual Plane, CJK of the
// BMP) render with U+FFFD in their place: no layout error, no panic (the
// tenant's name goes to the document's metadata too).
func TestUndrawableCharactersReplaced(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ field, value, shows string }{
		{"client_name", "Zoë 🌸 Müller", "Zoë \uFFFD Müller"},
		{"client_name", "陳𠜎明", "\uFFFD\uFFFD\uFFFD"},
		{"client_name", "王小明", "\uFFFD\uFFFD\uFFFD"},
		{"tenant_name", "Hôtel 🌸 Group", "Hôtel \uFFFD Group"},
	} {
		raw := strings.Replace(statement, `"`+map[string]string{"client_name": "Zoë Müller", "tenant_name": "Łukasz Żółć Brokers"}[c.field]+`"`,
			`"`+c.value+`"`, 1)
		require.Contains(t, raw, c.value)
		var doc []byte
		require.NotPanics(t, func() {
			var err error
			doc, err = pdf.Render("pdfgen.monthly_statement", []byte(raw))
			require.NoError(t, err, "%s=%q", c.field, c.value)
		})
		text := pdfText(t, doc)
		require.Contains(t, text, c.shows, "%s=%q", c.field, c.value)
		require.Contains(t, text, "Card deposit 200 €", "the rest of the document as written")
	}
}
