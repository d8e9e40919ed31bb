package pdfgen_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/worktest"
)

// The review's names (finding 5): a payslip whose employee or tenant name
// holds a character outside the Basic Multilingual Plane was dead (layout
// error) or, in tenant_name, a handler panic retried; each is now done on
// its first attempt, with its document stored, the character shown as
// U+FFFD.
func TestUndrawableNamesRendered(t *testing.T) {
	t.Parallel()
	d := worktest.NewDB(t)
	hr := d.Tenant(t, "hr", tenantNames["hr"])
	base := kinds()[6]
	require.Equal(t, "pdfgen.payslip", base.kind)
	type job struct {
		id    int64
		shows string
	}
	var jobs []job
	for i, c := range []struct{ field, value, shows string }{
		{"employee_name", "Zoë 🌸 Müller", "Zoë \uFFFD Müller"},
		{"employee_name", "陳𠜎明", "\uFFFD\uFFFD\uFFFD"},
		{"tenant_name", "Hôtel 🌸 Group", "Hôtel \uFFFD Group"},
	} {
		p := map[string]any{}
		for k, v := range base.payload {
			p[k] = v
		}
		p[c.field] = c.value
		p["subject_id"] = []string{"7a0e0b1c-0000-4000-8000-0000000000a1", "7a0e0b1c-0000-4000-8000-0000000000a2",
			"7a0e0b1c-0000-4000-8000-0000000000a3"}[i]
		jobs = append(jobs, job{d.Enqueue(t, base.kind, p, hr), c.shows})
	}
	start(t, d)
	for _, j := range jobs {
		got := d.WaitJob(t, j.id, "done", 20*time.Second)
		require.Equal(t, 1, got.Attempt, "done on the first attempt")
		doc, n := documentOf(t, d, j.id)
		require.Equal(t, 1, n, "its document is stored")
		require.Contains(t, pdfText(t, doc.Content), j.shows)
	}
}
