create table hr.leave_ledger (
    id bigint generated always as identity primary key,
    tenant_id uuid not null references core.tenants (id),
    employee_id uuid not null,
    kind text not null,
    hours numeric(8, 2) not null,
    reason text not null,
    leave_request_id uuid,
    payroll_run_id uuid,
    created_at timestamptz not null default now(),
    constraint leave_ledger_employee_id_fkey foreign key (employee_id, tenant_id) references hr.employees (id, tenant_id),
    constraint leave_ledger_leave_request_id_fkey foreign key (leave_request_id, tenant_id) references hr.leave_requests (id, tenant_id),
    constraint leave_ledger_kind_is_known check (kind in ('vacation', 'sick')),
    constraint leave_ledger_reason_is_known check (reason in ('accrual', 'leave', 'opening_balance')),
    constraint leave_ledger_hours_not_zero check (hours <> 0),
    constraint leave_ledger_hours_is_finite check (hours not in ('NaN', 'Infinity', '-Infinity'))
);
create index leave_ledger_employee_id_kind_idx on hr.leave_ledger (employee_id, kind);
create index leave_ledger_tenant_id_idx on hr.leave_ledger (tenant_id);
comment on table hr.leave_ledger is 'Append-only leave accounts: accruals (per hour worked, at payroll finalization), approved leave (negative) and opening balances; a balance is the sum of its rows.';
