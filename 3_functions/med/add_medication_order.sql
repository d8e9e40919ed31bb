create function med_api.add_medication_order(student_id uuid, medication text, dose text, route text, prn boolean,
                                             max_daily_doses int, min_interval interval, starts_on date, ends_on date,
                                             guardian_consent boolean, prescriber text default null,
                                             is_controlled boolean default false)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    student med.students;
    local_today date;
    exact_interval interval;
    order_id uuid;
begin
    perform core.check_text(add_medication_order.medication, 'a medication', 200);
    perform core.check_text(add_medication_order.dose, 'a dose', 200);
    perform core.check_text(add_medication_order.prescriber, 'a prescriber', 200);
    if not core.has_text(add_medication_order.medication) or not core.has_text(add_medication_order.dose) then
        raise exception 'an order needs a medication and a dose'
            using errcode = '22023';
    end if;
    if add_medication_order.route is null
       or add_medication_order.route not in ('oral', 'inhaled', 'injection', 'topical', 'nasal', 'ophthalmic', 'otic', 'rectal', 'sublingual', 'transdermal') then
        raise exception 'unknown route %', coalesce(add_medication_order.route, 'null')
            using errcode = '22023',
                  hint = 'route is oral, inhaled, injection, topical, nasal, ophthalmic, otic, rectal, sublingual or transdermal';
    end if;
    if add_medication_order.prn is null or add_medication_order.guardian_consent is null or add_medication_order.is_controlled is null then
        raise exception 'prn, guardian_consent and is_controlled must be true or false'
            using errcode = '22023';
    end if;
    -- every order says how often: a scheduled order without a daily maximum
    -- would let any number of doses be given
    if add_medication_order.max_daily_doses is null then
        raise exception 'an order needs a daily maximum (max_daily_doses): how many doses a school day at most'
            using errcode = '22023';
    end if;
    if add_medication_order.max_daily_doses not between 1 and 24 then
        raise exception 'max_daily_doses must be 1 to 24, got %', add_medication_order.max_daily_doses
            using errcode = '22023';
    end if;
    -- a month has no fixed length: compared as 30 days, '1 mon -29 days' is
    -- one day, but from a date in February (+1 month, -29 days) it reaches
    -- back in time and no dose would ever be too close
    if pg_catalog.date_trunc('month', add_medication_order.min_interval) <> interval '0' then
        raise exception 'min_interval % counts in months, which have no fixed length', add_medication_order.min_interval
            using errcode = '22023', hint = 'give the interval in days, hours and minutes (at most 7 days)';
    end if;
    -- kept as the exact duration it was judged as (a day is 24 hours): the
    -- doses are spaced by it in any session time zone, across a DST change too
    exact_interval := pg_catalog.make_interval(secs => pg_catalog.date_part('epoch', add_medication_order.min_interval));
    if exact_interval < interval '5 minutes' or exact_interval > interval '7 days' then
        raise exception 'min_interval must be 5 minutes to 7 days, got %', add_medication_order.min_interval
            using errcode = '22023';
    end if;
    if add_medication_order.prn and add_medication_order.min_interval is null then
        raise exception 'a PRN order needs a daily maximum and a minimum interval'
            using errcode = '22023';
    end if;
    if add_medication_order.starts_on is null or add_medication_order.ends_on is null
       or add_medication_order.starts_on in ('infinity', '-infinity') or add_medication_order.ends_on in ('infinity', '-infinity') then
        raise exception 'an order needs a start and an end date'
            using errcode = '22023';
    end if;
    if add_medication_order.ends_on < add_medication_order.starts_on then
        raise exception 'the order ends (%) before it starts (%)', add_medication_order.ends_on, add_medication_order.starts_on
            using errcode = '22023';
    end if;

    student := med_private.visible_student(add_medication_order.student_id);
    local_today := med_private.school_local_date(student.school_id);
    if add_medication_order.ends_on < local_today then
        raise exception 'the order ended on %', add_medication_order.ends_on
            using errcode = 'P0001';
    end if;
    -- prescribed for the coming school year at the latest (a start in 9999
    -- is no prescription, and near the last date the length below overflows)
    if add_medication_order.starts_on > local_today + 366 then
        raise exception 'an order starts at most a year ahead, not on %', add_medication_order.starts_on
            using errcode = 'P0001', hint = 'enter it when the prescription for that school year is on file';
    end if;
    if add_medication_order.ends_on > add_medication_order.starts_on + 366 then
        raise exception 'an order is valid for at most a year (% to %)', add_medication_order.starts_on, add_medication_order.ends_on
            using errcode = 'P0001', hint = 'the prescriber renews it every school year';
    end if;

    insert into med.medication_orders (tenant_id, student_id, medication, dose, route, prescriber, is_prn, max_daily_doses,
                                       min_interval, starts_on, ends_on, guardian_consent, is_controlled, is_epinephrine, created_by)
    values (student.tenant_id, student.id, pg_catalog.btrim(add_medication_order.medication), pg_catalog.btrim(add_medication_order.dose),
            add_medication_order.route,
            -- a prescriber of white space or invisible characters only is none:
            -- the order waits for authorize_order
            case when core.has_text(add_medication_order.prescriber) then pg_catalog.btrim(add_medication_order.prescriber) end,
            add_medication_order.prn,
            add_medication_order.max_daily_doses, exact_interval, add_medication_order.starts_on,
            add_medication_order.ends_on, add_medication_order.guardian_consent, add_medication_order.is_controlled,
            med_private.names_epinephrine(add_medication_order.medication), core.current_user_id())
    returning medication_orders.id into order_id;
    return order_id;
end
$$;
comment on function med_api.add_medication_order(uuid, text, text, text, boolean, int, interval, date, date, boolean, text, boolean) is 'Enters a medication order for a student of the nurse''s schools (nurses only, never aides): medication, dose, route, PRN with a daily maximum and a minimum interval, start and end date (at most a year), guardian consent, and (optional trailing arguments) the prescriber and whether it is a controlled substance. An order may be entered before its prescriber or consent is on file, but no dose is given until both are (administer_medication). An epinephrine order (recognised by name: epinephrine, adrenaline or a brand, EpiPen, Auvi-Q, Adrenaclick, Symjepi, neffy, Twinject, Anapen, Emerade, Jext; med_private.names_epinephrine, which an invisible character inside the name does not fool) alerts guardians and supervisor on every dose. Raises 22023 for a missing or blank (white space of any kind or invisible characters only: core.has_text) medication or dose, a missing route or dates, an order without a daily maximum (scheduled ones too), a PRN order without a minimum interval, a daily maximum outside 1..24, an interval outside 5 minutes..7 days or counted in months (kept as its exact duration: a day is 24 hours), an end before the start; P0001 for an order already ended, starting more than a year ahead or longer than a year (so none starts over a year back); PT404 for a student not visible. Security definer: writes med.medication_orders after checking visibility.';
