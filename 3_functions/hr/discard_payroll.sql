create function hr_api.discard_payroll(run_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    run hr.payroll_runs;
begin
    if not exists (select from hr_private.payroll_runs as runs where runs.id = discard_payroll.run_id)
       or coalesce(hr_private.acting_role(), '') not in ('hr_payroll', 'hr_admin') then
        raise exception 'payroll run % not found', coalesce(discard_payroll.run_id::text, 'null')
            using errcode = 'PT404';
    end if;
    select * into run from hr.payroll_runs as runs where runs.id = discard_payroll.run_id for update;
    -- discarded by a call that committed while this one waited for the row
    if not found then
        raise exception 'payroll run % not found', discard_payroll.run_id
            using errcode = 'PT404';
    end if;
    if run.status <> 'draft' then
        raise exception 'payroll run % is finalized and cannot be discarded', run.id
            using errcode = 'PT409';
    end if;
    delete from hr.payslips as payslips where payslips.run_id = run.id;
    delete from hr.payroll_runs as runs where runs.id = run.id;
end
$$;
comment on function hr_api.discard_payroll(uuid) is 'Discards a draft payroll run and its payslips (after punches were corrected), so the period can be run again. Payroll and admins. Raises 42501 for other roles, PT404 for an invisible run, PT409 for a finalized run. Security definer (search_path '''').';
