create table med.school_assignments (
    user_id uuid not null,
    school_id uuid not null,
    tenant_id uuid not null,
    created_at timestamptz not null default now(),
    constraint school_assignments_pkey primary key (user_id, school_id),
    constraint school_assignments_user_id_fkey foreign key (user_id, tenant_id) references med.staff (user_id, tenant_id),
    constraint school_assignments_school_id_fkey foreign key (school_id, tenant_id) references med.schools (id, tenant_id)
);
create index school_assignments_school_id_idx on med.school_assignments (school_id);
comment on table med.school_assignments is 'The schools a nurse or aide works at: they see the students of these schools only.';
