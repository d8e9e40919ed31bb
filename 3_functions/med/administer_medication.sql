create function med_api.administer_medication(order_id uuid, given_at timestamptz default now())
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    medication_order med.medication_orders;
    student med.students;
    school med.schools;
    dose_local_date date;
    drug text;
    daily_order med.medication_orders;
    interval_order med.medication_orders;
    given_today int;
    given_under_others int;
    too_close timestamptz;
    too_close_order_id uuid;
    dose_id uuid;
    drug_orders uuid[];
    controlled_order_id uuid;
begin
    if administer_medication.given_at is null or administer_medication.given_at in ('infinity', '-infinity') then
        raise exception 'invalid administration time %', coalesce(administer_medication.given_at::text, 'null')
            using errcode = '22023';
    end if;
    if administer_medication.given_at > now() + interval '5 minutes' then
        raise exception 'a dose cannot be recorded in the future (%)', administer_medication.given_at
            using errcode = '22023';
    end if;
    if administer_medication.given_at < now() - interval '7 days' then
        raise exception 'a dose given at % is more than 7 days ago: late entries are limited to 7 days', administer_medication.given_at
            using errcode = 'P0001';
    end if;

    -- visibility through the read view: an aide or nurse of another school gets PT404
    if administer_medication.order_id is null or not exists (
        select from med_private.medication_orders as orders where orders.id = administer_medication.order_id
    ) then
        raise exception 'medication order % not found', coalesce(administer_medication.order_id::text, 'null')
            using errcode = 'PT404';
    end if;
    -- the limits hold per student and drug across orders (two active orders
    -- of one drug must not give twice its daily maximum), so one dose of a
    -- drug per student at a time: every order of that drug of the student is
    -- locked, in id order (no deadlock), and the limits are checked and used
    -- under these locks, over these orders; the order is read again under
    -- them
    select * into medication_order from med.medication_orders as orders where orders.id = administer_medication.order_id;
    drug := med_private.drug_key(medication_order.medication, medication_order.is_epinephrine);
    drug_orders := array(
        select orders.id
        from med.medication_orders as orders
        where orders.student_id = medication_order.student_id
          and med_private.drug_key(orders.medication, orders.is_epinephrine) = drug
        order by orders.id
        for update);
    select * into medication_order from med.medication_orders as orders where orders.id = administer_medication.order_id;
    select * into student from med.students as students where students.id = medication_order.student_id;
    select * into school from med.schools as schools where schools.id = student.school_id;
    dose_local_date := (administer_medication.given_at at time zone school.time_zone)::date;
    -- the counts of a controlled substance place each dose by its time: a
    -- dose ahead of the clock would be in the expected units of a count
    -- taken now and, after that count, subtracted a second time
    if medication_order.is_controlled and administer_medication.given_at > now() then
        raise exception 'a dose of controlled order % cannot be recorded ahead of the clock (%)', medication_order.id,
                        administer_medication.given_at
            using errcode = '22023', hint = 'record it once given, at the time it was given';
    end if;

    if medication_order.prescriber is null then
        raise exception 'order % has no prescriber on file: no dose may be given', medication_order.id
            using errcode = 'P0001';
    end if;
    if not medication_order.guardian_consent then
        raise exception 'order % has no guardian consent: no dose may be given', medication_order.id
            using errcode = 'P0001';
    end if;
    -- nor before the order existed: an order entered complete has no
    -- authorized_at, and a late entry would otherwise reach back before it
    if coalesce(medication_order.authorized_at, medication_order.created_at) > administer_medication.given_at then
        raise exception 'order % had its prescriber and guardian consent on file only from %: no dose before', medication_order.id,
                        coalesce(medication_order.authorized_at, medication_order.created_at)
            using errcode = 'P0001',
                  detail = case when medication_order.authorized_at is null
                                then 'the order was entered complete then'
                                else 'authorize_order completed it then' end;
    end if;
    -- the guardians' answer for the school year (record_consent, kind
    -- medication) overrides the order's consent while they refuse: the
    -- answer in force at the dose's time (a late entry of a dose given under
    -- a refusal is refused after consent was granted again)
    if med_private.consent_at(student.id, 'medication', pg_catalog.date_part('year', dose_local_date - interval '7 months')::int,
                              administer_medication.given_at) is false then
        raise exception 'the guardians refused medication consent for the % school year at %: no dose may be given',
                        pg_catalog.date_part('year', dose_local_date - interval '7 months')::int, administer_medication.given_at
            using errcode = 'P0001', hint = 'a new signed consent (record_consent) lifts it for the doses given after it';
    end if;
    if medication_order.discontinued_at <= administer_medication.given_at then
        raise exception 'order % was discontinued at %: %', medication_order.id, medication_order.discontinued_at,
                        medication_order.discontinue_reason
            using errcode = 'P0001';
    end if;
    if dose_local_date < medication_order.starts_on or dose_local_date > medication_order.ends_on then
        raise exception 'order % is valid from % to %, not on %', medication_order.id, medication_order.starts_on,
                        medication_order.ends_on, dose_local_date
            using errcode = 'P0001';
    end if;
    -- a controlled substance is counted whatever the order given says: a dose
    -- under an order not marked controlled, of a drug that another order of
    -- the student (not discontinued by then) marks controlled, would bypass
    -- the units on hand and never reach the counts
    if not medication_order.is_controlled then
        select orders.id
        into controlled_order_id
        from med.medication_orders as orders
        where orders.id = any (drug_orders)
          and orders.is_controlled
          and (orders.discontinued_at is null or orders.discontinued_at > administer_medication.given_at)
        order by orders.id
        limit 1;
        if controlled_order_id is not null then
            raise exception 'order % of % is not marked controlled, but order % of the same medication is: its doses are counted',
                            medication_order.id, medication_order.medication, controlled_order_id
                using errcode = 'P0001',
                      hint = pg_catalog.format('give the dose under order %s (counted in with a witness), or discontinue one of the two orders',
                                               controlled_order_id);
        end if;
    end if;

    -- the daily maximum: every dose of the drug that day under any order of
    -- the student counts, against the lowest maximum among the orders of the
    -- drug in force at the dose's time (prescriber and consent on file by
    -- then, not discontinued by then, the day within its dates; this one
    -- always, which the checks above found in force)
    select orders.*
    into daily_order
    from med.medication_orders as orders
    where orders.id = any (drug_orders)
      and (orders.id = medication_order.id
           or med_private.order_in_force(orders, administer_medication.given_at, dose_local_date))
    order by orders.max_daily_doses, orders.id <> medication_order.id, orders.id
    limit 1;
    select pg_catalog.count(*),
           pg_catalog.count(*) filter (where doses.order_id <> medication_order.id)
    into given_today, given_under_others
    from med.medication_doses as doses
    where doses.order_id = any (drug_orders)
      and doses.local_date = dose_local_date;
    if given_today >= daily_order.max_daily_doses and daily_order.id = medication_order.id then
        raise exception 'order % allows % doses of % a day: % already given on % (%)', daily_order.id,
                        daily_order.max_daily_doses, daily_order.medication, given_today, dose_local_date, school.time_zone
            using errcode = 'P0001',
                  detail = pg_catalog.format('the doses of the medication under every order of the student count: %s under this one, %s under another',
                                             given_today - given_under_others, given_under_others);
    elsif given_today >= daily_order.max_daily_doses then
        raise exception 'order % allows % doses of % a day: % already given on % (%)', daily_order.id,
                        daily_order.max_daily_doses, daily_order.medication, given_today, dose_local_date, school.time_zone
            using errcode = 'P0001',
                  detail = pg_catalog.format('order %s (at most %s a day) is of the same medication: every dose under any order counts, and the lowest daily maximum of the orders in force applies',
                                             medication_order.id, medication_order.max_daily_doses),
                  hint = pg_catalog.format('if order %s replaces order %s, discontinue that one (discontinue_order)',
                                           medication_order.id, daily_order.id);
    end if;

    -- the minimum interval, on both sides (a late entry may fall between two
    -- doses), whatever the calendar day (it crosses midnight), from every dose
    -- of the drug under any order: the longest interval among the orders of
    -- the drug in force applies (a scheduled order has none)
    select orders.*
    into interval_order
    from med.medication_orders as orders
    where orders.id = any (drug_orders)
      and orders.min_interval is not null
      and (orders.id = medication_order.id
           or med_private.order_in_force(orders, administer_medication.given_at, dose_local_date))
    order by orders.min_interval desc, orders.id <> medication_order.id, orders.id
    limit 1;
    if interval_order.id is not null then
        select doses.given_at, doses.order_id
        into too_close, too_close_order_id
        from med.medication_doses as doses
        where doses.order_id = any (drug_orders)
          and doses.given_at > administer_medication.given_at - interval_order.min_interval
          and doses.given_at < administer_medication.given_at + interval_order.min_interval
        order by doses.given_at desc
        limit 1;
        if too_close is not null and interval_order.id = medication_order.id then
            raise exception 'order % needs % between doses of %: a dose was given at %', interval_order.id,
                            interval_order.min_interval, interval_order.medication, too_close
                using errcode = 'P0001',
                      detail = pg_catalog.format('next dose allowed from %s (doses of the medication under any order of the student count; that one under order %s)',
                                                 too_close + interval_order.min_interval, too_close_order_id);
        elsif too_close is not null then
            raise exception 'order % needs % between doses of %: a dose was given at %', interval_order.id,
                            interval_order.min_interval, interval_order.medication, too_close
                using errcode = 'P0001',
                      detail = pg_catalog.format('next dose allowed from %s; order %s is of the same medication and the longest minimum interval of the orders in force applies',
                                                 too_close + interval_order.min_interval, medication_order.id),
                      hint = pg_catalog.format('if order %s replaces order %s, discontinue that one (discontinue_order)',
                                               medication_order.id, interval_order.id);
        end if;
    end if;

    if medication_order.is_controlled and med_private.controlled_on_hand(medication_order.id) <= 0 then
        raise exception 'no stock of controlled order % on hand', medication_order.id
            using errcode = 'P0001', hint = 'count the supply in with a witness (count_in_controlled)';
    end if;

    insert into med.medication_doses (tenant_id, order_id, student_id, school_id, given_at, local_date, given_by)
    values (medication_order.tenant_id, medication_order.id, student.id, school.id, administer_medication.given_at,
            dose_local_date, core.current_user_id())
    returning medication_doses.id into dose_id;

    if medication_order.is_epinephrine then
        perform med_private.alert_emergency(student.id, 'epinephrine', null, dose_id,
                                            'epinephrine given: ' || medication_order.medication || ' ' || medication_order.dose,
                                            administer_medication.given_at);
    end if;
    return dose_id;
end
$$;
comment on function med_api.administer_medication(uuid, timestamptz) is 'Records a dose of an order given now (or up to 7 days ago, late entry) by the caller, a nurse or aide of the student''s school. Refused (P0001) without a prescriber or guardian consent (on the order, at the time of the dose for a late entry: no dose is placed before authorize_order completed the order, nor before an order entered complete was entered; or refused for the school year through record_consent, kind medication, by the answer in force at the dose''s time), after the order was discontinued, outside the order''s dates (the school-local day), past the daily maximum (counted per calendar day in the school''s time zone), before the minimum interval since or until another dose (across midnight), or for a controlled substance with nothing on hand, or under an order not marked controlled of a drug that another order of the student (not discontinued by then) marks controlled. Both limits hold per student and drug across orders (med_private.drug_key: the name without invisible characters, NFKC, single-spaced, trimmed and case-folded, every epinephrine order one drug): every dose of the drug under any order of the student counts, the lowest daily maximum and the longest minimum interval among the orders of the drug in force at the dose''s time apply. An epinephrine dose alerts the guardians and the supervisor at once (sms.ems_alert, mailer.ems_alert). Raises 22023 for a missing or future time (more than 5 minutes ahead of the server''s clock, any time ahead for a controlled substance, whose counts place each dose by its time), P0001 for an entry over 7 days late, PT404 for an order not visible. Security definer: writes med.medication_doses after checking visibility through med_private.medication_orders; locks every order of the drug of the student (one dose of a drug per student at a time).';
