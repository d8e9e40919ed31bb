create table med.conditional_enrollments (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    student_id uuid not null,
    deadline date not null,
    note text,
    recorded_by uuid references core.users (id),
    created_at timestamptz not null default now(),
    constraint conditional_enrollments_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id),
    constraint conditional_enrollments_student_id_key unique (student_id)
);
comment on table med.conditional_enrollments is 'Conditional enrollment: a student missing doses may attend until deadline while catching up (one row per student; a new deadline replaces the old, audited). Past the deadline the student counts as non-compliant.';
