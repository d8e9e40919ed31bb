create table hr.employees (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null references core.tenants (id),
    hotel_id uuid not null,
    department_id uuid not null,
    user_id uuid references core.users (id),
    full_name text not null,
    email text not null,
    phone text,
    birth_date date,
    is_tipped boolean not null default false,
    hired_on date not null default current_date,
    terminated_on date,
    created_at timestamptz not null default now(),
    termination_reason text,
    constraint employees_id_tenant_id_key unique (id, tenant_id),
    constraint employees_id_hotel_id_key unique (id, hotel_id),
    constraint employees_user_id_key unique (user_id),
    constraint employees_hotel_id_fkey foreign key (hotel_id, tenant_id) references hr.hotels (id, tenant_id),
    constraint employees_department_id_fkey foreign key (department_id, hotel_id) references hr.departments (id, hotel_id),
    constraint employees_full_name_not_blank check (full_name ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]'),
    constraint employees_email_is_plausible check (email ~ '^[^@[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]+@[^@[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]+\.[^@[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]+$'),
    constraint employees_phone_is_e164 check (phone is null or phone ~ '^\+[1-9][0-9]{6,14}$'),
    constraint employees_birth_date_is_plausible check (birth_date is null or birth_date > date '1900-01-01'),
    constraint employees_terminated_after_hired check (terminated_on is null or terminated_on >= hired_on),
    constraint employees_termination_reason_needs_date check (termination_reason is null or terminated_on is not null),
    constraint employees_termination_reason_is_plausible check (termination_reason is null
        or (termination_reason ~ '[^[:space:]\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u2800\U0001d159\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]' and pg_catalog.char_length(termination_reason) <= 1000))
);
create unique index employees_tenant_id_email_key on hr.employees (tenant_id, lower(email));
create index employees_department_id_idx on hr.employees (department_id);
create index employees_hotel_id_idx on hr.employees (hotel_id);
comment on table hr.employees is 'Employees of a hotel group, each in one department of one hotel. Wages are in hr.pay_rates (effective-dated); the login, if any, is user_id (its role says employee, manager, admin or payroll).';
comment on column hr.employees.phone is 'E.164 mobile number for schedule SMS (sms.schedule_published); null: no SMS.';
comment on column hr.employees.birth_date is 'Recorded at onboarding (set_employee_details); an employee without one cannot be scheduled, since the minors'' rules depend on it.';
comment on column hr.employees.terminated_on is 'The last day of the employment (hotel-local), set by hr_api.terminate_employee; no shift, punch or leave after it. The login is deactivated once this day is over in the hotel''s zone (at once for a day already past, else by hr_private.deactivate_departed_logins).';
comment on column hr.employees.termination_reason is 'Why the employment ended, as recorded by hr_api.terminate_employee (readable by admin and payroll and by the former employee, like terminated_on; the audit log keeps it too).';
comment on column hr.employees.is_tipped is 'Tipped employee: may be paid the cash wage; overtime premium on the full minimum wage (hr.wage_rules).';
