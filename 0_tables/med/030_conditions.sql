create table med.conditions (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    student_id uuid not null,
    name text not null,
    notes text,
    diagnosed_on date,
    recorded_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    constraint conditions_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id),
    constraint conditions_name_not_blank check (name ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]')
);
create index conditions_student_id_idx on med.conditions (student_id);
comment on table med.conditions is 'Diagnosed health conditions (asthma, type 1 diabetes, epilepsy...). Never shown to teachers.';
