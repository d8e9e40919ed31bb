create table hr.punches (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    employee_id uuid not null,
    shift_id uuid,
    clock_in_at timestamptz not null,
    clock_out_at timestamptz,
    is_unscheduled boolean not null default false,
    original_clock_in_at timestamptz,
    original_clock_out_at timestamptz,
    edited_by uuid references core.users (id),
    edited_at timestamptz,
    edit_reason text,
    created_at timestamptz not null default now(),
    constraint punches_id_tenant_id_key unique (id, tenant_id),
    constraint punches_employee_id_fkey foreign key (employee_id, tenant_id) references hr.employees (id, tenant_id),
    constraint punches_shift_id_fkey foreign key (shift_id, tenant_id) references hr.shifts (id, tenant_id),
    constraint punches_out_after_in check (clock_out_at is null or clock_out_at > clock_in_at),
    constraint punches_edit_is_complete check ((edited_at is null) = (edited_by is null)
                                               and (edited_at is null or (edit_reason is not null and edit_reason ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'))),
    -- no hour is worked twice: an employee's punches never overlap (an open
    -- punch reaches to infinity)
    constraint punches_no_overlap exclude using gist (employee_id with =, tstzrange(clock_in_at, clock_out_at) with &&)
);
create unique index punches_one_open_per_employee on hr.punches (employee_id) where clock_out_at is null;
create index punches_employee_id_clock_in_at_idx on hr.punches (employee_id, clock_in_at);
create index punches_tenant_id_idx on hr.punches (tenant_id);
comment on table hr.punches is 'Time clock: one row per clock-in (and its clock-out). A punch without a scheduled shift is accepted and flagged (is_unscheduled) for the manager. Edits (by a manager of the department or an admin, never of one''s own punches) keep the first recorded times in original_* and are audited. Two punches of one employee never overlap (exclusion constraint punches_no_overlap), so no hour is paid twice.';
