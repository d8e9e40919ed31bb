create table med.medication_doses (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    order_id uuid not null,
    student_id uuid not null,
    school_id uuid not null,
    given_at timestamptz not null,
    local_date date not null,
    given_by uuid not null references core.users (id),
    recorded_at timestamptz not null default now(),
    constraint medication_doses_order_id_fkey foreign key (order_id, tenant_id) references med.medication_orders (id, tenant_id),
    constraint medication_doses_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id),
    constraint medication_doses_school_id_fkey foreign key (school_id, tenant_id) references med.schools (id, tenant_id)
);
create index medication_doses_order_id_given_at_idx on med.medication_doses (order_id, given_at);
create index medication_doses_order_id_local_date_idx on med.medication_doses (order_id, local_date);
comment on table med.medication_doses is 'The administration record: every dose given, when and by whom. Append-only; written only by med_api.administer_medication.';
comment on column med.medication_doses.local_date is 'The calendar day of given_at in the school''s time zone: the PRN daily maximum is counted per local_date.';
comment on column med.medication_doses.given_by is 'The nurse or aide who gave the dose (the caller).';
