-- The core tables' check constraints at their boundaries, written straight
-- into the tables: core.enqueue never lets a caller choose max_attempts, so
-- no other suite ever hands the boundary to core.jobs itself, yet the table
-- is the last word on a rule whatever writes to it (a function, a migration,
-- an operator in psql). A strict bound (x > 0) refuses the boundary value
-- with the message naming the constraint (so that no other constraint can be
-- the one refusing).
--
-- Runs as the test superuser on a job and a tenant of its own (core has no
-- seed of its own). Ordinary triggers (the queue's notify) would fire on a direct write
-- and are beside the point here: session_replication_role = replica switches
-- them off, and the foreign-key triggers with them, but never a check
-- constraint.
begin;
select plan(11);

set local session_replication_role = replica;

-- a pending job that has not been tried yet (attempt 0, so that attempt <=
-- max_attempts still holds at max_attempts = 0)
with job as (
    insert into core.jobs (queue, kind) values ('mailer', 'mailer.table_check') returning id
)
select set_config('t.job', job.id::text, true) from job;

-- jobs: max_attempts > 0
select throws_ok($$update core.jobs set max_attempts = 0 where id = current_setting('t.job')::bigint$$,
    '23514', 'new row for relation "jobs" violates check constraint "jobs_max_attempts_is_positive"',
    'a job allowed 0 attempts is refused: a job is tried at least once');
-- the control: the same row takes the smallest allowed value, one attempt
select lives_ok($$update core.jobs set max_attempts = 1 where id = current_setting('t.job')::bigint$$,
    'a job allowed exactly 1 attempt is accepted');
select is((select array[attempt, max_attempts] from core.jobs where id = current_setting('t.job')::bigint),
    array[0, 1], '... and the job now reads attempt 0 of at most 1');

-- every not-blank check of every table tests what core.has_text tests, as
-- one class of the characters that do not count, negated: one class, the
-- same in every check
select ok((select pg_catalog.count(distinct pg_catalog.substring(pg_catalog.pg_get_constraintdef(c.oid), '''(\[\^\[:space:\][^'']*)''')) = 1
                  and pg_catalog.bool_and(pg_catalog.pg_get_constraintdef(c.oid) ~ '\[\^\[:space:\]')
           from pg_catalog.pg_constraint as c
           where c.contype = 'c' and c.connamespace::regnamespace::text in ('core', 'crm', 'med', 'hr')
             and (c.conname ~ '_not_blank$' or c.conname in ('classification_changes_professional_needs_evidence',
                  'punches_edit_is_complete', 'employees_termination_reason_is_plausible'))),
    'every *_not_blank check (and the evidence, punch edit and termination reason checks) holds one class, the same');
-- and that class says what core.has_text says, on the texts at its edges:
-- white space of every kind, what is drawn as nothing, the invisible
-- characters below and above U+FFFF, each alone and beside a character
-- that shows, and the characters just outside each range
select is((select pg_catalog.array_agg(distinct pg_catalog.encode(pg_catalog.convert_to(texts.value, 'UTF8'), 'hex'))
           from (select pg_catalog.substring(pg_catalog.pg_get_constraintdef(c.oid), '''(\[\^\[:space:\][^'']*)''') as class
                 from pg_catalog.pg_constraint as c
                 where c.contype = 'c' and c.connamespace::regnamespace::text in ('core', 'crm', 'med', 'hr')
                   and (c.conname ~ '_not_blank$' or c.conname in ('classification_changes_professional_needs_evidence',
                        'punches_edit_is_complete', 'employees_termination_reason_is_plausible'))) as checks,
                pg_catalog.unnest(array['', ' ', E'\t\n\r\f' || chr(11), U&'\00A0\1680\2000\200A\2028\2029\202F\205F\3000',
                    U&'\00AD', U&'\2800', U&'\+01D159', U&'\200B', U&'\200C\200D\200E\200F', U&'\2060\2061\2064\206F',
                    U&'\FEFF', U&'\034F\061C\115F\1160\17B4\17B5\180E\3164\FE0F\FFA0', U&'\FFF0\FFFB',
                    U&'\0600\0605\06DD\070F\0890\0891\08E2', U&'\+0110BD\+0110CD\+013430\+01343F\+01BCA0\+01D173\+01D17A',
                    U&'\+0E0001\+0E0041\+0E0FFF', U&'\00AD\2800\200B\00A0\+01D159',
                    'a', U&'Epi\00ADPen', U&'\2800x', U&'\200B\00E9', U&'\+01D15A', U&'\FFFC', U&'\FFFD', chr(133), U&'\2007',
                    U&'\+0E1000', U&'\+01D158', U&'\17B6', U&'\180A', U&'\2027', U&'\202A\202E', U&'\2801']) as texts (value)
           where (texts.value ~ checks.class) is distinct from core.has_text(texts.value)),
    null, 'the not-blank checks'' class and core.has_text agree on every text at their edges (none listed)');

-- tenants: a name needs a character that shows, as core.has_text says
insert into core.tenants (app, name) values ('crm', 'Table check brokerage');
select throws_ok($$update core.tenants set name = U&'\00AD' where name = 'Table check brokerage'$$,
    '23514', 'new row for relation "tenants" violates check constraint "tenants_name_not_blank"',
    'a tenant''s name of a soft hyphen is refused');
select throws_ok($$update core.tenants set name = U&'\2800\2800' where name = 'Table check brokerage'$$,
    '23514', 'new row for relation "tenants" violates check constraint "tenants_name_not_blank"',
    'a tenant''s name of blank Braille patterns is refused');
select throws_ok($$update core.tenants set name = U&'\200B' where name = 'Table check brokerage'$$,
    '23514', 'new row for relation "tenants" violates check constraint "tenants_name_not_blank"',
    'a tenant''s name of a zero-width space is refused');
select throws_ok($$update core.tenants set name = E'\t\n' where name = 'Table check brokerage'$$,
    '23514', 'new row for relation "tenants" violates check constraint "tenants_name_not_blank"',
    'a tenant''s name of a tab and a line break is refused');
select lives_ok($$update core.tenants set name = U&'Table check brokerage\00AD' where name = 'Table check brokerage'$$,
    'a tenant''s name that shows, a soft hyphen beside it, is accepted (control)');
select is((select count(*) from core.tenants where name = U&'Table check brokerage\00AD'), 1::bigint,
    '... and reads back as written');

select * from finish();
rollback;
