package mutate_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/mutate"
)

// fixture is a small project: a table with a row level security policy, a
// function with two guards (one tested, one not) and a third marked
// unreachable, a writing function and a reading one, both volatile, and the
// grants of one API role. Suites are added per test.
var fixture = map[string]string{
	"0_tables/app/000_schema.sql": `do $$
begin
    if not exists (select from pg_catalog.pg_roles where rolname = 'authenticator') then
        create role authenticator login noinherit;
    end if;
    if not exists (select from pg_catalog.pg_roles where rolname = 'mut_user') then
        create role mut_user nologin;
    end if;
    if not exists (select from pg_catalog.pg_roles where rolname = 'mut_internal') then
        create role mut_internal nologin;
    end if;
    grant mut_user to authenticator;
end
$$;
alter default privileges revoke execute on functions from public;
create schema app;
`,
	"0_tables/app/010_items.sql": `create table app.items (
    id int primary key,
    owner text not null,
    amount int not null
);
insert into app.items values (1, 'alice', 10), (2, 'bob', 20);
`,
	"3_functions/app/withdraw.sql": `create function app.withdraw(amount int)
returns int
language plpgsql
stable
strict
set search_path = ''
as $$
begin
    if withdraw.amount is null then
        raise exception 'amount is required' using errcode = '22023'; -- thick: unreachable, the function is strict
    end if;
    if withdraw.amount <= 0 then
        raise exception 'amount must be positive, got %', withdraw.amount using errcode = '22023';
    end if;
    if withdraw.amount > 1000 then
        raise exception 'amount % is over the limit', withdraw.amount using errcode = 'P0001';
    end if;
    return withdraw.amount;
end
$$;
`,
	"3_functions/app/record.sql": `create function app.record(amount int)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    insert into app.items (id, owner, amount) values (100 + record.amount, 'carol', record.amount);
end
$$;
`,
	"3_functions/app/total.sql": `create function app.total()
returns bigint
language sql
set search_path = ''
as $$
    select sum(items.amount) from app.items as items
$$;
`,
	"6_security/app/items.sql": `alter table app.items enable row level security;
alter table app.items force row level security;
grant usage on schema app to mut_user;
grant select on app.items to mut_user, mut_internal;

create policy items_select_owner on app.items
for select
to mut_user
using (owner = pg_catalog.current_setting('app.owner', true));

grant execute on function app.withdraw(int), app.record(int), app.total() to mut_user;
`,
	"tests/setup/000_pgtap.sql": `create schema if not exists tap;
create extension if not exists pgtap with schema tap;
grant usage on schema tap to public;
grant execute on all functions in schema tap to public;
do $$
begin
    execute pg_catalog.format('alter database %I set search_path = tap, public', current_database());
end
$$;
`,
}

// guardSuite tests the positive-amount guard and a normal call; nothing
// reaches the limit.
const guardSuite = `begin;
select plan(2);
select throws_ok($$select app.withdraw(0)$$, '22023', null, 'a zero amount is refused');
select is(app.withdraw(5), 5, 'a small amount passes');
select * from finish();
rollback;
`

// policyControlled sees its own row (the positive control) and not bob's.
const policyControlled = `begin;
select plan(2);
set local role mut_user;
set local app.owner = 'alice';
select is((select count(*)::int from app.items where owner = 'alice'), 1, 'alice sees her item');
select is((select count(*)::int from app.items where owner = 'bob'), 0, 'alice does not see bob''s');
select * from finish();
rollback;
`

// policyUncontrolled only checks that nothing foreign is seen.
const policyUncontrolled = `begin;
select plan(1);
set local role mut_user;
set local app.owner = 'alice';
select is((select count(*)::int from app.items where owner = 'bob'), 0, 'alice does not see bob''s');
select * from finish();
rollback;
`

// volatilitySuite calls the writing function and the reading one.
const volatilitySuite = `begin;
select plan(2);
select lives_ok($$select app.record(7)$$, 'record writes');
select is(app.total(), 37::bigint, 'total adds up');
select * from finish();
rollback;
`

func project(t *testing.T, suites map[string]string) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{}
	for k, v := range fixture {
		files[k] = v
	}
	for k, v := range suites {
		files[k] = v
	}
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return root
}

func run(t *testing.T, root string, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := mutate.Command(context.Background(), append([]string{"--root", root, "--pg", "local", "-j", "2"}, args...), &out, &errb)
	t.Logf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errb.String())
	return code, out.String() + errb.String()
}

// survivors are the path:line: operator lines of the report.
var survivorRE = regexp.MustCompile(`(?m)^(\S+\.sql:\d+): (\w+): `)

func survivors(out string) []string {
	var s []string
	section := ""
	for _, l := range strings.Split(out, "\n") {
		switch {
		case strings.Contains(l, "survived (the suites pass"):
			section = "survived"
			continue
		case strings.Contains(l, "marked unreachable"), strings.Contains(l, "could not be applied"):
			section = "other"
			continue
		}
		if m := survivorRE.FindStringSubmatch(l); m != nil && section == "survived" {
			s = append(s, m[1]+" "+m[2])
		}
	}
	return s
}

func TestGuardsReportsTheUntestedOne(t *testing.T) {
	t.Parallel()
	root := project(t, map[string]string{"tests/app/01_withdraw.sql": guardSuite})
	code, out := run(t, root, "--operators", "guard")
	require.Equal(t, 1, code, "50 %% is below the default threshold")
	require.Equal(t, []string{"3_functions/app/withdraw.sql:16 guard"}, survivors(out))
	require.Contains(t, out, "raise exception 'amount % is over the limit'")
	require.Contains(t, out, "mutation: 1 of 2 mutants killed (50 %)")
	// the marked guard is listed apart, with its reason, and not counted
	require.Contains(t, out, "1 marked unreachable")
	require.Contains(t, out, "3_functions/app/withdraw.sql:10: guard: the function is strict")
}

func TestThresholdSetsTheExitCode(t *testing.T) {
	t.Parallel()
	root := project(t, map[string]string{"tests/app/01_withdraw.sql": guardSuite})
	code, out := run(t, root, "--operators", "guard", "--threshold", "50")
	require.Equal(t, 0, code)
	require.Contains(t, out, "mutation: 1 of 2 mutants killed (50 %)")
	code, _ = run(t, root, "--operators", "guard", "--threshold", "50.5")
	require.Equal(t, 1, code)
}

func TestPolicyRemovalNeedsAPositiveControl(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, suite string
		code        int
		survivors   []string
		closing     string
	}{
		{"with", policyControlled, 0, nil, "mutation: 1 of 1 mutants killed (100 %)"},
		{"without", policyUncontrolled, 1, []string{"6_security/app/items.sql:6 policy"}, "mutation: 0 of 1 mutants killed (0 %)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := project(t, map[string]string{"tests/app/01_items.sql": tc.suite})
			code, out := run(t, root, "--operators", "policy")
			require.Equal(t, tc.code, code)
			require.Equal(t, tc.survivors, survivors(out))
			require.Contains(t, out, tc.closing)
		})
	}
}

func TestGrantsAndVolatility(t *testing.T) {
	t.Parallel()
	root := project(t, map[string]string{
		"tests/app/01_items.sql":  policyControlled,
		"tests/app/02_record.sql": volatilitySuite,
	})
	code, out := run(t, root, "--operators", "grant,volatility", "--threshold", "0")
	require.Equal(t, 0, code)
	// grants: select on items to mut_user is killed by the positive control
	// (mut_internal is no API role: not mutated); execute on the functions
	// is never exercised as mut_user, so those three survive. Volatility:
	// record writes, so declared stable it fails; total only reads, so
	// declared stable nothing notices.
	require.ElementsMatch(t, []string{
		"6_security/app/items.sql:11 grant",
		"6_security/app/items.sql:11 grant",
		"6_security/app/items.sql:11 grant",
		"3_functions/app/total.sql:3 volatility",
	}, survivors(out))
	require.Contains(t, out, "revoke execute on function app.withdraw(int) from mut_user")
	require.NotContains(t, out, "mut_internal")
	require.Contains(t, out, "mutation: 2 of 6 mutants killed (33.3 %)")
}

func TestAWrongUnreachableMarkFailsTheRun(t *testing.T) {
	t.Parallel()
	root := project(t, map[string]string{"tests/app/01_withdraw.sql": guardSuite})
	// the tested guard marked unreachable: the suite reaches it all the same
	p := filepath.Join(root, "3_functions", "app", "withdraw.sql")
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	src := strings.Replace(string(b), "withdraw.amount using errcode = '22023';", "withdraw.amount using errcode = '22023'; -- thick: unreachable, callers check it", 1)
	require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
	code, out := run(t, root, "--operators", "guard", "--threshold", "0")
	require.Equal(t, 1, code, "a threshold of 0 is met, but the mark is wrong")
	require.Contains(t, out, "3_functions/app/withdraw.sql:13: guard: callers check it")
	require.Contains(t, out, "but tests/app/01_withdraw.sql fails without it")
	require.Contains(t, out, "mutation: 0 of 1 mutants killed (0 %)")
}

func TestFailingSuitesAreRefused(t *testing.T) {
	t.Parallel()
	root := project(t, map[string]string{"tests/app/01_bad.sql": "begin;\nselect plan(1);\nselect ok(false, 'broken');\nselect * from finish();\nrollback;\n"})
	code, out := run(t, root, "--operators", "guard")
	require.Equal(t, 1, code)
	require.Contains(t, out, "the suites fail without any mutant")
	require.Contains(t, out, "tests/app/01_bad.sql")
}

func TestBoundariesOfSQLFunctionsAndViews(t *testing.T) {
	t.Parallel()
	root := project(t, map[string]string{
		"2_views/app/big_items.sql": `create view app.big_items as
select items.id from app.items as items where items.amount >= 20;
`,
		"3_functions/app/count_over.sql": `create function app.count_over(n int)
returns bigint
language sql
stable
set search_path = ''
as $$
    select count(*) from app.items as items where items.amount > count_over.n
$$;
`,
		// 20 is the view's boundary: moved, bob's row goes. 15 lies between
		// the amounts, so count_over's boundary is never tried.
		"tests/app/01_big.sql": `begin;
select plan(2);
select is((select count(*) from app.big_items), 1::bigint, 'one item of 20 or more');
select is(app.count_over(15), 1::bigint, 'one item over 15');
select * from finish();
rollback;
`,
	})
	code, out := run(t, root, "--operators", "boundary", "--threshold", "0",
		"2_views/app/big_items.sql", "3_functions/app/count_over.sql")
	require.Equal(t, 0, code)
	require.Equal(t, []string{"3_functions/app/count_over.sql:7 boundary"}, survivors(out))
	require.Contains(t, out, "mutation: 1 of 2 mutants killed (50 %)")
}

func TestCheckConstraintsAreMutatedInPlace(t *testing.T) {
	t.Parallel()
	root := project(t, map[string]string{
		"0_tables/app/020_limits.sql": `create table app.limits (
    id int primary key,
    amount int not null,
    constraint limits_amount_is_positive check (amount > 0),
    constraint limits_amount_at_most_100 check (amount <= 100)
);
insert into app.limits values (1, 50);
`,
		// the zero is refused (kills the first); nothing tries 100 or 101
		"tests/app/01_limits.sql": `begin;
select plan(2);
select throws_ok($$insert into app.limits values (2, 0)$$, '23514', null, 'a zero amount is refused by the table');
select lives_ok($$insert into app.limits values (3, 1)$$, 'one is fine');
select * from finish();
rollback;
`,
	})
	code, out := run(t, root, "--operators", "check", "--threshold", "0")
	require.Equal(t, 0, code)
	require.Equal(t, []string{"0_tables/app/020_limits.sql:5 check"}, survivors(out))
	require.Contains(t, out, "< instead of <=")
	require.Contains(t, out, "mutation: 1 of 2 mutants killed (50 %)")
	// a table file may be named, as a code file may
	code, out = run(t, root, "--operators", "check", "--threshold", "0", "0_tables/app/020_limits.sql")
	require.Equal(t, 0, code)
	require.Contains(t, out, "mutation: 1 of 2 mutants killed (50 %)")
}

// Loosening a policy (using true) is noticed only by a suite that tests the
// role not seeing what it may not: the positive control alone misses it.
// The sees-nothing query never scans the table (the planner makes owner =
// 'bob' and the policy's owner = current_setting(...) a one-time filter),
// so the statistics alone would have judged that suite not to reach it.
func TestLoosenedPolicyNeedsASeesNothingCase(t *testing.T) {
	t.Parallel()
	positiveOnly := `begin;
select plan(1);
set local role mut_user;
set local app.owner = 'alice';
select is((select count(*)::int from app.items where owner = 'alice'), 1, 'alice sees her item');
select * from finish();
rollback;
`
	for _, tc := range []struct {
		name, suite string
		survivors   []string
		closing     string
	}{
		{"sees nothing", policyUncontrolled, nil, "mutation: 1 of 1 mutants killed (100 %)"},
		{"positive control only", positiveOnly, []string{"6_security/app/items.sql:9 loosen"}, "mutation: 0 of 1 mutants killed (0 %)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := project(t, map[string]string{"tests/app/01_items.sql": tc.suite})
			_, out := run(t, root, "--operators", "loosen", "--threshold", "0")
			require.Equal(t, tc.survivors, survivors(out))
			if tc.survivors != nil {
				require.Contains(t, out, "alter policy items_select_owner on app.items using (true)")
			}
			require.Contains(t, out, tc.closing)
		})
	}
}
