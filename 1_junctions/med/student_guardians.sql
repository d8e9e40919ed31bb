create table med.student_guardians (
    student_id uuid not null,
    guardian_id uuid not null,
    tenant_id uuid not null,
    relationship text not null,
    created_at timestamptz not null default now(),
    constraint student_guardians_pkey primary key (student_id, guardian_id),
    constraint student_guardians_student_id_fkey foreign key (student_id, tenant_id) references med.students (id, tenant_id),
    constraint student_guardians_guardian_id_fkey foreign key (guardian_id, tenant_id) references med.guardians (id, tenant_id),
    constraint student_guardians_relationship_not_blank check (relationship ~ '[^[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]')
);
create index student_guardians_guardian_id_idx on med.student_guardians (guardian_id);
comment on table med.student_guardians is 'Guardians of a student (mother, father, legal guardian...). A guardian sees the children linked here, except those under a custody restriction against them.';
