-- A finalized payroll run and its payslips are immutable for everyone, the
-- table owner included (PT409); corrections go into the next period.

create function hr_private.refuse_finalized_run()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if old.status = 'finalized' then
        raise exception 'payroll run % is finalized and immutable: % refused', old.id, tg_op
            using errcode = 'PT409',
                  hint = 'correct it in the next period';
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end
$$;
comment on function hr_private.refuse_finalized_run() is 'BEFORE UPDATE/DELETE trigger of hr.payroll_runs: a finalized run is immutable for everyone, owner included (PT409).';

create function hr_private.refuse_finalized_payslip()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if exists (
        select
        from hr.payroll_runs as runs
        where runs.status = 'finalized'
          and runs.id in (case when tg_op in ('UPDATE', 'DELETE') then old.run_id end,
                          case when tg_op in ('INSERT', 'UPDATE') then new.run_id end)
    ) then
        raise exception 'a payslip of a finalized payroll run is immutable: % refused', tg_op
            using errcode = 'PT409',
                  hint = 'correct it in the next period';
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end
$$;
comment on function hr_private.refuse_finalized_payslip() is 'BEFORE INSERT/UPDATE/DELETE trigger of hr.payslips: no payslip is added to, changed in or removed from a finalized run, by anyone, owner included (PT409).';

create trigger payroll_runs_final_is_immutable
before update or delete on hr.payroll_runs
for each row execute function hr_private.refuse_finalized_run();

create trigger payslips_final_are_immutable
before insert or update or delete on hr.payslips
for each row execute function hr_private.refuse_finalized_payslip();

create trigger payroll_runs_no_truncate
before truncate on hr.payroll_runs
for each statement execute function core.refuse_change('payroll');

create trigger payslips_no_truncate
before truncate on hr.payslips
for each statement execute function core.refuse_change('payroll');
