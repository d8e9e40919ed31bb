create function hr_api.set_pay_rate(employee_id uuid, effective_from date, hourly_rate numeric)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    employee hr.employees;
    new_rate_id uuid;
    replaced_rate numeric;
begin
    if not exists (select from hr_private.employees as employees where employees.id = set_pay_rate.employee_id) then
        raise exception 'employee % not found', coalesce(set_pay_rate.employee_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into employee from hr.employees as employees where employees.id = set_pay_rate.employee_id;
    if employee.user_id = core.current_user_id() then
        raise exception 'nobody may set their own pay rate'
            using errcode = '42501',
                  hint = 'another payroll officer or an admin sets it';
    end if;
    if set_pay_rate.effective_from is null or not pg_catalog.isfinite(set_pay_rate.effective_from) then
        raise exception 'a pay rate needs the date it applies from'
            using errcode = '22023';
    end if;
    if set_pay_rate.effective_from > hr_private.local_date(now(), employee.hotel_id) + 366 then
        raise exception 'a pay rate from % is more than a year ahead', set_pay_rate.effective_from
            using errcode = '22023';
    end if;
    perform hr_private.require_rate(set_pay_rate.hourly_rate, employee.hotel_id, employee.is_tipped, set_pay_rate.effective_from);
    -- held for share until commit, which run_payroll's lock for no key update
    -- waits for (and this for it): a run computed while the new rate is
    -- uncommitted would pay the old one for days the rate now covers
    perform from hr.hotels as hotels where hotels.id = employee.hotel_id for share;
    if exists (
        select
        from hr.payroll_runs as runs
        where runs.hotel_id = employee.hotel_id
          and runs.period_end >= set_pay_rate.effective_from
    ) then
        raise exception 'a rate from % would change a period already run by payroll', set_pay_rate.effective_from
            using errcode = 'PT409',
                  hint = 'rates apply from the day after the last payroll period run';
    end if;
    -- a cut never reaches back to days already gone: their hours were worked
    -- at the rate then in force (the one this rate would replace from its
    -- date up to the next rate), and a raise may
    if set_pay_rate.effective_from < hr_private.local_date(now(), employee.hotel_id) then
        select rates.hourly_rate
        into replaced_rate
        from hr.pay_rates as rates
        where rates.employee_id = employee.id
          and rates.effective_from <= set_pay_rate.effective_from
        order by rates.effective_from desc
        limit 1;
        if set_pay_rate.hourly_rate < replaced_rate then
            raise exception 'a pay cut cannot reach back to % (the hotel''s today is %)', set_pay_rate.effective_from, hr_private.local_date(now(), employee.hotel_id)
                using errcode = 'P0001',
                      detail = pg_catalog.format('%s is in force on %s; hours already worked keep it', replaced_rate, set_pay_rate.effective_from),
                      hint = 'set the lower rate from today or a later day';
        end if;
    end if;
    insert into hr.pay_rates (tenant_id, employee_id, effective_from, hourly_rate, created_by)
    values (employee.tenant_id, employee.id, set_pay_rate.effective_from, set_pay_rate.hourly_rate, core.current_user_id())
    on conflict on constraint pay_rates_employee_id_effective_from_key
    do update set hourly_rate = excluded.hourly_rate, created_by = excluded.created_by, created_at = now()
    returning pay_rates.id into new_rate_id;
    return new_rate_id;
end
$$;
comment on function hr_api.set_pay_rate(uuid, date, numeric) is 'Sets an employee''s hourly rate from a date (replacing a rate set for that same date); hours on later local days are paid at it, earlier ones at the rate then in force. Payroll and admins, never for their own record. Raises PT404 for an invisible employee, 42501 for one''s own rate, 22023 for a missing date, one more than a year ahead or a malformed rate, P0001 below the minimum wage (less the tip credit for a tipped employee) or for a cut from a day before the hotel''s today (a raise may reach back), PT409 for a date inside a period payroll has already run (the hotel''s row is held for share, so a rate and a run_payroll of the hotel wait for each other). Security definer (search_path '''').';
