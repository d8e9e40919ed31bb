create table hr.payslips (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    run_id uuid not null,
    employee_id uuid not null,
    regular_hours numeric(8, 2) not null,
    overtime_hours numeric(8, 2) not null,
    regular_pay numeric(12, 2) not null,
    overtime_pay numeric(12, 2) not null,
    gross_pay numeric(12, 2) not null,
    currency text not null,
    created_at timestamptz not null default now(),
    constraint payslips_run_id_employee_id_key unique (run_id, employee_id),
    constraint payslips_run_id_fkey foreign key (run_id, tenant_id) references hr.payroll_runs (id, tenant_id),
    constraint payslips_employee_id_fkey foreign key (employee_id, tenant_id) references hr.employees (id, tenant_id),
    constraint payslips_amounts_not_negative check (regular_hours >= 0 and overtime_hours >= 0 and regular_pay >= 0 and overtime_pay >= 0),
    constraint payslips_gross_is_the_sum check (gross_pay = regular_pay + overtime_pay),
    constraint payslips_regular_hours_is_finite check (regular_hours not in ('NaN', 'Infinity', '-Infinity')),
    constraint payslips_overtime_hours_is_finite check (overtime_hours not in ('NaN', 'Infinity', '-Infinity')),
    constraint payslips_regular_pay_is_finite check (regular_pay not in ('NaN', 'Infinity', '-Infinity')),
    constraint payslips_overtime_pay_is_finite check (overtime_pay not in ('NaN', 'Infinity', '-Infinity')),
    constraint payslips_gross_pay_is_finite check (gross_pay not in ('NaN', 'Infinity', '-Infinity'))
);
create index payslips_employee_id_idx on hr.payslips (employee_id);
create index payslips_tenant_id_idx on hr.payslips (tenant_id);
comment on table hr.payslips is 'One payslip per employee with hours in a payroll run: regular and overtime hours from punches, pay at the rates in force on each local day. Immutable once its run is finalized.';
