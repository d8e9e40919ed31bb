package testrun

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The start order: alone files first, each while nothing else runs; then
// the longest (a file never timed counts as the longest), skipping a file
// whose group is running while another group's can start.
func TestScheduler(t *testing.T) {
	t.Parallel()
	files := []string{"tests/a/1.sql", "tests/a/2.sql", "tests/b/1.sql", "tests/b/2.sql", "tests/c/alone.sql", "tests/top.sql"}
	last := map[string]time.Duration{
		"tests/a/1.sql": 10 * time.Millisecond, "tests/a/2.sql": 50 * time.Millisecond,
		"tests/b/1.sql": 30 * time.Millisecond, "tests/c/alone.sql": time.Millisecond, "tests/top.sql": 20 * time.Millisecond,
	}
	s := newScheduler(files, last, func(i int) bool { return files[i] == "tests/c/alone.sql" })
	name := func(i int) string { return files[i] }

	alone := s.next(0)
	require.Equal(t, "tests/c/alone.sql", name(alone))
	got := make(chan int)
	go func() { got <- s.next(1) }()
	select {
	case i := <-got:
		t.Fatalf("%s started while an alone file ran", name(i))
	case <-time.After(50 * time.Millisecond):
	}
	s.done(alone)
	b2 := <-got
	require.Equal(t, "tests/b/2.sql", name(b2), "never timed: first")
	a2 := s.next(0)
	require.Equal(t, "tests/a/2.sql", name(a2), "the longest of a group not running")
	top := s.next(0)
	require.Equal(t, "tests/top.sql", name(top), "b/1 is longer, but b is running")
	b1 := s.next(0)
	require.Equal(t, "tests/b/1.sql", name(b1), "every group running: the longest left")
	s.done(a2)
	require.Equal(t, "tests/a/1.sql", name(s.next(0)))
	require.Equal(t, -1, s.next(0))
}

// An alone file waits for the files running to end before it starts.
func TestSchedulerAloneWaits(t *testing.T) {
	t.Parallel()
	files := []string{"tests/a/1.sql", "tests/b/alone.sql"}
	s := newScheduler(files, map[string]time.Duration{}, func(i int) bool { return i == 1 })
	require.Equal(t, 1, s.next(0), "alone files first")
	s.done(1)
	require.Equal(t, 0, s.next(0))
	s2 := newScheduler([]string{"tests/a/1.sql", "tests/a/2.sql", "tests/b/alone.sql"}, map[string]time.Duration{}, func(i int) bool { return i == 2 })
	require.Equal(t, 2, s2.next(0))
	s2.done(2)
	first := s2.next(0)
	got := make(chan int)
	go func() { got <- s2.next(0) }()
	require.Equal(t, 1-first, <-got, "two files of one group run together when nothing else is left")
}

// Alone files go to worker 0 only: another worker waits while the next file
// is an alone one, even with nothing running, and starts the files after it.
func TestSchedulerAloneToWorkerZero(t *testing.T) {
	t.Parallel()
	files := []string{"tests/a/1.sql", "tests/b/alone.sql", "tests/c/alone.sql"}
	s := newScheduler(files, map[string]time.Duration{}, func(i int) bool { return i > 0 })
	got := make(chan int)
	go func() { got <- s.next(1) }()
	select {
	case i := <-got:
		t.Fatalf("worker 1 started %s", files[i])
	case <-time.After(50 * time.Millisecond):
	}
	first := s.next(0)
	require.True(t, first > 0, "worker 0 starts an alone file")
	s.done(first)
	second := s.next(0)
	require.Equal(t, 3-first, second, "and the next one")
	s.done(second)
	require.Equal(t, 0, <-got, "worker 1 then starts the others")
	require.Equal(t, -1, s.next(0))
}

// The timings of a run are kept for the next one, merged by path.
func TestTimings(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	require.Empty(t, readTimings(root))
	require.NoFileExists(t, timingsFile(root))
	writeTimings(root, []*File{{Path: "tests/a.sql", Elapsed: 120 * time.Millisecond}, {Path: "tests/b.sql", Elapsed: 3 * time.Millisecond}})
	writeTimings(root, []*File{{Path: "tests/a.sql", Elapsed: 80 * time.Millisecond}, {Path: "tests/c.sql"}})
	require.Equal(t, map[string]time.Duration{"tests/a.sql": 80 * time.Millisecond, "tests/b.sql": 3 * time.Millisecond}, readTimings(root))
	require.FileExists(t, filepath.Join(root, ".thick", "timings.json"))
	matches, err := filepath.Glob(filepath.Join(root, ".thick", "timings-*"))
	require.NoError(t, err)
	require.Empty(t, matches, "no temporary file left")
}

func TestHasMark(t *testing.T) {
	t.Parallel()
	require.True(t, hasMark("-- thick: alone\nbegin;", aloneMark))
	require.True(t, hasMark("\ufeff--Thick:   ALONE  \nbegin;", aloneMark))
	require.False(t, hasMark("begin;\n-- thick: alone\n", aloneMark))
	require.False(t, hasMark("-- thick: commit\n", aloneMark))
}
