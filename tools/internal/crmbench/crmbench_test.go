package crmbench

import (
	"bytes"
	"context"
	"math/big"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

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

func TestLatencyLine(t *testing.T) {
	t.Parallel()
	m := latencyLine.FindStringSubmatch("         0.412           0  select * from crm_api.account_summary(current_setting('bench.account_id')::uuid);")
	require.NotNil(t, m)
	require.Equal(t, "0.412", m[1])
	require.Equal(t, "select * from crm_api.account_summary(current_setting('bench.account_id')::uuid);", m[3])
}

// TestRun runs the whole benchmark against CRM_BENCH_DATABASE_URL (a
// development database built with its seed); skipped when unset.
func TestRun(t *testing.T) {
	url := os.Getenv("CRM_BENCH_DATABASE_URL")
	if url == "" {
		t.Skip("CRM_BENCH_DATABASE_URL not set")
	}
	var out bytes.Buffer
	o := DefaultOptions()
	o.Duration = 3 * time.Second
	err := RunWithOptions(context.Background(), url, &out, o)
	t.Log("\n" + out.String())
	require.NoError(t, err)
	require.Contains(t, out.String(), "differ")
}
