package pgcluster

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"
)

// TestStandby: a standby made from a running temporary cluster streams its
// writes, refuses its own with 25006, and is removed by Stop.
func TestStandby(t *testing.T) {
	ctx := context.Background()
	primary, err := Start(ctx, Options{Temp: true})
	require.NoError(t, err)
	t.Cleanup(func() { _ = primary.Stop(context.Background()) })
	exec := func(c *Cluster, sql string) error {
		conn, err := pgx.Connect(ctx, c.URL("postgres"))
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, sql)
		return err
	}
	require.NoError(t, exec(primary, "create table before_backup (n int); insert into before_backup values (1)"))

	standby, err := primary.StartStandby(ctx)
	require.NoError(t, err)
	require.NotEqual(t, primary.Port, standby.Port, "the standby has its own port")
	require.NotEqual(t, primary.SocketDir, standby.SocketDir, "and its own socket")
	require.NoError(t, exec(primary, "create table after_backup (n int); insert into after_backup values (2)"))
	require.NoError(t, primary.WaitReplay(ctx, standby, "postgres", time.Minute))

	conn, err := pgx.Connect(ctx, standby.URL("postgres"))
	require.NoError(t, err)
	var recovering bool
	var n int
	require.NoError(t, conn.QueryRow(ctx, "select pg_is_in_recovery(), (select n from before_backup) + (select n from after_backup)").Scan(&recovering, &n))
	conn.Close(ctx)
	require.True(t, recovering, "the standby is in recovery")
	require.Equal(t, 3, n, "it holds the rows written before and after the base backup")
	var pe *pgconn.PgError
	require.True(t, errors.As(exec(standby, "insert into after_backup values (3)"), &pe))
	require.Equal(t, "25006", pe.Code, "it refuses writes")
	require.Error(t, primary.WaitReplay(ctx, primary, "postgres", time.Second), "a primary is no standby to wait for")

	require.NoError(t, standby.Stop(ctx))
	_, err = os.Stat(standby.Dir)
	require.True(t, os.IsNotExist(err), "Stop removes the standby's directory")
	require.NoError(t, exec(primary, "select 1"), "the primary runs on")
}
