package mutate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"thick/tools/internal/project"
)

func all() map[Operator]bool {
	m := map[Operator]bool{}
	for _, op := range Operators {
		m[op] = true
	}
	return m
}

func find(t *testing.T, path, src string) []*Mutant {
	t.Helper()
	return Find(&project.File{Path: path, Content: src}, all(), map[string]bool{"api_user": true, "public": true})
}

func describe(ms []*Mutant) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Where()+" "+string(m.Op)+": "+m.Change)
	}
	return out
}

func TestBoundariesAtEveryComparison(t *testing.T) {
	src := `create function app.f(n int)
returns int
language plpgsql
stable
set search_path = ''
as $$
declare
    x int := case when n < 3 then 1 else 2 end;
    y bool := n > 2;
begin
    if n > 10 and x <> 1 then
        x := x - 1;
    elsif n >= 5 then
        return n<-1;
    end if;
    select count(*) into x from app.t as t where t.a <= n and t.b -> 'k' is not null order by t.a > 1;
    while x < 100 loop
        x := x * 2 >= 4;
    end loop;
    perform 1 from app.t as t having count(*) > 0;
    return x; -- x < 1 in a comment, '<' in a string: 'a >= b'
end
$$;
`
	got := describe(find(t, "3_functions/app/f.sql", src))
	require.Equal(t, []string{
		"3_functions/app/f.sql:8 boundary: <= instead of <",
		"3_functions/app/f.sql:9 boundary: >= instead of >",
		"3_functions/app/f.sql:11 boundary: >= instead of >",
		"3_functions/app/f.sql:13 boundary: > instead of >=",
		"3_functions/app/f.sql:14 boundary: <= instead of <",
		"3_functions/app/f.sql:16 boundary: < instead of <=",
		"3_functions/app/f.sql:16 boundary: >= instead of >",
		"3_functions/app/f.sql:17 boundary: <= instead of <",
		"3_functions/app/f.sql:18 boundary: > instead of >=",
		"3_functions/app/f.sql:20 boundary: >= instead of >",
	}, got, "every comparison, assigned, selected or sorted too (n<-1 is n < -1, as the server reads it); not <>, ->, a comment or a string")
}

func TestGuardsAndTheirMutatedStatement(t *testing.T) {
	src := `create function app.g(n int)
returns void
language plpgsql
set search_path = ''
as $$
begin
    raise notice 'just saying';
    if n is null then
        RAISE EXCEPTION 'n is required' using errcode = '22023';
    end if;
    if n < 0 then
        raise 'negative' using errcode = '22023';  -- thick: unreachable, checked by the caller
    end if;
exception
    when others then
        raise;
end
$$;
comment on function app.g(int) is 'raise exception in a comment is no guard';
`
	ms := find(t, "3_functions/app/g.sql", src)
	var guards []*Mutant
	for _, m := range ms {
		if m.Op == Guard {
			guards = append(guards, m)
		}
	}
	require.Len(t, guards, 2)
	require.Equal(t, 9, guards[0].Line)
	require.Contains(t, guards[0].SQL, "create or replace function app.g(n int)")
	require.Contains(t, guards[0].SQL, "RAISE notice 'n is required'")
	require.NotContains(t, guards[0].SQL, "comment on", "only the one object is recreated")
	require.Equal(t, 12, guards[1].Line)
	require.Contains(t, guards[1].SQL, "raise notice 'negative'")
	require.Equal(t, "checked by the caller", guards[1].Unreachable)
	require.Equal(t, "", guards[0].Unreachable)
}

func TestVolatility(t *testing.T) {
	src := `create function app.a() returns int language sql as $$ select 1 $$;
create function app.b() returns int language sql stable as $$ select 1 $$;
create function app.c() returns int language plpgsql volatile as $$ begin return 1; end $$;
create function app.d() returns trigger language plpgsql as $$ begin return new; end $$;
create function app.e() returns int language sql immutable as $$ select 1 $$;
`
	var got []string
	for _, m := range find(t, "3_functions/app/v.sql", src) {
		if m.Op == Volatility {
			got = append(got, m.Object+": "+m.SQL)
		}
	}
	require.Equal(t, []string{
		"a: create or replace function app.a() returns int language sql stable as $$ select 1 $$",
		"c: create or replace function app.c() returns int language plpgsql stable as $$ begin return 1; end $$",
	}, got, "volatile functions only, trigger functions excepted")
}

func TestGrantsPerObjectAndClientRole(t *testing.T) {
	src := `grant usage on schema app to api_user;
grant select on app.items, app.things to api_user, app_reader;
grant execute on function app.f(int, text), app.g() to api_user, public;
grant select (id, name) on app.people to api_user;
grant insert, select on app.log to api_user;
grant execute on all functions in schema app to api_user;
create policy items_select on app.items for select to app_reader using (true);
`
	got := describe(find(t, "6_security/app/grants.sql", src))
	require.Equal(t, []string{
		"6_security/app/grants.sql:2 grant: revoke select on app.items from api_user",
		"6_security/app/grants.sql:2 grant: revoke select on app.things from api_user",
		"6_security/app/grants.sql:3 grant: revoke execute on function app.f(int, text) from api_user",
		"6_security/app/grants.sql:3 grant: revoke execute on function app.f(int, text) from public",
		"6_security/app/grants.sql:3 grant: revoke execute on function app.g() from api_user",
		"6_security/app/grants.sql:3 grant: revoke execute on function app.g() from public",
		"6_security/app/grants.sql:4 grant: revoke select (id, name) on app.people from api_user",
		"6_security/app/grants.sql:5 grant: revoke select on app.log from api_user",
		"6_security/app/grants.sql:7 policy: drop policy items_select on app.items",
	}, got)
}

func TestLexKeepsOperatorsApart(t *testing.T) {
	var ops []string
	for _, tok := range lex("a<-1 and b>=2 and c->>'x' <> d and e<=f -- x < y\n and '<' = g") {
		if tok.Kind == op {
			ops = append(ops, tok.Text)
		}
	}
	require.Equal(t, "< - >= ->> <> <= =", strings.Join(ops, " "))
}

func TestLanguagesTellInlinableSQLFunctions(t *testing.T) {
	p := &project.Project{Files: []*project.File{{Path: "3_functions/app/f.sql", Content: `create function app.plain() returns int language sql stable as $$ select 1 $$;
create function app.pinned() returns int language sql stable set search_path = '' as $$ select 1 $$;
create function app.definer() returns int language sql stable security definer as $$ select 1 $$;
create function app.procedural() returns int language plpgsql as $$ begin return 1; end $$;
`}}}
	require.Equal(t, map[string]string{
		"app.plain":      "",
		"app.pinned":     "sql",
		"app.definer":    "sql",
		"app.procedural": "plpgsql",
	}, languages(p), "a SQL function the planner may inline is not tracked by pg_stat")
}

func TestBoundariesOfSQLFunctionsAndViews(t *testing.T) {
	src := `create function app.balance(account uuid, as_of date)
returns numeric
language sql
stable
as $$
    select coalesce(sum(e.amount), 0) from app.entries as e
     where e.account_id = balance.account and e.booked_on <= as_of
$$;

create view app_private.open_offers with (security_barrier) as
select o.id, case when o.amount > 100 then 'large' else 'small' end as size, o.amount > 50 as big
  from app.offers as o
  join app.rates as r on r.currency = o.currency and r.valid_from <= o.created_on
  left join lateral (select 1 as k from app.flags as f where f.id = o.id) as flags on true
 where o.expires_at > now() and o.tenant_id = (select core.current_tenant_id());
alter view app_private.open_offers owner to app_reader;

create materialized view app_private.totals_mv as
select o.tenant_id, count(*) from app.offers as o where o.amount >= 10 group by o.tenant_id;
`
	ms := find(t, "2_views/app/open_offers.sql", src)
	require.Equal(t, []string{
		"2_views/app/open_offers.sql:7 boundary: < instead of <=",
		"2_views/app/open_offers.sql:11 boundary: >= instead of >",
		"2_views/app/open_offers.sql:11 boundary: >= instead of >",
		"2_views/app/open_offers.sql:13 boundary: < instead of <=",
		"2_views/app/open_offers.sql:15 boundary: >= instead of >",
	}, describe(ms), "the sql function's where, the view's case when, selected comparison, join on and where; not the materialized view")
	require.True(t, ms[0].Function)
	require.Equal(t, "app.balance", ms[0].Target)
	require.Contains(t, ms[0].SQL, "create or replace function app.balance")
	require.Contains(t, ms[0].SQL, "e.booked_on < as_of")
	view := ms[4]
	require.False(t, view.Function)
	require.Equal(t, "app_private.open_offers", view.Target)
	require.Equal(t, "open_offers", view.Object)
	require.True(t, strings.HasPrefix(view.SQL, "create or replace view app_private.open_offers with (security_barrier) as"))
	require.Contains(t, view.SQL, "o.expires_at >= now()")
	require.Contains(t, ms[3].SQL, "r.valid_from < o.created_on")
	require.Contains(t, ms[2].SQL, "o.amount >= 50 as big")
	require.Contains(t, view.SQL, "o.amount > 100 then", "one comparison per mutant")
	require.Contains(t, view.SQL, "o.amount > 50 as big", "one comparison per mutant")
	require.NotContains(t, view.SQL, "owner to", "only the view is recreated")
}

func TestCheckConstraints(t *testing.T) {
	src := `create table app.offers (
    id int primary key,
    amount numeric not null,
    pct numeric,
    constraint offers_amount_is_positive check (amount > 0),
    constraint offers_pct_in_range check (pct is null or (pct >= 0 and pct < 1)),
    constraint offers_code_format check (id::text ~ '^[0-9]+$')
);
alter table app.offers add constraint offers_pct_not_huge check (pct <= 0.5);
create function app.not_here(n int) returns bool language sql as $$ select n > 1 $$;
`
	ms := find(t, "0_tables/app/010_offers.sql", src)
	require.Equal(t, []string{
		"0_tables/app/010_offers.sql:5 check: >= instead of >",
		"0_tables/app/010_offers.sql:6 check: > instead of >=",
		"0_tables/app/010_offers.sql:6 check: <= instead of <",
		"0_tables/app/010_offers.sql:9 check: < instead of <=",
	}, describe(ms), "every comparison of each check; no other mutant in a table's folder")
	require.Equal(t, "alter table app.offers drop constraint offers_amount_is_positive, add constraint offers_amount_is_positive check (amount >= 0) not valid", ms[0].SQL)
	require.Equal(t, "alter table app.offers drop constraint offers_pct_in_range, add constraint offers_pct_in_range check (pct is null or (pct >= 0 and pct <= 1)) not valid", ms[2].SQL)
	require.Equal(t, "app.offers", ms[3].Target)
	require.Equal(t, "offers", ms[3].Object)
	require.False(t, ms[3].Function)
}

func TestLoosenEachClauseOfAPolicy(t *testing.T) {
	src := `create policy orders_write_own on app.orders
for update
to app_user
using (owner = (select app.me()))
with check (owner = (select app.me()) and amount > 0);
create policy rules_read on app.rules for select to app_user using (true);
`
	var got []string
	for _, m := range find(t, "6_security/app/orders.sql", src) {
		if m.Op == Loosen {
			got = append(got, m.Where()+" "+m.Change)
		}
	}
	require.Equal(t, []string{
		"6_security/app/orders.sql:4 alter policy orders_write_own on app.orders using (true)",
		"6_security/app/orders.sql:5 alter policy orders_write_own on app.orders with check (true)",
	}, got, "each clause apart; a policy already true is not loosened")
}
