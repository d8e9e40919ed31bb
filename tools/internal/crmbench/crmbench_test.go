package crmbench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/benchrun"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/pgtest"
)

func TestMain(m *testing.M) {
	os.Exit(pgtest.Main(m, pgcluster.Options{}, nil))
}

func TestRoundHalfAway(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"1.005", "1.01"},
		{"-1.005", "-1.01"},
		{"1.004999", "1.00"},
		{"2.5", "2.50"},
		{"-0.001", "0.00"},
		{"123456.789", "123456.79"},
	} {
		in, _ := new(big.Rat).SetString(c.in)
		want, _ := new(big.Rat).SetString(c.want)
		require.Zero(t, roundHalfAway(in, 2).Cmp(want), "round(%s, 2)", c.in)
	}
}

func TestSummaryEqual(t *testing.T) {
	t.Parallel()
	r := func(s string) *big.Rat { x, _ := new(big.Rat).SetString(s); return x }
	a := Summary{Balance: r("10"), Equity: r("10.00"), UsedMargin: r("0"), FreeMargin: r("10")}
	b := Summary{Balance: r("10.000"), Equity: r("10"), UsedMargin: r("0.00"), FreeMargin: r("10.0")}
	require.True(t, a.Equal(b), "numerically equal summaries are equal whatever their scale")
	b.MarginLevel = r("100")
	require.False(t, a.Equal(b), "a margin level against none differs")
}

// TestScriptsAndThreeTier runs scripts/bench_crm through the generic
// runner with the three-tier extra on a throwaway build of the project, at
// scale 1 (the setup generates clients, as make bench's does, when the
// seed holds fewer than 200 accounts) and a second per script: every script measured, the summaries compared both ways and
// equal, the teardown run.
func TestScriptsAndThreeTier(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("../../..")
	require.NoError(t, err)
	url, conn := pgtest.ProjectTree(t, root)
	ctx := context.Background()
	s, err := benchrun.Load(filepath.Join(root, "scripts", "bench_crm"))
	require.NoError(t, err)
	var out bytes.Buffer
	o := benchrun.Options{Scale: 1, Clients: 2, Duration: time.Second}
	rows := 0
	threeTier := ThreeTier(Options{Clients: 2, Duration: time.Second})
	extra := func(ctx context.Context, dbURL string, n int, results []benchrun.Result, w io.Writer) error {
		rows = n
		return threeTier(ctx, dbURL, n, results, w)
	}
	results, err := benchrun.Run(ctx, url, s, o, extra, &out)
	t.Log("\n" + out.String())
	require.NoError(t, err)
	names := []string{}
	for _, r := range results {
		require.NoError(t, r.Err, r.Script.Name)
		require.Positive(t, r.TPS, r.Script.Name)
		names = append(names, r.Script.Name)
	}
	require.Equal(t, []string{"account_summary", "ledger_own", "open_close_position", "record_deposit"}, names)
	require.Positive(t, results[0].RefTPS, "account_summary has its reference")
	require.Positive(t, results[1].RefTPS, "ledger_own has its reference")
	require.Positive(t, rows)
	require.Regexp(t, fmt.Sprintf(`answers compared on %d accounts: 0 differ`, min(rows, 200)), out.String())
	require.Regexp(t, `account_summary in the database: [0-9.]+ TPS, [0-9.]+x the three-tier TPS`, out.String())
	var left int
	require.NoError(t, conn.QueryRow(ctx, "select count(*) from pg_namespace where nspname = 'bench_crm'").Scan(&left))
	require.Zero(t, left, "the teardown ran")
}
