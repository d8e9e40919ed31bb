create function hr_api.finalize_payroll(run_id uuid)
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    run hr.payroll_runs;
    hotel hr.hotels;
    slips int;
begin
    if not exists (select from hr_private.payroll_runs as runs where runs.id = finalize_payroll.run_id)
       or coalesce(hr_private.acting_role(), '') not in ('hr_payroll', 'hr_admin') then
        raise exception 'payroll run % not found', coalesce(finalize_payroll.run_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into run from hr.payroll_runs as runs where runs.id = finalize_payroll.run_id for update;
    -- discarded by a call that committed while this one waited for the row
    if not found then
        raise exception 'payroll run % not found', finalize_payroll.run_id
            using errcode = 'PT404';
    end if;
    if run.status <> 'draft' then
        raise exception 'payroll run % is already %', run.id, run.status
            using errcode = 'PT409';
    end if;
    select * into hotel from hr.hotels as hotels where hotels.id = run.hotel_id;

    update hr.payroll_runs as runs
    set status = 'finalized',
        finalized_by = core.current_user_id(),
        finalized_at = now()
    where runs.id = run.id;

    -- leave accrues per hour worked, at the rules in force at the period's end
    insert into hr.leave_ledger (tenant_id, employee_id, kind, hours, reason, payroll_run_id)
    select run.tenant_id, payslips.employee_id, rules.kind,
           pg_catalog.round((payslips.regular_hours + payslips.overtime_hours) * rules.hours_per_hour_worked, 2),
           'accrual', run.id
    from hr.payslips as payslips
    cross join lateral (
        select distinct on (candidates.kind) candidates.kind, candidates.hours_per_hour_worked
        from hr.leave_accrual_rules as candidates
        where candidates.jurisdiction = hotel.jurisdiction
          and candidates.effective_from <= run.period_end
          and (candidates.tenant_id is null or candidates.tenant_id = run.tenant_id)
        order by candidates.kind, candidates.tenant_id nulls last, candidates.effective_from desc) as rules
    where payslips.run_id = run.id
      and pg_catalog.round((payslips.regular_hours + payslips.overtime_hours) * rules.hours_per_hour_worked, 2) > 0;

    -- one PDF per payslip, in one core.enqueue_many
    select pg_catalog.count(*)::int
    into slips
    from (
        select pg_catalog.array_agg(
                   pg_catalog.jsonb_build_object(
                       'app', 'hr',
                       'template', 'payslip',
                       'tenant_name', tenants.name,
                       'subject_table', 'hr.payslips',
                       'subject_id', payslips.id,
                       'file_name', pg_catalog.format('payslip-%s-%s.pdf', run.period_end, payslips.id),
                       'payslip_id', payslips.id,
                       'employee_name', employees.full_name,
                       'hotel_name', hotel.name,
                       'period_start', run.period_start,
                       'period_end', run.period_end,
                       'regular_hours', pg_catalog.to_char(payslips.regular_hours, 'FM999990.00'),
                       'overtime_hours', pg_catalog.to_char(payslips.overtime_hours, 'FM999990.00'),
                       'regular_pay', pg_catalog.to_char(payslips.regular_pay, 'FM9999999990.00'),
                       'overtime_pay', pg_catalog.to_char(payslips.overtime_pay, 'FM9999999990.00'),
                       'gross_pay', pg_catalog.to_char(payslips.gross_pay, 'FM9999999990.00'),
                       'currency', payslips.currency)
                   order by payslips.id) as payloads,
               pg_catalog.array_agg(payslips.id::text order by payslips.id) as dedupe_keys
        from hr.payslips as payslips
        join hr.employees as employees on employees.id = payslips.employee_id
        join core.tenants as tenants on tenants.id = run.tenant_id
        where payslips.run_id = run.id
        having pg_catalog.count(*) > 0
    ) as run_slips
    cross join lateral core.enqueue_many('pdfgen.payslip', run_slips.payloads, now(), run_slips.dedupe_keys, run.tenant_id) as jobs (id);
    return slips;
end
$$;
comment on function hr_api.finalize_payroll(uuid) is 'Finalizes a draft payroll run: from then on the run and its payslips are immutable (PT409 from a trigger, for everyone), leave accrues per hour worked (hr.leave_accrual_rules), and each payslip''s PDF is queued (pdfgen.payslip, subject hr.payslips). Returns the number of payslips. Payroll and admins. Raises 42501 for other roles, PT404 for an invisible run, PT409 when already finalized. Security definer (search_path '''').';
