create table hr.shifts (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    hotel_id uuid not null,
    department_id uuid not null,
    position_id uuid not null,
    employee_id uuid,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    status text not null default 'scheduled',
    published_at timestamptz,
    created_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    constraint shifts_id_tenant_id_key unique (id, tenant_id),
    constraint shifts_hotel_id_fkey foreign key (hotel_id, tenant_id) references hr.hotels (id, tenant_id),
    constraint shifts_position_id_fkey foreign key (position_id, tenant_id) references hr.positions (id, tenant_id),
    constraint shifts_position_id_department_id_fkey foreign key (position_id, department_id) references hr.positions (id, department_id),
    constraint shifts_department_id_hotel_id_fkey foreign key (department_id, hotel_id) references hr.departments (id, hotel_id),
    constraint shifts_employee_id_fkey foreign key (employee_id, hotel_id) references hr.employees (id, hotel_id),
    constraint shifts_ends_after_start check (ends_at > starts_at),
    constraint shifts_at_most_16_hours check (ends_at - starts_at <= interval '16 hours'),
    constraint shifts_status_is_known check (status in ('scheduled', 'open', 'cancelled')),
    constraint shifts_open_has_no_employee check ((status = 'open') = (employee_id is null)),
    -- no employee works two shifts at once: an exclusion constraint, so that
    -- no path (API, swap, open shift, seed, migration) can write an overlap
    constraint shifts_no_overlap exclude using gist (employee_id with =, tstzrange(starts_at, ends_at) with &&)
        where (status = 'scheduled')
);
create index shifts_hotel_id_starts_at_idx on hr.shifts (hotel_id, starts_at);
create index shifts_employee_id_starts_at_idx on hr.shifts (employee_id, starts_at);
create index shifts_department_id_starts_at_idx on hr.shifts (department_id, starts_at);
create index shifts_tenant_id_idx on hr.shifts (tenant_id);
comment on table hr.shifts is 'Scheduled shifts (an employee in a position over [starts_at, ends_at)), open shifts (no employee yet) and cancelled ones. Two scheduled shifts of one employee never overlap (exclusion constraint shifts_no_overlap); every other rule (certificates, rest, weekly hours, minors) is checked by hr_private.check_shift whenever a shift gets an employee.';
comment on column hr.shifts.department_id is 'The department of the position (kept here so that a manager''s policy reads one column).';
comment on column hr.shifts.published_at is 'When the schedule of the shift''s week was published (sms.schedule_published); null: draft.';
