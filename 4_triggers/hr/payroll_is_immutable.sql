create function hr_private.refuse_finalized_payroll()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
    run_status text;
begin
    if tg_table_name = 'payroll_runs' then
        run_status := old.status;
    else
        select runs.status into run_status
        from hr.payroll_runs as runs
        where runs.id = coalesce(case when tg_op <> 'INSERT' then old.run_id end, new.run_id);
        if tg_op = 'UPDATE' and new.run_id <> old.run_id and run_status <> 'finalized' then
            select runs.status into run_status from hr.payroll_runs as runs where runs.id = new.run_id;
        end if;
    end if;
    if run_status = 'finalized' then
        raise exception 'a finalized payroll run is immutable: % on % refused', tg_op, tg_table_name
            using errcode = 'PT409',
                  hint = 'correct it in the next period';
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end
$$;
comment on function hr_private.refuse_finalized_payroll() is 'BEFORE trigger of hr.payroll_runs (update, delete) and hr.payslips (insert, update, delete): a finalized run and its payslips are immutable for everyone, owner included (PT409).';

create trigger payroll_runs_final_is_immutable
before update or delete on hr.payroll_runs
for each row execute function hr_private.refuse_finalized_payroll();

create trigger payslips_final_are_immutable
before insert or update or delete on hr.payslips
for each row execute function hr_private.refuse_finalized_payroll();

create trigger payroll_runs_no_truncate
before truncate on hr.payroll_runs
for each statement execute function core.refuse_change('payroll');

create trigger payslips_no_truncate
before truncate on hr.payslips
for each statement execute function core.refuse_change('payroll');
