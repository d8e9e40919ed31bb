create function med_api.student_health_record(student_id uuid, reason text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    student med.students;
    local_today date;
    result json;
begin
    perform core.check_text(student_health_record.reason, 'a reason', 1000);
    if not core.has_text(student_health_record.reason) then
        raise exception 'reading a full health record needs a reason'
            using errcode = '22023', hint = 'say why, e.g. "medication review" or "parent meeting"';
    end if;
    student := med_private.seen_student(student_health_record.student_id);
    local_today := med_private.school_local_date(student.school_id);

    insert into med.health_record_reads (tenant_id, student_id, read_by, reason)
    values (student.tenant_id, student.id, core.current_user_id(), pg_catalog.btrim(student_health_record.reason));

    select pg_catalog.json_build_object(
        'student', (select pg_catalog.row_to_json(s) from (
                        select students.id, students.first_name, students.last_name, students.birth_date, students.grade,
                               students.emergency_instructions, students.enrolled_on, schools.id as school_id,
                               schools.name as school_name
                        from med.students as students join med.schools as schools on schools.id = students.school_id
                        where students.id = student.id) as s),
        'guardians', (select pg_catalog.json_agg(g order by g.full_name) from (
                        select guardians.id, guardians.full_name, links.relationship, guardians.email, guardians.phone,
                               exists (select from med.custody_restrictions as r
                                       where r.student_id = student.id and r.guardian_id = guardians.id
                                         and r.starts_on <= local_today and (r.ends_on is null or r.ends_on >= local_today)) as is_restricted
                        from med.student_guardians as links join med.guardians as guardians on guardians.id = links.guardian_id
                        where links.student_id = student.id) as g),
        'authorized_pickups', (select pg_catalog.json_agg(p order by p.position) from (
                        select pickups.position, pickups.full_name, pickups.relationship, pickups.phone
                        from med.authorized_pickups as pickups where pickups.student_id = student.id) as p),
        'conditions', (select pg_catalog.json_agg(c order by c.name) from (
                        select conditions.id, conditions.name, conditions.notes, conditions.diagnosed_on
                        from med.conditions as conditions where conditions.student_id = student.id) as c),
        'allergies', (select pg_catalog.json_agg(a order by a.allergen) from (
                        select allergies.id, allergies.allergen, allergies.reaction, allergies.severity
                        from med.allergies as allergies where allergies.student_id = student.id) as a),
        'action_plans', (select pg_catalog.json_agg(p order by p.expires_on) from (
                        select plans.id, plans.kind, plans.instructions, plans.expires_on, plans.expires_on < local_today as is_expired
                        from med.action_plans as plans where plans.student_id = student.id) as p),
        'consents', (select pg_catalog.json_agg(c order by c.school_year, c.kind) from (
                        select consents.school_year, consents.kind, consents.is_granted, consents.recorded_at
                        from med.consents as consents where consents.student_id = student.id) as c),
        'medication_orders', (select pg_catalog.json_agg(o order by o.starts_on) from (
                        select orders.id, orders.medication, orders.dose, orders.route, orders.prescriber, orders.is_prn,
                               orders.max_daily_doses, orders.min_interval, orders.starts_on, orders.ends_on,
                               orders.guardian_consent, orders.is_controlled,
                               (select pg_catalog.count(*) from med.medication_doses as doses where doses.order_id = orders.id) as doses_given,
                               (select pg_catalog.max(doses.given_at) from med.medication_doses as doses where doses.order_id = orders.id) as last_given_at
                        from med.medication_orders as orders where orders.student_id = student.id) as o),
        'visits', (select pg_catalog.json_agg(v order by v.visited_at desc) from (
                        select visits.id, visits.visited_at, visits.complaint, visits.temperature, visits.pulse, visits.intervention,
                               visits.disposition, visits.notes, visits.is_confidential, visits.shared_with_guardian, visits.picked_up_by
                        from med.visits as visits where visits.student_id = student.id) as v),
        'immunizations', (select pg_catalog.json_agg(e order by e.vaccine, e.given_on) from
                        med_private.evaluate_immunizations(student.id, local_today) as e),
        'immunization_status', (select pg_catalog.json_agg(s order by s.vaccine) from
                        med_private.immunization_summary(student.id, local_today) as s),
        'exemptions', (select pg_catalog.json_agg(x order by x.vaccine) from (
                        select exemptions.vaccine, exemptions.kind, exemptions.granted_on, exemptions.expires_on, exemptions.reason
                        from med.exemptions as exemptions where exemptions.student_id = student.id) as x),
        'conditional_enrollment', (select pg_catalog.row_to_json(c) from (
                        select conditional.deadline, conditional.note
                        from med.conditional_enrollments as conditional where conditional.student_id = student.id) as c),
        'screenings', (select pg_catalog.json_agg(s order by s.screened_on) from (
                        select screenings.id, screenings.kind, screenings.screened_on, screenings.result, screenings.notes
                        from med.screenings as screenings where screenings.student_id = student.id) as s))
    into result;
    return result;
end
$$;
comment on function med_api.student_health_record(uuid, text) is 'The full health record of a student as json (profile, guardians, pickups, conditions, allergies, action plans, consents, orders, visits with every note, immunizations evaluated dose by dose, status, exemptions, conditional enrollment, screenings). Every successful call writes one row to med.health_record_reads (who, when, the reason given), so it is volatile and runs on the primary only; a refused call writes none. Nurse (her schools), supervisor (the district). Raises 22023 for a missing or blank reason (white space of any kind or invisible characters only: core.has_text), PT404 for a student not visible. Security definer.';
