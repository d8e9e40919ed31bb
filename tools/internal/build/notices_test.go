package build_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/build"
	"thick/tools/internal/pgtest"
)

// Notices and warnings raised while the files run are shown at the file and
// line that raised them, repeats collapsed with a count.
func TestRebuildShowsNotices(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn, err := build.Connect(ctx, pgtest.NewDB(t, ""))
	require.NoError(t, err)
	defer conn.Close(ctx)
	p := writeProject(t, map[string]string{
		"0_tables/core/items.sql": coreItems,
		"3_functions/core/note.sql": "create function core.note(n int)\nreturns void\nlanguage plpgsql\nas $$\nbegin\n" +
			"  raise notice 'noting an item';\nend\n$$;\n",
		"8_seed/core/a.sql": "-- seed\nselect core.note(1);\nselect core.note(2);\nselect core.note(3);\n" +
			"do $$\nbegin\n  raise warning 'the seed is slow' using detail = 'three notes';\nend\n$$;\n",
	})
	var out, log bytes.Buffer
	_, err = build.Rebuild(ctx, conn, p, build.Options{Stdout: &out, Log: &log})
	require.NoError(t, err)
	require.Equal(t, "3_functions/core/note.sql:6:3: NOTICE: noting an item (×3)\n"+
		"8_seed/core/a.sql:7:3: WARNING: the seed is slow\n"+
		"  detail: three notes\n", log.String())

	// on a failed build too, before the error
	p = writeProject(t, map[string]string{
		"0_tables/core/items.sql": coreItems + "do $$ begin raise notice 'before'; end $$;\nselect 1/0;\n",
	})
	log.Reset()
	_, err = build.Rebuild(ctx, conn, p, build.Options{Log: &log})
	require.Error(t, err)
	require.Equal(t, "0_tables/core/items.sql:7:1: NOTICE: before\n", log.String())
}
