create table hr.shift_swaps (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    shift_id uuid not null,
    from_employee_id uuid not null,
    to_employee_id uuid not null,
    status text not null default 'requested',
    created_at timestamptz not null default now(),
    decided_at timestamptz,
    constraint shift_swaps_shift_id_fkey foreign key (shift_id, tenant_id) references hr.shifts (id, tenant_id),
    constraint shift_swaps_from_employee_id_fkey foreign key (from_employee_id, tenant_id) references hr.employees (id, tenant_id),
    constraint shift_swaps_to_employee_id_fkey foreign key (to_employee_id, tenant_id) references hr.employees (id, tenant_id),
    constraint shift_swaps_not_to_oneself check (from_employee_id <> to_employee_id),
    constraint shift_swaps_status_is_known check (status in ('requested', 'accepted', 'declined', 'withdrawn')),
    constraint shift_swaps_decided_when_final check ((status = 'requested') = (decided_at is null))
);
create unique index shift_swaps_one_pending_per_shift on hr.shift_swaps (shift_id) where status = 'requested';
create index shift_swaps_tenant_id_idx on hr.shift_swaps (tenant_id);
comment on table hr.shift_swaps is 'An employee offers their shift to a colleague; when the colleague accepts, the shift moves to them after every scheduling check has been re-run for them.';
