package marker_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/marker"
	"thick/tools/internal/pgcluster"
)

var cluster *pgcluster.Cluster

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	ctx := context.Background()
	if _, err := pgcluster.BinDir(); err == nil {
		c, err := pgcluster.Start(ctx, pgcluster.Options{Temp: true, Preload: []string{}})
		if err != nil {
			fmt.Fprintln(os.Stderr, "start test cluster:", err)
			return 1
		}
		cluster = c
		defer c.Stop(ctx)
	}
	return m.Run()
}

func newDB(t *testing.T, name string) *pgx.Conn {
	t.Helper()
	if cluster == nil {
		t.Skip("no PostgreSQL binaries")
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, cluster.URL("postgres"))
	require.NoError(t, err)
	_, err = admin.Exec(ctx, "create database "+name)
	require.NoError(t, err)
	conn, err := pgx.Connect(ctx, cluster.URL(name))
	require.NoError(t, err)
	t.Cleanup(func() {
		conn.Close(ctx)
		_, _ = admin.Exec(ctx, "drop database "+name+" with (force)")
		admin.Close(ctx)
	})
	return conn
}

func TestMarker(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn := newDB(t, "m1")

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
	for i, tc := range []struct {
		sql  string
		want []string
	}{
		{"create schema app", []string{"app"}},
		{"create type public.mood as enum ('ok')", []string{"public"}},
		{"create function public.f() returns int language sql as 'select 1'", []string{"public"}},
		{"create extension pgcrypto", []string{"public"}},
		{"create temp table tmp (a int)", nil},
	} {
		conn := newDB(t, fmt.Sprintf("c%d", i))
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
