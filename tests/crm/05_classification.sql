-- Classification: retail by default; professional only with recorded
-- evidence and approval (who, when, evidence in crm.classification_changes).
begin;
select plan(18);

create temp table ids (k text primary key, id uuid);
grant all on ids to public;
insert into ids select 'client1', id from crm.clients where email = 'client1@crm.demo';

select tests.act_as('manager@crm.demo');
insert into ids select 'new', crm_api.register_lead('class@example.org', 'Cleo Class', 'FR');
select is((select classification from crm_api.clients where id = (select id from ids where k = 'new')), 'retail',
    'a new client is retail');
select throws_ok($$select crm_api.set_classification((select id from ids where k = 'client1'), 'professional', 'portfolio over 500k')$$,
    '42501', null, 'a manager may not classify (42501)');

select tests.act_as('compliance@crm.demo');
select throws_ok($$select crm_api.set_classification((select id from ids where k = 'client1'), 'professional')$$,
    'P0001', null, 'professional without evidence (P0001)');
select throws_ok($$select crm_api.set_classification((select id from ids where k = 'client1'), 'professional', '   ')$$,
    'P0001', null, 'professional with blank evidence (P0001)');
select throws_ok($$select crm_api.set_classification((select id from ids where k = 'client1'), 'professional', E'\t\n\r ')$$,
    'P0001', null, 'professional with evidence of tabs and line breaks only (P0001)');
select throws_ok($$select crm_api.set_classification((select id from ids where k = 'client1'), 'professional', U&' \00A0\2003\3000 ')$$,
    'P0001', null, 'professional with evidence of no-break and wide spaces only (P0001)');
select throws_ok($$select crm_api.set_classification((select id from ids where k = 'client1'), 'elite', 'x')$$,
    '22023', null, 'an unknown classification (22023)');
select throws_ok($$select crm_api.set_classification((select id from ids where k = 'client1'), 'retail')$$,
    'PT409', null, 'the classification the client already has (PT409)');
select lives_ok($$select crm_api.set_classification((select id from ids where k = 'client1'), 'professional', 'portfolio 620k EUR, 3 years as a trader at a bank')$$,
    'compliance classifies professional with evidence');
select results_eq(
    $$select from_classification, to_classification, evidence, approved_by from crm_api.classification_changes where client_id = (select id from ids where k = 'client1')$$,
    $$values ('retail'::text, 'professional'::text, 'portfolio 620k EUR, 3 years as a trader at a bank'::text, core.current_user_id())$$,
    'the change records who approved it and on what evidence');
select is((select classification from crm_api.clients where id = (select id from ids where k = 'client1')), 'professional',
    'the client is professional');
select lives_ok($$select crm_api.set_classification((select id from ids where k = 'client1'), 'retail')$$,
    'back to retail needs no evidence');

select throws_ok($$select crm_api.set_classification('00000000-0000-0000-0000-000000000000', 'retail')$$,
    'PT404', null, 'classifying an unknown client is PT404');
select tests.act_as('agent1@crm.demo');
select is((select count(*) from crm_api.classification_changes), 0::bigint, 'an agent sees no classification changes');
select tests.act_as('manager@other-crm.demo');
select is((select count(*) from crm_api.classification_changes), 0::bigint, 'the other brokerage sees none');

-- every other logged-in role reads the view and finds it empty
select tests.act_as('finance@crm.demo');
select is((select count(*) from crm_api.classification_changes), 0::bigint, 'finance sees no classification changes');
select tests.act_as('client1@crm.demo');
select is((select count(*) from crm_api.classification_changes), 0::bigint, 'a client sees no classification changes, not even its own');
select tests.act_as('ib1@crm.demo');
select is((select count(*) from crm_api.classification_changes), 0::bigint, 'an IB sees no classification changes');

select * from finish();
rollback;
