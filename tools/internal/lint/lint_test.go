package lint_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/build"
	"thick/tools/internal/lint"
	"thick/tools/internal/pgcluster"
	"thick/tools/internal/pgtest"
	"thick/tools/internal/project"
)

func TestMain(m *testing.M) {
	os.Exit(pgtest.Main(m, pgcluster.Options{}, nil))
}

func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return dir
}

var tables = "create schema app;\ncreate table app.items (id int primary key, qty int not null);\n" +
	"create table app.log (id int, note text);\n"

// stamp names a column that does not exist, in a branch no insert takes.
const stamp = `-- app.stamp: a trigger function
create function app.stamp()
returns trigger
language plpgsql
as $$
begin
  if new.qty < 0 then
    new.nope := 0;
  end if;
  return new;
end
$$;

create trigger stamp
before insert on app.items
for each row execute function app.stamp();
`

// logged reads its transition table; the second one a column it lacks.
const logged = `create function app.log_items()
returns trigger
language plpgsql
as $$
begin
  insert into app.log (id, note)
  select n.id, 'added'
    from new_items as n;
  return null;
end
$$;

create trigger log_items
after insert on app.items
referencing new table as new_items
for each statement execute function app.log_items();

create function app.log_badly()
returns trigger
language plpgsql
as $$
begin
  insert into app.log (id, note)
  select n.id, n.label
    from added as n;
  return null;
end
$$;

create trigger log_badly
after insert on app.items
referencing new table as added
for each statement execute function app.log_badly();
`

// branch has an error where no call reaches, and an unused variable.
const branch = `create function app.total(strict_mode boolean)
returns bigint
language plpgsql
as $$
declare
  n bigint;
  unused text;
begin
  if strict_mode and false then
    select count(*) into n from app.items where missing_column > 0;
  end if;
  select count(*) into n from app.items;
  return n;
end
$$;
`

func TestCheck(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	root := writeProject(t, map[string]string{
		"0_tables/app/items.sql":       tables,
		"3_functions/app/total.sql":    branch,
		"4_triggers/app/stamp.sql":     stamp,
		"4_triggers/app/log_items.sql": logged,
		"8_seed/app/items.sql":         "select app.total(false);\n",
	})
	p, err := project.Load(root)
	require.NoError(t, err)
	conn := pgtest.Connect(t, pgtest.NewDB(t, ""))
	_, err = build.Rebuild(ctx, conn, p, build.Options{})
	require.NoError(t, err, "the seed never reaches the broken branches")

	rep, err := lint.Check(ctx, conn, p)
	require.NoError(t, err)
	require.Equal(t, 4, rep.Functions)
	require.Equal(t, 3, rep.Attachments)
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Level+" "+f.Err.Error())
	}
	t.Log(strings.Join(got, "\n"))
	require.Equal(t, 3, rep.Errors(), got)
	require.Contains(t, got, `error 3_functions/app/total.sql:10:49: ERROR 42703: column "missing_column" does not exist`)
	require.Contains(t, got, `error 4_triggers/app/stamp.sql:8:5: ERROR 42703: record "new" has no field "nope"`)
	require.Contains(t, got, `error 4_triggers/app/log_items.sql:24:16: ERROR 42703: column n.label does not exist`)
	var warned bool
	for _, f := range rep.Findings {
		if !f.IsError() && strings.Contains(f.Err.Message, `unused variable "unused"`) {
			warned = true
			require.Equal(t, "3_functions/app/total.sql", f.Err.Path)
			require.Equal(t, 7, f.Err.Line)
		}
	}
	require.True(t, warned, "the unused variable is a warning: %v", got)
	for _, f := range rep.Findings {
		require.NotContains(t, f.Err.Message, "new_items", "the transition table is known")
	}

	var out bytes.Buffer
	lint.Print(&out, rep, false)
	require.Contains(t, out.String(), "      8 |     new.nope := 0;\n        |     ^\n")
	require.Contains(t, out.String(), "  context: function app.stamp() line 4 at assignment (trigger on app.items)\n")
	require.Regexp(t, `(?s)ERROR.*warnings \(\d+\):\n.*WARNING`, out.String())
	require.Regexp(t, `\nlint: 4 functions checked \(3 trigger attachments\), 3 errors, \d+ warnings?\n$`, out.String())
}

func TestCommand(t *testing.T) {
	t.Parallel()
	broken := writeProject(t, map[string]string{
		"0_tables/app/items.sql":   tables,
		"4_triggers/app/stamp.sql": stamp,
	})
	var out, errb bytes.Buffer
	code := lint.Command(context.Background(), []string{"--root", broken}, &out, &errb)
	t.Log(out.String(), errb.String())
	require.Equal(t, 1, code)
	require.Contains(t, out.String(), `4_triggers/app/stamp.sql:8:5: ERROR 42703: record "new" has no field "nope"`)
	require.Regexp(t, `(?m)^lint: 1 function checked \(1 trigger attachment\), 1 error, 0 warnings$`, out.String())

	// warnings alone pass; seed functions are checked without the seed's data
	clean := writeProject(t, map[string]string{
		"0_tables/app/items.sql": tables,
		"8_seed/app/gen.sql": "create schema seed;\ncreate function seed.gen()\nreturns void\nlanguage plpgsql\nas $$\ndeclare\n  spare int;\nbegin\n" +
			"  declare\n    ids int[] := '{}';\n  begin\n    insert into app.items select i, 1 from pg_catalog.unnest(ids) as i;\n  end;\nend\n$$;\n\nselect seed.gen();\nselect pg_sleep(30);\n",
	})
	out.Reset()
	code = lint.Command(context.Background(), []string{"--root", clean}, &out, &errb)
	t.Log(out.String(), errb.String())
	require.Equal(t, 0, code)
	require.Contains(t, out.String(), "warnings (2):\n")
	require.Contains(t, out.String(), "8_seed/app/gen.sql:7:3: WARNING 00000: unused variable \"spare\"")
	// a block's variable is reported at its own line, not at the block
	require.Contains(t, out.String(), "8_seed/app/gen.sql:10:5: WARNING 42804: target type is different type than source type")
	require.Regexp(t, `(?m)^lint: 1 function checked \(0 trigger attachments\), 0 errors, 2 warnings$`, out.String())
}
