create function hr_private.leave_balance(employee_id uuid, kind text)
returns numeric
language sql
stable
as $$
    select coalesce(pg_catalog.sum(ledger.hours), 0)
    from hr.leave_ledger as ledger
    where ledger.employee_id = leave_balance.employee_id
      and ledger.kind = leave_balance.kind
$$;
comment on function hr_private.leave_balance(uuid, text) is 'An employee''s leave balance of a kind in hours: the sum of the leave ledger (accruals less approved leave). No SET clause (everything in it is qualified), so that the planner can inline it.';
