package marker_test

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/marker"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/pgtest"
)

func TestMain(m *testing.M) {
	os.Exit(pgtest.Main(m, pgcluster.Options{Preload: []string{}}, nil))
}

// newDB creates an empty database and returns a connection to it.
func newDB(t *testing.T) *pgx.Conn {
	t.Helper()
	return pgtest.Connect(t, pgtest.NewDB(t, ""))
}

func TestMarker(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn := newDB(t)

	kind, err := marker.Check(ctx, conn)
	require.NoError(t, err)
	require.Empty(t, kind)
	contents, err := marker.Contents(ctx, conn)
	require.NoError(t, err)
	require.Empty(t, contents, "a new database is empty")

	m, err := marker.Guard(ctx, conn, false)
	require.NoError(t, err)
	require.Equal(t, marker.Development, m.Kind)
	require.Nil(t, m.BuiltAt)
	contents, err = marker.Contents(ctx, conn)
	require.NoError(t, err)
	require.Empty(t, contents, "thick's own schema does not count")

	require.NoError(t, marker.Record(ctx, conn, []string{"core", "crm"}))
	m, err = marker.Read(ctx, conn)
	require.NoError(t, err)
	require.Equal(t, []string{"core", "crm"}, m.Schemas)
	require.NotNil(t, m.BuiltAt)

	require.NoError(t, marker.Set(ctx, conn, marker.Production))
	require.NoError(t, marker.Set(ctx, conn, marker.Production), "idempotent")
	var rows int
	require.NoError(t, conn.QueryRow(ctx, "select count(*) from thick.marker").Scan(&rows))
	require.Equal(t, 1, rows)
	m, err = marker.Read(ctx, conn)
	require.NoError(t, err)
	require.Equal(t, []string{"core", "crm"}, m.Schemas, "set keeps the build record")
	_, err = marker.Guard(ctx, conn, true)
	var re *marker.RefusedError
	require.ErrorAs(t, err, &re)
	require.Equal(t, marker.Production, re.Kind)

	require.Error(t, marker.Set(ctx, conn, "staging"))
}

func TestContents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		sql  string
		want []string
	}{
		{"create schema app", []string{"app"}},
		{"create type public.mood as enum ('ok')", []string{"public"}},
		{"create function public.f() returns int language sql as 'select 1'", []string{"public"}},
		{"create extension pgcrypto", []string{"public"}},
		{"create temp table tmp (a int)", nil},
	} {
		conn := newDB(t)
		_, err := conn.Exec(ctx, tc.sql)
		require.NoError(t, err)
		got, err := marker.Contents(ctx, conn)
		require.NoError(t, err)
		if tc.want == nil {
			require.Empty(t, got, tc.sql)
		} else {
			require.Equal(t, tc.want, got, tc.sql)
		}
		_, err = marker.Guard(ctx, conn, false)
		require.Equal(t, tc.want != nil, err != nil, "%s: %v", tc.sql, err)
	}
}

// The seed's day is judged in every time zone the data names: a table's
// time_zone column whose zone passed midnight since the seed ran makes the
// seed stale there, while the session's own date has not moved.
func TestSeedZoneDay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn := newDB(t)
	_, err := marker.Guard(ctx, conn, false)
	require.NoError(t, err)
	require.NoError(t, marker.Record(ctx, conn, []string{"app"}))
	require.NoError(t, marker.RecordSeed(ctx, conn, true))

	// the session at local noon: an hour ago was the same day there
	_, err = conn.Exec(ctx, "set timezone = '"+pgtest.ZoneAtLocalHour(t, conn, 12)+"'")
	require.NoError(t, err)
	_, err = conn.Exec(ctx, `create schema app;
		create table app.hotels (name text, time_zone text);
		create table app.moved (time_zone integer);
		update thick.marker set seeded_at = now() - interval '1 hour'`)
	require.NoError(t, err)

	zone, _, _, err := marker.SeedZoneDay(ctx, conn)
	require.NoError(t, err)
	require.Empty(t, zone, "no zone in the data: nothing to judge")

	// a zone where it is noon too, and one where midnight passed within
	// the hour (its local hour is 0 now)
	noon, justPast := pgtest.ZoneAtLocalHour(t, conn, 12), pgtest.ZoneAtLocalHour(t, conn, 0)
	_, err = conn.Exec(ctx, "insert into app.hotels values ('noon', $1)", noon)
	require.NoError(t, err)
	zone, _, _, err = marker.SeedZoneDay(ctx, conn)
	require.NoError(t, err)
	require.Empty(t, zone, "still the seed's day there")
	seeded, today, _, err := marker.SeedDay(ctx, conn)
	require.NoError(t, err)
	require.Equal(t, seeded, today, "and in the session's zone")

	_, err = conn.Exec(ctx, "insert into app.hotels values ('past midnight', $1), ('none', null)", justPast)
	require.NoError(t, err)
	zone, then, now, err := marker.SeedZoneDay(ctx, conn)
	require.NoError(t, err)
	require.Equal(t, justPast, zone)
	var wantThen, wantNow string
	require.NoError(t, conn.QueryRow(ctx, `select ((seeded_at at time zone $1)::date)::text, ((now() at time zone $1)::date)::text from thick.marker`, justPast).Scan(&wantThen, &wantNow))
	require.Equal(t, wantThen, then)
	require.Equal(t, wantNow, now)
	require.NotEqual(t, then, now)

	// no seed (a --no-seed build): nothing is stale
	require.NoError(t, marker.RecordSeed(ctx, conn, false))
	zone, _, _, err = marker.SeedZoneDay(ctx, conn)
	require.NoError(t, err)
	require.Empty(t, zone)

	// a value that is no zone is an error, not a pass
	require.NoError(t, marker.RecordSeed(ctx, conn, true))
	_, err = conn.Exec(ctx, "insert into app.hotels values ('bad', 'Mars/Olympus_Mons')")
	require.NoError(t, err)
	_, _, _, err = marker.SeedZoneDay(ctx, conn)
	require.Error(t, err)
}

// A data file is recorded by its statements: its comments and layout may
// change without it counting as changed; a code file is recorded by its
// text. A data file recorded by its text (an earlier thick) is the same file
// while its text is.
func TestFileChecksum(t *testing.T) {
	t.Parallel()
	table := "create table app.items (id int primary key);\n"
	relaid := "-- the items\ncreate table app.items (\n    id int primary key\n);\n"
	changed := "create table app.items (id bigint primary key);\n"

	data := marker.FileChecksum("0_tables/app/items.sql", table)
	require.True(t, marker.SameFile(data, "0_tables/app/items.sql", table))
	require.True(t, marker.SameFile(data, "0_tables/app/items.sql", relaid))
	require.False(t, marker.SameFile(data, "0_tables/app/items.sql", changed))

	code := marker.FileChecksum("3_functions/app/items.sql", table)
	require.Equal(t, marker.Sum(table), code)
	require.True(t, marker.SameFile(code, "3_functions/app/items.sql", table))
	require.False(t, marker.SameFile(code, "3_functions/app/items.sql", relaid), "a code file's comments are its text")

	old := marker.Sum(table) // recorded as text
	require.True(t, marker.SameFile(old, "0_tables/app/items.sql", table))
	require.False(t, marker.SameFile(old, "0_tables/app/items.sql", changed))
}
