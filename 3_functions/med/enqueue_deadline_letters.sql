create function med_private.enqueue_deadline_letters()
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
    queued int;
begin
    -- the students still not compliant whose deadline is a week away or
    -- nearer, in student order; one core.enqueue_many per tenant. Not only
    -- the day a week before: a day the schedule did not run (the server was
    -- down, pg_cron stopped) would lose the reminder. The dedupe key sends
    -- each one once: its job is kept 90 days after it is done
    -- (core.purge_jobs), past the deadline and so past this window.
    select pg_catalog.count(*)::int
    into queued
    from (
        select conditional.tenant_id,
               pg_catalog.array_agg(med_private.deficiency_payload(conditional.student_id) order by conditional.student_id)
                   as payloads,
               pg_catalog.array_agg(med_private.deadline_reminder_key(conditional.student_id, conditional.deadline)
                                    order by conditional.student_id) as dedupe_keys
        from med.conditional_enrollments as conditional
        join med.students as students on students.id = conditional.student_id
        join med.schools as schools on schools.id = students.school_id
        where conditional.deadline > (now() at time zone schools.time_zone)::date
          and conditional.deadline <= (now() at time zone schools.time_zone)::date + 7
          and exists (
              select from med_private.immunization_summary(conditional.student_id,
                                                           (now() at time zone schools.time_zone)::date) as summary
              where not summary.compliant)
        group by conditional.tenant_id
    ) as per_tenant
    cross join lateral core.enqueue_many('pdfgen.immunization_deficiency', per_tenant.payloads, now(), per_tenant.dedupe_keys,
                                         per_tenant.tenant_id) as jobs (id);
    return queued;
end
$$;
comment on function med_private.enqueue_deadline_letters() is 'From a week before a conditional enrollment''s deadline until the day before it (school-local), queues the immunization deficiency letter again for each student not compliant on the school''s today; deduplicated per student and deadline, so each is sent once, also when the daily run missed the day a week before, and a re-run queues nothing twice; one core.enqueue_many per tenant. Returns the number of students reminded. Scheduled daily by 7_schedule/med/deadline_letters.sql; no API role may call it.';
