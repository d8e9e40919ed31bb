create table med.consents (
    id uuid primary key default gen_random_uuid(),
    tenant_id uuid not null,
    student_id uuid not null,
    school_year int not null,
    kind text not null,
    is_granted boolean not null,
    guardian_id uuid,
    recorded_by uuid references core.users (id),
    recorded_at timestamptz not null default now(),
    constraint consents_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id),
    constraint consents_guardian_id_fkey foreign key (guardian_id, tenant_id) references med.guardians (id, tenant_id),
    constraint consents_kind_is_known check (kind in ('emergency_treatment', 'medication', 'screening', 'health_history_form', 'physical_exam_form')),
    constraint consents_school_year_in_range check (school_year between 2000 and 2100)
);
create unique index consents_student_id_school_year_kind_key on med.consents (student_id, school_year, kind);
comment on table med.consents is 'Consents and forms per school year (the year it starts: 2026 = 2026-27): emergency treatment, medication, screening consent, health history and physical exam forms. One row per student, year and kind; a new answer replaces the old (audited).';
