-- Draft shifts: a shift scheduled and not yet published (published_at null)
-- is the manager's working copy. An employee sees no draft, neither a
-- colleague's nor their own, and cannot offer, take or swap one (PT404, the
-- answer for a shift that does not exist); the department's manager, admin
-- and payroll see drafts. Once the week is published the same shifts are
-- seen and acted on. A clock-in against a draft is unscheduled.
begin;
select plan(34);

select set_config('t.y', (extract(year from now())::int + 1)::text, true);
-- next year's May, as 05_swaps_open_shifts.sql: the horizon is widened for it
select tests.hr_set_scheduling_horizon('Demo Hotels', 800, current_date - 5);
select set_config('t.wed', (select min(x)::date from generate_series(make_date(current_setting('t.y')::int, 5, 1), make_date(current_setting('t.y')::int, 5, 7), interval '1 day') as x
                            where extract(isodow from x) = 3)::text, true);
-- two cooks of Alpine Lodge's kitchen, both with a valid food handler card
select set_config('t.dora', tests.hr_add_employee('Alpine Lodge', 'Kitchen', 'draft.dora@alpine.test', 'Dora Draft', date '1990-01-01', 30.00)::text, true);
select set_config('t.eli', tests.hr_add_employee('Alpine Lodge', 'Kitchen', 'draft.eli@alpine.test', 'Eli Early', date '1991-01-01', 30.00)::text, true);
select tests.hr_add_certificate(current_setting('t.dora')::uuid, 'food_handler', current_setting('t.wed')::date + 500);
select tests.hr_add_certificate(current_setting('t.eli')::uuid, 'food_handler', current_setting('t.wed')::date + 500);
select set_config('t.cook', tests.hr_position_id('Alpine Lodge', 'Line Cook')::text, true);
create function pg_temp.at(offset_days int, at time) returns timestamptz language sql stable
as $$ select ((current_setting('t.wed')::date + offset_days) + at) at time zone 'Europe/Zurich' $$;
grant execute on function pg_temp.at(int, time) to public;

-- the kitchen manager drafts the week: two shifts of Dora's, one open shift
select tests.act_as('manager.kitchen@hr.demo');
select set_config('t.own', hr_api.schedule_shift(current_setting('t.dora')::uuid, current_setting('t.cook')::uuid, pg_temp.at(0, '06:00'), pg_temp.at(0, '14:00'))::text, true);
select set_config('t.offered', hr_api.schedule_shift(current_setting('t.dora')::uuid, current_setting('t.cook')::uuid, pg_temp.at(2, '06:00'), pg_temp.at(2, '14:00'))::text, true);
select set_config('t.open', hr_api.schedule_open_shift(current_setting('t.cook')::uuid, pg_temp.at(1, '06:00'), pg_temp.at(1, '14:00'))::text, true);
select set_config('t.ids', format('{%s,%s,%s}', current_setting('t.own'), current_setting('t.offered'), current_setting('t.open')), true);
-- an offer of a draft written before drafts were hidden (request_swap now refuses one)
reset role;
with offer as (
    insert into hr.shift_swaps (tenant_id, shift_id, from_employee_id, to_employee_id)
    select tenant_id, id, employee_id, current_setting('t.eli')::uuid from hr.shifts where id = current_setting('t.offered')::uuid
    returning id)
select set_config('t.old_offer', (select id::text from offer), true);

-- who sees the drafts
select tests.act_as('manager.kitchen@hr.demo');
select results_eq($$select count(*), bool_and(published_at is null) from hr_api.shifts where id = any (current_setting('t.ids')::uuid[])$$,
                  $$values (3::bigint, true)$$, 'the department''s manager sees the three drafts, unpublished');
select tests.act_as('admin@hr.demo');
select is((select count(*) from hr_api.shifts where id = any (current_setting('t.ids')::uuid[])), 3::bigint, 'an admin sees them');
select tests.act_as('payroll@hr.demo');
select is((select count(*) from hr_api.shifts where id = any (current_setting('t.ids')::uuid[])), 3::bigint, 'payroll sees them');
select tests.act_as('manager.frontdesk@hr.demo');
select is((select count(*) from hr_api.shifts where id = any (current_setting('t.ids')::uuid[])), 0::bigint,
          'another department''s manager does not');
select tests.act_as('draft.dora@alpine.test');
select is((select count(*) from hr_api.shifts where employee_id = current_setting('t.dora')::uuid), 0::bigint,
          'Dora does not see her own draft shifts');
select is((select count(*) from hr_private.shifts where id = any (current_setting('t.ids')::uuid[])), 0::bigint,
          'nor any of the three through the private view');
select ok((select count(*) from hr_api.shifts where hotel_id = tests.hr_hotel_id('Alpine Lodge') and published_at is not null) > 0,
          'while she sees her hotel''s published shifts');
select is((select count(*) from hr_api.shifts where published_at is null), 0::bigint, 'and no draft of anyone');
select tests.act_as('draft.eli@alpine.test');
select is((select count(*) from hr_api.shifts where id = any (current_setting('t.ids')::uuid[])), 0::bigint,
          'Eli sees neither his colleague''s drafts nor the draft open shift');

-- acting on a draft: the answer for a shift that does not exist
select tests.act_as('draft.dora@alpine.test');
select throws_ok($$select hr_api.request_swap(current_setting('t.own')::uuid, current_setting('t.eli')::uuid)$$, 'PT404',
                 format('shift %s not found', current_setting('t.own')), 'Dora cannot offer her draft shift (PT404)');
select throws_ok($$select hr_api.decline_swap(current_setting('t.old_offer')::uuid)$$, 'PT404',
                 format('swap %s not found', current_setting('t.old_offer')), 'nor withdraw an old offer of a draft (PT404)');
select tests.act_as('draft.eli@alpine.test');
select throws_ok($$select hr_api.take_open_shift(current_setting('t.open')::uuid)$$, 'PT404',
                 format('shift %s not found', current_setting('t.open')), 'Eli cannot take the draft open shift (PT404)');
select throws_ok($$select hr_api.accept_swap(current_setting('t.old_offer')::uuid)$$, 'PT404',
                 format('swap %s not found', current_setting('t.old_offer')), 'nor accept the old offer of a draft (PT404)');
select throws_ok($$select hr_api.decline_swap(current_setting('t.old_offer')::uuid)$$, 'PT404',
                 format('swap %s not found', current_setting('t.old_offer')), 'nor decline it (PT404)');
reset role;
select results_eq($$select employee_id, status, (select status from hr.shift_swaps where id = current_setting('t.old_offer')::uuid)
                    from hr.shifts where id in (current_setting('t.offered')::uuid, current_setting('t.open')::uuid) order by starts_at$$,
                  $$values (null::uuid, 'open'::text, 'requested'::text), (current_setting('t.dora')::uuid, 'scheduled', 'requested')$$,
                  'the refusals left the open shift open, Dora''s shift hers and the old offer pending');
select is((select count(*) from hr.shift_swaps where shift_id = current_setting('t.own')::uuid), 0::bigint, 'and wrote no offer');

-- one more open shift, published with the week (see the end of the week below)
select tests.act_as('manager.kitchen@hr.demo');
select set_config('t.clash', hr_api.schedule_open_shift(current_setting('t.cook')::uuid, pg_temp.at(3, '10:00'), pg_temp.at(3, '18:00'))::text, true);

-- the manager publishes the week: the same shifts are seen and acted on
select is(hr_api.publish_schedule(week.department_id, week.week_start), 4, 'the manager publishes the week''s four shifts')
from tests.hr_shift_week(current_setting('t.own')::uuid) as week;
select tests.act_as('draft.dora@alpine.test');
select results_eq($$select id from hr_api.shifts where employee_id = current_setting('t.dora')::uuid order by starts_at$$,
                  $$values (current_setting('t.own')::uuid), (current_setting('t.offered')::uuid)$$,
                  'Dora now sees her two shifts');
select tests.act_as('draft.eli@alpine.test');
select is((select count(*) from hr_api.shifts where id = any (current_setting('t.ids')::uuid[])), 3::bigint,
          'Eli sees his colleague''s shifts and the open shift');
select lives_ok($$select hr_api.take_open_shift(current_setting('t.open')::uuid)$$, 'Eli takes the open shift');
select lives_ok($$select hr_api.accept_swap(current_setting('t.old_offer')::uuid)$$, 'and accepts the old offer, now of a published shift');
select tests.act_as('draft.dora@alpine.test');
select set_config('t.new_offer', hr_api.request_swap(current_setting('t.own')::uuid, current_setting('t.eli')::uuid)::text, true);
select is((select status from hr_api.shift_swaps where id = current_setting('t.new_offer')::uuid), 'requested', 'Dora offers her published shift');
select lives_ok($$select hr_api.decline_swap(current_setting('t.new_offer')::uuid)$$, 'and withdraws the offer');
select tests.act_as('manager.kitchen@hr.demo');
select results_eq($$select employee_id from hr_api.shifts where id = any (current_setting('t.ids')::uuid[]) order by starts_at$$,
                  $$values (current_setting('t.dora')::uuid), (current_setting('t.eli')::uuid), (current_setting('t.eli')::uuid)$$,
                  'the open shift and the offered one are Eli''s, the withdrawn one stays Dora''s');

-- a shift scheduled after publishing is a draft again
select set_config('t.late', hr_api.schedule_shift(current_setting('t.dora')::uuid, current_setting('t.cook')::uuid, pg_temp.at(3, '06:00'), pg_temp.at(3, '14:00'))::text, true);
select tests.act_as('draft.dora@alpine.test');
select is((select count(*) from hr_api.shifts where id = current_setting('t.late')::uuid), 0::bigint,
          'a shift added to a published week is a draft: Dora does not see it');
select throws_ok($$select hr_api.request_swap(current_setting('t.late')::uuid, current_setting('t.eli')::uuid)$$, 'PT404', null,
                 'nor offers it (PT404)');
-- but an unseen draft still counts in her scheduling rules (once published
-- it would break them): the published open shift overlapping it is refused
select is((select count(*) from hr_api.shifts where id = current_setting('t.clash')::uuid and status = 'open'), 1::bigint,
          'Dora sees the published open shift of that day');
select throws_ok($$select hr_api.take_open_shift(current_setting('t.clash')::uuid)$$, 'P0001', null,
                 'taking it, overlapping her draft, is refused (P0001, the exclusion constraint)');
select throws_like($$select hr_api.take_open_shift(current_setting('t.clash')::uuid)$$, 'you already have a shift overlapping%',
                   'refused for the overlap, not for another rule');

-- the time clock: a punch against a draft is unscheduled. Finn and Gus have
-- a kitchen shift starting now, drafted; Finn clocks in before the week is
-- published, Gus after
reset role;
select set_config('t.finn', tests.hr_add_employee('Alpine Lodge', 'Kitchen', 'draft.finn@alpine.test', 'Finn Fresh', date '1992-01-01', 30.00)::text, true);
select set_config('t.gus', tests.hr_add_employee('Alpine Lodge', 'Kitchen', 'draft.gus@alpine.test', 'Gus Grill', date '1993-01-01', 30.00)::text, true);
select tests.hr_add_certificate(current_setting('t.finn')::uuid, 'food_handler', current_date + 500);
select tests.hr_add_certificate(current_setting('t.gus')::uuid, 'food_handler', current_date + 500);
select tests.act_as('manager.kitchen@hr.demo');
select set_config('t.finn_shift', hr_api.schedule_shift(current_setting('t.finn')::uuid, current_setting('t.cook')::uuid, now(), now() + interval '4 hours')::text, true);
select set_config('t.gus_shift', hr_api.schedule_shift(current_setting('t.gus')::uuid, current_setting('t.cook')::uuid, now(), now() + interval '4 hours')::text, true);
select tests.act_as('draft.finn@alpine.test');
select set_config('t.finn_punch', hr_api.clock_in()::text, true);
select results_eq($$select shift_id, is_unscheduled from hr_api.punches where id = current_setting('t.finn_punch')::uuid$$,
                  $$values (null::uuid, true)$$, 'clocking in during a draft shift is unscheduled: the punch is not linked to the draft');
select tests.act_as('manager.kitchen@hr.demo');
select ok(hr_api.publish_schedule(week.department_id, week.week_start) >= 2, 'the manager publishes this week')
from tests.hr_shift_week(current_setting('t.gus_shift')::uuid) as week;
select results_eq($$select is_unscheduled from hr_api.punches where id = current_setting('t.finn_punch')::uuid$$,
                  $$values (true)$$, 'the manager sees Finn''s punch flagged');
select tests.act_as('draft.gus@alpine.test');
select set_config('t.gus_punch', hr_api.clock_in()::text, true);
select results_eq($$select shift_id, is_unscheduled from hr_api.punches where id = current_setting('t.gus_punch')::uuid$$,
                  $$values (current_setting('t.gus_shift')::uuid, false)$$, 'clocking in during the same shift once published links the punch to it');
select tests.act_as('draft.finn@alpine.test');
select is((select count(*) from hr_api.shifts where id in (current_setting('t.finn_shift')::uuid, current_setting('t.gus_shift')::uuid)), 2::bigint,
          'and Finn now sees both shifts');

select * from finish();
rollback;
