-- Every free-text argument of every API function is bounded and free of
-- control characters. PostgREST sets no limit on a request's body, and some
-- of these functions are open to an anonymous visitor (register_lead,
-- apply_for_job): a name or a note of a hundred thousand characters is
-- refused with 22023 and "too long", a name holding an escape sequence with
-- 22023 and "control character", before anything else is looked at, and
-- nothing is written.
--
-- Each argument is tried alone: it holds the bad text, every other text
-- argument a short valid-looking 'x', every other argument null. The check
-- must come first, so neither an unknown id nor a missing right can answer
-- in its place. The arguments that must be one of a list (a kind, a side, a
-- currency...) are refused as unknown whatever they hold, and login answers
-- any wrong credentials alike (42501, tests/core/login.sql): both are listed
-- below and left out.
begin;

create function pg_temp.free_text_arguments(bad text default 'repeat(''x'', 100001)')
returns table (function_name text, argument_name text, call text)
language sql
stable
as $$
    select n.nspname || '.' || p.proname,
           args.name,
           pg_catalog.format('select %I.%I(%s)', n.nspname, p.proname,
                             (select pg_catalog.string_agg(
                                         case when others.name = args.name then bad
                                              when others.type = 'text'::regtype then '''x'''
                                              else 'null::' || pg_catalog.format_type(others.type, null) end,
                                         ', ' order by others.n)
                              from unnest(p.proargnames[1:p.pronargs], p.proargtypes::oid[]) with ordinality as others (name, type, n)))
    from pg_catalog.pg_proc as p
    join pg_catalog.pg_namespace as n on n.oid = p.pronamespace
    cross join lateral unnest(p.proargnames[1:p.pronargs], p.proargtypes::oid[]) as args (name, type)
    where n.nspname like '%\_api'
      and p.prokind = 'f'
      and args.type = 'text'::regtype
      and (p.proname, args.name) not in (
          -- one of a list
          ('open_account', 'currency'), ('open_position', 'side'), ('open_position', 'symbol'),
          ('record_deposit', 'method'), ('set_classification', 'classification'), ('set_price', 'symbol'),
          ('submit_kyc_document', 'kind'), ('add_certification', 'kind'), ('advance_application', 'stage'),
          ('request_leave', 'kind'), ('add_medication_order', 'route'), ('record_action_plan', 'kind'),
          ('record_allergy', 'severity'), ('record_consent', 'kind'), ('record_exemption', 'kind'),
          ('record_exemption', 'vaccine'), ('record_immunization', 'vaccine'), ('record_screening', 'kind'),
          ('record_screening', 'result'), ('record_visit', 'disposition'),
          -- any wrong credentials alike
          ('login', 'email'), ('login', 'password'))
    order by 1, 2
$$;

-- what a call ends with: its SQLSTATE and message, or 00000 when it passed
-- (undone either way)
create function pg_temp.outcome(call text)
returns text
language plpgsql
as $$
declare
    state text;
    message text;
begin
    execute outcome.call;
    raise exception using errcode = 'P0004';
exception
    when sqlstate 'P0004' then
        return '00000';
    when others then
        get stacked diagnostics state = returned_sqlstate, message = message_text;
        return state || ': ' || pg_catalog.left(message, 200);
end
$$;

select plan(12 + 2 * (select count(*)::int from pg_temp.free_text_arguments()));

select cmp_ok((select count(*)::int from pg_temp.free_text_arguments()), '>=', 45,
              'the API functions have free-text arguments to try');

select matches(pg_temp.outcome(call), '^22023: .*too long',
               function_name || '(' || argument_name || ' => 100,001 characters) is refused as too long (22023)')
from pg_temp.free_text_arguments();

-- an escape sequence (ESC, U+001B) that would recolour the terminal of
-- whoever selects the row in psql
select matches(pg_temp.outcome(call), '^22023: .*holds a control character \(U\+001B\)',
               function_name || '(' || argument_name || ' => an escape sequence) is refused (22023)')
from pg_temp.free_text_arguments($$'a' || chr(27) || '[31mb'$$);

-- the bound itself: at most max_length characters, without the spaces
-- around the text; null passes (whether a text is required is the caller's)
select lives_ok($$select core.check_text(repeat('x', 200), 'a name', 200)$$, '200 characters pass a bound of 200');
select lives_ok($$select core.check_text('  ' || repeat('x', 200) || ' ', 'a name', 200)$$,
                'so do 200 characters between spaces');
select throws_ok($$select core.check_text(repeat('x', 201), 'a name', 200)$$,
                 '22023', 'a name of 201 characters is too long (at most 200)', '201 characters are refused, naming the bound');
select lives_ok($$select core.check_text(null, 'a name', 200)$$, 'null passes');
select lives_ok($$select core.check_text(E'two\tlines\r\nand a page\f\v', 'notes', 200)$$,
                'white space passes: tab, line breaks, form feed, vertical tab');
select throws_ok($$select core.check_text('a' || chr(1) || 'b', 'a name', 200)$$,
                 '22023', 'a name holds a control character (U+0001)', 'U+0001, the first control character, is refused');
select throws_ok($$select core.check_text('a' || chr(8) || 'b', 'a name', 200)$$,
                 '22023', 'a name holds a control character (U+0008)', 'so is backspace, the last before tab');
select throws_ok($$select core.check_text('a' || chr(14) || 'b', 'a name', 200)$$,
                 '22023', 'a name holds a control character (U+000E)', 'and U+000E, the first after carriage return');
select throws_ok($$select core.check_text('a' || chr(127) || 'b', 'a name', 200)$$,
                 '22023', 'a name holds a control character (U+007F)', 'and delete');
select throws_ok($$select core.check_text('a' || chr(155) || '31mb', 'a name', 200)$$,
                 '22023', 'a name holds a control character (U+009B)', 'and the C1 controls (U+009B, the one-character CSI)');
select lives_ok($$select core.check_text('Zoë Ñúñez-O''Brien ' || chr(160) || chr(8203), 'a name', 200)$$,
                'letters, accents, no-break and zero-width spaces pass');

select * from finish();
rollback;
