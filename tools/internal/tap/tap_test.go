package tap_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/tap"
)

func TestParsePasses(t *testing.T) {
	t.Parallel()
	s := tap.ParseString("1..3\nok 1 - first # with hash\nok 2 - second\nok 3\n")
	require.Equal(t, 3, s.Planned)
	require.Len(t, s.Assertions, 3)
	require.Equal(t, "first # with hash", s.Assertions[0].Description)
	require.Equal(t, "", s.Assertions[0].Directive)
	require.Equal(t, "", s.Assertions[2].Description)
	require.Equal(t, 3, s.Passed())
	require.Equal(t, 0, s.Failed())
	require.Empty(t, s.Problems)
	require.True(t, s.OK())
}

func TestParseFailureWithDiagnostics(t *testing.T) {
	t.Parallel()
	out := `1..2
ok 1 - first
not ok 2 - second
# Failed test 2: "second"
#         have: 1
#         want: 2
# Looks like you failed 1 test of 2`
	s := tap.ParseString(out)
	require.Equal(t, 1, s.Passed())
	require.Equal(t, 1, s.Failed())
	require.Empty(t, s.Problems)
	a := s.Assertions[1]
	require.False(t, a.OK)
	require.True(t, a.Failed())
	require.Equal(t, 2, a.Number)
	require.Equal(t, "second", a.Description)
	require.Equal(t, 3, a.Src)
	require.Equal(t, []string{`Failed test 2: "second"`, "        have: 1", "        want: 2", "Looks like you failed 1 test of 2"}, a.Diagnostics)
}

func TestParseDirectives(t *testing.T) {
	t.Parallel()
	out := `1..4
ok 1 # SKIP no reason here
ok 2 # skip
not ok 3 - todo one # TODO not yet
# Failed (TODO) test 3: "todo one"
ok 4 - escaped \# SKIP is not a directive`
	s := tap.ParseString(out)
	require.Equal(t, tap.Skip, s.Assertions[0].Directive)
	require.Equal(t, "no reason here", s.Assertions[0].Reason)
	require.Equal(t, tap.Skip, s.Assertions[1].Directive)
	require.Equal(t, tap.Todo, s.Assertions[2].Directive)
	require.Equal(t, "not yet", s.Assertions[2].Reason)
	require.Equal(t, "todo one", s.Assertions[2].Description)
	require.False(t, s.Assertions[2].Failed())
	require.Equal(t, "", s.Assertions[3].Directive)
	require.Equal(t, "escaped # SKIP is not a directive", s.Assertions[3].Description)
	require.Equal(t, 4, s.Passed())
	require.Equal(t, 0, s.Failed())
	require.Equal(t, 2, s.Skipped())
	require.Equal(t, 1, s.Todo())
}

func TestParseSkipAll(t *testing.T) {
	t.Parallel()
	s := tap.ParseString("1..0 # Skipped: no pg_cron here\n")
	require.Equal(t, 0, s.Planned)
	require.Equal(t, "no pg_cron here", s.SkipAll)
	require.True(t, s.OK())
}

func TestParseRanFewerThanPlanned(t *testing.T) {
	t.Parallel()
	s := tap.ParseString("1..5\nok 1\nok 2\n# Looks like you planned 5 tests but ran 2\n")
	require.Equal(t, 2, s.Passed())
	require.Equal(t, 3, s.Missing())
	require.Equal(t, 3, s.Failed())
	require.Equal(t, []string{"planned 5 assertions but ran 2"}, s.Problems)
	require.False(t, s.OK())
}

func TestParseRanMoreThanPlanned(t *testing.T) {
	t.Parallel()
	s := tap.ParseString("1..1\nok 1\nok 2\n")
	require.Equal(t, 2, s.Passed())
	require.Equal(t, 1, s.Failed())
	require.Equal(t, []string{"planned 1 assertion but ran 2"}, s.Problems)
}

func TestParseNoPlan(t *testing.T) {
	t.Parallel()
	s := tap.ParseString("ok 1\nok 2\n")
	require.Equal(t, -1, s.Planned)
	require.Equal(t, []string{"no plan (ran 2)"}, s.Problems)
	require.Equal(t, 1, s.Failed())

	empty := tap.ParseString("")
	require.Equal(t, []string{"no plan and no assertions"}, empty.Problems)
	require.Equal(t, 1, empty.Failed())
}

func TestParsePlanAtEnd(t *testing.T) {
	t.Parallel()
	// no_plan() + finish() prints the plan last
	s := tap.ParseString("ok 1 - x\nok 2 - y\n1..2\n")
	require.Empty(t, s.Problems)
	require.True(t, s.OK())
}

func TestParseOutOfSequence(t *testing.T) {
	t.Parallel()
	s := tap.ParseString("1..2\nok 1\nok 3\n")
	require.Equal(t, []string{"assertion 3 out of sequence (expected 2)"}, s.Problems)
	require.Equal(t, 1, s.Failed())
}

func TestParseMidFileError(t *testing.T) {
	t.Parallel()
	// a file whose SQL failed after two of four assertions: the output stops
	// there, the missing ones count as failed
	s := tap.Parse([]tap.Line{
		{Text: "1..4", Src: 2},
		{Text: "ok 1 - table exists", Src: 3},
		{Text: "not ok 2 - refused\n# Failed test 2: \"refused\"", Src: 9},
	})
	require.Equal(t, 1, s.Passed())
	require.Equal(t, 2+1, s.Failed())
	require.Equal(t, 9, s.Assertions[1].Src)
	require.Equal(t, []string{`Failed test 2: "refused"`}, s.Assertions[1].Diagnostics)
	require.Equal(t, []string{"planned 4 assertions but ran 2"}, s.Problems)
}

func TestParseBailOut(t *testing.T) {
	t.Parallel()
	s := tap.ParseString("1..1\nok 1\nBail out! database gone\n")
	require.Equal(t, []string{"Bail out! database gone"}, s.Problems)
	require.Equal(t, 1, s.Failed())
}
