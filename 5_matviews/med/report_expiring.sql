-- Medication orders (not discontinued) and action plans (the newest of each
-- kind per student) ending from 30 days ago to 60 days ahead of the refresh, counted from each school's own date: the refresh's
-- session time zone (pg_cron's, the server's, a client's) moves nothing.
create materialized view med_private.report_expiring_mv as
select orders.tenant_id,
       students.school_id,
       orders.student_id,
       'medication_order'::text as item_kind,
       orders.id as item_id,
       orders.medication || ' ' || orders.dose as item_name,
       orders.ends_on as expires_on
from med.medication_orders as orders
join med.students as students on students.id = orders.student_id
cross join lateral (select med_private.school_local_date(students.school_id) as today) as school
where orders.ends_on between school.today - 30 and school.today + 60
  and orders.discontinued_at is null
union all
select plans.tenant_id,
       students.school_id,
       plans.student_id,
       'action_plan'::text,
       plans.id,
       plans.kind || ' action plan',
       plans.expires_on
from (
    -- only the newest plan of each kind per student (the latest expiry, as
    -- hr's certificate report keeps the newest certificate of a kind): a
    -- plan renewed by a newer one of its kind is not expiring, and the
    -- newest is picked before the window is looked at, so a renewal ending
    -- past the window never brings back the plan it replaced
    select distinct on (action_plans.student_id, action_plans.kind)
           action_plans.tenant_id,
           action_plans.student_id,
           action_plans.id,
           action_plans.kind,
           action_plans.expires_on
    from med.action_plans as action_plans
    order by action_plans.student_id, action_plans.kind, action_plans.expires_on desc,
             action_plans.created_at desc, action_plans.id desc
) as plans
join med.students as students on students.id = plans.student_id
cross join lateral (select med_private.school_local_date(students.school_id) as today) as school
where plans.expires_on between school.today - 30 and school.today + 60;
create unique index report_expiring_mv_key on med_private.report_expiring_mv (item_id);
comment on materialized view med_private.report_expiring_mv is 'Medication orders (not discontinued) and action plans (only the newest of each kind per student, by expiry: a plan renewed by a newer one of its kind is not expiring) whose end lies between 30 days ago and 60 days ahead of the refresh, by the school''s local date. Refreshed concurrently by med_private.refresh_reports.';

create view med_private.report_expiring as
select report.tenant_id, report.school_id, report.student_id, report.item_kind, report.item_id, report.item_name,
       report.expires_on, report.expires_on - (now() at time zone schools.time_zone)::date as days_left
from med_private.report_expiring_mv as report
join med.schools as schools on schools.id = report.school_id
where report.tenant_id = (select core.current_tenant_id())
  and ((select core.current_user_role()) = 'med_supervisor'
       or ((select core.current_user_role()) = 'med_nurse'
           and report.school_id = any ((select med_private.current_school_ids())::uuid[])));
alter view med_private.report_expiring owner to med_reader;
comment on view med_private.report_expiring is 'Expiring medication orders and action plans of the caller''s schools (supervisor: district; nurse: her schools); days_left computed at read time in the school''s zone.';

create view med_api.report_expiring
with (security_invoker = true)
as
select report.school_id, report.student_id, report.item_kind, report.item_id, report.item_name, report.expires_on, report.days_left
from med_private.report_expiring as report;
comment on view med_api.report_expiring is 'Medication orders (not discontinued) and action plans (the newest of each kind per student) expired in the last 30 days or ending in the next 60 (days_left negative when already expired), for the supervisor (district) and nurses (their schools).';
