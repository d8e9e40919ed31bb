package replica_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"thick/tools/internal/pgcluster"
	"thick/tools/internal/replica"
)

// offenders adds an application "tap" whose tap_api holds one object of
// each kind the proof must judge: read paths that write (a stable function,
// a view over a writing function), a volatile function that never writes,
// a view that answers differently on a standby; and their well-behaved
// counterparts, which must pass (a volatile writer, a stable reader, a view
// whose answer changes with time).
const offenders = `
create schema tap;
create table tap.log (n int);
create schema tap_api;
grant usage on schema tap_api to anon;
create function tap.bump() returns int language sql volatile as $$ insert into tap.log values (1) returning n $$;
create function tap_api.stable_writer() returns int language plpgsql stable security definer set search_path = ''
as $$ begin insert into tap.log values (2); return 2; end $$;
create view tap_api.hidden_write as select tap.bump() as n;
create function tap_api.volatile_reader() returns bigint language sql volatile security definer set search_path = ''
as $$ select pg_catalog.count(*) from tap.log $$;
create view tap_api.where_am_i as select pg_catalog.pg_is_in_recovery() as on_a_standby;
create function tap_api.volatile_writer(n int) returns void language plpgsql volatile security definer set search_path = ''
as $$ begin insert into tap.log values (volatile_writer.n); end $$;
create function tap_api.stable_reader() returns bigint language sql stable security definer set search_path = ''
as $$ select pg_catalog.count(*) from tap.log $$;
create view tap_api.clock as select pg_catalog.clock_timestamp() as now;
grant select on tap_api.hidden_write, tap_api.where_am_i, tap_api.clock to anon;
grant execute on function tap_api.stable_writer(), tap_api.volatile_reader(), tap_api.volatile_writer(int), tap_api.stable_reader() to anon;
grant execute on function tap.bump() to anon;
grant usage on schema tap to anon;
`

// TestReplicaProof builds the project's own tree, adds the offenders, and
// runs the proof on a streaming standby: every call of every <app>_api
// schema of the tree passes, and exactly the offenders fail, each for its
// reason.
func TestReplicaProof(t *testing.T) {
	if _, err := pgcluster.BinDir(); err != nil {
		t.Fatalf("no PostgreSQL server binaries (%v); run `make deps`", err)
	}
	root, err := filepath.Abs("../../..")
	require.NoError(t, err)
	before := standbyDirs(t)
	var out, errb bytes.Buffer
	sum, err := replica.Main(context.Background(), replica.Options{
		Root: root,
		Jobs: runtime.NumCPU(),
		BeforeStandby: func(ctx context.Context, url string) error {
			conn, err := pgx.Connect(ctx, url)
			if err != nil {
				return err
			}
			defer conn.Close(ctx)
			_, err = conn.Exec(ctx, offenders)
			return err
		},
	}, &out, &errb)
	t.Logf("stdout:\n%s\nstderr:\n%s", out.String(), errb.String())
	require.NoError(t, err)

	failed := map[string]string{}
	perSchema := map[string]int{}
	for _, c := range sum.Calls {
		perSchema[c.Object.Schema]++
		if c.Problem != "" {
			failed[c.Object.Name+" as "+c.Role] = c.Problem
		}
	}
	var names []string
	for k := range failed {
		names = append(names, k)
	}
	sort.Strings(names)
	require.Equal(t, []string{
		"tap_api.hidden_write as anon",
		"tap_api.stable_writer as anon",
		"tap_api.volatile_reader as anon",
		"tap_api.where_am_i as anon",
	}, names, "exactly the offenders fail; every call of the tree's own API schemas passes")
	require.Contains(t, failed["tap_api.stable_writer as anon"], "a read path writes")
	require.Contains(t, failed["tap_api.hidden_write as anon"], "a read path writes")
	require.Contains(t, failed["tap_api.volatile_reader as anon"], "a volatile function answered on the standby")
	require.Contains(t, failed["tap_api.where_am_i as anon"], "answers differently")
	require.Contains(t, sum.TimeDependent, "tap_api.clock")

	// the tree's applications were all called, by more roles than anon
	for _, sc := range sum.Schemas {
		if sc.Name == "tap_api" {
			continue
		}
		require.Greater(t, perSchema[sc.Name], 0, "%s was called", sc.Name)
		require.Greater(t, len(sc.Roles), 1, "%s was called by its roles with a demo user, not only anon", sc.Name)
	}
	if _, err := os.Stat(filepath.Join(root, "3_functions", "crm")); err == nil {
		require.Contains(t, perSchema, "crm_api")
	}
	// a refused volatile writer is proven: 25006 on the standby
	for _, c := range sum.Calls {
		if c.Object.Name == "tap_api.volatile_writer" {
			require.Equal(t, "25006", c.Standby.Code)
			require.Equal(t, "", c.Primary.Code)
		}
	}
	require.Contains(t, out.String(), "4 calls failed")
	require.Contains(t, out.String(), "(no file): tap_api.stable_writer as anon (stable function): a read path writes")
	require.Equal(t, before, standbyDirs(t), "the standby's directory is removed")
}

func standbyDirs(t *testing.T) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(os.TempDir(), "thick-standby-*"))
	require.NoError(t, err)
	sort.Strings(m)
	return m
}

func TestCommandRefusesArguments(t *testing.T) {
	var out, errb bytes.Buffer
	code := replica.Command(context.Background(), []string{"--replica", "stray"}, &out, &errb)
	require.Equal(t, 2, code)
	require.True(t, strings.Contains(errb.String(), "unexpected arguments: stray"))
}
