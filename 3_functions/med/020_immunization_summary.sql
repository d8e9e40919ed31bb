create function med_private.immunization_summary(student_id uuid, as_of date default current_date)
returns table (vaccine text, valid_doses int, required_doses int, compliant boolean, reason text, exempt boolean)
language plpgsql
stable
set search_path = ''
as $$
declare
    student med.students;
    requirement record;
    reduced_met boolean;
begin
    select * into student from med.students as students where students.id = immunization_summary.student_id;

    -- each required vaccine with its evaluated doses (how many count, the
    -- dates of the counted ones by dose number, why the others do not) and
    -- the student's exemption from it in force on as_of, if any
    for requirement in
        with doses as (
            select e.vaccine,
                   pg_catalog.count(*) filter (where e.counts)::int as valid,
                   pg_catalog.array_agg(e.given_on order by e.dose_number) filter (where e.counts) as valid_on,
                   pg_catalog.string_agg(pg_catalog.format('the dose of %s does not count: %s', e.given_on, e.reason), '; ' order by e.given_on)
                       filter (where not e.counts) as not_counted
            from med_private.evaluate_immunizations(immunization_summary.student_id, immunization_summary.as_of) as e
            group by e.vaccine
        ),
        requirements as (
            select distinct on (requirements.vaccine)
                   requirements.vaccine, requirements.required_doses, requirements.reduced_doses,
                   requirements.reduced_if_last_on_or_after_age, requirements.reduced_if_interval_at_least
            from med.vaccine_requirements as requirements
            where student.grade between requirements.grade_from and requirements.grade_to
              and (requirements.tenant_id is null or requirements.tenant_id = student.tenant_id)
              and requirements.effective_from <= immunization_summary.as_of
              and (requirements.effective_to is null or requirements.effective_to > immunization_summary.as_of)
            order by requirements.vaccine, requirements.tenant_id nulls last, requirements.effective_from desc
        )
        select requirements.*, coalesce(doses.valid, 0) as valid, doses.valid_on, doses.not_counted,
               exemption.id as exemption_id, exemption.kind as exemption_kind, exemption.expires_on as exemption_expires_on
        from requirements
        left join doses on doses.vaccine = requirements.vaccine
        left join lateral (
            select exemptions.id, exemptions.kind, exemptions.expires_on
            from med.exemptions as exemptions
            where exemptions.student_id = immunization_summary.student_id
              and exemptions.vaccine = requirements.vaccine
              and exemptions.granted_on <= immunization_summary.as_of
              and (exemptions.expires_on is null or exemptions.expires_on > immunization_summary.as_of)
            order by exemptions.expires_on desc nulls first
            limit 1
        ) as exemption on true
        order by requirements.vaccine
    loop
        -- the reduced count suffices when its last dose came on or after the
        -- age the rule names and, where the rule names one, long enough after
        -- the dose before it (CDC: Polio 3 suffice only 6 months after dose
        -- 2), less the 4-day grace period
        reduced_met := coalesce(
            requirement.reduced_doses is not null
            and requirement.valid >= requirement.reduced_doses
            and requirement.valid_on[requirement.reduced_doses] >= (student.birth_date + requirement.reduced_if_last_on_or_after_age)::date
            and (requirement.reduced_if_interval_at_least is null
                 or requirement.reduced_doses = 1
                 or requirement.valid_on[requirement.reduced_doses]
                    >= (requirement.valid_on[requirement.reduced_doses - 1] + requirement.reduced_if_interval_at_least - interval '4 days')::date),
            false);

        vaccine := requirement.vaccine;
        valid_doses := requirement.valid;
        exempt := false;
        -- a compliant vaccine still names the doses that do not count
        if requirement.valid >= requirement.required_doses then
            required_doses := requirement.required_doses;
            compliant := true;
            reason := requirement.not_counted;
        elsif reduced_met then
            required_doses := requirement.reduced_doses;
            compliant := true;
            reason := pg_catalog.concat_ws('; ',
                pg_catalog.format('%s doses suffice: dose %s was given on or after age %s%s',
                                  requirement.reduced_doses, requirement.reduced_doses, requirement.reduced_if_last_on_or_after_age,
                                  coalesce(' and ' || requirement.reduced_if_interval_at_least || ' after the previous dose', '')),
                requirement.not_counted);
        elsif requirement.exemption_id is not null then
            required_doses := requirement.required_doses;
            compliant := true;
            exempt := true;
            reason := pg_catalog.concat_ws('; ',
                pg_catalog.format('%s exemption%s', requirement.exemption_kind, coalesce(' until ' || requirement.exemption_expires_on, '')),
                requirement.not_counted);
        else
            required_doses := requirement.required_doses;
            compliant := false;
            reason := pg_catalog.concat_ws('; ',
                pg_catalog.format('%s of %s valid doses', requirement.valid, requirement.required_doses),
                case when requirement.reduced_doses is not null and requirement.valid >= requirement.reduced_doses
                     then pg_catalog.format('%s doses would suffice only if dose %s had been given on or after age %s%s',
                                            requirement.reduced_doses, requirement.reduced_doses, requirement.reduced_if_last_on_or_after_age,
                                            coalesce(' and ' || requirement.reduced_if_interval_at_least || ' after the previous dose', '')) end,
                requirement.not_counted);
        end if;
        return next;
    end loop;
end
$$;
comment on function med_private.immunization_summary(uuid, date) is 'Per vaccine the student''s grade requires (med.vaccine_requirements in force on as_of): the valid doses (med_private.evaluate_immunizations), the doses required, whether the student is compliant (enough valid doses; the reduced count when its last dose was on or after the age the rule names and, when the rule names one, at least that interval after the dose before it; or a current exemption) whether only thanks to an exemption, and the reason: why not compliant, how a reduced series or an exemption makes it compliant, and each dose that does not count with why. Internal: callers check visibility first.';
