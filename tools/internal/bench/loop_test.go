package bench

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestLoopRow(t *testing.T) {
	t.Parallel()
	r := loopRow("warm vs pg_prove", time.Second, nil, 5*time.Second, nil, "make pg_prove", ">= 4x faster", 5*time.Second >= 4*time.Second)
	require.Equal(t, 5.0, r.Ratio)
	require.Equal(t, "yes", r.Met)
	r = loopRow("warm vs pg_prove", 2*time.Second, nil, 5*time.Second, nil, "make pg_prove", ">= 4x faster", false)
	require.Equal(t, 2.5, r.Ratio)
	require.Equal(t, "no", r.Met)
	r = loopRow("x", time.Second, nil, 0, errors.New("pg_prove: exit 1\nmore"), "make pg_prove", ">= 4x faster", true)
	require.Zero(t, r.Reference)
	require.Equal(t, "make pg_prove failed: pg_prove: exit 1", r.Note)
	r = loopRow("x", 0, errors.New("boom"), 0, nil, "", "< 2s", true)
	require.Equal(t, "-", r.Met, "a failed measurement meets nothing")
	require.Equal(t, "error: boom", r.Note)
}

func TestPickSavesAndCopyTree(t *testing.T) {
	t.Parallel()
	src := t.TempDir()
	for _, f := range []string{"3_functions/core/a.sql", "3_functions/hr/b.sql", "3_functions/crm/z.sql", "3_functions/crm/c.sql",
		"tests/hr/01.sql", "tests/crm/02.sql", "tests/crm/01.sql", "scripts/pg_prove.sh"} {
		p := filepath.Join(src, f)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(f), 0o644))
	}
	dst := t.TempDir()
	for _, d := range loopCopy {
		require.NoError(t, copyTree(filepath.Join(src, d), filepath.Join(dst, d)))
	}
	b, err := os.ReadFile(filepath.Join(dst, "scripts/pg_prove.sh"))
	require.NoError(t, err)
	require.Equal(t, "scripts/pg_prove.sh", string(b))
	fn, suite, err := pickSaves(dst)
	require.NoError(t, err)
	require.Equal(t, "3_functions/crm/c.sql", fn, "the CRM first, its first function")
	require.Equal(t, "tests/crm/01.sql", suite)

	require.NoError(t, os.RemoveAll(filepath.Join(dst, "tests/crm")))
	fn, suite, err = pickSaves(dst)
	require.NoError(t, err)
	require.Equal(t, "3_functions/hr/b.sql", fn, "an application with suites")
	require.Equal(t, "tests/hr/01.sql", suite)

	require.NoError(t, os.RemoveAll(filepath.Join(dst, "tests")))
	_, _, err = pickSaves(dst)
	require.Error(t, err)
}

// A red run of the loop table prints what failed, not the files that passed.
func TestFailures(t *testing.T) {
	t.Parallel()
	out := "postgres: local cache server\nok     tests/a.sql  3 assertions  5ms\nFAILED tests/b.sql  1/2 passed  9ms\n" +
		"    not ok 2 - the second\n    # Failed test 2: \"the second\"\n    #         have: 1\n3 passed, 1 failed\n"
	require.Equal(t, "    FAILED tests/b.sql  1/2 passed  9ms\n    not ok 2 - the second\n    # Failed test 2: \"the second\"\n"+
		"    #         have: 1\n    3 passed, 1 failed", failures(out))
}

func TestChildrenCPU(t *testing.T) {
	t.Parallel()
	// a postmaster's /proc/<pid>/stat: utime 12, stime 3, cutime 1042, cstime 215 (ticks of 10 ms)
	stat := "22459 (postgres) S 1 22459 22459 0 -1 4194560 3650 412087 0 11 12 3 1042 215 20 0 1 0 1796053648 227282944 8215 18446744073709551615 1 1 0 0 0 0 0 20975616 16902 0 0 0 17 1 0 0 0 0 0\n"
	d, ok := childrenCPU(stat)
	require.True(t, ok)
	require.Equal(t, 12570*time.Millisecond, d, "cutime + cstime: the ended children's time")
	// a command name with spaces and a parenthesis
	d, ok = childrenCPU("7 (a b) c) S 1 7 7 0 -1 0 0 0 0 0 1 1 5 5 20 0 1 0 1 1 1\n")
	require.True(t, ok)
	require.Equal(t, 100*time.Millisecond, d)
	_, ok = childrenCPU("7 (short) S 1 2")
	require.False(t, ok, "too few fields")
	_, ok = childrenCPU("no parenthesis")
	require.False(t, ok)
}
