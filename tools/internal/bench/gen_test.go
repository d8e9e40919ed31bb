package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestGenerate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	n, err := Generate(dir)
	require.NoError(t, err)
	require.GreaterOrEqual(t, n, 150)
	suites, err := filepath.Glob(filepath.Join(dir, "tests", "bench", "*.sql"))
	require.NoError(t, err)
	require.Len(t, suites, genSuites)
	b, err := os.ReadFile(suites[0])
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(b), "begin;\nselect plan(6);"))
	if out := os.Getenv("THICK_BENCH_GEN_DIR"); out != "" {
		_, err := Generate(out)
		require.NoError(t, err)
	}
}

func TestMedian(t *testing.T) {
	t.Parallel()
	require.Equal(t, time.Duration(0), median(nil))
	require.Equal(t, 2*time.Second, median([]time.Duration{3 * time.Second, time.Second, 2 * time.Second}))
	require.Equal(t, 1500*time.Millisecond, median([]time.Duration{time.Second, 2 * time.Second}))
}

func TestPrint(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	Print(&b, []Row{
		{Measurement: "rebuild vs floor", Thick: 420 * time.Millisecond, Reference: 400 * time.Millisecond, RefName: "psql -1 -f", Ratio: 1.05, Target: "<= 1.15x the floor", Met: "yes"},
		{Measurement: "start-up", Thick: 1200 * time.Millisecond, Target: "-", Met: "-", Note: "docker: not available"},
	})
	out := b.String()
	require.Contains(t, out, "measurement")
	require.Regexp(t, `rebuild vs floor\s+420ms\s+400ms psql -1 -f\s+1.05x\s+<= 1.15x the floor\s+yes`, out)
	require.Regexp(t, `start-up\s+1.20s\s+-\s+-\s+-\s+-\s+docker: not available`, out)
}
