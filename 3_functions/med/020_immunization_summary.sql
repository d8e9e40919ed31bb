create function med_private.immunization_summary(student_id uuid, as_of date default current_date)
returns table (vaccine text, valid_doses int, required_doses int, compliant boolean, reason text, exempt boolean)
language plpgsql
stable
set search_path = ''
as $$
declare
    student med.students;
    requirement record;
    valid int;
    reduced_met boolean;
    exemption med.exemptions;
    not_counted text;
    -- the evaluated doses, column by column (unnest reads them back as rows)
    ev_vaccine text[];
    ev_given_on date[];
    ev_dose_number int[];
    ev_counts boolean[];
    ev_reason text[];
begin
    select * into student from med.students as students where students.id = immunization_summary.student_id;
    if not found then
        return;
    end if;

    select coalesce(pg_catalog.array_agg(e.vaccine), '{}'), coalesce(pg_catalog.array_agg(e.given_on), '{}'),
           coalesce(pg_catalog.array_agg(e.dose_number), '{}'), coalesce(pg_catalog.array_agg(e.counts), '{}'),
           coalesce(pg_catalog.array_agg(e.reason), '{}')
    into ev_vaccine, ev_given_on, ev_dose_number, ev_counts, ev_reason
    from med_private.evaluate_immunizations(immunization_summary.student_id, immunization_summary.as_of) as e;

    for requirement in
        select distinct on (requirements.vaccine)
               requirements.vaccine, requirements.required_doses, requirements.reduced_doses,
               requirements.reduced_if_last_on_or_after_age, requirements.reduced_if_interval_at_least
        from med.vaccine_requirements as requirements
        where student.grade between requirements.grade_from and requirements.grade_to
          and (requirements.tenant_id is null or requirements.tenant_id = student.tenant_id)
          and requirements.effective_from <= immunization_summary.as_of
          and (requirements.effective_to is null or requirements.effective_to > immunization_summary.as_of)
        order by requirements.vaccine, requirements.tenant_id nulls last, requirements.effective_from desc
    loop
        select pg_catalog.count(*)::int
        into valid
        from rows from (pg_catalog.unnest(ev_vaccine), pg_catalog.unnest(ev_given_on), pg_catalog.unnest(ev_dose_number), pg_catalog.unnest(ev_counts), pg_catalog.unnest(ev_reason)) as e (vaccine, given_on, dose_number, counts, reason)
        where e.vaccine = requirement.vaccine
          and e.counts;

        reduced_met := requirement.reduced_doses is not null
            and valid >= requirement.reduced_doses
            and exists (
                select
                from rows from (pg_catalog.unnest(ev_vaccine), pg_catalog.unnest(ev_given_on), pg_catalog.unnest(ev_dose_number), pg_catalog.unnest(ev_counts), pg_catalog.unnest(ev_reason)) as e (vaccine, given_on, dose_number, counts, reason)
                where e.vaccine = requirement.vaccine
                  and e.dose_number = requirement.reduced_doses
                  and e.given_on >= (student.birth_date + requirement.reduced_if_last_on_or_after_age)::date
                  -- and long enough after the dose before it (CDC: Polio 3 suffice
                  -- only 6 months after dose 2), less the 4-day grace period
                  and (requirement.reduced_if_interval_at_least is null
                       or requirement.reduced_doses = 1
                       or exists (
                           select
                           from rows from (pg_catalog.unnest(ev_vaccine), pg_catalog.unnest(ev_given_on), pg_catalog.unnest(ev_dose_number), pg_catalog.unnest(ev_counts), pg_catalog.unnest(ev_reason)) as previous (vaccine, given_on, dose_number, counts, reason)
                           where previous.vaccine = requirement.vaccine
                             and previous.dose_number = requirement.reduced_doses - 1
                             and e.given_on >= (previous.given_on + requirement.reduced_if_interval_at_least - interval '4 days')::date)));

        select *
        into exemption
        from med.exemptions as exemptions
        where exemptions.student_id = immunization_summary.student_id
          and exemptions.vaccine = requirement.vaccine
          and exemptions.granted_on <= immunization_summary.as_of
          and (exemptions.expires_on is null or exemptions.expires_on > immunization_summary.as_of)
        order by exemptions.expires_on desc nulls first
        limit 1;

        select pg_catalog.string_agg(pg_catalog.format('the dose of %s does not count: %s', e.given_on, e.reason), '; ' order by e.given_on)
        into not_counted
        from rows from (pg_catalog.unnest(ev_vaccine), pg_catalog.unnest(ev_given_on), pg_catalog.unnest(ev_dose_number), pg_catalog.unnest(ev_counts), pg_catalog.unnest(ev_reason)) as e (vaccine, given_on, dose_number, counts, reason)
        where e.vaccine = requirement.vaccine
          and not e.counts;

        vaccine := requirement.vaccine;
        valid_doses := valid;
        exempt := false;
        -- a compliant vaccine still names the doses that do not count
        if valid >= requirement.required_doses then
            required_doses := requirement.required_doses;
            compliant := true;
            reason := not_counted;
        elsif reduced_met then
            required_doses := requirement.reduced_doses;
            compliant := true;
            reason := pg_catalog.concat_ws('; ',
                pg_catalog.format('%s doses suffice: dose %s was given on or after age %s%s',
                                  requirement.reduced_doses, requirement.reduced_doses, requirement.reduced_if_last_on_or_after_age,
                                  coalesce(' and ' || requirement.reduced_if_interval_at_least || ' after the previous dose', '')),
                not_counted);
        elsif exemption.id is not null then
            required_doses := requirement.required_doses;
            compliant := true;
            exempt := true;
            reason := pg_catalog.concat_ws('; ',
                pg_catalog.format('%s exemption%s', exemption.kind, coalesce(' until ' || exemption.expires_on, '')),
                not_counted);
        else
            required_doses := requirement.required_doses;
            compliant := false;
            reason := pg_catalog.concat_ws('; ',
                pg_catalog.format('%s of %s valid doses', valid, requirement.required_doses),
                case when requirement.reduced_doses is not null and valid >= requirement.reduced_doses
                     then pg_catalog.format('%s doses would suffice only if dose %s had been given on or after age %s%s',
                                            requirement.reduced_doses, requirement.reduced_doses, requirement.reduced_if_last_on_or_after_age,
                                            coalesce(' and ' || requirement.reduced_if_interval_at_least || ' after the previous dose', '')) end,
                not_counted);
        end if;
        return next;
    end loop;
end
$$;
comment on function med_private.immunization_summary(uuid, date) is 'Per vaccine the student''s grade requires (med.vaccine_requirements in force on as_of): the valid doses (med_private.evaluate_immunizations), the doses required, whether the student is compliant (enough valid doses; the reduced count when its last dose was on or after the age the rule names and, when the rule names one, at least that interval after the dose before it; or a current exemption) whether only thanks to an exemption, and the reason: why not compliant, how a reduced series or an exemption makes it compliant, and each dose that does not count with why. Internal: callers check visibility first.';
