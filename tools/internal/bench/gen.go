package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Synthetic project sizes: 1+30 table files, 1+30 views, 40 functions, 20
// triggers, 10 matviews, 20 seed files (152 files), and 40 pgTAP suites.
const (
	genTables    = 30
	genFunctions = 40
	genTriggers  = 20
	genMatviews  = 10
	genSeeds     = 20
	genSeedRows  = 500
	genSuites    = 40
)

// Generate writes a synthetic project under dir: tables with foreign keys and
// indexes, security-invoker views, plpgsql functions, triggers, materialized
// views with their unique index, seed rows, tests/setup with pgTAP, and
// pgTAP suites. It returns the number of build files written.
func Generate(dir string) (int, error) {
	files := map[string]string{}
	files["0_tables/bench/000_schema.sql"] = "create schema bench;\ncomment on schema bench is 'Synthetic data schema for thick bench.';\n"
	for i := 1; i <= genTables; i++ {
		t := table(i)
		parent := ""
		if i > 1 {
			parent = fmt.Sprintf(",\n    parent_id bigint references bench.%s (id)", table(i-1))
		}
		files[fmt.Sprintf("0_tables/bench/%03d_%s.sql", i*10, t)] = fmt.Sprintf(`create table bench.%[1]s (
    id bigint generated always as identity primary key,
    name text not null,
    amount numeric(12, 2) not null default 0,
    currency text not null default 'EUR',
    is_active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()%[2]s,
    constraint %[1]s_amount_is_positive check (amount >= 0)
);
create index %[1]s_name_idx on bench.%[1]s (name);
create index %[1]s_created_at_idx on bench.%[1]s (created_at);
comment on table bench.%[1]s is 'Synthetic table %[3]d.';
`, t, parent, i)
		if i > 1 {
			files[fmt.Sprintf("0_tables/bench/%03d_%s.sql", i*10, t)] += fmt.Sprintf("create index %[1]s_parent_id_idx on bench.%[1]s (parent_id);\n", t)
		}
	}
	files["2_views/bench/000_schema.sql"] = "create schema bench_api;\ncomment on schema bench_api is 'Synthetic API schema for thick bench.';\n"
	for i := 1; i <= genTables; i++ {
		t := table(i)
		join, cols := "", "null::text"
		if i > 1 {
			join = fmt.Sprintf("\n  left join bench.%[1]s as p\n    on p.id = t.parent_id", table(i-1))
			cols = "p.name"
		}
		files[fmt.Sprintf("2_views/bench/%03d_%s_v.sql", i*10, t)] = fmt.Sprintf(`create view bench_api.%[1]s_v
with (security_invoker = true)
as
select t.id as id,
       t.name as name,
       t.amount as amount,
       t.currency as currency,
       %[3]s as parent_name
  from bench.%[1]s as t%[2]s
 where t.is_active;
comment on view bench_api.%[1]s_v is 'Active rows of %[1]s with their parent.';
`, t, join, cols)
	}
	for i := 1; i <= genFunctions; i++ {
		t := table((i-1)%genTables + 1)
		var body string
		if i%2 == 1 {
			body = fmt.Sprintf(`create function bench_api.total_%02[2]d(min_amount numeric)
returns numeric
language plpgsql
stable
as $$
declare
    result numeric;
begin
    select coalesce(sum(t.amount), 0)
      into result
      from bench.%[1]s as t
     where t.amount >= total_%02[2]d.min_amount;
    return result;
end
$$;
comment on function bench_api.total_%02[2]d(numeric) is 'Sum of %[1]s amounts at or above min_amount.';
`, t, i)
		} else {
			body = fmt.Sprintf(`create function bench_api.add_%02[2]d(name text, amount numeric)
returns bigint
language plpgsql
volatile
as $$
declare
    new_id bigint;
begin
    if add_%02[2]d.amount < 0 then
        raise exception 'amount must not be negative: %%', add_%02[2]d.amount using errcode = '22023';
    end if;
    insert into bench.%[1]s (name, amount)
    values (add_%02[2]d.name, add_%02[2]d.amount)
    returning id into new_id;
    return new_id;
end
$$;
comment on function bench_api.add_%02[2]d(text, numeric) is 'Adds a row to %[1]s; raises 22023 on a negative amount.';
`, t, i)
		}
		files[fmt.Sprintf("3_functions/bench/%03d_function_%02d.sql", i*10, i)] = body
	}
	for i := 1; i <= genTriggers; i++ {
		t := table(i)
		files[fmt.Sprintf("4_triggers/bench/%03d_%s_touch.sql", i*10, t)] = fmt.Sprintf(`create function bench_api.%[1]s_touch()
returns trigger
language plpgsql
as $$
begin
    new.updated_at := now();
    new.name := btrim(new.name);
    return new;
end
$$;
create trigger %[1]s_touch
before insert or update on bench.%[1]s
for each row
execute function bench_api.%[1]s_touch();
`, t)
	}
	for i := 1; i <= genMatviews; i++ {
		t := table(i)
		files[fmt.Sprintf("5_matviews/bench/%03d_%s_totals.sql", i*10, t)] = fmt.Sprintf(`create materialized view bench_api.%[1]s_totals
as
select t.currency as currency,
       count(*) as rows,
       sum(t.amount) as amount
  from bench.%[1]s as t
 group by t.currency;
create unique index %[1]s_totals_currency_idx on bench_api.%[1]s_totals (currency);
comment on materialized view bench_api.%[1]s_totals is 'Totals of %[1]s per currency.';
`, t)
	}
	for i := 1; i <= genSeeds; i++ {
		t := table(i)
		parent, pval := "", ""
		if i > 1 {
			parent, pval = ", parent_id", fmt.Sprintf(", (g %% %d) + 1", genSeedRows)
		}
		files[fmt.Sprintf("8_seed/bench/%03d_%s.sql", i*10, t)] = fmt.Sprintf(`insert into bench.%[1]s (name, amount%[2]s)
select '%[1]s ' || g, (g %% 97) * 1.5%[3]s
  from generate_series(1, %[4]d) as g;
`, t, parent, pval, genSeedRows)
	}
	builds := len(files)

	files["tests/setup/000_pgtap.sql"] = `create schema if not exists tap;
create extension if not exists pgtap with schema tap;
do $$
begin
    execute pg_catalog.format('alter database %I set search_path = tap, public', current_database());
end
$$;
set search_path = tap, public;
`
	for i := 1; i <= genSuites; i++ {
		t := table((i-1)%genSeeds + 1)
		add := fmt.Sprintf("add_%02d", 2*((i-1)%(genFunctions/2))+2)
		files[fmt.Sprintf("tests/bench/%03d_%s.sql", i, t)] = fmt.Sprintf(`begin;
select plan(6);
select has_table('bench', '%[1]s', 'table %[1]s exists');
select has_view('bench_api', '%[1]s_v', 'view %[1]s_v exists');
select is((select count(*)::int from bench.%[1]s), %[3]d, '%[1]s is seeded');
select cmp_ok((select count(*)::int from bench_api.%[1]s_v), '>', 0, '%[1]s_v shows rows');
select throws_ok($$select bench_api.%[2]s('x', -1)$$, '22023', null, 'negative amounts are refused');
select lives_ok($$select bench_api.%[2]s(' padded ', 1)$$, 'a positive amount is accepted');
select * from finish();
rollback;
`, t, add, genSeedRows)
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return 0, fmt.Errorf("generate: %w", err)
		}
		if err := os.WriteFile(p, []byte(strings.TrimLeft(content, "\n")), 0o644); err != nil {
			return 0, fmt.Errorf("generate: %w", err)
		}
	}
	return builds, nil
}

func table(i int) string { return fmt.Sprintf("t%02d", i) }
