create table hr.leave_requests (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    employee_id uuid not null,
    kind text not null,
    starts_on date not null,
    ends_on date not null,
    hours numeric(6, 2) not null,
    status text not null default 'pending',
    decided_by uuid references core.users (id),
    decided_at timestamptz,
    created_at timestamptz not null default now(),
    constraint leave_requests_id_tenant_id_key unique (id, tenant_id),
    constraint leave_requests_employee_id_fkey foreign key (employee_id, tenant_id) references hr.employees (id, tenant_id),
    constraint leave_requests_kind_is_known check (kind in ('vacation', 'sick')),
    constraint leave_requests_ends_after_start check (ends_on >= starts_on),
    constraint leave_requests_hours_are_positive check (hours > 0),
    constraint leave_requests_status_is_known check (status in ('pending', 'approved', 'rejected')),
    constraint leave_requests_decided_when_final check ((status = 'pending') = (decided_at is null)),
    constraint leave_requests_hours_is_finite check (hours not in ('NaN', 'Infinity', '-Infinity'))
);
create index leave_requests_employee_id_idx on hr.leave_requests (employee_id, starts_on);
create index leave_requests_tenant_id_idx on hr.leave_requests (tenant_id);
comment on table hr.leave_requests is 'Leave requests: hours are 8 per weekday (Monday to Friday) of the range; decided by the manager of the requester''s department (never their own request) or an admin.';
