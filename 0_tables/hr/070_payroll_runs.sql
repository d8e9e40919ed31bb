create table hr.payroll_runs (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    hotel_id uuid not null,
    period_start date not null,
    period_end date not null,
    status text not null default 'draft',
    currency text not null,
    run_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    finalized_by uuid references core.users (id),
    finalized_at timestamptz,
    constraint payroll_runs_id_tenant_id_key unique (id, tenant_id),
    constraint payroll_runs_hotel_id_fkey foreign key (hotel_id, tenant_id) references hr.hotels (id, tenant_id),
    constraint payroll_runs_period_in_order check (period_end >= period_start),
    constraint payroll_runs_status_is_known check (status in ('draft', 'finalized')),
    constraint payroll_runs_finalized_when_final check ((status = 'finalized') = (finalized_at is not null)),
    -- a period of a hotel is paid once: no two runs of a hotel overlap
    constraint payroll_runs_no_overlap exclude using gist (hotel_id with =, daterange(period_start, period_end, '[]') with &&)
);
create index payroll_runs_tenant_id_idx on hr.payroll_runs (tenant_id);
comment on table hr.payroll_runs is 'A payroll run of one hotel over whole workweeks: a draft holds one payslip per employee with hours; finalizing it makes it immutable, books leave accruals and queues the payslip PDFs. No two runs of a hotel overlap (PT409 from run_payroll; the exclusion constraint is the backstop).';
