create table hr.pay_rates (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    employee_id uuid not null,
    effective_from date not null,
    hourly_rate numeric(10, 2) not null,
    created_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    constraint pay_rates_employee_id_effective_from_key unique (employee_id, effective_from),
    constraint pay_rates_employee_id_fkey foreign key (employee_id, tenant_id) references hr.employees (id, tenant_id),
    constraint pay_rates_hourly_rate_is_positive check (hourly_rate > 0),
    constraint pay_rates_hourly_rate_is_finite check (hourly_rate not in ('NaN', 'Infinity', '-Infinity'))
);
create index pay_rates_tenant_id_idx on hr.pay_rates (tenant_id);
comment on table hr.pay_rates is 'Effective-dated hourly rates in the hotel''s currency: the rate in force on a local date is the one with the latest effective_from on or before it, so a change mid-period pays each hour at its own rate.';
