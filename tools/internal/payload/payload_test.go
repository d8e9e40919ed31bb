package payload_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/payload"
)

func TestReadsWhatDocsJobsSays(t *testing.T) {
	t.Parallel()
	p, err := payload.Parse([]byte(`{"to_name": "Zoë Müller", "amount": "1234.50", "count": 3, "approved": false,
		"currency": "EUR", "on": "2026-11-29", "month": "2026-11", "at": "2026-11-29T10:15:00+01:00", "reason": null,
		"lines": [{"amount": "-1.00"}, {"amount": "2"}]}`))
	require.NoError(t, err)
	require.Equal(t, "Zoë Müller", p.Str("to_name"))
	require.Equal(t, "1234.50", p.Amount("amount"))
	require.Equal(t, "3", p.Str("count"), "a number is read as written")
	require.False(t, p.Bool("approved"))
	require.Equal(t, "EUR", p.Currency("currency"))
	require.Equal(t, time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC), p.Date("on"))
	require.Equal(t, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), p.Month("month"))
	at := p.Time("at")
	require.Equal(t, "10:15 +01:00", at.Format("15:04 -07:00"), "a time keeps its offset")
	require.Equal(t, "", p.Opt("reason"), "null is absent")
	require.Equal(t, "", p.Opt("nowhere"))
	lines := p.List("lines")
	require.Len(t, lines, 2)
	require.Equal(t, "-1.00", lines[0].Amount("amount"))
	require.Equal(t, "2", lines[1].Amount("amount"))
	require.NoError(t, p.Err())
}

func TestReportsEveryProblemOnce(t *testing.T) {
	t.Parallel()
	p, err := payload.Parse([]byte(`{"blank": "  ", "amount": "1e3", "nan": "NaN", "flag": "yes", "currency": "€",
		"on": "29/11/2026", "at": "2026-11-29 10:15", "lines": [{}], "obj": {"a": 1}}`))
	require.NoError(t, err)
	p.Str("missing")
	p.Str("missing") // read twice, reported once
	p.Str("blank")
	p.Amount("amount")
	p.Amount("nan")
	p.Bool("flag")
	p.Currency("currency")
	p.Date("on")
	p.Time("at")
	p.List("lines")[0].Str("description")
	p.Str("obj")
	p.List("obj")
	require.EqualError(t, p.Err(), "payload: missing missing; blank is blank; "+
		`amount "1e3" is not a decimal; nan "NaN" is not a decimal; flag is not a boolean; currency "€" is not a currency code; `+
		`on "29/11/2026" is not a date (YYYY-MM-DD); at "2026-11-29 10:15" is not an RFC 3339 time; missing lines[0].description; `+
		"obj is not a string; obj is not a list of objects")
}

func TestParseRefusesWhatIsNotAnObject(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{`null`, `[1]`, `"x"`, `{`, ``} {
		_, err := payload.Parse([]byte(raw))
		require.ErrorContains(t, err, "payload: not a JSON object", raw)
	}
}
