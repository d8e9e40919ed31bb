create function med_private.evaluate_immunizations(student_id uuid, as_of date default current_date)
returns table (immunization_id uuid, vaccine text, given_on date, dose_number int, counts boolean, reason text)
language plpgsql
stable
set search_path = ''
as $$
declare
    grace constant interval := interval '4 days';
    live_spacing constant int := 28;
    student med.students;
    dose record;
    rule med.vaccine_dose_rules;
    current_vaccine text := null;
    valid_count int := 0;
    last_valid_on date;
    last_invalid_on date;
    first_valid_on date;
    conflicting_vaccine text;
    conflicting_on date;
    is_live boolean;
begin
    select * into student from med.students as students where students.id = evaluate_immunizations.student_id;

    for dose in
        select immunizations.id, immunizations.vaccine, immunizations.given_on, vaccines.is_live
        from med.immunizations as immunizations
        join med.vaccines as vaccines on vaccines.code = immunizations.vaccine
        where immunizations.student_id = evaluate_immunizations.student_id
          and immunizations.given_on <= evaluate_immunizations.as_of
        order by immunizations.vaccine, immunizations.given_on, immunizations.id
    loop
        if current_vaccine is distinct from dose.vaccine then
            current_vaccine := dose.vaccine;
            valid_count := 0;
            last_valid_on := null;
            last_invalid_on := null;
            first_valid_on := null;
        end if;
        is_live := dose.is_live;
        immunization_id := dose.id;
        vaccine := dose.vaccine;
        given_on := dose.given_on;
        dose_number := null;
        counts := false;
        reason := null;

        -- the rule for the next dose of the series, in force on as_of; a
        -- district's own rule wins over the state's
        select *
        into rule
        from med.vaccine_dose_rules as rules
        where rules.vaccine = dose.vaccine
          and rules.dose_number = valid_count + 1
          and (rules.tenant_id is null or rules.tenant_id = student.tenant_id)
          and rules.effective_from <= evaluate_immunizations.as_of
          and (rules.effective_to is null or rules.effective_to > evaluate_immunizations.as_of)
        order by rules.tenant_id nulls last, rules.effective_from desc
        limit 1;

        -- another live vaccine dose less than 28 days before (same day is fine):
        -- no grace; any dose counts, valid or not, of another vaccine or of
        -- the same one (an MMR 15 days after an MMR given too young is void)
        conflicting_vaccine := null;
        conflicting_on := null;
        if is_live then
            select other.vaccine, other.given_on
            into conflicting_vaccine, conflicting_on
            from med.immunizations as other
            join med.vaccines as vaccines on vaccines.code = other.vaccine
            where other.student_id = evaluate_immunizations.student_id
              and vaccines.is_live
              and other.id <> dose.id
              and other.given_on < dose.given_on
              and other.given_on > dose.given_on - live_spacing
            order by other.given_on desc
            limit 1;
        end if;

        if rule.id is null then
            reason := pg_catalog.format('beyond the %s-dose series: not needed, not counted', valid_count);
        elsif dose.given_on < (student.birth_date + rule.min_age - grace)::date then
            reason := pg_catalog.format('given at %s, before the minimum age of %s for dose %s (4-day grace period included)',
                                        pg_catalog.age(dose.given_on, student.birth_date), rule.min_age, rule.dose_number);
        elsif last_valid_on is not null
              and dose.given_on < (last_valid_on + rule.min_interval - case when is_live then interval '0' else grace end)::date then
            reason := pg_catalog.format('given %s days after the previous valid dose; dose %s needs %s%s',
                                        dose.given_on - last_valid_on, rule.dose_number, rule.min_interval,
                                        case when is_live then ' (live vaccine: no grace period)' else ' (4-day grace period included)' end);
        -- a dose repeating one that did not count is spaced from that
        -- invalid dose by the interval, as from a valid one (CDC, General
        -- Best Practice Guidelines: "the repeat dose should be spaced after
        -- the invalid dose by a time interval at least equal to the
        -- recommended minimum interval")
        elsif last_invalid_on is not null and rule.min_interval is not null
              and dose.given_on < (last_invalid_on + rule.min_interval - case when is_live then interval '0' else grace end)::date then
            reason := pg_catalog.format('given %s days after the invalid dose of %s; dose %s needs %s after it as after a valid one%s',
                                        dose.given_on - last_invalid_on, last_invalid_on, rule.dose_number, rule.min_interval,
                                        case when is_live then ' (live vaccine: no grace period)' else ' (4-day grace period included)' end);
        elsif rule.min_interval_from_first is not null and first_valid_on is not null
              and dose.given_on < (first_valid_on + rule.min_interval_from_first - grace)::date then
            reason := pg_catalog.format('given %s days after the first valid dose; dose %s needs %s after dose 1 (4-day grace period included)',
                                        dose.given_on - first_valid_on, rule.dose_number, rule.min_interval_from_first);
        elsif conflicting_vaccine is not null then
            reason := pg_catalog.format('given %s days after a dose of %s on %s: live vaccines must be %s days apart (no grace period)',
                                        dose.given_on - conflicting_on, conflicting_vaccine, conflicting_on, live_spacing);
        else
            counts := true;
            valid_count := valid_count + 1;
            dose_number := valid_count;
            last_valid_on := dose.given_on;
            last_invalid_on := null;
            first_valid_on := coalesce(first_valid_on, dose.given_on);
        end if;
        if not counts and rule.id is not null then
            last_invalid_on := dose.given_on;
        end if;
        return next;
    end loop;
end
$$;
comment on function med_private.evaluate_immunizations(uuid, date) is 'Validates each recorded vaccine dose of a student (as of a date), dose by dose and in order: it counts as the next dose of its series when given at the minimum age or later and at the minimum interval or more after the previous valid dose and after any dose since that did not count (CDC: a repeat dose is spaced from the invalid dose it repeats) (and, where the rule says so, after the first valid dose: HepB dose 3, 16 weeks) (med.vaccine_dose_rules), each with a 4-day grace period, except that two doses of a live vaccine (MMR, Varicella) and two different live vaccines must be 28 days apart with no grace period. Returns one row per dose: its dose number when it counts, else why it does not. Internal: callers check visibility first.';
