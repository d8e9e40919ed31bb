package testrun_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/testrun"
)

// sign has 6 statements: the block, the IF, two RETURNs in its branches,
// the final RETURN, and (in the else branch) a RAISE.
const sign = `-- app.sign: the sign of n
create function app.sign(n int)
returns int
language plpgsql
as $$
begin
  if n > 0 then
    return 1;
  elsif n < 0 then
    raise notice 'negative';
    return -1;
  end if;
  return 0;
end
$$;
`

// twice is only called by a file that commits (on a database of its own).
const twice = `create function app.twice(n int)
returns int
language plpgsql
as $$
begin
  return 2 * n;
end
$$;
`

func TestCoverage(t *testing.T) {
	t.Parallel()
	root := tinyProject(t, map[string]string{
		"3_functions/app/sign.sql":  sign,
		"3_functions/app/twice.sql": twice,
		"8_seed/app/seed.sql":       "select app.sign(-5);\n", // the build's own calls do not count
		"tests/app/01_sign.sql": "begin;\nselect plan(2);\nselect is(app.sign(3), 1, 'positive');\n" +
			"select is(app.sign(0), 0, 'zero');\nselect * from finish();\nrollback;\n",
		"tests/app/02_twice.sql": "-- thick: commit\nselect plan(1);\nselect is(app.twice(2), 4, 'twice');\nselect * from finish();\n",
	})
	html := filepath.Join(t.TempDir(), "cov")
	var out, errb bytes.Buffer
	code := testrun.Command(context.Background(), []string{"--root", root, "--pg", "local", "--coverage-html", html}, &out, &errb)
	o := out.String()
	t.Log(o, errb.String())
	require.Equal(t, 0, code)
	// sign: block, if, return 1, raise, return -1, return 0 = 6, of which
	// the raise and return -1 never ran; twice: block and return, both ran
	require.Contains(t, o, "\ncoverage: 6 of 8 statements, 75.0 %\n3 passed, 0 failed\n")
	require.Regexp(t, `(?m)^  3_functions/app/sign.sql\s+4/6\s+66.7 %$`, o)
	require.Regexp(t, `(?m)^    app.sign\(integer\)\s+4/6\s+66.7 %$`, o)
	require.Regexp(t, `(?m)^  3_functions/app/twice.sql\s+2/2\s+100.0 %$`, o)
	require.Contains(t, o, "statements never executed (2):\n  3_functions/app/sign.sql:10  raise in app.sign(integer)\n  3_functions/app/sign.sql:11  return in app.sign(integer)\n")

	index, err := os.ReadFile(filepath.Join(html, "index.html"))
	require.NoError(t, err)
	require.Contains(t, string(index), "coverage: 6 of 8 statements, 75.0 %")
	page, err := os.ReadFile(filepath.Join(html, "3_functions_app_sign_sql.html"))
	require.NoError(t, err)
	require.Contains(t, string(page), `<tr class="hit"><td class="n">8</td><td class="c">1×</td><td class="src"><pre>    return 1;</pre>`)
	require.Contains(t, string(page), `<tr class="miss"><td class="n">10</td><td class="c">0×</td><td class="src"><pre>    raise notice &#39;negative&#39;;</pre>`)
	require.Contains(t, string(page), `<tr class=""><td class="n">1</td>`)

	// coverage is measured on the local server only
	errb.Reset()
	code = testrun.Command(context.Background(), []string{"--root", root, "--pg", "docker", "--coverage"}, &out, &errb)
	require.Equal(t, 1, code)
	require.Contains(t, errb.String(), "--coverage runs on the local temporary cluster")
}
