package pgtest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
)

// ZoneAtLocalHour returns a fixed-offset time zone (Etc/GMT, Etc/GMT-N for
// UTC+N, Etc/GMT+N for UTC-N) whose local hour is hour at conn's server's
// now: hour 0 is a zone that passed midnight within the hour, 12 one where
// an hour ago was the same day. For tests of what a local midnight changes,
// whatever the time they run at.
func ZoneAtLocalHour(t testing.TB, conn *pgx.Conn, hour int) string {
	t.Helper()
	var zone string
	require.NoError(t, conn.QueryRow(context.Background(), `
		with o as (select ((($1::int - extract(hour from now() at time zone 'UTC')::int) % 24 + 24) % 24) as h)
		select case when h = 0 then 'Etc/GMT'
		            when h <= 14 then 'Etc/GMT-' || h
		            else 'Etc/GMT+' || (24 - h) end
		from o`, hour).Scan(&zone))
	return zone
}
